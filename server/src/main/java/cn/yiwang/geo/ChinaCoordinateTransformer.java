package cn.yiwang.geo;

import java.util.Objects;

/**
 * Converts points between the coordinate systems used by Chinese map data
 * ({@link CoordinateSystem#WGS84}, {@link CoordinateSystem#GCJ02}, {@link CoordinateSystem#BD09},
 * {@link CoordinateSystem#CGCS2000}); our storage system is WGS84 (EPSG:4326).
 *
 * <h2>Contract</h2>
 * <ul>
 *   <li><b>Units:</b> decimal degrees everywhere, in and out.</li>
 *   <li><b>Axis order:</b> (longitude, latitude) - x before y, as in GeoJSON and PostGIS - for
 *       every parameter list and every returned {@code double[]}, which is always a new array of
 *       length 2: {@code [lon, lat]}.</li>
 *   <li><b>Input checks:</b> every public method rejects NaN or infinite values, longitudes outside
 *       [-180, 180] and latitudes outside [-90, 90] with an {@link IllegalArgumentException} whose
 *       message names the offending value. A null {@link CoordinateSystem} gives a
 *       {@link NullPointerException}.</li>
 *   <li><b>Forward transforms</b> (WGS84 &rarr; GCJ-02, GCJ-02 &rarr; BD-09) evaluate the publicly
 *       known closed-form formulas and are exact to double precision with respect to them.</li>
 *   <li><b>Inverse transforms</b> (GCJ-02 &rarr; WGS84, BD-09 &rarr; GCJ-02) have no closed form;
 *       they start from the usual one-step approximation (subtract the offset evaluated at the
 *       wrong point; on its own that is off by up to ~6e-5&deg;, several metres, for GCJ-02 and
 *       ~2e-6&deg; for BD-09) and refine it by fixed-point iteration
 *       {@code p <- p - (forward(p) - target)} until {@code forward(p)} reproduces the input to
 *       within {@value #INVERSE_TOLERANCE_DEGREES}&deg; on both axes, or at most
 *       {@value #MAX_INVERSE_ITERATIONS} iterations (the best iterate is returned). The offsets vary
 *       slowly with position, so the iteration contracts fast: on a 0.05&deg; grid over the whole
 *       box no point needed more than 6 iterations. A round trip {@code forward(inverse(p))} or
 *       {@code inverse(forward(p))} is reproduced to about 1e-12&deg; (far below a millimetre),
 *       well under the 1e-6&deg; (~0.1 m) this class promises.
 *       Fixed-point iteration is used rather than Newton's method because the GCJ-02 polynomials
 *       contain {@code sqrt(|lon - 105|)}, which has no derivative at 105&deg;E.</li>
 *   <li><b>CGCS2000</b> (EPSG:4490) is treated as identical to WGS84: the datums differ by a few
 *       centimetres, below the accuracy of any GCJ-02 / BD-09 source data.</li>
 *   <li><b>Thread safety:</b> the class is stateless (static methods, constants only) and safe to
 *       call from any number of threads.</li>
 * </ul>
 *
 * <h2>Limitations</h2>
 * <ul>
 *   <li>The GCJ-02 formula is the widely published reverse-engineered one (Krasovsky 1940 ellipsoid,
 *       a = 6378245.0 m, e&sup2; = 0.00669342162296594323). Results are exact with respect to that
 *       formula; how closely it matches the official, unpublished algorithm is not verified here.</li>
 *   <li>"Inside China" is the conventional rough bounding box (longitude 72.004&ndash;137.8347,
 *       latitude 0.8293&ndash;55.8271), not the real border. Outside it GCJ-02 and BD-09 apply no
 *       offset (points are returned unchanged, as eviltransform does), while inside it parts of
 *       neighbouring countries are offset too. The box test is made on the coordinates passed in,
 *       in their own system; within about a kilometre of the box edge a forward and an inverse
 *       transform may therefore disagree on which side the point is. Mainland China itself lies
 *       at least about 1.5&deg; inside every edge of the box.</li>
 *   <li>Hong Kong, Macao and Taiwan lie inside the box and are offset like the mainland; whether
 *       a given provider offsets them is provider-specific and not modelled.</li>
 *   <li>Baidu's Mercator variant (BD-09MC, metres) is not supported; only BD-09 lon/lat degrees.</li>
 * </ul>
 */
public final class ChinaCoordinateTransformer {

    /** Stop the inverse iteration once forward(result) is this close (degrees) to the input. */
    public static final double INVERSE_TOLERANCE_DEGREES = 1e-12;

    /** Upper bound on refinement iterations of an inverse transform. */
    public static final int MAX_INVERSE_ITERATIONS = 30;

    /** Krasovsky 1940 semi-major axis in metres, as used by the GCJ-02 formula. */
    private static final double KRASOVSKY_A = 6378245.0;

    /** Krasovsky 1940 first eccentricity squared, as used by the GCJ-02 formula. */
    private static final double KRASOVSKY_EE = 0.00669342162296594323;

    /** GCJ-02 offset polynomials are centred on this point (degrees). */
    private static final double GCJ_ORIGIN_LON = 105.0;
    private static final double GCJ_ORIGIN_LAT = 35.0;

    /** Baidu's angular constant x_pi = pi * 3000 / 180. */
    private static final double BD_X_PI = Math.PI * 3000.0 / 180.0;
    private static final double BD_SHIFT_LON = 0.0065;
    private static final double BD_SHIFT_LAT = 0.006;
    private static final double BD_RADIUS_FACTOR = 0.00002;
    private static final double BD_ANGLE_FACTOR = 0.000003;

    /** West edge of the conventional rough "mainland China" bounding box, degrees. */
    public static final double CHINA_MIN_LON = 72.004;
    /** East edge of the China bounding box, degrees. */
    public static final double CHINA_MAX_LON = 137.8347;
    /** South edge of the China bounding box, degrees. */
    public static final double CHINA_MIN_LAT = 0.8293;
    /** North edge of the China bounding box, degrees. */
    public static final double CHINA_MAX_LAT = 55.8271;

    private ChinaCoordinateTransformer() {
    }

    // ------------------------------------------------------------------ system-level API

    /**
     * Converts a point given in {@code from} to WGS84.
     *
     * @param from the system {@code lon}/{@code lat} are expressed in
     * @param lon longitude in degrees, [-180, 180]
     * @param lat latitude in degrees, [-90, 90]
     * @return {@code [lon, lat]} in WGS84 degrees
     * @throws IllegalArgumentException for non-finite or out-of-range coordinates
     */
    public static double[] toWgs84(CoordinateSystem from, double lon, double lat) {
        Objects.requireNonNull(from, "from coordinate system must not be null");
        checkLonLat(lon, lat);
        return switch (from) {
            case WGS84, CGCS2000 -> new double[] {lon, lat};
            case GCJ02 -> gcj02ToWgs84(lon, lat);
            case BD09 -> {
                double[] gcj = bd09ToGcj02(lon, lat);
                yield gcj02ToWgs84(gcj[0], gcj[1]);
            }
        };
    }

    /**
     * Converts a WGS84 point to {@code to}.
     *
     * @param to the target system
     * @param lon longitude in WGS84 degrees, [-180, 180]
     * @param lat latitude in WGS84 degrees, [-90, 90]
     * @return {@code [lon, lat]} in {@code to}, degrees
     * @throws IllegalArgumentException for non-finite or out-of-range coordinates
     */
    public static double[] fromWgs84(CoordinateSystem to, double lon, double lat) {
        Objects.requireNonNull(to, "to coordinate system must not be null");
        checkLonLat(lon, lat);
        return switch (to) {
            case WGS84, CGCS2000 -> new double[] {lon, lat};
            case GCJ02 -> wgs84ToGcj02(lon, lat);
            case BD09 -> {
                double[] gcj = wgs84ToGcj02(lon, lat);
                yield gcj02ToBd09(gcj[0], gcj[1]);
            }
        };
    }

    /**
     * Converts a point between any two supported systems (via WGS84).
     *
     * @param from the system {@code lon}/{@code lat} are expressed in
     * @param to the target system
     * @param lon longitude in degrees, [-180, 180]
     * @param lat latitude in degrees, [-90, 90]
     * @return {@code [lon, lat]} in {@code to}, degrees
     * @throws IllegalArgumentException for non-finite or out-of-range coordinates
     */
    public static double[] transform(CoordinateSystem from, CoordinateSystem to, double lon, double lat) {
        Objects.requireNonNull(from, "from coordinate system must not be null");
        Objects.requireNonNull(to, "to coordinate system must not be null");
        checkLonLat(lon, lat);
        if (from == to) {
            return new double[] {lon, lat};
        }
        double[] wgs = toWgs84(from, lon, lat);
        return fromWgs84(to, wgs[0], wgs[1]);
    }

    /**
     * Whether the point lies in the rough mainland-China bounding box inside which GCJ-02 and
     * BD-09 apply their offsets (edges inclusive).
     *
     * @param lon longitude in degrees, [-180, 180]
     * @param lat latitude in degrees, [-90, 90]
     * @return true if inside the box
     * @throws IllegalArgumentException for non-finite or out-of-range coordinates
     */
    public static boolean isInChinaBoundingBox(double lon, double lat) {
        checkLonLat(lon, lat);
        return inBox(lon, lat);
    }

    // ------------------------------------------------------------------ primitive steps

    /**
     * WGS84 &rarr; GCJ-02 (closed form). Points outside the China bounding box are returned unchanged.
     *
     * @param lon longitude in degrees, [-180, 180]
     * @param lat latitude in degrees, [-90, 90]
     * @return {@code [lon, lat]} in GCJ-02
     * @throws IllegalArgumentException for non-finite or out-of-range coordinates
     */
    public static double[] wgs84ToGcj02(double lon, double lat) {
        checkLonLat(lon, lat);
        if (!inBox(lon, lat)) {
            return new double[] {lon, lat};
        }
        double[] out = new double[2];
        gcjForward(lon, lat, out);
        return out;
    }

    /**
     * GCJ-02 &rarr; WGS84 by fixed-point iteration of {@link #wgs84ToGcj02}; see the class
     * documentation for accuracy. Points outside the China bounding box are returned unchanged.
     *
     * @param lon longitude in degrees, [-180, 180]
     * @param lat latitude in degrees, [-90, 90]
     * @return {@code [lon, lat]} in WGS84
     * @throws IllegalArgumentException for non-finite or out-of-range coordinates
     */
    public static double[] gcj02ToWgs84(double lon, double lat) {
        checkLonLat(lon, lat);
        if (!inBox(lon, lat)) {
            return new double[] {lon, lat};
        }
        // One-step approximation: subtract the offset evaluated at the GCJ-02 point itself.
        double[] shifted = new double[2];
        gcjForward(lon, lat, shifted);
        double wLon = lon - (shifted[0] - lon);
        double wLat = lat - (shifted[1] - lat);
        return refineInverse(lon, lat, wLon, wLat, ChinaCoordinateTransformer::gcjForward);
    }

    /**
     * GCJ-02 &rarr; BD-09 (closed form). Points outside the China bounding box are returned unchanged.
     *
     * @param lon longitude in degrees, [-180, 180]
     * @param lat latitude in degrees, [-90, 90]
     * @return {@code [lon, lat]} in BD-09
     * @throws IllegalArgumentException for non-finite or out-of-range coordinates
     */
    public static double[] gcj02ToBd09(double lon, double lat) {
        checkLonLat(lon, lat);
        if (!inBox(lon, lat)) {
            return new double[] {lon, lat};
        }
        double[] out = new double[2];
        bdForward(lon, lat, out);
        return out;
    }

    /**
     * BD-09 &rarr; GCJ-02: Baidu's usual closed-form approximation, refined by fixed-point iteration
     * of {@link #gcj02ToBd09} so that BD-09 &rarr; GCJ-02 &rarr; BD-09 round-trips to about 1e-12&deg;.
     * Points outside the China bounding box are returned unchanged.
     *
     * @param lon longitude in degrees, [-180, 180]
     * @param lat latitude in degrees, [-90, 90]
     * @return {@code [lon, lat]} in GCJ-02
     * @throws IllegalArgumentException for non-finite or out-of-range coordinates
     */
    public static double[] bd09ToGcj02(double lon, double lat) {
        checkLonLat(lon, lat);
        if (!inBox(lon, lat)) {
            return new double[] {lon, lat};
        }
        double x = lon - BD_SHIFT_LON;
        double y = lat - BD_SHIFT_LAT;
        double z = Math.hypot(x, y) - BD_RADIUS_FACTOR * Math.sin(y * BD_X_PI);
        double theta = Math.atan2(y, x) - BD_ANGLE_FACTOR * Math.cos(x * BD_X_PI);
        return refineInverse(lon, lat, z * Math.cos(theta), z * Math.sin(theta),
                ChinaCoordinateTransformer::bdForward);
    }

    // ------------------------------------------------------------------ internals

    /** A forward transform writing {@code [lon, lat]} into {@code out}. */
    @FunctionalInterface
    private interface Forward {
        void apply(double lon, double lat, double[] out);
    }

    /**
     * Solves {@code forward(p) = (targetLon, targetLat)} for p by fixed-point iteration starting
     * at {@code (lon, lat)}; returns the iterate with the smallest residual seen. One array serves
     * every step and the answer (routing a batch converts every point: per-step arrays were most
     * of its garbage).
     */
    private static double[] refineInverse(double targetLon, double targetLat,
                                          double lon, double lat, Forward forward) {
        double[] f = new double[2];
        double bestLon = lon;
        double bestLat = lat;
        double bestResidual = Double.POSITIVE_INFINITY;
        for (int i = 0; i <= MAX_INVERSE_ITERATIONS; i++) {
            forward.apply(lon, lat, f);
            double dLon = f[0] - targetLon;
            double dLat = f[1] - targetLat;
            double residual = Math.max(Math.abs(dLon), Math.abs(dLat));
            if (residual < bestResidual) {
                bestResidual = residual;
                bestLon = lon;
                bestLat = lat;
            }
            if (residual < INVERSE_TOLERANCE_DEGREES) {
                break;
            }
            lon -= dLon;
            lat -= dLat;
        }
        f[0] = bestLon;
        f[1] = bestLat;
        return f;
    }

    /** WGS84 to GCJ-02 without the bounding-box test, into {@code out}. */
    private static void gcjForward(double lon, double lat, double[] out) {
        double x = lon - GCJ_ORIGIN_LON;
        double y = lat - GCJ_ORIGIN_LAT;
        double radLat = Math.toRadians(lat);
        double sinLat = Math.sin(radLat);
        double w = 1.0 - KRASOVSKY_EE * sinLat * sinLat;
        double sqrtW = Math.sqrt(w);
        // metres per degree along the meridian / the parallel on the Krasovsky ellipsoid
        double meridianMetresPerDegree = KRASOVSKY_A * (1.0 - KRASOVSKY_EE) / (w * sqrtW) * Math.PI / 180.0;
        double parallelMetresPerDegree = KRASOVSKY_A / sqrtW * Math.cos(radLat) * Math.PI / 180.0;
        double dLat = offsetNorth(x, y) / meridianMetresPerDegree;
        double dLon = offsetEast(x, y) / parallelMetresPerDegree;
        out[0] = lon + dLon;
        out[1] = lat + dLat;
    }

    /** Common periodic term of both GCJ-02 polynomials, in x = lon - 105. */
    private static double periodicX(double x) {
        return (20.0 * Math.sin(6.0 * Math.PI * x) + 20.0 * Math.sin(2.0 * Math.PI * x)) * 2.0 / 3.0;
    }

    /** The GCJ-02 "transformLat" polynomial (a northward offset in metres), x = lon - 105, y = lat - 35. */
    private static double offsetNorth(double x, double y) {
        double v = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * Math.sqrt(Math.abs(x));
        v += periodicX(x);
        v += (20.0 * Math.sin(Math.PI * y) + 40.0 * Math.sin(Math.PI * y / 3.0)) * 2.0 / 3.0;
        v += (160.0 * Math.sin(Math.PI * y / 12.0) + 320.0 * Math.sin(Math.PI * y / 30.0)) * 2.0 / 3.0;
        return v;
    }

    /** The GCJ-02 "transformLon" polynomial (an eastward offset in metres), x = lon - 105, y = lat - 35. */
    private static double offsetEast(double x, double y) {
        double v = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * Math.sqrt(Math.abs(x));
        v += periodicX(x);
        v += (20.0 * Math.sin(Math.PI * x) + 40.0 * Math.sin(Math.PI * x / 3.0)) * 2.0 / 3.0;
        v += (150.0 * Math.sin(Math.PI * x / 12.0) + 300.0 * Math.sin(Math.PI * x / 30.0)) * 2.0 / 3.0;
        return v;
    }

    /** GCJ-02 to BD-09 without the bounding-box test, into {@code out}. */
    private static void bdForward(double lon, double lat, double[] out) {
        double z = Math.hypot(lon, lat) + BD_RADIUS_FACTOR * Math.sin(lat * BD_X_PI);
        double theta = Math.atan2(lat, lon) + BD_ANGLE_FACTOR * Math.cos(lon * BD_X_PI);
        out[0] = z * Math.cos(theta) + BD_SHIFT_LON;
        out[1] = z * Math.sin(theta) + BD_SHIFT_LAT;
    }

    private static boolean inBox(double lon, double lat) {
        return lon >= CHINA_MIN_LON && lon <= CHINA_MAX_LON && lat >= CHINA_MIN_LAT && lat <= CHINA_MAX_LAT;
    }

    private static void checkLonLat(double lon, double lat) {
        if (!Double.isFinite(lon) || lon < -180.0 || lon > 180.0) {
            throw new IllegalArgumentException(
                    "longitude must be a finite number of degrees in [-180, 180], was " + lon);
        }
        if (!Double.isFinite(lat) || lat < -90.0 || lat > 90.0) {
            throw new IllegalArgumentException(
                    "latitude must be a finite number of degrees in [-90, 90], was " + lat);
        }
    }
}
