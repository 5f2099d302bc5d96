package cn.yiwang.calendar;

import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * A handling deadline: {@code amount} units of time, counted from dispatch. Immutable.
 *
 * @param amount a whole number from 1 to {@value #MAX_AMOUNT}
 * @param unit   working hours (office time), working days (office time, one working day = the length
 *               of the office hours of one day) or calendar hours (wall-clock time, ignoring the
 *               calendar: for urgent safety items)
 */
public record Deadline(int amount, Unit unit) {

    public static final int MAX_AMOUNT = 1000;

    /** The unit of a deadline; {@link #key()} is how data files and the API spell it. */
    public enum Unit {
        WORKING_HOURS, WORKING_DAYS, CALENDAR_HOURS;

        public String key() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** True when the unit counts office time only, false for wall-clock time. */
        public boolean countsWorkingTime() {
            return this != CALENDAR_HOURS;
        }

        /** @throws IllegalArgumentException for anything but one of the {@link #keys()} */
        public static Unit fromKey(String key) {
            for (Unit u : values()) {
                if (u.key().equals(key)) {
                    return u;
                }
            }
            throw new IllegalArgumentException("'" + key + "' is not a deadline unit; use " + keys());
        }

        public static String keys() {
            return Arrays.stream(values()).map(Unit::key).collect(Collectors.joining(", "));
        }
    }

    public Deadline {
        Objects.requireNonNull(unit, "unit");
        if (amount < 1 || amount > MAX_AMOUNT) {
            throw new IllegalArgumentException("a deadline amount must be between 1 and " + MAX_AMOUNT + ", got " + amount);
        }
    }

    public static Deadline workingHours(int amount) {
        return new Deadline(amount, Unit.WORKING_HOURS);
    }

    public static Deadline workingDays(int amount) {
        return new Deadline(amount, Unit.WORKING_DAYS);
    }

    public static Deadline calendarHours(int amount) {
        return new Deadline(amount, Unit.CALENDAR_HOURS);
    }

    @Override
    public String toString() {
        return amount + " " + unit.key();
    }
}
