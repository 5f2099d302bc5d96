package cn.yiwang.sim;

import java.time.DayOfWeek;
import java.time.LocalDateTime;
import java.util.Set;

/**
 * How much more (or less) often a kind of case is reported at a given local time, by tag:
 * multipliers of a profile's base weight. The curves are plausible shapes, not fitted to data:
 *
 * <ul>
 *   <li>{@code evening}: street life 17:00–22:59 (×4), lunch 11–13 (×1.5), small hours 0–6 (×0.2);</li>
 *   <li>{@code night}: 22:00–04:59 (×4);</li>
 *   <li>{@code weekend}: Saturday and Sunday (×2.5);</li>
 *   <li>{@code daytime}: working hours 08–17 (×2), 22:00–05:59 (×0.2);</li>
 *   <li>{@code commute}: 07–09 and 17–19 (×2.5);</li>
 *   <li>{@code morning}: 06–10 (×2);</li>
 *   <li>{@code winter}: the heating season November–March (×6, December–January ×8), other months ×0.15;</li>
 *   <li>{@code summer}: May–September (×2), other months ×0.6;</li>
 *   <li>{@code summer_rain}: the rainy season June–September (×5, July–August ×7), other months ×0.4;</li>
 *   <li>{@code harvest}: June and October–November, when straw and leaves are burnt (×3);</li>
 *   <li>{@code spring_wind}: March–May, windy and dusty (×2.5);</li>
 *   <li>{@code rare}: ×0.5 always (epidemic-control items after the epidemic).</li>
 * </ul>
 * Multipliers of several tags multiply. Pure and thread-safe.
 */
public final class CaseSeasonality {

    public static final Set<String> TAGS = Set.of("evening", "night", "weekend", "daytime", "commute", "morning", "winter", "summer",
            "summer_rain", "harvest", "spring_wind", "rare");

    private CaseSeasonality() {
    }

    /** The product of the multipliers of {@code tags} at local time {@code t}. */
    public static double multiplier(Set<String> tags, LocalDateTime t) {
        double m = 1;
        for (String tag : tags) {
            m *= multiplier(tag, t);
        }
        return m;
    }

    static double multiplier(String tag, LocalDateTime t) {
        int h = t.getHour();
        int month = t.getMonthValue();
        boolean weekend = t.getDayOfWeek() == DayOfWeek.SATURDAY || t.getDayOfWeek() == DayOfWeek.SUNDAY;
        return switch (tag) {
            case "evening" -> h >= 17 && h <= 22 ? 4 : h >= 11 && h <= 13 ? 1.5 : h <= 6 ? 0.2 : 1;
            case "night" -> h >= 22 || h <= 4 ? 4 : 1;
            case "weekend" -> weekend ? 2.5 : 1;
            case "daytime" -> h >= 8 && h <= 17 ? 2 : h >= 22 || h <= 5 ? 0.2 : 1;
            case "commute" -> (h >= 7 && h <= 9) || (h >= 17 && h <= 19) ? 2.5 : 1;
            case "morning" -> h >= 6 && h <= 10 ? 2 : 1;
            case "winter" -> month == 12 || month == 1 ? 8 : month >= 11 || month <= 3 ? 6 : 0.15;
            case "summer" -> month >= 5 && month <= 9 ? 2 : 0.6;
            case "summer_rain" -> month == 7 || month == 8 ? 7 : month == 6 || month == 9 ? 5 : 0.4;
            case "harvest" -> month == 6 || month == 10 || month == 11 ? 3 : 1;
            case "spring_wind" -> month >= 3 && month <= 5 ? 2.5 : 1;
            case "rare" -> 0.5;
            default -> throw new IllegalArgumentException("unknown seasonal tag '" + tag + "'");
        };
    }
}
