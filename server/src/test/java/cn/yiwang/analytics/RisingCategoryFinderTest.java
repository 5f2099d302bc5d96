package cn.yiwang.analytics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class RisingCategoryFinderTest {

    /** Weekly counts, most recent week first: {@code recent} for weeks 0–3, {@code baseline} for 4–15. */
    static int[] weeks(int recent, int baseline) {
        int[] w = new int[16];
        for (int i = 0; i < 16; i++) {
            w[i] = i < 4 ? recent : baseline;
        }
        return w;
    }

    @Test
    void aTripledVolumeRisesAndASteadyOneDoesNot() {
        Map<String, int[]> m = new LinkedHashMap<>();
        m.put("UP-01", weeks(9, 3));
        m.put("FLAT-01", weeks(3, 3));
        List<RisingCategoryFinder.Rising> r = RisingCategoryFinder.find(m, 5, 0.01);
        assertEquals(1, r.size());
        assertEquals("UP-01", r.get(0).category());
        assertEquals(36, r.get(0).recent());
        assertEquals(3.0, r.get(0).baselineWeeklyMean(), 1e-12);
        assertEquals(0.0, r.get(0).baselineWeeklySd(), 1e-12);
        assertArrayEquals(new int[] {3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 9, 9, 9, 9}, r.get(0).weekly());
    }

    @Test
    void oneExtraCaseOverAFlatBaselineIsNotARise() {
        // recent mean 3.25 > 3 + 2·0, but 13 cases against an expected 12 is ordinary for Poisson
        int[] w = weeks(3, 3);
        w[0] = 4;
        assertTrue(RisingCategoryFinder.find(Map.of("A-01", w), 5, 0.01).isEmpty());
    }

    @Test
    void aVolatileBaselineNeedsMoreThanTwoDeviations() {
        int[] w = {8, 8, 8, 8, 0, 12, 0, 12, 0, 12, 0, 12, 0, 12, 0, 12};
        // mean 6, sd 6: 8 a week is within 2 sd
        assertTrue(RisingCategoryFinder.find(Map.of("B-01", w), 5, 0.01).isEmpty());
    }

    @Test
    void aNewCategoryNeedsAtLeastMinCases() {
        assertTrue(RisingCategoryFinder.find(Map.of("N-01", weeks(1, 0)), 5, 0.01).isEmpty());
        assertEquals(1, RisingCategoryFinder.find(Map.of("N-01", weeks(2, 0)), 5, 0.01).size());
    }

    @Test
    void poissonTailMatchesHandValues() {
        // P(X >= 1 | 2) = 1 − e^−2
        assertEquals(1 - Math.exp(-2), RisingCategoryFinder.poissonUpperTail(1, 2), 1e-12);
        // P(X >= 3 | 1) = 1 − e^−1 (1 + 1 + 1/2)
        assertEquals(1 - Math.exp(-1) * 2.5, RisingCategoryFinder.poissonUpperTail(3, 1), 1e-12);
        assertEquals(1.0, RisingCategoryFinder.poissonUpperTail(0, 5), 0);
    }

    @Test
    void aShortSeriesIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> RisingCategoryFinder.find(Map.of("X-01", new int[3]), 5, 0.01));
    }
}
