package cn.yiwang.screen;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;

/**
 * "Today" and "yesterday" of the big screen in the working calendar's zone: {@code today} is local
 * midnight, {@code tomorrow} the next one, {@code yesterday} the one before (23 or 25 hours away on a
 * daylight-saving change, none in China). {@code now} is clamped into today, so rates over "due so far"
 * never count a deadline still ahead. Immutable.
 */
public record ScreenDay(Instant yesterday, Instant today, Instant tomorrow, Instant now) {

    public static ScreenDay of(Instant now, ZoneId zone) {
        LocalDate day = now.atZone(zone).toLocalDate();
        Instant today = day.atStartOfDay(zone).toInstant();
        Instant tomorrow = day.plusDays(1).atStartOfDay(zone).toInstant();
        return new ScreenDay(day.minusDays(1).atStartOfDay(zone).toInstant(), today, tomorrow,
                now.isAfter(tomorrow) ? tomorrow : now);
    }
}
