package cn.yiwang.planner.exchange;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the {@link SourceCrs} of a file from what it says: an EPSG code (GeoPackage
 * {@code organization_coordsys_id}, a GeoJSON {@code crs} member, a parameter) or a WKT definition
 * (GeoPackage {@code definition}, Shapefile {@code .prj}). WKT is read by its outermost
 * {@code AUTHORITY["EPSG",…]} / {@code ID["EPSG",…]} when present, else by what ESRI's .prj files carry:
 * the datum (CGCS2000 / China 2000, WGS 84), the projection (Transverse Mercator / Gauss-Krüger with its
 * central meridian and false easting, or Web Mercator). Stateless.
 */
public final class SourceCrsDetector {

    private static final Pattern AUTHORITY = Pattern.compile("(?:AUTHORITY|ID)\\s*\\[\\s*\"EPSG\"\\s*,\\s*\"?(\\d+)\"?\\s*\\]",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern CENTRAL_MERIDIAN = Pattern.compile("\"(?:central_meridian|longitude of natural origin)\"\\s*,\\s*(-?[0-9.]+)",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern FALSE_EASTING = Pattern.compile("\"false[_ ]easting\"\\s*,\\s*(-?[0-9.]+)", Pattern.CASE_INSENSITIVE);

    private SourceCrsDetector() {
    }

    /**
     * @param epsg   an EPSG code (aliases of Web Mercator: 900913, 3785, 102100, 102113)
     * @param source how it was found
     * @throws ImportRefusedException naming {@code where} when the code is not supported
     */
    public static SourceCrs fromEpsg(int epsg, String source, String where) throws ImportRefusedException {
        int code = epsg == 900913 || epsg == 3785 || epsg == 102100 || epsg == 102113 ? SourceCrs.WEB_MERCATOR : epsg;
        if (!SourceCrs.supported(code)) {
            throw new ImportRefusedException(where, "EPSG:" + epsg + " is not supported; use EPSG:4490, 4326, 3857 or a CGCS2000 "
                    + "3-degree Gauss-Krüger zone (EPSG:4513-4554)");
        }
        return new SourceCrs(code, source);
    }

    /** Reads {@code EPSG:4547}, {@code epsg:4547}, {@code urn:ogc:def:crs:EPSG::4547}, {@code 4547}, or OGC CRS84. */
    public static SourceCrs fromName(String name, String source, String where) throws ImportRefusedException {
        String n = name.trim();
        if (n.matches("(?i)urn:ogc:def:crs:OGC:(1\\.3:)?CRS84") || n.equalsIgnoreCase("CRS84")) {
            return new SourceCrs(SourceCrs.WGS84, source);
        }
        Matcher m = Pattern.compile("(?i)^(?:urn:ogc:def:crs:EPSG:[0-9.]*:|EPSG:)?(\\d{4,6})$").matcher(n);
        if (!m.find()) {
            throw new ImportRefusedException(where, "'" + clip(n) + "' is not an EPSG code such as EPSG:4547");
        }
        return fromEpsg(Integer.parseInt(m.group(1)), source, where);
    }

    /**
     * @param wkt    a WKT 1 (OGC or ESRI) or WKT 2 definition
     * @param source how it was found (".prj WKT", …)
     * @throws ImportRefusedException naming {@code where} when the system is not one the importer supports
     */
    public static SourceCrs fromWkt(String wkt, String source, String where) throws ImportRefusedException {
        String w = wkt.trim();
        Matcher m = AUTHORITY.matcher(w);
        String last = null;
        while (m.find()) {
            last = m.group(1);
        }
        // The outermost CRS's authority closes the WKT; an inner one (datum, ellipsoid) is not the CRS's.
        if (last != null && w.replaceAll("\\s", "").matches("(?is).*(AUTHORITY|ID)\\[\"EPSG\",\"?" + last + "\"?\\]\\]$")) {
            return fromEpsg(Integer.parseInt(last), source, where);
        }
        String u = w.toUpperCase(Locale.ROOT);
        boolean projected = u.startsWith("PROJCS") || u.startsWith("PROJCRS");
        boolean cgcs = u.contains("CGCS2000") || u.contains("CGCS_2000") || u.contains("CHINA_2000") || u.contains("CHINA 2000")
                || u.contains("CHINA_GEODETIC_COORDINATE_SYSTEM_2000") || u.contains("CHINA GEODETIC COORDINATE SYSTEM 2000");
        boolean wgs84 = u.contains("WGS_1984") || u.contains("WGS 84") || u.contains("WGS84") || u.contains("WGS 1984");
        if (!projected) {
            if (cgcs) {
                return new SourceCrs(SourceCrs.CGCS2000, source);
            }
            if (wgs84) {
                return new SourceCrs(SourceCrs.WGS84, source);
            }
            throw new ImportRefusedException(where, "the geographic CRS " + name(w) + " is not supported; use CGCS2000 or WGS 84");
        }
        if (u.contains("MERCATOR_AUXILIARY_SPHERE") || u.contains("PSEUDO-MERCATOR") || u.contains("PSEUDO_MERCATOR")
                || u.contains("WEB_MERCATOR") || u.contains("WEB MERCATOR") || u.contains("POPULAR VISUALISATION")) {
            return new SourceCrs(SourceCrs.WEB_MERCATOR, source);
        }
        if (cgcs && (u.contains("TRANSVERSE_MERCATOR") || u.contains("TRANSVERSE MERCATOR") || u.contains("GAUSS"))) {
            Double cm = number(CENTRAL_MERIDIAN, w);
            Double fe = number(FALSE_EASTING, w);
            if (cm != null && fe != null && Math.rint(cm) == cm && cm % 3 == 0 && cm >= 75 && cm <= 135) {
                int zone = (int) (cm / 3);
                if (fe == 500_000) {
                    return new SourceCrs(SourceCrs.GK_CM_FIRST + (cm.intValue() - 75) / 3, source);
                }
                if (fe == zone * 1_000_000.0 + 500_000) {
                    return new SourceCrs(SourceCrs.GK_ZONE_FIRST + zone - 25, source);
                }
            }
            throw new ImportRefusedException(where, "the Gauss-Krüger CRS " + name(w) + " (central meridian " + cm + ", false easting " + fe
                    + ") is not a CGCS2000 3-degree zone");
        }
        throw new ImportRefusedException(where, "the projected CRS " + name(w) + " is not supported; use EPSG:4490, 4326, 3857 or a "
                + "CGCS2000 3-degree Gauss-Krüger zone (EPSG:4513-4554)");
    }

    private static Double number(Pattern p, String wkt) {
        Matcher m = p.matcher(wkt);
        return m.find() ? Double.valueOf(m.group(1)) : null;
    }

    private static String name(String wkt) {
        Matcher m = Pattern.compile("^[A-Za-z]+\\s*\\[\\s*\"([^\"]*)\"").matcher(wkt);
        return m.find() ? "'" + clip(m.group(1)) + "'" : "'" + clip(wkt) + "'";
    }

    private static String clip(String s) {
        return s.length() > 80 ? s.substring(0, 80) + "…" : s;
    }
}
