package cn.yiwang.routing;

import java.util.Arrays;

/** A growable {@code int} array for the index builders; not thread-safe. */
final class IntList {

    private int[] values;
    private int size;

    IntList(int capacity) {
        values = new int[Math.max(4, capacity)];
    }

    void add(int v) {
        if (size == values.length) {
            values = Arrays.copyOf(values, values.length * 2);
        }
        values[size++] = v;
    }

    int get(int i) {
        return values[i];
    }

    void set(int i, int v) {
        values[i] = v;
    }

    int size() {
        return size;
    }

    void clear() {
        size = 0;
    }

    void removeAt(int i) {
        System.arraycopy(values, i + 1, values, i, size - i - 1);
        size--;
    }

    void insertAt(int i, int v) {
        add(0);
        System.arraycopy(values, i, values, i + 1, size - i - 1);
        values[i] = v;
    }

    int[] toArray() {
        return Arrays.copyOf(values, size);
    }
}
