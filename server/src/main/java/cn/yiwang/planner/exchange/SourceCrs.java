package cn.yiwang.planner.exchange;

/**
 * The coordinate reference system of an imported file, as an EPSG code the importer supports, and how
 * it was found ({@code source}: "GeoPackage gpkg_spatial_ref_sys", ".prj WKT", "crs parameter",
 * "GeoJSON (RFC 7946)", …). Supported: EPSG:4326 (WGS 84), EPSG:4490 (CGCS2000 geographic), EPSG:3857
 * (Web Mercator), EPSG:4513–4533 (CGCS2000 3° Gauss-Krüger zones 25–45, false easting with the zone
 * number) and EPSG:4534–4554 (the same zones by central meridian 75°E–135°E, false easting 500 km;
 * 4546–4548 cover Henan).
 */
public record SourceCrs(int epsg, String source) {

    public static final int WGS84 = 4326;
    public static final int CGCS2000 = 4490;
    public static final int WEB_MERCATOR = 3857;
    public static final int GK_ZONE_FIRST = 4513;
    public static final int GK_ZONE_LAST = 4533;
    public static final int GK_CM_FIRST = 4534;
    public static final int GK_CM_LAST = 4554;

    public static boolean supported(int epsg) {
        return epsg == WGS84 || epsg == CGCS2000 || epsg == WEB_MERCATOR || (epsg >= GK_ZONE_FIRST && epsg <= GK_CM_LAST);
    }

    /** True for lon/lat systems (4326, 4490). */
    public boolean geographic() {
        return epsg == WGS84 || epsg == CGCS2000;
    }

    /** Central meridian (degrees east) of a Gauss-Krüger system. */
    public int centralMeridianDegrees() {
        if (epsg >= GK_ZONE_FIRST && epsg <= GK_ZONE_LAST) {
            return (25 + epsg - GK_ZONE_FIRST) * 3;
        }
        if (epsg >= GK_CM_FIRST && epsg <= GK_CM_LAST) {
            return 75 + (epsg - GK_CM_FIRST) * 3;
        }
        throw new IllegalStateException("EPSG:" + epsg + " is not a Gauss-Krüger zone");
    }

    /** False easting (m) of a Gauss-Krüger system: with the zone number in front for 4513–4533. */
    public double falseEastingMeters() {
        if (epsg >= GK_ZONE_FIRST && epsg <= GK_ZONE_LAST) {
            return (25 + epsg - GK_ZONE_FIRST) * 1_000_000.0 + 500_000;
        }
        return 500_000;
    }

    @Override
    public String toString() {
        return "EPSG:" + epsg;
    }
}
