package cn.yiwang.calendar;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * The office calendar: which days are working days and which hours of them are office hours, in one
 * time zone.
 *
 * <p>A day is a working day when it is listed as an adjusted working day (调休上班, usually a
 * weekend day), or else when it is Monday to Friday and not a holiday. Every working day has the
 * same office periods, local times {@code [start, end)} within the day, sorted and not
 * overlapping (e.g. 08:30–12:00 and 13:30–17:30). Periods across midnight are not supported. On
 * a daylight-saving change (none in Asia/Shanghai) a period's length is the real elapsed time.
 *
 * <p>{@link #coveredYears()} are the years the holiday data knew about; other years are plain
 * Monday–Friday weeks, which callers may want to warn about.
 *
 * <p>Immutable and thread-safe.
 */
public final class WorkingCalendar {

    /** One office period of a working day, local time {@code [start, end)}. */
    public record Period(LocalTime start, LocalTime end) {

        public Period {
            Objects.requireNonNull(start, "start");
            Objects.requireNonNull(end, "end");
            if (!start.isBefore(end)) {
                throw new IllegalArgumentException("an office period must start before it ends: " + start + "–" + end);
            }
        }

        /** Parses {@code HH:mm-HH:mm}. */
        public static Period parse(String text) {
            String[] parts = text.trim().split("\\s*[-–]\\s*");
            if (parts.length != 2) {
                throw new IllegalArgumentException("'" + text + "' is not an office period like 08:30-12:00");
            }
            try {
                return new Period(LocalTime.parse(parts[0]), LocalTime.parse(parts[1]));
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("'" + text + "' is not an office period like 08:30-12:00");
            }
        }

        public Duration length() {
            return Duration.between(start, end);
        }

        @Override
        public String toString() {
            return start + "-" + end;
        }
    }

    private final ZoneId zone;
    private final List<Period> officeHours;
    private final Set<LocalDate> holidays;
    private final Set<LocalDate> workingDays;
    private final Set<Integer> coveredYears;
    private final Duration workingDayLength;

    /**
     * @param zone         the time zone of the office hours and dates
     * @param officeHours  at least one period, sorted, not overlapping
     * @param holidays     days off that would otherwise be working days (weekend days may be listed)
     * @param workingDays  adjusted working days; must not also be holidays
     * @param coveredYears the years whose holidays are known
     * @throws IllegalArgumentException when the periods are empty, unsorted or overlap, or a day is
     *                                  both a holiday and a working day
     */
    public WorkingCalendar(ZoneId zone, List<Period> officeHours, Set<LocalDate> holidays, Set<LocalDate> workingDays,
                           Set<Integer> coveredYears) {
        this.zone = Objects.requireNonNull(zone, "zone");
        if (officeHours.isEmpty()) {
            throw new IllegalArgumentException("at least one office period is needed");
        }
        List<Period> sorted = new ArrayList<>(officeHours);
        sorted.sort(Comparator.comparing(Period::start));
        for (int i = 1; i < sorted.size(); i++) {
            if (sorted.get(i).start().isBefore(sorted.get(i - 1).end())) {
                throw new IllegalArgumentException("office periods overlap: " + sorted.get(i - 1) + " and " + sorted.get(i));
            }
        }
        Set<LocalDate> both = new TreeSet<>(holidays);
        both.retainAll(workingDays);
        if (!both.isEmpty()) {
            throw new IllegalArgumentException("days listed both as holidays and as working days: " + both);
        }
        this.officeHours = List.copyOf(sorted);
        this.holidays = Set.copyOf(holidays);
        this.workingDays = Set.copyOf(workingDays);
        this.coveredYears = Set.copyOf(coveredYears);
        this.workingDayLength = sorted.stream().map(Period::length).reduce(Duration.ZERO, Duration::plus);
    }

    /** Monday to Friday with no holidays: the fallback, and a reference for tests. */
    public static WorkingCalendar weekdays(ZoneId zone, List<Period> officeHours) {
        return new WorkingCalendar(zone, officeHours, Set.of(), Set.of(), Set.of());
    }

    public boolean isWorkingDay(LocalDate day) {
        if (workingDays.contains(day)) {
            return true;
        }
        DayOfWeek dow = day.getDayOfWeek();
        return dow != DayOfWeek.SATURDAY && dow != DayOfWeek.SUNDAY && !holidays.contains(day);
    }

    /** True when {@code t} lies in an office period of a working day. */
    public boolean isOfficeTime(Instant t) {
        var local = t.atZone(zone);
        if (!isWorkingDay(local.toLocalDate())) {
            return false;
        }
        LocalTime time = local.toLocalTime();
        return officeHours.stream().anyMatch(p -> !time.isBefore(p.start()) && time.isBefore(p.end()));
    }

    public ZoneId zone() {
        return zone;
    }

    public List<Period> officeHours() {
        return officeHours;
    }

    /** The office time of one working day (7 h 30 min for 08:30–12:00 and 13:30–17:30). */
    public Duration workingDayLength() {
        return workingDayLength;
    }

    public Set<Integer> coveredYears() {
        return coveredYears;
    }

    /** The holidays, sorted. */
    public List<LocalDate> holidays() {
        return new ArrayList<>(new TreeSet<>(holidays));
    }

    /** The adjusted working days, sorted. */
    public List<LocalDate> adjustedWorkingDays() {
        return new ArrayList<>(new TreeSet<>(workingDays));
    }

    /** A copy with more holidays and working days; the extra ones win over the existing ones. */
    public WorkingCalendar with(Set<LocalDate> extraHolidays, Set<LocalDate> extraWorkingDays) {
        Set<LocalDate> h = new HashSet<>(holidays);
        Set<LocalDate> w = new HashSet<>(workingDays);
        h.removeAll(extraWorkingDays);
        w.removeAll(extraHolidays);
        h.addAll(extraHolidays);
        w.addAll(extraWorkingDays);
        return new WorkingCalendar(zone, officeHours, h, w, coveredYears);
    }
}
