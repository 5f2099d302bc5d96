package cn.yiwang.report;

import cn.yiwang.analytics.CaseAnalyticsRepository;
import cn.yiwang.analytics.CaseAnalyticsService;
import io.micronaut.core.annotation.Nullable;

/**
 * One row of a report: a grid, worker or department with its case and patrol figures, score and rank.
 * Rates follow the official indicators (see {@link CaseAnalyticsService}): 4 decimals, null without a
 * denominator.
 *
 * @param key           grid code, worker username or department code
 * @param name          grid name, worker's display name (staff, not personal data) or department name
 * @param grid          a worker's own level-3 grid code, else null
 * @param cases         cases reported in the period: for grids routed into the grid, for workers assigned to
 *                      them, for departments dispatched to them
 * @param patrol        patrol figures, null for levels without patrol
 * @param score         the composite score (0-100, 2 decimals), null when no metric has a value
 * @param rank          1 = best; equal scores share a rank; null without a score
 * @param previousRank  the rank in the previous period, null when unranked there
 * @param change        previousRank − rank (positive: moved up), null when either is null
 */
public record ReportRow(String key, String name, @Nullable String grid, CaseAnalyticsRepository.Figures cases,
                        @Nullable PatrolFigures patrol, @Nullable Double score, @Nullable Integer rank,
                        @Nullable Integer previousRank, @Nullable Integer change) {

    public @Nullable Double closureRate() {
        return CaseAnalyticsService.rate(cases.closed(), cases.count());
    }

    public @Nullable Double onTimeRate() {
        return CaseAnalyticsService.rate(cases.onTime(), cases.due() - cases.deferred());
    }

    public @Nullable Double satisfactionRate() {
        return CaseAnalyticsService.rate(cases.satisfied(), cases.rated());
    }

    /** Mean time from report to closure over the closed cases, hours to 2 decimals; null without any. */
    public @Nullable Double averageCloseHours() {
        return cases.closed() == 0 ? null : Math.round(cases.closeSeconds() / cases.closed() / 36.0) / 100.0;
    }

    ReportRow ranked(@Nullable Double newScore, @Nullable Integer newRank, @Nullable Integer previous) {
        Integer delta = newRank == null || previous == null ? null : previous - newRank;
        return new ReportRow(key, name, grid, cases, patrol, newScore, newRank, previous, delta);
    }
}
