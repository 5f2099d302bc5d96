package cn.yiwang.party;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class FiveStarRaterTest {

    static final FiveStarRater RATER = new FiveStarRater(List.of(
            new FiveStarRater.Weight("org_life", "组织生活", 30, 24),
            new FiveStarRater.Weight("registration", "报到率", 25, 1.0),
            new FiveStarRater.Weight("service_hours", "人均时长", 25, 20),
            new FiveStarRater.Weight("task_completion", "完成率", 20, 0.9)),
            Map.of(5, 90.0, 4, 75.0, 3, 60.0, 2, 40.0, 1, 0.0));

    static Map<String, Double> values(Double life, Double reg, Double hours, Double done) {
        Map<String, Double> v = new HashMap<>();
        v.put("org_life", life);
        v.put("registration", reg);
        v.put("service_hours", hours);
        v.put("task_completion", done);
        return v;
    }

    @Test
    void everyTargetReachedGivesFullMarksAndFiveStars() {
        FiveStarRater.Rating r = RATER.rate(values(24.0, 1.0, 20.0, 0.9));
        assertEquals(100.0, r.score());
        assertEquals(5, r.stars());
    }

    @Test
    void inputsEarnTheirWeightInProportionCappedAtTheTarget() {
        // 30·12/24 + 25·0.8 + 25·1 (40 h capped at 20) + 20·0.45/0.9 = 15 + 20 + 25 + 10 = 70
        FiveStarRater.Rating r = RATER.rate(values(12.0, 0.8, 40.0, 0.45));
        assertEquals(70.0, r.score());
        assertEquals(3, r.stars());
        assertEquals(25.0, r.parts().get(2).earned());
    }

    @Test
    void anInputWithoutABasisIsLeftOutOfBothSums() {
        // No claimed task: (30·1 + 25·1 + 25·0.5) / 80 = 67.5 / 80 = 84.375 → 84.4, four stars.
        FiveStarRater.Rating r = RATER.rate(values(24.0, 1.0, 10.0, null));
        assertEquals(84.4, r.score());
        assertEquals(4, r.stars());
        assertNull(r.parts().get(3).earned());
    }

    @Test
    void theBandsAreInclusiveAtTheirMinimum() {
        // 30·(9.6/24) + 25·0.4 + 25·0.4 + 20·0.4 = 12 + 10 + 10 + 8 = 40 → exactly the two-star minimum.
        assertEquals(2, RATER.rate(values(9.6, 0.4, 8.0, 0.36)).stars());
        assertEquals(1, RATER.rate(values(0.0, 0.0, 0.0, 0.0)).stars());
    }

    @Test
    void noApplicableInputGivesNoStars() {
        assertEquals(0, RATER.rate(values(null, null, null, null)).stars());
    }

    @Test
    void nonPositiveWeightsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new FiveStarRater.Weight("x", "x", 0, 1));
    }
}
