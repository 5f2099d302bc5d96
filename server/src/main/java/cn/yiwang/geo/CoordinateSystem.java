package cn.yiwang.geo;

import java.util.Locale;

/**
 * Geographic coordinate systems that reach the server from Chinese map clients.
 *
 * <p>All of them are longitude/latitude in decimal degrees; they differ only in the
 * (deliberate) offsets applied by Chinese map providers:
 * <ul>
 *   <li>{@link #WGS84} – GPS, EPSG:4326; our storage system.</li>
 *   <li>{@link #GCJ02} – "Mars coordinates" used by Amap (Gaode), Tencent Maps and
 *       WeChat / WeChat mini programs ({@code wx.getLocation} with {@code type: 'gcj02'}).</li>
 *   <li>{@link #BD09} – Baidu Maps, an extra offset on top of GCJ-02.</li>
 *   <li>{@link #CGCS2000} – China Geodetic Coordinate System 2000, EPSG:4490, the official
 *       national datum. Treated as identical to WGS84 (the two differ by centimetres,
 *       far below the accuracy of the data we handle).</li>
 * </ul>
 */
public enum CoordinateSystem {
    /** World Geodetic System 1984 (GPS, EPSG:4326). */
    WGS84,
    /** GCJ-02, the offset system of Amap, Tencent Maps and WeChat. */
    GCJ02,
    /** BD-09, Baidu's offset on top of GCJ-02 (lon/lat degrees). */
    BD09,
    /** CGCS2000 (EPSG:4490), treated as identical to WGS84. */
    CGCS2000;

    /** The lower-case name ({@code "gcj02"}), as answers echo it; computed once. */
    private final String code = name().toLowerCase(Locale.ROOT);

    /** The lower-case name, e.g. {@code "gcj02"}. */
    public String code() {
        return code;
    }

    /** The spellings {@link #parse(String)} accepts, for error messages and documentation. */
    public static final String ACCEPTED_VALUES =
            "wgs84, epsg:4326, gcj02, gcj-02, bd09, bd-09, cgcs2000, epsg:4490";

    /**
     * Parses a coordinate-system name as sent by clients or written in configuration.
     *
     * <p>Case-insensitive; surrounding whitespace is ignored. Accepted values:
     * {@value #ACCEPTED_VALUES}. {@code epsg:4326} maps to {@link #WGS84} and
     * {@code epsg:4490} to {@link #CGCS2000}.
     *
     * @param s the name, e.g. {@code "GCJ-02"}
     * @return the coordinate system
     * @throws IllegalArgumentException if {@code s} is null, blank or not one of the accepted
     *         values; the message names the bad value and lists the accepted ones
     */
    public static CoordinateSystem parse(String s) {
        if (s == null) {
            throw new IllegalArgumentException(
                    "Unknown coordinate system: null; accepted values: " + ACCEPTED_VALUES);
        }
        return switch (s.trim().toLowerCase(Locale.ROOT)) {
            case "wgs84", "epsg:4326" -> WGS84;
            case "gcj02", "gcj-02" -> GCJ02;
            case "bd09", "bd-09" -> BD09;
            case "cgcs2000", "epsg:4490" -> CGCS2000;
            default -> throw new IllegalArgumentException("Unknown coordinate system: '" + s
                    + "'; accepted values (case-insensitive): " + ACCEPTED_VALUES);
        };
    }
}
