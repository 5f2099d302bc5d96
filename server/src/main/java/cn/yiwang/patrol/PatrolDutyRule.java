package cn.yiwang.patrol;

import java.time.Instant;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

import cn.yiwang.calendar.WorkingCalendar;
import io.micronaut.core.annotation.Nullable;

/**
 * Whether a worker is on duty at an instant: inside a patrol they started (and, if stopped, before
 * the stop), or inside their district's shift on one of its days. Pure; immutable and thread-safe.
 *
 * <p>A shift is local time {@code [start, end)} in the working calendar's zone; shifts across
 * midnight are not supported (split them into a patrol instead). A patrol's start is included and its
 * stop excluded, so a fix taken at the very second of "结束巡查" is not stored.
 */
public final class PatrolDutyRule {

    /** Which days a shift applies to. */
    public enum Days {
        /** the working calendar's working days (调休 days included, holidays excluded) */
        WORKING,
        /** every day of the week */
        EVERY,
        /** none: only started patrols count */
        NONE;

        public static Days parse(String text) {
            try {
                return valueOf(text.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("'" + text + "' is not one of working, every, none");
            }
        }

        public String key() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** A district's shift: local time {@code [start, end)} on {@code days}. */
    public record Shift(LocalTime start, LocalTime end, Days days) {

        public Shift {
            Objects.requireNonNull(start, "start");
            Objects.requireNonNull(end, "end");
            Objects.requireNonNull(days, "days");
            if (!start.isBefore(end)) {
                throw new IllegalArgumentException("a shift must start before it ends: " + start + "–" + end);
            }
        }

        /** Parses {@code HH:mm-HH:mm} and a {@link Days} key. */
        public static Shift parse(String hours, String days) {
            WorkingCalendar.Period p = WorkingCalendar.Period.parse(hours);
            return new Shift(p.start(), p.end(), Days.parse(days));
        }

        public boolean covers(Instant t, WorkingCalendar calendar) {
            if (days == Days.NONE) {
                return false;
            }
            ZonedDateTime local = t.atZone(calendar.zone());
            if (days == Days.WORKING && !calendar.isWorkingDay(local.toLocalDate())) {
                return false;
            }
            LocalTime time = local.toLocalTime();
            return !time.isBefore(start) && time.isBefore(end);
        }

        @Override
        public String toString() {
            return start + "-" + end + " (" + days.key() + ")";
        }
    }

    /** A started patrol: {@code [start, stop)}, open while {@code stop} is null. */
    public record Patrol(Instant start, @Nullable Instant stop) {

        public Patrol {
            Objects.requireNonNull(start, "start");
            if (stop != null && stop.isBefore(start)) {
                throw new IllegalArgumentException("a patrol cannot stop (" + stop + ") before it starts (" + start + ")");
            }
        }

        public boolean covers(Instant t) {
            return !t.isBefore(start) && (stop == null || t.isBefore(stop));
        }
    }

    private PatrolDutyRule() {
    }

    /** On duty at {@code t}: inside one of {@code patrols}, or inside {@code shift}. */
    public static boolean onDuty(Instant t, Shift shift, List<Patrol> patrols, WorkingCalendar calendar) {
        for (Patrol p : patrols) {
            if (p.covers(t)) {
                return true;
            }
        }
        return shift.covers(t, calendar);
    }
}
