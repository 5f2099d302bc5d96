package cn.yiwang.report;

import cn.yiwang.analytics.CaseAnalyticsService;
import io.micronaut.core.annotation.Nullable;

/**
 * Additive patrol figures of one report row, summed over the stored worker-days ({@code patrol_day})
 * of the period.
 *
 * @param workers          grid workers of the row on the roster (their own level-3 grid is in the row)
 * @param workerDays       analysed worker-days (stored rows)
 * @param missingDays      worker-days of the elapsed period that have no stored row yet: not analysed,
 *                         so not in any other figure (workers on the roster × elapsed days − analysed, at least 0)
 * @param durationSeconds  patrol time, first to last kept fix (巡查时长)
 * @param distanceMeters   distance walked on the cleaned track (里程)
 * @param coverageSum      sum of the days' coverage shares of the own grid (覆盖率 = sum / workerDays)
 * @param casesReported    cases the workers reported on those days (发现上报数)
 * @param householdVisits  stops at residential buildings (入户数)
 * @param compliantDays    days that met the daily standard
 */
public record PatrolFigures(long workers, long workerDays, long missingDays, long durationSeconds, double distanceMeters,
                            double coverageSum, long casesReported, long householdVisits, long compliantDays) {

    public static final PatrolFigures NONE = new PatrolFigures(0, 0, 0, 0, 0, 0, 0, 0, 0);

    public PatrolFigures plus(PatrolFigures o) {
        return new PatrolFigures(workers + o.workers, workerDays + o.workerDays, missingDays + o.missingDays,
                durationSeconds + o.durationSeconds, distanceMeters + o.distanceMeters, coverageSum + o.coverageSum,
                casesReported + o.casesReported, householdVisits + o.householdVisits, compliantDays + o.compliantDays);
    }

    /** The same figures with the roster and missing days set. */
    public PatrolFigures withRoster(long rosterWorkers, long elapsedDays) {
        return new PatrolFigures(rosterWorkers, workerDays, Math.max(0, rosterWorkers * elapsedDays - workerDays), durationSeconds,
                distanceMeters, coverageSum, casesReported, householdVisits, compliantDays);
    }

    /** Mean coverage share over the analysed days, 4 decimals; null without any. */
    public @Nullable Double coverageRate() {
        return workerDays == 0 ? null : Math.round(10_000.0 * coverageSum / workerDays) / 10_000.0;
    }

    /** Share of analysed days meeting the standard; null without any. */
    public @Nullable Double complianceRate() {
        return CaseAnalyticsService.rate(compliantDays, workerDays);
    }

    public double durationHours() {
        return Math.round(durationSeconds / 36.0) / 100.0;
    }

    public double distanceKilometers() {
        return Math.round(distanceMeters / 10.0) / 100.0;
    }
}
