package cn.yiwang.calendar;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Objects;

/**
 * Due times of case deadlines on a {@link WorkingCalendar}.
 *
 * <p>Two clocks: deadlines in working hours or working days run on the <em>office clock</em>
 * (only office periods of working days count), calendar hours on the <em>wall clock</em>. A
 * deadline's {@link #budget(Deadline) budget} is its length on its clock: {@code n} working hours =
 * n h of office time, {@code n} working days = n × {@link WorkingCalendar#workingDayLength()}
 * (so "1 working day" from Tuesday 10:00 ends Wednesday 10:00, and from Saturday ends Monday at
 * closing time), {@code n} calendar hours = n h.
 *
 * <p>How the case workflow uses it:
 * <ul>
 *   <li>dispatch (派遣): {@code due = due(dispatchedAt, deadline)}; when the clock starts outside
 *       office hours it first waits for the next office period;</li>
 *   <li>rework (返工, verification failed and the case goes back to the handler): the clock starts
 *       again, {@code due(returnedAt, deadline)};</li>
 *   <li>deferral or extension (缓办, 延期) granted as a deadline of its own:
 *       {@code extend(due, Deadline.workingDays(3))};</li>
 *   <li>suspension (挂起, the clock stands still from {@code pausedAt} to {@code resumedAt}):
 *       {@code resume(due, deadline, pausedAt, resumedAt)};</li>
 *   <li>on-time check and traffic lights: {@code now.isAfter(due)}, and
 *       {@code elapsed(dispatchedAt, now, deadline)} against {@code budget(deadline)}.</li>
 * </ul>
 * {@link #workingDuration} and {@link #addWorkingTime} are inverse: for any {@code from} and any
 * non-negative {@code d}, {@code workingDuration(from, addWorkingTime(from, d)) == d}.
 *
 * <p>Pure, immutable and thread-safe. Searches at most {@value #MAX_DAYS} days ahead (10 years);
 * beyond that it throws {@link IllegalArgumentException}.
 */
public final class DeadlineCalculator {

    static final int MAX_DAYS = 3660;

    private final WorkingCalendar calendar;

    public DeadlineCalculator(WorkingCalendar calendar) {
        this.calendar = Objects.requireNonNull(calendar, "calendar");
    }

    public WorkingCalendar calendar() {
        return calendar;
    }

    /** When a deadline started at {@code start} falls due. */
    public Instant due(Instant start, Deadline deadline) {
        return advance(start, budget(deadline), deadline.unit());
    }

    /** {@code due} moved later by {@code extension}, counted on the extension's own clock (缓办, 延期). */
    public Instant extend(Instant due, Deadline extension) {
        return advance(due, budget(extension), extension.unit());
    }

    /**
     * The due time after the clock of {@code deadline} stood still from {@code pausedAt} to
     * {@code resumedAt}: later by the time that passed on that clock meanwhile. A pause that began
     * after the due time changes nothing (an overdue case stays overdue).
     *
     * @throws IllegalArgumentException when {@code resumedAt} is before {@code pausedAt}
     */
    public Instant resume(Instant due, Deadline deadline, Instant pausedAt, Instant resumedAt) {
        if (resumedAt.isBefore(pausedAt)) {
            throw new IllegalArgumentException("resumed at " + resumedAt + " before paused at " + pausedAt);
        }
        if (!pausedAt.isBefore(due)) {
            return due;
        }
        return advance(due, elapsed(pausedAt, resumedAt, deadline), deadline.unit());
    }

    /** The length of {@code deadline} on its own clock. */
    public Duration budget(Deadline deadline) {
        return switch (deadline.unit()) {
            case WORKING_HOURS, CALENDAR_HOURS -> Duration.ofHours(deadline.amount());
            case WORKING_DAYS -> calendar.workingDayLength().multipliedBy(deadline.amount());
        };
    }

    /**
     * Time from {@code from} to {@code to} on the clock of {@code deadline}; negative when
     * {@code to} is before {@code from}.
     */
    public Duration elapsed(Instant from, Instant to, Deadline deadline) {
        return deadline.unit().countsWorkingTime() ? workingDuration(from, to) : Duration.between(from, to);
    }

    /**
     * Office time between two instants; negative when {@code to} is before {@code from}
     * ({@code workingDuration(a, b) == workingDuration(b, a).negated()}).
     */
    public Duration workingDuration(Instant from, Instant to) {
        if (to.isBefore(from)) {
            return workingDuration(to, from).negated();
        }
        ZoneId zone = calendar.zone();
        LocalDate last = LocalDate.ofInstant(to, zone);
        Duration total = Duration.ZERO;
        for (LocalDate day = LocalDate.ofInstant(from, zone); !day.isAfter(last); day = day.plusDays(1)) {
            if (!calendar.isWorkingDay(day)) {
                continue;
            }
            for (WorkingCalendar.Period p : calendar.officeHours()) {
                Instant start = max(from, day.atTime(p.start()).atZone(zone).toInstant());
                Instant end = min(to, day.atTime(p.end()).atZone(zone).toInstant());
                if (end.isAfter(start)) {
                    total = total.plus(Duration.between(start, end));
                }
            }
        }
        return total;
    }

    /**
     * The earliest instant at which {@code workingTime} of office time has passed since
     * {@code from}. Zero returns {@code from}. An amount that ends exactly at the end of an office
     * period returns that end (12:00), not the start of the next one (13:30).
     *
     * @throws IllegalArgumentException when {@code workingTime} is negative
     */
    public Instant addWorkingTime(Instant from, Duration workingTime) {
        if (workingTime.isNegative()) {
            throw new IllegalArgumentException("working time must not be negative, got " + workingTime);
        }
        if (workingTime.isZero()) {
            return from;
        }
        ZoneId zone = calendar.zone();
        Duration remaining = workingTime;
        LocalDate day = LocalDate.ofInstant(from, zone);
        for (int i = 0; i < MAX_DAYS; i++, day = day.plusDays(1)) {
            if (!calendar.isWorkingDay(day)) {
                continue;
            }
            for (WorkingCalendar.Period p : calendar.officeHours()) {
                Instant end = day.atTime(p.end()).atZone(zone).toInstant();
                if (!end.isAfter(from)) {
                    continue;
                }
                Instant start = max(from, day.atTime(p.start()).atZone(zone).toInstant());
                Duration available = Duration.between(start, end);
                if (remaining.compareTo(available) <= 0) {
                    return start.plus(remaining);
                }
                remaining = remaining.minus(available);
            }
        }
        throw new IllegalArgumentException(workingTime + " of working time from " + from + " ends more than " + MAX_DAYS + " days later");
    }

    private Instant advance(Instant from, Duration amount, Deadline.Unit unit) {
        return unit.countsWorkingTime() ? addWorkingTime(from, amount) : from.plus(amount);
    }

    private static Instant max(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }
}
