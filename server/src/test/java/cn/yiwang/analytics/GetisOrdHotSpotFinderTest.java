package cn.yiwang.analytics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;

/**
 * Gi* on a square lattice of cells (id = row * 1000 + column, neighbourhood = the 3 × 3 block), with
 * values whose answer is known by hand.
 */
class GetisOrdHotSpotFinderTest {

    static final int SIDE = 20;

    static Collection<Long> block(long id) {
        long r = id / 1000;
        long c = id % 1000;
        List<Long> out = new ArrayList<>();
        for (long dr = -1; dr <= 1; dr++) {
            for (long dc = -1; dc <= 1; dc++) {
                if (r + dr >= 0 && c + dc >= 0) {
                    out.add((r + dr) * 1000 + c + dc);
                }
            }
        }
        return out;
    }

    static Map<Long, Double> lattice(double value) {
        Map<Long, Double> m = new LinkedHashMap<>();
        for (int r = 0; r < SIDE; r++) {
            for (int c = 0; c < SIDE; c++) {
                m.put((long) r * 1000 + c, value);
            }
        }
        return m;
    }

    @Test
    void equalValuesHaveNoHotOrColdSpot() {
        GetisOrdHotSpotFinder.Result r = GetisOrdHotSpotFinder.find(lattice(5), GetisOrdHotSpotFinderTest::block);
        assertEquals(SIDE * SIDE, r.n());
        assertTrue(r.cells().stream().allMatch(c -> c.z() == 0 && c.bin() == 0));
    }

    @Test
    void aBlockOfHighValuesIsHotAt99PercentAndItsCentreHasTheHandComputedZ() {
        Map<Long, Double> m = lattice(1);
        for (long id : block(10 * 1000 + 10)) {
            m.put(id, 21.0);
        }
        GetisOrdHotSpotFinder.Result r = GetisOrdHotSpotFinder.find(m, GetisOrdHotSpotFinderTest::block);
        // n = 400, 9 cells of 21 and 391 of 1: mean 1.45, S² = (9·441 + 391)/400 − 1.45² = 8.8025
        double mean = (9 * 21 + 391) / 400.0;
        double s = Math.sqrt((9 * 441 + 391) / 400.0 - mean * mean);
        double expected = (9 * 21 - mean * 9) / (s * Math.sqrt((400.0 * 9 - 81) / 399));
        GetisOrdHotSpotFinder.Cell centre = r.cells().stream().filter(c -> c.id() == 10_010).findFirst().orElseThrow();
        assertEquals(expected, centre.z(), 1e-9);
        assertEquals(3, centre.bin());
        assertTrue(r.cells().stream().filter(c -> c.bin() > 0).allMatch(c -> Math.abs(c.id() / 1000 - 10) <= 2 && Math.abs(c.id() % 1000 - 10) <= 2));
    }

    @Test
    void noiseWithoutStructureYieldsNoSignificantCellAfterTheFalseDiscoveryCorrection() {
        Random random = new Random(7);
        Map<Long, Double> m = lattice(0);
        m.replaceAll((k, v) -> (double) poisson(random, 20));
        GetisOrdHotSpotFinder.Result r = GetisOrdHotSpotFinder.find(m, GetisOrdHotSpotFinderTest::block);
        assertTrue(r.cells().stream().allMatch(c -> c.bin() == 0));
        // uncorrected, some cells would pass p < 0.1 by chance
        assertTrue(r.cells().stream().filter(c -> c.p() < 0.1).count() > 5);
    }

    @Test
    void benjaminiHochbergTakesTheLargestPassingRank() {
        double[] p = {0.001, 0.008, 0.039, 0.041, 0.042, 0.06, 0.074, 0.205, 0.212, 0.216};
        assertEquals(0.008, GetisOrdHotSpotFinder.benjaminiHochberg(p, 0.05), 0);
        assertEquals(-1, GetisOrdHotSpotFinder.benjaminiHochberg(new double[] {0.5, 0.9}, 0.05), 0);
    }

    @Test
    void pValuesFollowTheNormalDistribution() {
        assertEquals(0.05, GetisOrdHotSpotFinder.twoSidedP(1.959964), 1e-6);
        assertEquals(0.01, GetisOrdHotSpotFinder.twoSidedP(2.575829), 1e-6);
        assertEquals(1.0, GetisOrdHotSpotFinder.twoSidedP(0), 1e-7);
        assertEquals(5.733e-7, GetisOrdHotSpotFinder.twoSidedP(5), 1e-9);
    }

    static int poisson(Random random, double lambda) {
        double l = Math.exp(-lambda);
        int k = 0;
        double p = 1;
        do {
            k++;
            p *= random.nextDouble();
        } while (p > l);
        return k - 1;
    }
}
