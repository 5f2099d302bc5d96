package cn.yiwang.patrol.analysis;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;

/**
 * {@code yiwang.patrol.analysis}: the cleaning rules, the metrics' distances and the daily standard
 * (see {@link AnalysisRules} for each rule), and the batch job.
 *
 * @param maxAccuracyMeters       fixes with a larger accuracy radius are dropped (50 m)
 * @param maxSpeedMetersPerSecond legs faster than this are impossible (8 m/s: a fast bicycle)
 * @param jumpConfirmFixes        plausible fixes after a leap that make it a real relocation (3)
 * @param idleGapSeconds          longer without fixes is an idle gap (300 s)
 * @param coverageMeters          coverage distance (30 m)
 * @param buildingMeters          a building this close was passed (20 m)
 * @param stopRadiusMeters        stop radius (30 m)
 * @param minStopSeconds          shortest stop (180 s)
 * @param cellMeters              coverage raster cell (5 m)
 * @param minDurationMinutes      daily standard: patrol time (90 min)
 * @param minCoveragePercent      daily standard: coverage of the own grid (60 %)
 * @param simplifyMeters          tolerance of the stored track (8 m: GPS noise of ~4 m leaves little to drop at less; the coverage drawing is off by at most this)
 * @param batchWorkers            workers read and analysed per batch by the day job (250)
 * @param nightlyCron             when the job analyses yesterday, in {@code zone-id} (01:30)
 * @param nightly                 whether the nightly job runs on this instance (true)
 */
@ConfigurationProperties("yiwang.patrol.analysis")
public record PatrolAnalysisConfiguration(
        @Bindable(defaultValue = "50") double maxAccuracyMeters,
        @Bindable(defaultValue = "8") double maxSpeedMetersPerSecond,
        @Bindable(defaultValue = "3") int jumpConfirmFixes,
        @Bindable(defaultValue = "300") long idleGapSeconds,
        @Bindable(defaultValue = "30") double coverageMeters,
        @Bindable(defaultValue = "20") double buildingMeters,
        @Bindable(defaultValue = "30") double stopRadiusMeters,
        @Bindable(defaultValue = "180") long minStopSeconds,
        @Bindable(defaultValue = "5") double cellMeters,
        @Bindable(defaultValue = "90") double minDurationMinutes,
        @Bindable(defaultValue = "60") double minCoveragePercent,
        @Bindable(defaultValue = "8") double simplifyMeters,
        @Bindable(defaultValue = "250") int batchWorkers,
        @Bindable(defaultValue = "0 30 1 * * *") String nightlyCron,
        @Bindable(defaultValue = "true") boolean nightly) {

    public AnalysisRules rules() {
        return new AnalysisRules(maxAccuracyMeters, maxSpeedMetersPerSecond, jumpConfirmFixes, idleGapSeconds, coverageMeters,
                buildingMeters, stopRadiusMeters, minStopSeconds, cellMeters, minDurationMinutes, minCoveragePercent / 100.0,
                simplifyMeters);
    }
}
