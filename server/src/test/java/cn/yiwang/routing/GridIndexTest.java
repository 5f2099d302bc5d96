package cn.yiwang.routing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.TreeMap;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.prep.PreparedGeometry;
import org.locationtech.jts.geom.util.AffineTransformation;
import org.locationtech.jts.geom.prep.PreparedGeometryFactory;
import org.locationtech.jts.io.ParseException;
import org.locationtech.jts.io.WKTReader;

import cn.yiwang.data.GridGenerator;
import cn.yiwang.data.GridLevel;
import cn.yiwang.data.GridRecord;
import cn.yiwang.grid.GridLocator;
import cn.yiwang.grid.IndexedGridLocator;
import cn.yiwang.grid.SimpleGridLocator;

/**
 * {@link GridIndex} against the references: {@link SimpleGridLocator} (brute force) and
 * {@link IndexedGridLocator} (STRtree of prepared geometries), on WKT fixtures and on the whole
 * generated Erqi hierarchy with seeded random points.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GridIndexTest {

    private static final GeometryFactory FACTORY = new GeometryFactory();

    static Geometry wkt(String wkt) {
        try {
            return new WKTReader().read(wkt);
        } catch (ParseException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** Two unit squares sharing the edge x = 1, and a special grid over part of the second. */
    static final Map<String, Geometry> SQUARES = Map.of(
            "B", wkt("POLYGON((1 0, 2 0, 2 1, 1 1, 1 0))"),
            "A", wkt("POLYGON((0 0, 1 0, 1 1, 0 1, 0 0))"));
    static final Map<String, Geometry> SPECIAL = Map.of(
            "S1", wkt("POLYGON((1.5 0.5, 1.9 0.5, 1.9 0.9, 1.5 0.9, 1.5 0.5))"),
            "S0", wkt("POLYGON((1.6 0.6, 1.8 0.6, 1.8 0.8, 1.6 0.8, 1.6 0.6))"));

    Map<String, Geometry> erqiMicro;
    Map<String, Geometry> erqiSpecial;
    GridIndex erqi;
    IndexedGridLocator erqiReference;

    @BeforeAll
    void erqi() {
        erqiMicro = new TreeMap<>();
        erqiSpecial = new TreeMap<>();
        for (GridRecord g : GridGenerator.erqi(GridGenerator.DEFAULT_SEED)) {
            if (g.level() == GridLevel.MICRO) {
                erqiMicro.put(g.code(), g.geometry());
            } else if (g.level() == GridLevel.SPECIAL) {
                erqiSpecial.put(g.code(), g.geometry());
            }
        }
        erqi = GridIndex.build(erqiMicro, erqiSpecial);
        erqiReference = new IndexedGridLocator(erqiMicro, erqiSpecial);
    }

    private static Optional<String> code(GridIndex index, double lon, double lat) {
        int id = index.locate(lon, lat);
        return id < 0 ? Optional.empty() : Optional.of(index.code(id));
    }

    private static Optional<String> code(GridLocator locator, double lon, double lat) {
        return locator.locateMicro(lon, lat, 0).map(GridLocator.Hit::code);
    }

    @Test
    void pointOnSharedEdgeGoesToTheSmallestCode() {
        GridIndex index = GridIndex.build(SQUARES, SPECIAL);
        assertEquals(Optional.of("A"), code(index, 1.0, 0.5));
        assertEquals(Optional.of("A"), code(index, 1.0, 1.0), "shared vertex");
        assertEquals(Optional.of("B"), code(index, 2.0, 0.5), "outer edge of B only");
        assertEquals(Optional.of("B"), code(index, 1.0 + Math.ulp(1.0), 0.5), "one ulp east of the shared edge");
        assertEquals(Optional.empty(), code(index, 2.0 + Math.ulp(2.0), 0.5), "one ulp outside");
    }

    @Test
    void specialGridsCoveringThePointAreListedInCodeOrder() {
        GridIndex index = GridIndex.build(SQUARES, SPECIAL);
        assertEquals(List.of("S0", "S1"), index.locateSpecial(1.7, 0.7));
        assertEquals(List.of("S1"), index.locateSpecial(1.55, 0.55));
        assertEquals(List.of("S1"), index.locateSpecial(1.9, 0.9), "corner of the special grid");
        assertEquals(List.of(), index.locateSpecial(0.5, 0.5));
    }

    @Test
    void pointInAHoleBelongsToTheGridFillingIt() {
        GridIndex index = GridIndex.build(Map.of(
                "1", wkt("POLYGON((0 0, 4 0, 4 4, 0 4, 0 0), (1 1, 3 1, 3 3, 1 3, 1 1))"),
                "2", wkt("MULTIPOLYGON(((1 1, 3 1, 3 3, 1 3, 1 1)), ((5 5, 6 5, 6 6, 5 6, 5 5)))")), Map.of());
        assertEquals(Optional.of("2"), code(index, 2, 2));
        assertEquals(Optional.of("1"), code(index, 0.5, 2));
        assertEquals(Optional.of("1"), code(index, 1, 2), "hole edge: both cover, smallest code");
        assertEquals(Optional.of("2"), code(index, 5.5, 5.5), "second part of the multipolygon");
        assertEquals(Optional.empty(), code(index, 4.5, 4.5));
    }

    @Test
    void nonFiniteAndFarAwayPointsFindNoGrid() {
        GridIndex index = GridIndex.build(SQUARES, Map.of());
        assertEquals(-1, index.locate(Double.NaN, 0.5));
        assertEquals(-1, index.locate(0.5, Double.POSITIVE_INFINITY));
        assertEquals(-1, index.locate(-170, -80));
        assertEquals(-1, index.locateOrSnap(Double.NaN, 0.5, 200));
        assertEquals(-1, GridIndex.build(Map.of(), Map.of()).locate(0.5, 0.5), "empty index");
    }

    @Test
    void pointOutsideSnapsToTheNearestGridWithinDistanceOnly() {
        // Near the equator 1e-3° ≈ 111 m.
        GridIndex index = GridIndex.build(SQUARES, Map.of());
        GridLocator.Hit hit = index.locateMicro(2.001, 0.5, 200).orElseThrow();
        assertEquals("B", hit.code());
        assertEquals(111.32, hit.snappedMeters(), 0.01);
        assertEquals(Optional.empty(), index.locateMicro(2.001, 0.5, 100));
        assertEquals(Optional.empty(), index.locateMicro(2.001, 0.5, 0));
        assertEquals(Optional.of(new GridLocator.Hit("A", 0)), index.locateMicro(0.5, 0.5, 200));
        // Below both squares at x = 1: equally near to A and B, the smaller code wins.
        assertEquals("A", index.locateMicro(1.0, -0.001, 200).orElseThrow().code());
    }

    @Test
    void randomPointsInsideEachErqiMicroGridRouteToThatGrid() {
        SplittableRandom random = new SplittableRandom(20261122);
        int checked = 0;
        for (Map.Entry<String, Geometry> e : erqiMicro.entrySet()) {
            PreparedGeometry prepared = PreparedGeometryFactory.prepare(e.getValue());
            Envelope env = e.getValue().getEnvelopeInternal();
            int found = 0;
            for (int attempt = 0; found < 20 && attempt < 2000; attempt++) {
                double lon = env.getMinX() + random.nextDouble() * env.getWidth();
                double lat = env.getMinY() + random.nextDouble() * env.getHeight();
                if (prepared.containsProperly(FACTORY.createPoint(new Coordinate(lon, lat)))) {
                    found++;
                    // Strictly inside this grid; the generated tiling has no overlaps beyond 1e-12 of an area.
                    assertEquals(Optional.of(e.getKey()), code(erqi, lon, lat), e.getKey() + " at " + lon + "," + lat);
                }
            }
            assertEquals(20, found, "sampled inside " + e.getKey());
            checked += found;
        }
        assertEquals(20 * erqiMicro.size(), checked);
    }

    @Test
    void everyVertexOfEveryErqiMicroGridRoutesLikeTheReference() {
        int shared = 0;
        Map<String, Integer> owners = new HashMap<>();
        for (Geometry g : erqiMicro.values()) {
            for (Coordinate c : g.getCoordinates()) {
                Optional<String> expected = code(erqiReference, c.x, c.y);
                Optional<String> actual = code(erqi, c.x, c.y);
                assertEquals(expected, actual, "vertex " + c.x + "," + c.y);
                assertTrue(actual.isPresent(), "a vertex is covered by its own grid");
                assertEquals(actual, code(erqi, c.x, c.y), "same answer every time");
                if (owners.merge(c.x + "," + c.y, 1, Integer::sum) == 2) {
                    shared++;
                }
            }
        }
        assertTrue(shared > 10_000, "vertices shared by two or more grids: " + shared);
    }

    @Test
    void pointsOnEdgesRouteLikeTheReferences() {
        SplittableRandom random = new SplittableRandom(5);
        List<double[]> points = new ArrayList<>();
        for (Geometry g : erqiMicro.values()) {
            Coordinate[] cs = g.getCoordinates();
            for (int i = 0; i + 1 < cs.length; i++) {
                // On the segment up to rounding: some land exactly on it, others an ulp to either side.
                double t = i % 3 == 0 ? 0.5 : random.nextDouble();
                points.add(new double[] {cs[i].x + t * (cs[i + 1].x - cs[i].x), cs[i].y + t * (cs[i + 1].y - cs[i].y)});
            }
        }
        int onBoundary = 0;
        for (double[] p : points) {
            Optional<String> expected = code(erqiReference, p[0], p[1]);
            assertEquals(expected, code(erqi, p[0], p[1]), "edge point " + p[0] + "," + p[1]);
            if (expected.isPresent() && erqiMicro.get(expected.get()).getBoundary()
                    .intersects(FACTORY.createPoint(new Coordinate(p[0], p[1])))) {
                onBoundary++;
            }
        }
        assertTrue(onBoundary > 1000, "points exactly on an edge: " + onBoundary);
        // The brute-force reference on a sample (it tests all 5,657 grids per point).
        SimpleGridLocator simple = new SimpleGridLocator(erqiMicro, erqiSpecial);
        for (int i = 0; i < points.size(); i += points.size() / 300) {
            double[] p = points.get(i);
            assertEquals(code(simple, p[0], p[1]), code(erqi, p[0], p[1]), "edge point " + p[0] + "," + p[1]);
        }
    }

    @Test
    void randomPointsOverTheDistrictAgreeWithTheReferences() {
        SplittableRandom random = new SplittableRandom(7);
        int inside = 0;
        for (int i = 0; i < 20_000; i++) {
            double lon = 113.50 + random.nextDouble() * 0.19;
            double lat = 34.60 + random.nextDouble() * 0.17;
            Optional<String> expected = code(erqiReference, lon, lat);
            assertEquals(expected, code(erqi, lon, lat), lon + "," + lat);
            assertEquals(erqiReference.locateSpecial(lon, lat), erqi.locateSpecial(lon, lat));
            inside += expected.isPresent() ? 1 : 0;
        }
        assertTrue(inside > 5000, "enough points fell inside Erqi: " + inside);
    }

    @Test
    void snappingAgreesWithTheReferenceUpToItsDegreeSpaceApproximation() {
        SplittableRandom random = new SplittableRandom(11);
        int snapped = 0;
        for (int i = 0; i < 4000; i++) {
            double lon = 113.48 + random.nextDouble() * 0.23;
            double lat = 34.58 + random.nextDouble() * 0.21;
            if (erqi.locate(lon, lat) >= 0) {
                continue;
            }
            Optional<GridLocator.Hit> ours = erqi.locateMicro(lon, lat, 200);
            Optional<GridLocator.Hit> reference = erqiReference.locateMicro(lon, lat, 1000);
            double cos = Math.cos(Math.toRadians(lat));
            if (reference.isEmpty() || (reference.get().snappedMeters() > 200 && reference.get().snappedMeters() < 200 / cos)) {
                continue; // the reference measures to the nearest point in degrees: up to 1/cos(lat) longer
            }
            assertEquals(reference.get().snappedMeters() <= 200, ours.isPresent(), lon + "," + lat);
            if (ours.isPresent()) {
                snapped++;
                double d = ours.get().snappedMeters();
                assertTrue(d <= reference.get().snappedMeters() + 1e-6 && d >= reference.get().snappedMeters() * cos - 1e-6,
                        "ours " + d + " vs reference " + reference.get().snappedMeters());
                assertEquals(d, erqi.distanceMeters(erqi.id(ours.get().code()), lon, lat), 1e-9);
                assertTrue(d > 0);
            }
        }
        assertTrue(snapped > 20, "points that snapped: " + snapped);
    }

    @Test
    void batchLocateMatchesSinglePointLocate() {
        SplittableRandom random = new SplittableRandom(3);
        int n = 5000;
        double[] lons = new double[n];
        double[] lats = new double[n];
        for (int i = 0; i < n; i++) {
            lons[i] = 113.50 + random.nextDouble() * 0.19;
            lats[i] = 34.60 + random.nextDouble() * 0.17;
        }
        int[] out = new int[n];
        erqi.locate(lons, lats, out);
        int[] expected = new int[n];
        for (int i = 0; i < n; i++) {
            expected[i] = erqi.locate(lons[i], lats[i]);
        }
        assertArrayEquals(expected, out);
        int[] snapped = new int[n];
        erqi.locateOrSnap(lons, lats, 200, snapped, 0, n);
        for (int i = 0; i < n; i++) {
            assertEquals(erqi.locateMicro(lons[i], lats[i], 200).map(h -> erqi.id(h.code())).orElse(-1), snapped[i]);
        }
    }

    @Test
    void theIndexDoesNotDependOnTheInputOrder() {
        Map<String, Geometry> reversed = new LinkedHashMap<>();
        List<String> codes = new ArrayList<>(erqiMicro.keySet());
        for (int i = codes.size() - 1; i >= 0; i--) {
            reversed.put(codes.get(i), erqiMicro.get(codes.get(i)));
        }
        GridIndex other = GridIndex.build(reversed, erqiSpecial);
        assertEquals(erqi.codes(), other.codes());
        SplittableRandom random = new SplittableRandom(13);
        for (int i = 0; i < 5000; i++) {
            double lon = 113.50 + random.nextDouble() * 0.19;
            double lat = 34.60 + random.nextDouble() * 0.17;
            assertEquals(erqi.locate(lon, lat), other.locate(lon, lat));
        }
    }

    @Test
    void circleOnASharedEdgeIsSplitByArea() {
        GridIndex index = GridIndex.build(SQUARES, Map.of());
        double r = 50;
        // Centred on the shared edge: half in each.
        List<GridIndex.Share> half = index.circleShares(1.0, 0.5, r);
        assertEquals(2, half.size());
        assertEquals(0.5, half.get(0).fraction(), 1e-9);
        assertEquals(0.5, half.get(1).fraction(), 1e-9);
        assertEquals("A", index.code(half.get(0).id()), "equal shares: smaller code first");
        // 20 m west of the edge: the cap beyond the chord goes to B.
        double d = 20;
        double cap = (r * r * Math.acos(d / r) - d * Math.sqrt(r * r - d * d)) / (Math.PI * r * r);
        double lon = 1.0 - d / (PolygonSet.METERS_PER_DEGREE * PolygonSet.cosLat(0.5));
        List<GridIndex.Share> shares = index.circleShares(lon, 0.5, r);
        assertEquals("A", index.code(shares.get(0).id()));
        assertEquals(1 - cap, shares.get(0).fraction(), 1e-6);
        assertEquals("B", index.code(shares.get(1).id()));
        assertEquals(cap, shares.get(1).fraction(), 1e-6);
        // Well inside: the whole circle in A.
        assertEquals(List.of(new GridIndex.Share(index.id("A"), 1.0)), index.circleShares(0.5, 0.5, r));
        assertThrows(IllegalArgumentException.class, () -> index.circleShares(0.5, 0.5, Double.NaN));
    }

    /**
     * The early-exit test circleShares uses must say what the full distance says: over Erqi's micro
     * grids, at random points and radii, and on a polygon with a hole, whose rings must not be joined
     * by a phantom edge from the shell's last vertex to the hole's first.
     */
    @Test
    void boundaryWithinAgreesWithTheBoundaryDistance() {
        List<Geometry> grids = List.copyOf(erqiMicro.values());
        PolygonSet set = PolygonSet.of(grids);
        SplittableRandom random = new SplittableRandom(29);
        int within = 0;
        for (int i = 0; i < 20_000; i++) {
            int p = random.nextInt(grids.size());
            Envelope e = grids.get(p).getEnvelopeInternal();
            double lon = e.getMinX() + random.nextDouble() * e.getWidth();
            double lat = e.getMinY() + random.nextDouble() * e.getHeight();
            double r = 1 + random.nextDouble() * 60;
            double d = set.boundaryDistanceMeters(p, lon, lat);
            if (Math.abs(d - r) < 1e-6) {
                continue; // rounding may go either way at exactly the radius
            }
            assertEquals(d < r, set.boundaryWithin(p, lon, lat, r), "grid " + p + " at " + lon + "," + lat + " r " + r + " (distance " + d + ")");
            within += d < r ? 1 : 0;
        }
        assertTrue(within > 2_000 && within < 18_000, "both answers were tried: " + within + " of 20,000 within");
        // A 10 x 10 m square (in degrees near the equator) with a 2 x 2 m hole at its centre: the
        // closing vertex of the shell (0 0) and the first of the hole (4 4) are 5.7 m apart; the point
        // (2.5, 3) is 0.35 m from that phantom segment but 1.8 m from every real edge.
        double m = 1 / PolygonSet.METERS_PER_DEGREE;
        Geometry holed = wkt("POLYGON((0 0, " + 10 * m + " 0, " + 10 * m + " " + 10 * m + ", 0 " + 10 * m + ", 0 0), ("
                + 4 * m + " " + 4 * m + ", " + 6 * m + " " + 4 * m + ", " + 6 * m + " " + 6 * m + ", " + 4 * m + " " + 6 * m + ", "
                + 4 * m + " " + 4 * m + "))");
        PolygonSet one = PolygonSet.of(List.of(holed));
        double px = 2.5 * m;
        double py = 3.0 * m;
        double distance = one.boundaryDistanceMeters(0, px, py);
        assertTrue(distance > 1.7, "the real edges are farther than 1.7 m: " + distance);
        assertEquals(false, one.boundaryWithin(0, px, py, 1.7));
        assertEquals(true, one.boundaryWithin(0, px, py, distance + 0.01));
    }

    @Test
    void circleSharesOfErqiMatchJtsIntersectionAreas() {
        SplittableRandom random = new SplittableRandom(17);
        int crossing = 0;
        double r = 40;
        Geometry circle = FACTORY.createPoint(new Coordinate(0, 0)).buffer(r, 256);
        for (int i = 0; i < 300; i++) {
            double lon = 113.60 + random.nextDouble() * 0.05;
            double lat = 34.70 + random.nextDouble() * 0.04;
            int own = erqi.locate(lon, lat);
            if (own < 0) {
                continue;
            }
            List<GridIndex.Share> shares = erqi.circleShares(lon, lat, r);
            assertTrue(shares.stream().anyMatch(s -> s.id() == own), "own grid among the shares");
            // The oracle: JTS overlay of each grid, in the same local metric frame, with a 1,024-gon circle.
            AffineTransformation toMeters = new AffineTransformation().translate(-lon, -lat)
                    .scale(PolygonSet.cosLat(lat) * PolygonSet.METERS_PER_DEGREE, PolygonSet.METERS_PER_DEGREE);
            Map<Integer, Double> expected = new TreeMap<>();
            Envelope near = new Envelope(lon - 0.001, lon + 0.001, lat - 0.001, lat + 0.001);
            for (Map.Entry<String, Geometry> e : erqiMicro.entrySet()) {
                if (e.getValue().getEnvelopeInternal().intersects(near)) {
                    double a = toMeters.transform(e.getValue()).intersection(circle).getArea() / circle.getArea();
                    if (a > 1e-6) {
                        expected.put(erqi.id(e.getKey()), a);
                    }
                }
            }
            Map<Integer, Double> actual = new TreeMap<>();
            shares.forEach(s -> actual.put(s.id(), s.fraction()));
            assertEquals(expected.keySet(), actual.keySet(), "grids reached at " + lon + "," + lat);
            expected.forEach((id, a) -> assertEquals(a, actual.get(id), 1e-4, "share of " + erqi.code(id)));
            for (int k = 1; k < shares.size(); k++) {
                assertTrue(shares.get(k - 1).fraction() >= shares.get(k).fraction(), "largest first");
            }
            crossing += shares.size() > 1 ? 1 : 0;
        }
        assertTrue(crossing > 30, "circles crossing a boundary: " + crossing);
    }

    @Test
    void theSpatialOrderIsAPermutationThatKeepsNeighboursTogether() {
        java.util.SplittableRandom random = new java.util.SplittableRandom(3);
        List<RoutePoint> points = new java.util.ArrayList<>();
        for (int i = 0; i < 5_000; i++) {
            // Two far-apart clusters, interleaved in the input, plus a point that cannot be routed.
            double lon = (i % 2 == 0 ? 113.6 : 114.2) + random.nextDouble() * 0.01;
            points.add(new RoutePoint("p" + i, lon, 34.7 + random.nextDouble() * 0.01, cn.yiwang.geo.CoordinateSystem.WGS84, null, null));
        }
        points.set(17, new RoutePoint("nan", Double.NaN, 34.7, cn.yiwang.geo.CoordinateSystem.WGS84, null, null));
        int[] order = RoutingService.spatialOrder(points);
        assertEquals(points.size(), order.length);
        boolean[] seen = new boolean[order.length];
        for (int i : order) {
            assertFalse(seen[i], "index " + i + " twice");
            seen[i] = true;
        }
        assertEquals(17, order[order.length - 1], "the point without coordinates comes last");
        int switches = 0;
        for (int k = 1; k < order.length - 1; k++) {
            if ((points.get(order[k]).lon() < 114) != (points.get(order[k - 1]).lon() < 114)) {
                switches++;
            }
        }
        assertEquals(1, switches, "one cluster after the other, not alternating as in the input");
    }
}
