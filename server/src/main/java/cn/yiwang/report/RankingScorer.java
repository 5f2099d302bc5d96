package cn.yiwang.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import io.micronaut.core.annotation.Nullable;

/**
 * The composite score and the ranking of report rows (see {@link ReportConfiguration} for the
 * formula). Ranks are competition ranks: equal scores share a rank and the next rank skips
 * ("1, 2, 2, 4"); rows without a score are not ranked. Pure and thread-safe.
 */
public final class RankingScorer {

    private final double[] weights;

    public RankingScorer(ReportConfiguration config) {
        this.weights = new double[] {config.closureWeight(), config.onTimeWeight(), config.satisfactionWeight(),
                config.complianceWeight(), config.coverageWeight()};
        for (double w : weights) {
            if (!(w >= 0) || Double.isInfinite(w)) {
                throw new IllegalArgumentException("report weights must be finite and not negative: " + w);
            }
        }
    }

    /**
     * 100 × Σ wᵢ·mᵢ / Σ wᵢ over the metrics present, in the order closure, on-time, satisfaction,
     * compliance, coverage (each a share 0-1 or null); 2 decimals; null when none is present.
     */
    public @Nullable Double score(@Nullable Double closure, @Nullable Double onTime, @Nullable Double satisfaction,
                                  @Nullable Double compliance, @Nullable Double coverage) {
        Double[] metrics = {closure, onTime, satisfaction, compliance, coverage};
        double sum = 0;
        double weight = 0;
        for (int i = 0; i < metrics.length; i++) {
            if (metrics[i] != null && weights[i] > 0) {
                sum += weights[i] * metrics[i];
                weight += weights[i];
            }
        }
        return weight == 0 ? null : Math.round(10_000.0 * sum / weight) / 100.0;
    }

    public @Nullable Double score(ReportRow row) {
        PatrolFigures p = row.patrol();
        return score(row.closureRate(), row.onTimeRate(), row.satisfactionRate(), p == null ? null : p.complianceRate(),
                p == null ? null : p.coverageRate());
    }

    /** Competition ranks of {@code scores} (higher is better), null for null scores; same order as given. */
    public static List<Integer> ranks(List<Double> scores) {
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < scores.size(); i++) {
            if (scores.get(i) != null) {
                order.add(i);
            }
        }
        order.sort(Comparator.comparing((Integer i) -> scores.get(i)).reversed());
        List<Integer> ranks = new ArrayList<>(java.util.Collections.nCopies(scores.size(), (Integer) null));
        for (int pos = 0; pos < order.size(); pos++) {
            int i = order.get(pos);
            boolean tie = pos > 0 && scores.get(order.get(pos - 1)).equals(scores.get(i));
            ranks.set(i, tie ? ranks.get(order.get(pos - 1)) : pos + 1);
        }
        return ranks;
    }
}
