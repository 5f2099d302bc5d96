package cn.yiwang.geo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

class ChinaCoordinateTransformerTest {

    /** Tolerance promised for agreement with published values and for round trips, degrees. */
    private static final double TOLERANCE = 1e-6;

    // ------------------------------------------------------------------ published sample values

    /** A published pair: {@code a} in one system, {@code b} the same place in another; lon, lat order. */
    private record Sample(String place, double aLon, double aLat, double bLon, double bLat) {
        @Override
        public String toString() {
            return place;
        }
    }

    /*
     * WGS84 -> GCJ-02 test vectors of googollee/eviltransform, identical in python/test.py (TESTS, commit
     * 3416646abc64972e899118271bd98030224d9d6c), go/transform_test.go, c/test.c, javascript/test.js and
     * csharp/EvilTransformUnitTest.cs. eviltransform lists them (wgsLat, wgsLng, gcjLat, gcjLng);
     * they are reordered here to (lon, lat):
     *   {31.1774276, 121.5272106, 31.17530398364597, 121.531541859215}   // shanghai
     *   {22.543847, 113.912316, 22.540796131694766, 113.9171764808363}   // shenzhen
     *   {39.911954, 116.377817, 39.91334545536069, 116.38404722455657}   // beijing
     */
    static Stream<Sample> eviltransformWgs84ToGcj02() {
        return Stream.of(
                new Sample("shanghai", 121.5272106, 31.1774276, 121.531541859215, 31.17530398364597),
                new Sample("shenzhen", 113.912316, 22.543847, 113.9171764808363, 22.540796131694766),
                new Sample("beijing", 116.377817, 39.911954, 116.38404722455657, 39.91334545536069));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("eviltransformWgs84ToGcj02")
    void wgs84ToGcj02MatchesEviltransformPublishedValues(Sample s) {
        assertLonLat(s.bLon(), s.bLat(), ChinaCoordinateTransformer.wgs84ToGcj02(s.aLon(), s.aLat()), TOLERANCE);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("eviltransformWgs84ToGcj02")
    void gcj02ToWgs84RecoversEviltransformWgs84Inputs(Sample s) {
        assertLonLat(s.aLon(), s.aLat(), ChinaCoordinateTransformer.gcj02ToWgs84(s.bLon(), s.bLat()), TOLERANCE);
    }

    /*
     * wandergis/coordtransform README.md (commit 0148136a26bbcbfb3f9aabd808d9bb401f13e9bf), "示例用法", all
     * for the input (116.404, 39.915) in (lon, lat) order; the same numbers are asserted in
     * dromara/hutool's CoordinateUtilTest ("测试参考：https://github.com/wandergis/coordtransform"):
     *   wgs84togcj02:  [ 116.41024449916938, 39.91640428150164 ]
     *   gcj02tobd09:   [ 116.41036949371029, 39.92133699351021 ]
     *   bd09togcj02:   [ 116.39762729119315, 39.90865673957631 ]   (one-step approximation, see below)
     */
    private static final double WANDERGIS_LON = 116.404;
    private static final double WANDERGIS_LAT = 39.915;

    @Test
    void wgs84ToGcj02MatchesCoordtransformReadmeValue() {
        assertLonLat(116.41024449916938, 39.91640428150164,
                ChinaCoordinateTransformer.wgs84ToGcj02(WANDERGIS_LON, WANDERGIS_LAT), TOLERANCE);
    }

    @Test
    void gcj02ToWgs84RecoversCoordtransformReadmeInput() {
        assertLonLat(WANDERGIS_LON, WANDERGIS_LAT,
                ChinaCoordinateTransformer.gcj02ToWgs84(116.41024449916938, 39.91640428150164), TOLERANCE);
    }

    @Test
    void gcj02ToBd09MatchesCoordtransformReadmeValue() {
        assertLonLat(116.41036949371029, 39.92133699351021,
                ChinaCoordinateTransformer.gcj02ToBd09(WANDERGIS_LON, WANDERGIS_LAT), TOLERANCE);
    }

    @Test
    void bd09ToGcj02RecoversCoordtransformReadmeInput() {
        assertLonLat(WANDERGIS_LON, WANDERGIS_LAT,
                ChinaCoordinateTransformer.bd09ToGcj02(116.41036949371029, 39.92133699351021), TOLERANCE);
    }

    /**
     * coordtransform's bd09togcj02 is the non-iterative approximation (about 4e-7 degrees off the exact
     * inverse at this point); our refined inverse must still agree with it within the 1e-6 tolerance.
     */
    @Test
    void bd09ToGcj02AgreesWithCoordtransformReadmeValue() {
        assertLonLat(116.39762729119315, 39.90865673957631,
                ChinaCoordinateTransformer.bd09ToGcj02(WANDERGIS_LON, WANDERGIS_LAT), TOLERANCE);
    }

    /*
     * GCJ-02 -> BD-09 pairs from hujiulong/gcoord test/fixtures/china-cities.json (commit
     * fedbaa105f198d5afc23fec2d60c0a0df32ef663), "coords": {"GCJ02": [lon, lat], "BD09": [lon, lat]},
     * published to 7 decimals:
     *   郑州市 (Zhengzhou)  GCJ02 [113.6253334, 34.7466173]  BD09 [113.6317519, 34.7528605]
     *   驻马店市 (Zhumadian) GCJ02 [114.022306, 33.0115324]   BD09 [114.0287781, 33.0176697]
     *   邵阳市 (Shaoyang)   GCJ02 [111.4677938, 27.2388981]  BD09 [111.4742271, 27.2451662]
     *   那曲地区 (Nagqu)    GCJ02 [92.0512438, 31.4762063]   BD09 [92.0576832, 31.4824421]
     * (The fixture's WGS84 column differs from its GCJ02 column by ~5e-6 degrees under the public GCJ-02
     * formula, so it is not used for GCJ-02 assertions; the eviltransform and coordtransform values are.)
     */
    static Stream<Sample> gcoordGcj02ToBd09() {
        return Stream.of(
                new Sample("zhengzhou", 113.6253334, 34.7466173, 113.6317519, 34.7528605),
                new Sample("zhumadian", 114.022306, 33.0115324, 114.0287781, 33.0176697),
                new Sample("shaoyang", 111.4677938, 27.2388981, 111.4742271, 27.2451662),
                new Sample("nagqu", 92.0512438, 31.4762063, 92.0576832, 31.4824421));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("gcoordGcj02ToBd09")
    void gcj02ToBd09MatchesGcoordCityFixtures(Sample s) {
        assertLonLat(s.bLon(), s.bLat(), ChinaCoordinateTransformer.gcj02ToBd09(s.aLon(), s.aLat()), TOLERANCE);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("gcoordGcj02ToBd09")
    void bd09ToGcj02RecoversGcoordCityFixtures(Sample s) {
        assertLonLat(s.aLon(), s.aLat(), ChinaCoordinateTransformer.bd09ToGcj02(s.bLon(), s.bLat()), TOLERANCE);
    }

    // ------------------------------------------------------------------ round trips on grids

    /** A conversion there and back, as a function (lon, lat) -> (lon, lat). */
    enum RoundTrip {
        WGS84_GCJ02_WGS84((lon, lat) -> {
            double[] g = ChinaCoordinateTransformer.wgs84ToGcj02(lon, lat);
            return ChinaCoordinateTransformer.gcj02ToWgs84(g[0], g[1]);
        }),
        GCJ02_WGS84_GCJ02((lon, lat) -> {
            double[] w = ChinaCoordinateTransformer.gcj02ToWgs84(lon, lat);
            return ChinaCoordinateTransformer.wgs84ToGcj02(w[0], w[1]);
        }),
        GCJ02_BD09_GCJ02((lon, lat) -> {
            double[] b = ChinaCoordinateTransformer.gcj02ToBd09(lon, lat);
            return ChinaCoordinateTransformer.bd09ToGcj02(b[0], b[1]);
        }),
        BD09_GCJ02_BD09((lon, lat) -> {
            double[] g = ChinaCoordinateTransformer.bd09ToGcj02(lon, lat);
            return ChinaCoordinateTransformer.gcj02ToBd09(g[0], g[1]);
        }),
        WGS84_BD09_WGS84((lon, lat) -> {
            double[] b = ChinaCoordinateTransformer.fromWgs84(CoordinateSystem.BD09, lon, lat);
            return ChinaCoordinateTransformer.toWgs84(CoordinateSystem.BD09, b[0], b[1]);
        }),
        BD09_WGS84_BD09((lon, lat) -> {
            double[] w = ChinaCoordinateTransformer.toWgs84(CoordinateSystem.BD09, lon, lat);
            return ChinaCoordinateTransformer.fromWgs84(CoordinateSystem.BD09, w[0], w[1]);
        });

        private final PointFunction function;

        RoundTrip(PointFunction function) {
            this.function = function;
        }
    }

    @FunctionalInterface
    interface PointFunction {
        double[] apply(double lon, double lat);
    }

    /** A lon/lat grid, bounds inclusive. */
    private record Grid(String name, double minLon, double maxLon, double minLat, double maxLat, double step) {
        @Override
        public String toString() {
            return name;
        }
    }

    /** Zhengzhou, Henan: lon 112.7-114.2, lat 34.2-34.99, every 0.01 degrees (12 080 points). */
    private static final Grid ZHENGZHOU = new Grid("Zhengzhou", 112.7, 114.2, 34.2, 34.99, 0.01);

    /**
     * The whole China bounding box, every 0.1 degrees, kept 0.05 degrees inside its edges: right at the
     * edge an offset point can cross the box boundary, which is a documented limitation.
     */
    private static final Grid CHINA = new Grid("China", 72.054, 137.7847, 0.8793, 55.7771, 0.1);

    static Stream<Arguments> gridsAndRoundTrips() {
        return Stream.of(ZHENGZHOU, CHINA)
                .flatMap(g -> Arrays.stream(RoundTrip.values()).map(rt -> Arguments.of(g, rt)));
    }

    @ParameterizedTest(name = "{1} over {0}")
    @MethodSource("gridsAndRoundTrips")
    void roundTripErrorStaysBelow1e6Degrees(Grid grid, RoundTrip roundTrip, TestReporter reporter) {
        double maxError = maxRoundTripError(grid, roundTrip);
        reporter.publishEntry(roundTrip + " over " + grid + " max error (deg)", String.valueOf(maxError));
        assertTrue(maxError < TOLERANCE, roundTrip + " over " + grid + ": max error " + maxError);
    }

    /** The inverses iterate to 1e-12 degrees, so round trips must be far better than the promised 1e-6. */
    @ParameterizedTest(name = "{1} over {0}")
    @MethodSource("gridsAndRoundTrips")
    void roundTripErrorReachesIterationTolerance(Grid grid, RoundTrip roundTrip) {
        double maxError = maxRoundTripError(grid, roundTrip);
        assertTrue(maxError < 1e-9, roundTrip + " over " + grid + ": max error " + maxError);
    }

    @Test
    void gcj02ToWgs84ConvergesAtTheSqrtCuspOf105DegreesEast() {
        // x = lon - 105 enters the GCJ-02 polynomials through sqrt(|x|), which has no derivative at 0.
        for (double lon : new double[] {104.99, 104.999999, 105.0, 105.000001, 105.01}) {
            double[] gcj = ChinaCoordinateTransformer.wgs84ToGcj02(lon, 30.0);
            double[] back = ChinaCoordinateTransformer.gcj02ToWgs84(gcj[0], gcj[1]);
            assertLonLat(lon, 30.0, back, 1e-9);
        }
    }

    private static double maxRoundTripError(Grid grid, RoundTrip roundTrip) {
        double max = 0.0;
        int nLon = (int) Math.round((grid.maxLon() - grid.minLon()) / grid.step());
        int nLat = (int) Math.round((grid.maxLat() - grid.minLat()) / grid.step());
        for (int i = 0; i <= nLon; i++) {
            double lon = Math.min(grid.minLon() + i * grid.step(), grid.maxLon());
            for (int j = 0; j <= nLat; j++) {
                double lat = Math.min(grid.minLat() + j * grid.step(), grid.maxLat());
                double[] back = roundTrip.function.apply(lon, lat);
                max = Math.max(max, Math.max(Math.abs(back[0] - lon), Math.abs(back[1] - lat)));
            }
        }
        return max;
    }

    // ------------------------------------------------------------------ system-level API

    @Test
    void cgcs2000IsTreatedAsWgs84() {
        assertArrayEquals(new double[] {113.6253334, 34.7466173},
                ChinaCoordinateTransformer.toWgs84(CoordinateSystem.CGCS2000, 113.6253334, 34.7466173));
        assertArrayEquals(new double[] {113.6253334, 34.7466173},
                ChinaCoordinateTransformer.fromWgs84(CoordinateSystem.CGCS2000, 113.6253334, 34.7466173));
    }

    @Test
    void wgs84ToWgs84IsIdentity() {
        assertArrayEquals(new double[] {113.6253334, 34.7466173},
                ChinaCoordinateTransformer.toWgs84(CoordinateSystem.WGS84, 113.6253334, 34.7466173));
    }

    @Test
    void toWgs84FromBd09ComposesBd09ToGcj02AndGcj02ToWgs84() {
        double[] gcj = ChinaCoordinateTransformer.bd09ToGcj02(113.6317519, 34.7528605);
        double[] expected = ChinaCoordinateTransformer.gcj02ToWgs84(gcj[0], gcj[1]);
        assertArrayEquals(expected,
                ChinaCoordinateTransformer.toWgs84(CoordinateSystem.BD09, 113.6317519, 34.7528605));
    }

    @Test
    void fromWgs84ToBd09ComposesWgs84ToGcj02AndGcj02ToBd09() {
        double[] gcj = ChinaCoordinateTransformer.wgs84ToGcj02(113.6192856, 34.7478004);
        double[] expected = ChinaCoordinateTransformer.gcj02ToBd09(gcj[0], gcj[1]);
        assertArrayEquals(expected,
                ChinaCoordinateTransformer.fromWgs84(CoordinateSystem.BD09, 113.6192856, 34.7478004));
    }

    @Test
    void transformBetweenGcj02AndBd09AgreesWithTheDirectStep() {
        assertLonLat(116.41036949371029, 39.92133699351021,
                ChinaCoordinateTransformer.transform(CoordinateSystem.GCJ02, CoordinateSystem.BD09,
                        WANDERGIS_LON, WANDERGIS_LAT), 1e-9);
    }

    @Test
    void returnedArraysAreFreshCopies() {
        double[] a = ChinaCoordinateTransformer.toWgs84(CoordinateSystem.WGS84, 113.6, 34.7);
        a[0] = 0;
        assertArrayEquals(new double[] {113.6, 34.7},
                ChinaCoordinateTransformer.toWgs84(CoordinateSystem.WGS84, 113.6, 34.7));
    }

    // ------------------------------------------------------------------ outside China

    /** Places outside the rough China box: London, New York, Sydney, Tokyo (lon 139.69 > 137.8347). */
    static Stream<double[]> pointsOutsideChina() {
        return Stream.of(
                new double[] {-0.1276, 51.5072},
                new double[] {-74.006, 40.7128},
                new double[] {151.2093, -33.8688},
                new double[] {139.6917, 35.6895});
    }

    @ParameterizedTest
    @MethodSource("pointsOutsideChina")
    void pointsOutsideChinaAreNotOffsetByAnyPrimitive(double[] p) {
        assertArrayEquals(p, ChinaCoordinateTransformer.wgs84ToGcj02(p[0], p[1]));
        assertArrayEquals(p, ChinaCoordinateTransformer.gcj02ToWgs84(p[0], p[1]));
        assertArrayEquals(p, ChinaCoordinateTransformer.gcj02ToBd09(p[0], p[1]));
        assertArrayEquals(p, ChinaCoordinateTransformer.bd09ToGcj02(p[0], p[1]));
    }

    @ParameterizedTest
    @EnumSource(CoordinateSystem.class)
    void pointsOutsideChinaAreNotOffsetByAnySystem(CoordinateSystem system) {
        pointsOutsideChina().forEach(p -> {
            assertArrayEquals(p, ChinaCoordinateTransformer.toWgs84(system, p[0], p[1]));
            assertArrayEquals(p, ChinaCoordinateTransformer.fromWgs84(system, p[0], p[1]));
        });
    }

    @Test
    void chinaBoundingBoxContainsZhengzhouButNotTokyo() {
        assertTrue(ChinaCoordinateTransformer.isInChinaBoundingBox(113.62, 34.75));
        assertFalse(ChinaCoordinateTransformer.isInChinaBoundingBox(139.6917, 35.6895));
    }

    @Test
    void pointsInsideChinaAreOffset() {
        double[] gcj = ChinaCoordinateTransformer.wgs84ToGcj02(113.6192856, 34.7478004);
        assertTrue(Math.abs(gcj[0] - 113.6192856) > 1e-3, "longitude is offset");
    }

    // ------------------------------------------------------------------ bad input

    @Test
    void nanLongitudeIsRejectedNamingTheValue() {
        assertRejected("NaN", () -> ChinaCoordinateTransformer.wgs84ToGcj02(Double.NaN, 34.7));
    }

    @Test
    void nanLatitudeIsRejectedNamingTheValue() {
        assertRejected("NaN", () -> ChinaCoordinateTransformer.toWgs84(CoordinateSystem.GCJ02, 113.6, Double.NaN));
    }

    @Test
    void latitude95IsRejectedNamingTheValue() {
        assertRejected("95.0", () -> ChinaCoordinateTransformer.gcj02ToWgs84(113.6, 95.0));
    }

    @Test
    void longitude181IsRejectedNamingTheValue() {
        assertRejected("181.0", () -> ChinaCoordinateTransformer.fromWgs84(CoordinateSystem.BD09, 181.0, 34.7));
    }

    @Test
    void infiniteLongitudeIsRejectedNamingTheValue() {
        assertRejected("Infinity", () -> ChinaCoordinateTransformer.bd09ToGcj02(Double.NEGATIVE_INFINITY, 34.7));
    }

    @Test
    void infiniteLatitudeIsRejectedNamingTheValue() {
        assertRejected("Infinity", () -> ChinaCoordinateTransformer.gcj02ToBd09(113.6, Double.POSITIVE_INFINITY));
    }

    @Test
    void outOfRangeInputIsRejectedEvenOutsideChina() {
        assertRejected("-90.5", () -> ChinaCoordinateTransformer.toWgs84(CoordinateSystem.WGS84, 0.0, -90.5));
    }

    @Test
    void unknownSystemNameIsRejectedNamingTheValue() {
        assertRejected("gcj2000",
                () -> ChinaCoordinateTransformer.toWgs84(CoordinateSystem.parse("gcj2000"), 113.6, 34.7));
    }

    @Test
    void rangeLimitsThemselvesAreAccepted() {
        assertArrayEquals(new double[] {180.0, -90.0},
                ChinaCoordinateTransformer.toWgs84(CoordinateSystem.GCJ02, 180.0, -90.0));
        assertArrayEquals(new double[] {-180.0, 90.0},
                ChinaCoordinateTransformer.fromWgs84(CoordinateSystem.BD09, -180.0, 90.0));
    }

    @Test
    void nullSystemIsRejected() {
        assertThrows(NullPointerException.class, () -> ChinaCoordinateTransformer.toWgs84(null, 113.6, 34.7));
    }

    // ------------------------------------------------------------------ helpers

    private static void assertRejected(String valueInMessage, Executable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertTrue(e.getMessage().contains(valueInMessage),
                "message should name " + valueInMessage + ": " + e.getMessage());
    }

    private static void assertLonLat(double expectedLon, double expectedLat, double[] actual, double tolerance) {
        assertEquals(2, actual.length, "result is [lon, lat]");
        assertEquals(expectedLon, actual[0], tolerance, "longitude");
        assertEquals(expectedLat, actual[1], tolerance, "latitude");
    }
}
