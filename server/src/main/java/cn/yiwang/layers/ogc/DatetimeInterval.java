package cn.yiwang.layers.ogc;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

import io.micronaut.core.annotation.Nullable;

/**
 * The value of the OGC API – Features {@code datetime} parameter as a closed interval of instants,
 * {@code null} ends being open. Accepted forms (RFC 3339, OGC 17-069r4 §7.15.4):
 * <ul>
 *   <li>an instant {@code 2026-11-22T08:00:00Z} (any offset, fractions to the microsecond) →
 *       {@code [t, t]};</li>
 *   <li>a date {@code 2026-11-22} → that whole day in UTC, {@code [00:00, 23:59:59.999999]};</li>
 *   <li>an interval {@code a/b} of instants or dates, either end {@code ..} or empty for open; a
 *       date as the end means the end of that day.</li>
 * </ul>
 * A {@code '+'} of an offset that arrived as a space (an unencoded URL) is read as {@code '+'}.
 * Instants are truncated to microseconds, PostgreSQL's resolution. Pure; thread-safe.
 *
 * @param start the first instant matched, {@code null} for open
 * @param end   the last instant matched, {@code null} for open
 */
public record DatetimeInterval(@Nullable Instant start, @Nullable Instant end) {

    private static final String OPEN = "..";

    public DatetimeInterval {
        if (start != null && end != null && start.isAfter(end)) {
            throw new IllegalArgumentException("the start " + start + " is after the end " + end);
        }
    }

    /**
     * Parses a {@code datetime} value.
     *
     * @throws IllegalArgumentException naming the part that is not an RFC 3339 date or date-time,
     *                                  or when the start is after the end
     */
    public static DatetimeInterval parse(String raw) {
        String s = raw.trim();
        int slash = s.indexOf('/');
        if (slash < 0) {
            if (s.equals(OPEN) || s.isEmpty()) {
                throw new IllegalArgumentException("an instant or an interval a/b is required, not '" + s + "'");
            }
            return new DatetimeInterval(instant(s, false), instant(s, true));
        }
        if (s.indexOf('/', slash + 1) >= 0) {
            throw new IllegalArgumentException("an interval has exactly one '/'");
        }
        String a = s.substring(0, slash).trim();
        String b = s.substring(slash + 1).trim();
        return new DatetimeInterval(open(a) ? null : instant(a, false), open(b) ? null : instant(b, true));
    }

    /** {@code true} when both ends are open, so nothing is filtered out. */
    public boolean unbounded() {
        return start == null && end == null;
    }

    private static boolean open(String part) {
        return part.isEmpty() || part.equals(OPEN);
    }

    private static Instant instant(String part, boolean endOfDay) {
        String p = part.toUpperCase(Locale.ROOT).replace(' ', '+');
        if (p.length() == 10) {
            try {
                LocalDate day = LocalDate.parse(p);
                Instant midnight = day.atStartOfDay(ZoneOffset.UTC).toInstant();
                return endOfDay ? midnight.plus(1, ChronoUnit.DAYS).minus(1, ChronoUnit.MICROS) : midnight;
            } catch (DateTimeParseException e) {
                throw notRfc3339(part);
            }
        }
        try {
            return OffsetDateTime.parse(p).toInstant().truncatedTo(ChronoUnit.MICROS);
        } catch (DateTimeParseException e) {
            throw notRfc3339(part);
        }
    }

    private static IllegalArgumentException notRfc3339(String part) {
        String shown = part.length() > 40 ? part.substring(0, 40) + "…" : part;
        return new IllegalArgumentException("'" + shown + "' is not an RFC 3339 date (2026-11-22) or date-time "
                + "with offset (2026-11-22T08:00:00Z)");
    }
}
