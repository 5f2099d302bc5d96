package cn.yiwang.report;

import java.time.OffsetDateTime;
import java.util.List;

import cn.yiwang.analytics.CaseAnalyticsRepository;
import io.micronaut.core.annotation.Nullable;

/**
 * A finished report: what it covers, who asked and when, the rows best first (ranked rows, then the
 * unranked by key) and the totals over all rows.
 *
 * @param scopeCode     the grid the report covers (the request's {@code scope}, inside the caller's)
 * @param departmentOnly for a department user: the only department shown
 * @param elapsedDays   days of the period up to today (the current period is partial)
 * @param total         case figures of all rows together (for workers and departments: of the cases they hold)
 * @param patrolTotal   patrol figures of all rows together, null for levels without patrol
 */
public record Report(ReportKind kind, ReportPeriod period, ReportPeriod previous, ReportLevel level, String scopeCode,
                     String scopeName, @Nullable String departmentOnly, String generatedBy, OffsetDateTime generatedAt,
                     long elapsedDays, List<ReportRow> rows, CaseAnalyticsRepository.Figures total,
                     @Nullable PatrolFigures patrolTotal) {

    /** E.g. 二七区 2026年10月 街道月通报. */
    public String title() {
        return scopeName + " " + period.label() + " " + level.nameZh() + kind.nameZh();
    }

    public boolean partial() {
        return elapsedDays < period.days();
    }
}
