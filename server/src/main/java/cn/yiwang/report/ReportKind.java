package cn.yiwang.report;

import java.time.LocalDate;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** The three report rhythms of the grid-governance routine: daily, monthly (月通报), quarterly (季排名). */
public enum ReportKind {
    DAILY("daily", "日报"), MONTHLY("monthly", "月通报"), QUARTERLY("quarterly", "季排名");

    private final String key;
    private final String nameZh;

    ReportKind(String key, String nameZh) {
        this.key = key;
        this.nameZh = nameZh;
    }

    public String key() {
        return key;
    }

    public String nameZh() {
        return nameZh;
    }

    public static Optional<ReportKind> fromKey(String key) {
        return Arrays.stream(values()).filter(k -> k.key.equals(key.toLowerCase(Locale.ROOT))).findFirst();
    }

    /** The form a period of this kind is written in, for error messages. */
    public String periodPattern() {
        return switch (this) {
            case DAILY -> "yyyy-MM-dd";
            case MONTHLY -> "yyyy-MM";
            case QUARTERLY -> "yyyy-Qn";
        };
    }

    /** The last complete period on {@code today}: yesterday, last month or last quarter. */
    public ReportPeriod lastComplete(LocalDate today) {
        return ReportPeriod.containing(this, today).previous();
    }
}
