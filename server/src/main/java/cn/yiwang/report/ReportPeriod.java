package cn.yiwang.report;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.temporal.ChronoUnit;
import java.time.temporal.IsoFields;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One report period: the days [{@code from}, {@code to}) in the report time zone, named as a request
 * writes it ({@code 2026-10-15}, {@code 2026-10}, {@code 2026-Q4}) and as a title shows it
 * ({@code 2026年10月}). Immutable.
 */
public record ReportPeriod(ReportKind kind, LocalDate from, LocalDate to, String text, String label) {

    private static final Pattern DAY = Pattern.compile("(\\d{4})-(\\d{2})-(\\d{2})");
    private static final Pattern MONTH = Pattern.compile("(\\d{4})-(\\d{2})");
    private static final Pattern QUARTER = Pattern.compile("(\\d{4})-[Qq]([1-4])");

    /**
     * Reads {@code text} as a period of {@code kind}.
     *
     * @throws IllegalArgumentException when it is malformed (the message names the expected form)
     */
    public static ReportPeriod parse(ReportKind kind, String text) {
        String t = text.trim();
        try {
            switch (kind) {
                case DAILY -> {
                    Matcher m = DAY.matcher(t);
                    if (m.matches()) {
                        return day(LocalDate.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3))));
                    }
                }
                case MONTHLY -> {
                    Matcher m = MONTH.matcher(t);
                    if (m.matches()) {
                        return month(YearMonth.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))));
                    }
                }
                case QUARTERLY -> {
                    Matcher m = QUARTER.matcher(t);
                    if (m.matches()) {
                        return quarter(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
                    }
                }
                default -> throw new IllegalStateException(kind.toString());
            }
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("'" + t + "' is not a date: " + e.getMessage());
        }
        throw new IllegalArgumentException("'" + t + "' is not a " + kind.key() + " period; expected " + kind.periodPattern());
    }

    /** The period of {@code kind} holding {@code day}. */
    public static ReportPeriod containing(ReportKind kind, LocalDate day) {
        return switch (kind) {
            case DAILY -> day(day);
            case MONTHLY -> month(YearMonth.from(day));
            case QUARTERLY -> quarter(day.getYear(), day.get(IsoFields.QUARTER_OF_YEAR));
        };
    }

    /** The period just before this one, of the same kind. */
    public ReportPeriod previous() {
        return containing(kind, from.minusDays(1));
    }

    public long days() {
        return ChronoUnit.DAYS.between(from, to);
    }

    /** Days of the period up to and including {@code today} (0 when it has not begun). */
    public long elapsedDays(LocalDate today) {
        LocalDate end = today.plusDays(1).isBefore(to) ? today.plusDays(1) : to;
        return Math.max(0, ChronoUnit.DAYS.between(from, end));
    }

    private static ReportPeriod day(LocalDate d) {
        return new ReportPeriod(ReportKind.DAILY, d, d.plusDays(1), d.toString(),
                d.getYear() + "年" + d.getMonthValue() + "月" + d.getDayOfMonth() + "日");
    }

    private static ReportPeriod month(YearMonth m) {
        return new ReportPeriod(ReportKind.MONTHLY, m.atDay(1), m.plusMonths(1).atDay(1), m.toString(),
                m.getYear() + "年" + m.getMonthValue() + "月");
    }

    private static ReportPeriod quarter(int year, int q) {
        LocalDate from = LocalDate.of(year, 3 * (q - 1) + 1, 1);
        return new ReportPeriod(ReportKind.QUARTERLY, from, from.plusMonths(3), String.format(Locale.ROOT, "%d-Q%d", year, q),
                year + "年第" + q + "季度");
    }
}
