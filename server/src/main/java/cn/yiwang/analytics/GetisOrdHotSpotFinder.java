package cn.yiwang.analytics;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Significant hot and cold spots among area cells by the Getis-Ord Gi* statistic (Getis and Ord
 * 1992, Ord and Getis 1995), with binary weights: a cell's neighbourhood is itself plus its
 * neighbours inside the study area (for H3, the first ring: 7 cells, fewer on the edge).
 *
 * <pre>
 *   Gi*(i) = (Σ_j w_ij x_j − x̄ Σ_j w_ij) / ( S · sqrt( (n Σ_j w_ij² − (Σ_j w_ij)²) / (n − 1) ) )
 *   x̄ = Σ x / n,  S = sqrt( Σ x² / n − x̄² )
 * </pre>
 *
 * Gi* is a z-score; its two-sided p-value comes from the standard normal distribution. As a
 * study area has many cells, testing each at 5 % would mark about one cell in twenty in pure
 * noise, so the p-values are corrected for multiple testing with the Benjamini–Hochberg false
 * discovery rate: a cell is significant at level α when its p-value is at most the largest p_(k)
 * with p_(k) ≤ k·α/n. Bins as usual: ±3 at 99 %, ±2 at 95 %, ±1 at 90 % confidence, 0 not
 * significant; positive is hot. The normal approximation needs counts that are not tiny: with a
 * mean of well under one case per cell the statistic is skewed, so choose a coarser resolution.
 * Pure and thread-safe.
 */
public final class GetisOrdHotSpotFinder {

    /** A cell's value and statistic. */
    public record Cell(long id, double value, double z, double p, int bin) {
    }

    /** The result: cells in the order given, and the figures of the study area. */
    public record Result(List<Cell> cells, int n, double mean, double standardDeviation) {
    }

    private static final double[] ALPHAS = {0.01, 0.05, 0.10};

    private GetisOrdHotSpotFinder() {
    }

    /**
     * @param counts     every cell of the study area with its value (a count, or a count scaled to the cell's
     *                   share inside the study area; zeros included), in output order
     * @param neighbours a cell's neighbourhood, the cell itself included; cells outside {@code counts} are ignored
     */
    public static Result find(Map<Long, Double> counts, Function<Long, Collection<Long>> neighbours) {
        int n = counts.size();
        if (n == 0) {
            return new Result(List.of(), 0, 0, 0);
        }
        double sum = 0;
        double sumSq = 0;
        for (double x : counts.values()) {
            sum += x;
            sumSq += x * x;
        }
        double mean = sum / n;
        double s = Math.sqrt(Math.max(0, sumSq / n - mean * mean));
        long[] ids = new long[n];
        double[] xs = new double[n];
        double[] z = new double[n];
        double[] p = new double[n];
        int k = 0;
        for (Map.Entry<Long, Double> e : counts.entrySet()) {
            long id = e.getKey();
            int w = 0;
            double local = 0;
            for (Long j : neighbours.apply(id)) {
                Double xj = counts.get(j);
                if (xj != null) {
                    w++;
                    local += xj;
                }
            }
            double var = ((double) n * w - (double) w * w) / (n - 1.0);
            double zi = s == 0 || var <= 0 || n < 2 ? 0 : (local - mean * w) / (s * Math.sqrt(var));
            ids[k] = id;
            xs[k] = e.getValue();
            z[k] = zi;
            p[k] = twoSidedP(zi);
            k++;
        }
        double[] thresholds = new double[ALPHAS.length];
        double[] sorted = p.clone();
        Arrays.sort(sorted);
        for (int a = 0; a < ALPHAS.length; a++) {
            thresholds[a] = benjaminiHochberg(sorted, ALPHAS[a]);
        }
        List<Cell> cells = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int level = 0;
            for (int a = 0; a < ALPHAS.length; a++) {
                if (p[i] <= thresholds[a]) {
                    level = 3 - a;
                    break;
                }
            }
            cells.add(new Cell(ids[i], xs[i], z[i], p[i], z[i] > 0 ? level : -level));
        }
        return new Result(cells, n, mean, s);
    }

    /** Convenience for tests and callers with no order to keep. */
    public static Result find(Collection<Long> cells, Map<Long, Double> counts, Function<Long, Collection<Long>> neighbours) {
        Map<Long, Double> all = new LinkedHashMap<>();
        for (long c : cells) {
            all.put(c, counts.getOrDefault(c, 0.0));
        }
        return find(all, neighbours);
    }

    /** The largest sorted p-value p_(k) with p_(k) ≤ k·α/n, or −1 when there is none. */
    static double benjaminiHochberg(double[] sortedP, double alpha) {
        int n = sortedP.length;
        double threshold = -1;
        for (int k = 1; k <= n; k++) {
            if (sortedP[k - 1] <= k * alpha / n) {
                threshold = sortedP[k - 1];
            }
        }
        return threshold;
    }

    /** 2·(1 − Φ(|z|)) = erfc(|z|/√2). */
    static double twoSidedP(double z) {
        return Math.min(1.0, erfc(Math.abs(z) / Math.sqrt(2)));
    }

    /**
     * The complementary error function by the Chebyshev fit in Numerical Recipes (fractional error
     * below 1.2e-7 everywhere), good in the far tail where 1 − erf would cancel to zero.
     */
    static double erfc(double x) {
        double ax = Math.abs(x);
        double t = 1.0 / (1.0 + 0.5 * ax);
        double r = t * Math.exp(-ax * ax - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418
                + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223
                + t * 0.17087277)))))))));
        return x >= 0 ? r : 2.0 - r;
    }
}
