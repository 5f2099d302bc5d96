package cn.yiwang.sim;

import java.time.LocalDateTime;
import java.util.Locale;

/**
 * One generated case, ready to post to {@code POST /api/cases}. Immutable.
 *
 * @param at          the simulated local time it is reported at (the server stamps its own time)
 * @param channel     intake channel
 * @param categoryCode sub-category code
 * @param urgency     {@code urgent}, or null for the category's default
 * @param place       where, with its grids and address
 * @param accuracyMeters location accuracy of the channel
 * @param reporterName made up, marked "（模拟）"; null for channels without a citizen
 * @param reporterPhone in the non-existent {@code 000} range; null with the name
 */
public record CaseDraft(LocalDateTime at, Channel channel, String categoryCode, String title, String description, String urgency,
                        LocationSampler.Place place, double accuracyMeters, String reporterName, String reporterPhone) {

    /** Ends every simulated description, so nobody mistakes a demo case for a real one. */
    public static final String SIMULATED_MARK = "【演示模拟数据】";

    /** The request body. */
    public String toJson() {
        return toJson(java.util.List.of());
    }

    /** The request body with these uploaded photos ({@code POST /api/photos} ids). */
    public String toJson(java.util.List<String> photos) {
        StringBuilder b = new StringBuilder(512);
        b.append("{\"category\":").append(quote(categoryCode))
                .append(",\"title\":").append(quote(title))
                .append(",\"description\":").append(quote(description))
                .append(",\"source\":").append(quote(channel.key()));
        if (urgency != null) {
            b.append(",\"urgency\":").append(quote(urgency));
        }
        b.append(String.format(Locale.ROOT, ",\"location\":{\"lon\":%.7f,\"lat\":%.7f,\"crs\":\"wgs84\",\"accuracy\":%.1f,\"address\":",
                place.lon(), place.lat(), accuracyMeters)).append(quote(place.address())).append('}');
        if (reporterName != null) {
            b.append(",\"reporter\":{\"name\":").append(quote(reporterName)).append(",\"phone\":").append(quote(reporterPhone)).append('}');
        }
        if (!photos.isEmpty()) {
            b.append(",\"photos\":[");
            for (int i = 0; i < photos.size(); i++) {
                b.append(i > 0 ? "," : "").append(quote(photos.get(i)));
            }
            b.append(']');
        }
        return b.append('}').toString();
    }

    static String quote(String s) {
        StringBuilder b = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }
}
