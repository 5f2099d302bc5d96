package cn.yiwang.party;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

/**
 * The five-star branch rating (五星支部) from its inputs. Each input earns its weight in proportion to
 * how much of its target it reaches, capped at the target: score = 100 × Σ wᵢ·min(1, vᵢ/tᵢ) / Σ wᵢ over
 * the inputs that apply (an input a branch has no value for, e.g. task completion without any claimed
 * task, is left out of both sums rather than counted as zero). The stars are those of the highest
 * band whose minimum score the branch reaches. Weights, targets and bands are data
 * ({@code party_star_weight}, {@code party_star_band}). Immutable; thread-safe.
 */
public final class FiveStarRater {

    /** One input: its key, Chinese name, weight (any positive scale) and the value that earns it in full. */
    @Serdeable
    public record Weight(String input, String nameZh, double weight, double target) {
        public Weight {
            if (!(weight > 0) || !(target > 0)) {
                throw new IllegalArgumentException(input + ": weight and target must be positive");
            }
        }
    }

    /** One input's part of a rating. */
    @Serdeable
    public record Part(String input, String nameZh, @Nullable Double value, double target, double weight, @Nullable Double earned) {
    }

    /** A branch's rating: score 0–100 (one decimal), stars 1–5 (0 when no input applies), and the parts. */
    @Serdeable
    public record Rating(double score, int stars, List<Part> parts) {
    }

    private final List<Weight> weights;
    /** Bands by minimum score, highest first: {stars, minScore}. */
    private final List<double[]> bands;

    /**
     * @param weights the inputs
     * @param bands   stars → minimum score (0–100); the lowest band should start at 0
     */
    public FiveStarRater(List<Weight> weights, Map<Integer, Double> bands) {
        if (weights.isEmpty() || bands.isEmpty()) {
            throw new IllegalArgumentException("a rating needs at least one weight and one band");
        }
        this.weights = List.copyOf(weights);
        List<double[]> b = new ArrayList<>();
        bands.forEach((stars, min) -> b.add(new double[] {stars, min}));
        b.sort(Comparator.comparingDouble((double[] x) -> x[1]).reversed());
        this.bands = List.copyOf(b);
    }

    public List<Weight> weights() {
        return weights;
    }

    /** @param values input key → value; a missing or null value means the input does not apply */
    public Rating rate(Map<String, Double> values) {
        double sumWeights = 0;
        double sumEarned = 0;
        List<Part> parts = new ArrayList<>();
        for (Weight w : weights) {
            Double v = values.get(w.input());
            if (v == null || v.isNaN()) {
                parts.add(new Part(w.input(), w.nameZh(), null, w.target(), w.weight(), null));
                continue;
            }
            double earned = w.weight() * Math.min(1.0, Math.max(0.0, v) / w.target());
            sumWeights += w.weight();
            sumEarned += earned;
            parts.add(new Part(w.input(), w.nameZh(), v, w.target(), w.weight(), round(earned)));
        }
        if (sumWeights == 0) {
            return new Rating(0, 0, parts);
        }
        double score = round(100 * sumEarned / sumWeights);
        int stars = 0;
        for (double[] band : bands) {
            if (score >= band[1]) {
                stars = (int) band[0];
                break;
            }
        }
        return new Rating(score, stars, parts);
    }

    private static double round(double v) {
        return Math.round(v * 10) / 10.0;
    }
}
