package cn.yiwang.data;

import java.util.Arrays;
import java.util.Comparator;
import java.util.PriorityQueue;
import java.util.stream.IntStream;

/**
 * Splits an integer total among weighted items in proportion to the weights (largest remainder
 * method), with at least one per item. Ties are broken by item index, so the result depends on
 * the inputs only. Stateless and thread-safe.
 */
final class CountAllocator {
    private CountAllocator() {
    }

    /**
     * @param total   the sum of the result; at least {@code weights.length}
     * @param weights non-negative, finite, not all zero
     * @return counts ≥ 1 summing to {@code total}
     */
    static int[] allocate(int total, double[] weights) {
        int n = weights.length;
        if (n == 0 || total < n) {
            throw new IllegalArgumentException("cannot give " + n + " items at least one of " + total);
        }
        double sum = 0;
        for (double w : weights) {
            if (!(w >= 0) || Double.isInfinite(w)) {
                throw new IllegalArgumentException("bad weight " + w);
            }
            sum += w;
        }
        if (sum <= 0) {
            throw new IllegalArgumentException("weights sum to zero");
        }
        double[] quota = new double[n];
        int[] counts = new int[n];
        int assigned = 0;
        for (int i = 0; i < n; i++) {
            quota[i] = total * weights[i] / sum;
            counts[i] = Math.max(1, (int) Math.floor(quota[i]));
            assigned += counts[i];
        }
        // Under-allocated: the largest remainders get one more each.
        // Over-allocated (the minimum of one pushed us over): take from the most over-served.
        Integer[] order = IntStream.range(0, n).boxed().toArray(Integer[]::new);
        if (assigned < total) {
            Arrays.sort(order, Comparator.<Integer>comparingDouble(i -> -(quota[i] - counts[i])).thenComparingInt(i -> i));
            for (int k = 0; assigned < total; k = (k + 1) % n) {
                counts[order[k]]++;
                assigned++;
            }
        }
        if (assigned > total) {
            Comparator<Integer> mostOverServed = Comparator.<Integer>comparingDouble(i -> -(counts[i] - quota[i]))
                    .thenComparingInt(i -> i);
            PriorityQueue<Integer> queue = new PriorityQueue<>(mostOverServed);
            for (int i = 0; i < n; i++) {
                if (counts[i] > 1) {
                    queue.add(i);
                }
            }
            while (assigned > total) {
                int i = queue.remove();
                counts[i]--;
                assigned--;
                if (counts[i] > 1) {
                    queue.add(i);
                }
            }
        }
        return counts;
    }
}
