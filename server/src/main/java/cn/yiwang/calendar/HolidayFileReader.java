package cn.yiwang.calendar;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads one year's holiday file ({@code data/calendar/cn-YYYY.json}), already parsed into plain
 * Java values, and checks it against itself:
 * <pre>
 * {"year": 2026,
 *  "holidays":    [{"name": "春节", "from": "2026-02-15", "to": "2026-02-23", "days": 9}, …],
 *  "workingDays": [{"name": "春节调休上班", "date": "2026-02-14"}, …]}
 * </pre>
 * Every date must lie in {@code year}; a holiday's {@code days} must equal its length (a cheap
 * guard against a mistyped date); an adjusted working day must be a Saturday or Sunday and not a
 * holiday. Pure; thread-safe.
 */
public final class HolidayFileReader {

    /** The days one file declares. */
    public record Content(int year, Set<LocalDate> holidays, Set<LocalDate> workingDays) {
    }

    private HolidayFileReader() {
    }

    /**
     * @param json the parsed file
     * @param name the file's name, for messages
     * @throws IllegalArgumentException naming the file and the JSON pointer of the first problem
     */
    public static Content read(Object json, String name) {
        if (!(json instanceof Map<?, ?> root)) {
            throw bad(name, "", "must be a JSON object");
        }
        if (!(root.get("year") instanceof Number y) || y.doubleValue() != Math.rint(y.doubleValue())
                || y.intValue() < 1949 || y.intValue() > 2200) {
            throw bad(name, "/year", "must be a year, not " + root.get("year"));
        }
        int year = y.intValue();
        Set<LocalDate> holidays = new TreeSet<>();
        List<?> ranges = list(root.get("holidays"), name, "/holidays");
        for (int i = 0; i < ranges.size(); i++) {
            String at = "/holidays/" + i;
            if (!(ranges.get(i) instanceof Map<?, ?> r)) {
                throw bad(name, at, "must be an object with from, to and days");
            }
            LocalDate from = date(r.get("from"), year, name, at + "/from");
            LocalDate to = date(r.get("to"), year, name, at + "/to");
            if (to.isBefore(from)) {
                throw bad(name, at + "/to", to + " is before from " + from);
            }
            long length = ChronoUnit.DAYS.between(from, to) + 1;
            if (!(r.get("days") instanceof Number days) || days.longValue() != length) {
                throw bad(name, at + "/days", "is " + r.get("days") + " but " + from + " to " + to + " is " + length + " days");
            }
            for (LocalDate d = from; !d.isAfter(to); d = d.plusDays(1)) {
                holidays.add(d);
            }
        }
        Set<LocalDate> workingDays = new TreeSet<>();
        List<?> days = list(root.get("workingDays"), name, "/workingDays");
        for (int i = 0; i < days.size(); i++) {
            String at = "/workingDays/" + i + "/date";
            if (!(days.get(i) instanceof Map<?, ?> w)) {
                throw bad(name, "/workingDays/" + i, "must be an object with a date");
            }
            LocalDate d = date(w.get("date"), year, name, at);
            if (d.getDayOfWeek() != DayOfWeek.SATURDAY && d.getDayOfWeek() != DayOfWeek.SUNDAY) {
                throw bad(name, at, d + " is a " + d.getDayOfWeek() + ", already a working day");
            }
            if (holidays.contains(d)) {
                throw bad(name, at, d + " is also a holiday");
            }
            workingDays.add(d);
        }
        return new Content(year, Set.copyOf(holidays), Set.copyOf(workingDays));
    }

    private static List<?> list(Object value, String name, String at) {
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof List<?> l)) {
            throw bad(name, at, "must be an array");
        }
        return l;
    }

    private static LocalDate date(Object value, int year, String name, String at) {
        if (!(value instanceof String s)) {
            throw bad(name, at, "must be a date YYYY-MM-DD, not " + value);
        }
        LocalDate d;
        try {
            d = LocalDate.parse(s);
        } catch (DateTimeParseException e) {
            throw bad(name, at, "'" + s + "' is not a date YYYY-MM-DD");
        }
        if (d.getYear() != year) {
            throw bad(name, at, d + " is not in " + year);
        }
        return d;
    }

    private static IllegalArgumentException bad(String name, String pointer, String detail) {
        return new IllegalArgumentException(name + (pointer.isEmpty() ? "" : " at " + pointer) + ": " + detail);
    }
}
