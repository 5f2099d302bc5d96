package cn.yiwang.patrol.analysis;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.locationtech.jts.geom.MultiLineString;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

/**
 * What one worker did in one time range (usually a day). Times are instants, distances metres,
 * durations seconds, shares 0–1, positions WGS84. Immutable.
 *
 * @param fixes             raw fixes read
 * @param keptFixes         fixes left after cleaning
 * @param distanceMeters    walked on the cleaned track, gaps and legs within a stop not counted
 * @param durationSeconds   time between consecutive kept fixes, idle gaps and relocations excluded
 * @param insideSeconds     of it, inside the own grid (a leg counts half when one end is outside)
 * @param coverageShare     share of the own grid's area within the coverage distance of the track
 * @param buildingsTotal    buildings of the own grid
 * @param buildingsPassed   of them, passed within the building distance
 * @param dropped           dropped fixes: count by reason and the first {@link PatrolDayAnalyser#MAX_DROPPED_LISTED}
 * @param compliant         the daily standard is met
 * @param shortfalls        what was missing when not compliant (empty when compliant)
 * @param microPassed       micro grids of the own grid with covered area
 * @param buildingIdsPassed buildings (in or near the own grid) passed within the building distance
 * @param track             the cleaned track simplified, one line per stretch between gaps; null with fewer than 2 fixes
 */
public record PatrolDayResult(int fixes, int keptFixes, @Nullable Instant firstFixAt, @Nullable Instant lastFixAt,
                              double distanceMeters, long durationSeconds, long insideSeconds, double coverageShare,
                              int buildingsTotal, int buildingsPassed, List<StopAt> stops, List<Gap> gaps, Dropped dropped,
                              List<String> caseCodes, boolean compliant, List<Shortfall> shortfalls, List<String> microPassed,
                              List<String> buildingIdsPassed, @Nullable MultiLineString track) {

    /** A stop, with the building it was at (containing it, else the nearest within the stop radius) or none. */
    @Serdeable
    public record StopAt(Instant from, Instant to, long seconds, double lon, double lat, @Nullable String buildingId,
                         @Nullable String buildingName, @Nullable String compound, @Nullable Double buildingDistanceMeters) {
    }

    /** A stretch without fixes ({@code no_fixes}) or an accepted relocation ({@code jump}). */
    @Serdeable
    public record Gap(Instant from, Instant to, long seconds, String kind) {
    }

    /** A dropped fix as logged. */
    @Serdeable
    public record DroppedFix(Instant at, double lon, double lat, String reason, String detail) {
    }

    /** The cleaner's log, summarised. */
    @Serdeable
    public record Dropped(int total, Map<String, Integer> byReason, List<DroppedFix> first) {
    }

    /** A part of the daily standard that was missed. */
    @Serdeable
    public record Shortfall(String rule, double required, double actual, String message) {
    }

    public double insideShare() {
        return durationSeconds == 0 ? 0 : (double) insideSeconds / durationSeconds;
    }

    public double buildingShare() {
        return buildingsTotal == 0 ? 0 : (double) buildingsPassed / buildingsTotal;
    }
}
