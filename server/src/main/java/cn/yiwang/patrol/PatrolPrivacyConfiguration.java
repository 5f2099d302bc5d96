package cn.yiwang.patrol;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;

/**
 * {@code yiwang.patrol}: duty, retention and track reads (the keys beside ingestion's
 * {@link PatrolConfiguration}, kept in a record of their own).
 *
 * @param dutyEnforced        when false every fix of a registered device is stored, on duty or not
 *                            (the test configuration; benchmarks of other parts)
 * @param shift               the default duty shift, local time {@code HH:mm-HH:mm} in the calendar's
 *                            zone, for districts without a {@code patrol_shift} row
 * @param shiftDays           the days of the default shift: {@code working} (the working calendar's),
 *                            {@code every} or {@code none} (only started patrols count)
 * @param dutyCacheSeconds    how long a worker's patrols and a district's shift are kept in memory
 *                            before they are read again (start and stop on this instance take effect
 *                            at once; on other instances within this time)
 * @param retentionDays       raw day partitions of {@code patrol_point} older than this many days are
 *                            dropped by the daily job; fixes older than this are refused
 * @param maxPlaybackDays     the longest {@code from}–{@code to} range of one playback read
 * @param todayCacheSeconds   today's simplified tracks per scope are computed at most this often
 * @param todayToleranceMeters the Douglas–Peucker tolerance of today's tracks for the big screen
 */
@ConfigurationProperties("yiwang.patrol")
public record PatrolPrivacyConfiguration(
        @Bindable(defaultValue = "true") boolean dutyEnforced,
        @Bindable(defaultValue = "08:00-18:00") String shift,
        @Bindable(defaultValue = "working") String shiftDays,
        @Bindable(defaultValue = "30") int dutyCacheSeconds,
        @Bindable(defaultValue = "180") int retentionDays,
        @Bindable(defaultValue = "7") int maxPlaybackDays,
        @Bindable(defaultValue = "30") int todayCacheSeconds,
        @Bindable(defaultValue = "8") double todayToleranceMeters) {
}
