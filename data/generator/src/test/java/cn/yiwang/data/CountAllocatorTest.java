package cn.yiwang.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class CountAllocatorTest {
    @Test
    void exactProportionsAreKept() {
        assertArrayEquals(new int[] {2, 4, 6}, CountAllocator.allocate(12, new double[] {1, 2, 3}));
    }

    @Test
    void largestRemaindersGetTheRest() {
        // quotas 3.33, 3.33, 3.33 → 3, 3, 3 + one to the first (tie broken by index)
        assertArrayEquals(new int[] {4, 3, 3}, CountAllocator.allocate(10, new double[] {1, 1, 1}));
        // quotas 1.4, 3.6 → 1, 3 + one to the larger remainder
        assertArrayEquals(new int[] {1, 4}, CountAllocator.allocate(5, new double[] {1.4, 3.6}));
    }

    @Test
    void everyItemGetsAtLeastOne() {
        int[] counts = CountAllocator.allocate(10, new double[] {1000, 0.001, 0});
        assertArrayEquals(new int[] {8, 1, 1}, counts);
    }

    @Test
    void countsAlwaysSumToTheTotal() {
        SplittableRandom random = new SplittableRandom(7);
        for (int trial = 0; trial < 200; trial++) {
            int n = 1 + random.nextInt(50);
            double[] w = new double[n];
            for (int i = 0; i < n; i++) {
                w[i] = random.nextDouble() < 0.2 ? 0 : Math.pow(random.nextDouble(), 4) + 1e-9;
            }
            int total = n + random.nextInt(500);
            int[] counts = CountAllocator.allocate(total, w);
            assertEquals(total, Arrays.stream(counts).sum());
            assertTrue(Arrays.stream(counts).allMatch(c -> c >= 1));
        }
    }

    @Test
    void fewerThanOnePerItemIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> CountAllocator.allocate(2, new double[] {1, 1, 1}));
        assertThrows(IllegalArgumentException.class, () -> CountAllocator.allocate(5, new double[] {0, 0}));
    }
}
