package cn.yiwang.patrol.analysis;

/**
 * The rules of the analysis, in SI units (the configuration's {@code yiwang.patrol.analysis} keys).
 * Immutable.
 *
 * @param maxAccuracyMeters       fixes with a larger accuracy radius are dropped
 * @param maxSpeedMetersPerSecond faster legs are impossible (walking or cycling)
 * @param jumpConfirmFixes        plausible fixes after a leap that make it a real relocation
 * @param idleGapSeconds          a longer time without fixes is an idle gap: not patrol time, not distance
 * @param coverageMeters          grid area within this distance of the track is covered
 * @param buildingMeters          a building this close to the track was passed
 * @param stopRadiusMeters        a stop stays within this distance of its first fix …
 * @param minStopSeconds          … for at least this long
 * @param cellMeters              side of the coverage raster's cells
 * @param minDurationMinutes      daily standard: patrol time at least this …
 * @param minCoverageShare        … and coverage of the own grid at least this share (0–1)
 * @param simplifyMeters          tolerance of the stored simplified track
 */
public record AnalysisRules(double maxAccuracyMeters, double maxSpeedMetersPerSecond, int jumpConfirmFixes,
                            long idleGapSeconds, double coverageMeters, double buildingMeters, double stopRadiusMeters,
                            long minStopSeconds, double cellMeters, double minDurationMinutes, double minCoverageShare,
                            double simplifyMeters) {

    /** The defaults of the issue: 50 m, 8 m/s, 3 fixes, 5 min, 30 m, 20 m, 30 m for 3 min, 5 m cells, 90 min and 60 %, 8 m. */
    public static final AnalysisRules DEFAULTS = new AnalysisRules(50, 8, 3, 300, 30, 20, 30, 180, 5, 90, 0.6, 8);

    public AnalysisRules {
        if (idleGapSeconds <= 0 || !(coverageMeters > 0) || !(buildingMeters >= 0) || !(cellMeters > 0)
                || !(minCoverageShare >= 0 && minCoverageShare <= 1) || !(minDurationMinutes >= 0) || !(simplifyMeters >= 0)) {
            throw new IllegalArgumentException("invalid patrol analysis rules: " + this);
        }
    }

    public TrackCleaner cleaner() {
        return new TrackCleaner(maxAccuracyMeters, maxSpeedMetersPerSecond, jumpConfirmFixes);
    }

    public StopDetector stopDetector() {
        return new StopDetector(stopRadiusMeters, minStopSeconds);
    }
}
