package cn.yiwang.analytics;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Categories whose volume in an area rises unusually against the same area's own history. For each
 * category the 16 weeks before the reference time are counted: weeks 1–4 are the recent window,
 * weeks 5–16 the baseline. With the baseline's weekly mean μ and standard deviation σ (population),
 * a category is rising when
 * <ol>
 * <li>its recent weekly mean exceeds μ + 2σ, and</li>
 * <li>its recent total R is improbable for a Poisson count with the baseline's rate,
 * P(X ≥ R | λ = 4·max(μ, 1/12)) &lt; {@code maxP} (a baseline without cases counts as one case in
 * twelve weeks, so a category that never occurred needs several cases to stand out), and</li>
 * <li>R ≥ {@code minCases}.</li>
 * </ol>
 * The first rule is the classic control-chart test; the second keeps small counts from passing it
 * by chance (with σ = 0, one extra case would exceed μ + 2σ). Sorted by p-value, then by R.
 * Pure and thread-safe.
 */
public final class RisingCategoryFinder {

    public static final int RECENT_WEEKS = 4;
    public static final int BASELINE_WEEKS = 12;
    public static final int WEEKS = RECENT_WEEKS + BASELINE_WEEKS;

    /** A rising category; {@code weekly} holds the 16 weekly counts, oldest first. */
    public record Rising(String category, int recent, double recentWeeklyMean, double baselineWeeklyMean,
                         double baselineWeeklySd, double pValue, int[] weekly) {
    }

    private RisingCategoryFinder() {
    }

    /**
     * @param weeksAgo per category, the counts by week index 0 (the most recent week) to 15
     * @param minCases the least recent total worth reporting
     * @param maxP     the Poisson tail probability below which a rise is unusual
     */
    public static List<Rising> find(Map<String, int[]> weeksAgo, int minCases, double maxP) {
        List<Rising> out = new ArrayList<>();
        for (Map.Entry<String, int[]> e : weeksAgo.entrySet()) {
            int[] byAge = e.getValue();
            if (byAge.length != WEEKS) {
                throw new IllegalArgumentException("expected " + WEEKS + " weekly counts for " + e.getKey() + ", got " + byAge.length);
            }
            int recent = 0;
            for (int w = 0; w < RECENT_WEEKS; w++) {
                recent += byAge[w];
            }
            double sum = 0;
            double sumSq = 0;
            for (int w = RECENT_WEEKS; w < WEEKS; w++) {
                sum += byAge[w];
                sumSq += (double) byAge[w] * byAge[w];
            }
            double mu = sum / BASELINE_WEEKS;
            double sd = Math.sqrt(Math.max(0, sumSq / BASELINE_WEEKS - mu * mu));
            double recentMean = recent / (double) RECENT_WEEKS;
            double p = poissonUpperTail(recent, RECENT_WEEKS * Math.max(mu, 1.0 / BASELINE_WEEKS));
            if (recent >= minCases && recentMean > mu + 2 * sd && p < maxP) {
                int[] oldestFirst = new int[WEEKS];
                for (int w = 0; w < WEEKS; w++) {
                    oldestFirst[w] = byAge[WEEKS - 1 - w];
                }
                out.add(new Rising(e.getKey(), recent, recentMean, mu, sd, p, oldestFirst));
            }
        }
        out.sort(Comparator.comparingDouble(Rising::pValue).thenComparing(Comparator.comparingInt(Rising::recent).reversed())
                .thenComparing(Rising::category));
        return out;
    }

    /** P(X ≥ k) for X ~ Poisson(λ), summed in log space so large λ does not underflow. */
    static double poissonUpperTail(int k, double lambda) {
        if (k <= 0) {
            return 1.0;
        }
        // 1 − P(X ≤ k − 1); for a far tail sum the upper terms directly to keep precision.
        if (k > lambda) {
            double logTerm = -lambda + k * Math.log(lambda) - logFactorial(k);
            double term = Math.exp(logTerm);
            double total = 0;
            for (int i = k; i < k + 10_000; i++) {
                total += term;
                term *= lambda / (i + 1);
                if (term < total * 1e-16) {
                    break;
                }
            }
            return Math.min(1.0, total);
        }
        double term = Math.exp(-lambda);
        double cdf = 0;
        for (int i = 0; i < k; i++) {
            cdf += term;
            term *= lambda / (i + 1);
        }
        return Math.max(0.0, 1.0 - cdf);
    }

    private static double logFactorial(int k) {
        double s = 0;
        for (int i = 2; i <= k; i++) {
            s += Math.log(i);
        }
        return s;
    }
}
