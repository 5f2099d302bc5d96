package cn.yiwang.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

class RankingScorerTest {

    static ReportConfiguration weights(double closure, double onTime, double satisfaction, double compliance, double coverage) {
        return new ReportConfiguration(closure, onTime, satisfaction, compliance, coverage, "Asia/Shanghai", 1000);
    }

    @Test
    void scoreIsTheWeightedMeanOfTheRatesInPercent() {
        RankingScorer s = new RankingScorer(weights(25, 25, 20, 15, 15));
        // (25*0.8 + 25*0.6 + 20*1.0 + 15*0.5 + 15*0.4) / 100 = 0.685
        assertEquals(68.5, s.score(0.8, 0.6, 1.0, 0.5, 0.4));
    }

    @Test
    void missingRatesAreLeftOutAndTheOthersReweighted() {
        RankingScorer s = new RankingScorer(weights(25, 25, 20, 15, 15));
        // only closure and on-time: (25*0.8 + 25*0.6) / 50 = 0.7
        assertEquals(70.0, s.score(0.8, 0.6, null, null, null));
        assertNull(s.score(null, null, null, null, null));
    }

    @Test
    void aZeroWeightLeavesItsRateOut() {
        RankingScorer s = new RankingScorer(weights(1, 0, 0, 0, 1));
        assertEquals(50.0, s.score(1.0, 0.0, 0.0, 0.0, 0.0));
        assertNull(s.score(null, 1.0, 1.0, 1.0, null));
    }

    @Test
    void negativeWeightsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new RankingScorer(weights(1, -1, 0, 0, 0)));
    }

    @Test
    void equalScoresShareARankAndTheNextRankSkips() {
        List<Integer> ranks = RankingScorer.ranks(Arrays.asList(50.0, 90.0, 70.0, 70.0, null, 10.0));
        assertEquals(Arrays.asList(4, 1, 2, 2, null, 5), ranks);
    }
}
