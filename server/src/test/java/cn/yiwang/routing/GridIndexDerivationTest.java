package cn.yiwang.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.operation.overlayng.OverlayNG;
import org.locationtech.jts.operation.overlayng.OverlayNGRobust;

import cn.yiwang.data.GridGenerator;
import cn.yiwang.data.GridLevel;
import cn.yiwang.data.GridRecord;

/**
 * {@link GridIndex#withChanges} against {@link GridIndex#build}: random re-cuts of shared edges,
 * merges, splits, removals, additions (some overlapping their neighbours) and special-grid changes
 * are applied to the generated Erqi grids, each index derived from the previous derived one, and
 * after every step every answer of the derived index (ids, codes, locate, snapping, nearest,
 * distances, circle shares, special grids) must equal that of a fresh build of the same grids, at
 * random points and at the vertices and on the edges of the grids that changed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GridIndexDerivationTest {

    private static final GeometryFactory FACTORY = new GeometryFactory();

    Map<String, Geometry> erqiMicro;
    Map<String, Geometry> erqiSpecial;

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
    }

    /** The grids (micro, special) whose envelope lies in the box around Erqi's centre, {@code side} degrees across. */
    private Map<String, Geometry> within(Map<String, Geometry> grids, double side) {
        Envelope all = new Envelope();
        erqiMicro.values().forEach(g -> all.expandToInclude(g.getEnvelopeInternal()));
        Envelope box = new Envelope(all.centre());
        box.expandBy(side / 2);
        Map<String, Geometry> out = new TreeMap<>();
        grids.forEach((code, g) -> {
            if (box.contains(g.getEnvelopeInternal())) {
                out.put(code, g);
            }
        });
        return out;
    }

    /** One random step: what changes and what goes, for the micro and the special grids. */
    private record Step(Map<String, Geometry> micro, Set<String> microRemoved, Map<String, Geometry> special,
                        Set<String> specialRemoved) {

        Step() {
            this(new HashMap<>(), new HashSet<>(), new HashMap<>(), new HashSet<>());
        }

        void applyTo(Map<String, Geometry> microGrids, Map<String, Geometry> specialGrids) {
            microRemoved.forEach(microGrids::remove);
            microGrids.putAll(micro);
            specialRemoved.forEach(specialGrids::remove);
            specialGrids.putAll(special);
        }
    }

    /** Applies {@code steps} random steps of up to {@code maxEdits} edits each, comparing after every step. */
    private int[] run(Map<String, Geometry> micro, Map<String, Geometry> special, long seed, int steps, int maxEdits, int randomPoints) {
        SplittableRandom random = new SplittableRandom(seed);
        Map<String, Geometry> currentMicro = new TreeMap<>(micro);
        Map<String, Geometry> currentSpecial = new TreeMap<>(special);
        GridIndex index = GridIndex.build(currentMicro, currentSpecial);
        Envelope area = new Envelope();
        currentMicro.values().forEach(g -> area.expandToInclude(g.getEnvelopeInternal()));
        area.expandBy(0.003);
        int derived = 0;
        int compared = 0;
        int created = 0;
        for (int s = 0; s < steps; s++) {
            Step step = new Step();
            List<Geometry> before = new ArrayList<>();
            int edits = 1 + random.nextInt(maxEdits);
            for (int e = 0; e < edits; e++) {
                created += edit(random, currentMicro, currentSpecial, step, area, s, e);
            }
            step.micro.keySet().forEach(c -> addIfPresent(before, currentMicro.get(c)));
            step.microRemoved.forEach(c -> addIfPresent(before, currentMicro.get(c)));
            GridIndex next = index.withChanges(step.micro, step.microRemoved, step.special, step.specialRemoved);
            step.applyTo(currentMicro, currentSpecial);
            GridIndex fresh = GridIndex.build(currentMicro, currentSpecial);
            derived += next.derived() ? 1 : 0;
            List<Geometry> probes = new ArrayList<>(before);
            step.micro.values().forEach(probes::add);
            compared += compare(fresh, next, random, area, probes, randomPoints, "step " + s);
            index = next;
        }
        return new int[] {derived, compared, created};
    }

    private static void addIfPresent(List<Geometry> list, Geometry g) {
        if (g != null) {
            list.add(g);
        }
    }

    /** One random edit, recorded in {@code step} and applied to the maps so later edits of the step see it; returns 1 when a grid was created. */
    private int edit(SplittableRandom random, Map<String, Geometry> micro, Map<String, Geometry> special, Step step, Envelope area,
                     int s, int e) {
        List<String> codes = new ArrayList<>(micro.keySet());
        String a = codes.get(random.nextInt(codes.size()));
        Geometry ga = micro.get(a);
        int kind = random.nextInt(10);
        if (kind <= 2) { // re-cut the boundary shared with a neighbour
            String b = neighbour(micro, a, random);
            if (b != null) {
                Geometry union = OverlayNGRobust.overlay(ga, micro.get(b), OverlayNG.UNION);
                Geometry[] halves = cut(union, random);
                if (halves != null) {
                    put(micro, step, a, halves[0]);
                    put(micro, step, b, halves[1]);
                }
            }
            return 0;
        }
        if (kind == 3) { // merge a neighbour into a
            String b = neighbour(micro, a, random);
            if (b != null) {
                put(micro, step, a, OverlayNGRobust.overlay(ga, micro.get(b), OverlayNG.UNION));
                remove(micro, step, b);
            }
            return 0;
        }
        if (kind <= 5) { // split a into itself and a new grid, whose code sorts before or after a
            Geometry[] halves = cut(ga, random);
            if (halves != null) {
                String code = (random.nextBoolean() ? a.substring(0, a.length() - 1) : a) + "n" + s + "_" + e;
                put(micro, step, a, halves[0]);
                put(micro, step, code, halves[1]);
                return 1;
            }
            return 0;
        }
        if (kind == 6) { // retire a grid: its area becomes a gap
            if (micro.size() > 10) {
                remove(micro, step, a);
            }
            return 0;
        }
        if (kind == 7) { // a new grid overlapping others (ties go to the smallest code), with a hole
            Coordinate c = ga.getCentroid().getCoordinate();
            double r = 0.0005 + random.nextDouble() * 0.002;
            Geometry disk = FACTORY.createPoint(c).buffer(r, 3);
            Geometry withHole = disk.difference(FACTORY.createPoint(c).buffer(r / 3, 2));
            put(micro, step, "0" + s + "_" + e, random.nextBoolean() ? withHole : disk);
            return 1;
        }
        if (kind == 8) { // a special grid changes, comes or goes
            List<String> specials = new ArrayList<>(special.keySet());
            if (!specials.isEmpty() && random.nextBoolean()) {
                String sc = specials.get(random.nextInt(specials.size()));
                if (random.nextBoolean()) {
                    step.specialRemoved.add(sc);
                    step.special.remove(sc);
                    special.remove(sc);
                } else {
                    Geometry g = special.get(sc).buffer(0.0003);
                    step.special.put(sc, g);
                    step.specialRemoved.remove(sc);
                    special.put(sc, g);
                }
            } else {
                Geometry g = ga.buffer(0.0002);
                step.special.put("S" + s + "_" + e, g);
                special.put("S" + s + "_" + e, g);
            }
            return 0;
        }
        // kind 9: a grid moves its vertices a little (a reshape that leaves small gaps and overlaps)
        Geometry moved = ga.copy();
        double dx = (random.nextDouble() - 0.5) * 0.0004;
        double dy = (random.nextDouble() - 0.5) * 0.0004;
        moved.apply((org.locationtech.jts.geom.CoordinateFilter) co -> {
            co.x += dx;
            co.y += dy;
        });
        moved.geometryChanged();
        put(micro, step, a, moved);
        return 0;
    }

    private static void put(Map<String, Geometry> micro, Step step, String code, Geometry g) {
        micro.put(code, g);
        step.micro.put(code, g);
        step.microRemoved.remove(code);
    }

    private static void remove(Map<String, Geometry> micro, Step step, String code) {
        micro.remove(code);
        step.micro.remove(code);
        step.microRemoved.add(code);
    }

    /** A grid whose boundary meets a's, or null. */
    private static String neighbour(Map<String, Geometry> micro, String a, SplittableRandom random) {
        Geometry ga = micro.get(a);
        List<String> found = new ArrayList<>();
        micro.forEach((code, g) -> {
            if (!code.equals(a) && g.getEnvelopeInternal().intersects(ga.getEnvelopeInternal()) && g.intersects(ga)) {
                found.add(code);
            }
        });
        return found.isEmpty() ? null : found.get(random.nextInt(found.size()));
    }

    /** The geometry cut in two by a random line through its centroid, or null when a side is empty. */
    private static Geometry[] cut(Geometry g, SplittableRandom random) {
        Coordinate c = g.getCentroid().getCoordinate();
        double angle = random.nextDouble() * Math.PI;
        double ux = Math.cos(angle);
        double uy = Math.sin(angle);
        double big = 1;
        Polygon half = FACTORY.createPolygon(new Coordinate[] {
            new Coordinate(c.x - ux * big, c.y - uy * big),
            new Coordinate(c.x + ux * big, c.y + uy * big),
            new Coordinate(c.x + ux * big - uy * big, c.y + uy * big + ux * big),
            new Coordinate(c.x - ux * big - uy * big, c.y - uy * big + ux * big),
            new Coordinate(c.x - ux * big, c.y - uy * big)});
        Geometry left = OverlayNGRobust.overlay(g, half, OverlayNG.INTERSECTION);
        Geometry right = OverlayNGRobust.overlay(g, half, OverlayNG.DIFFERENCE);
        if (left.isEmpty() || right.isEmpty() || left.getDimension() != 2 || right.getDimension() != 2) {
            return null;
        }
        return new Geometry[] {left, right};
    }

    /** Every answer of {@code actual} at the probe points equals {@code expected}'s; returns the number of points. */
    private static int compare(GridIndex expected, GridIndex actual, SplittableRandom random, Envelope area, List<Geometry> changed,
                               int randomPoints, String where) {
        assertEquals(expected.codes(), actual.codes(), where + ": ids in code order");
        for (int id = 0; id < expected.size(); id += Math.max(1, expected.size() / 50)) {
            assertEquals(id, actual.id(expected.code(id)), where);
        }
        List<double[]> points = new ArrayList<>();
        for (int i = 0; i < randomPoints; i++) {
            points.add(new double[] {area.getMinX() + random.nextDouble() * area.getWidth(),
                area.getMinY() + random.nextDouble() * area.getHeight()});
        }
        for (Geometry g : changed) {
            Coordinate[] cs = g.getCoordinates();
            for (int i = 0; i < cs.length; i++) {
                points.add(new double[] {cs[i].x, cs[i].y});
                if (i + 1 < cs.length) {
                    // On the edge up to rounding: some exactly on it, others an ulp to either side.
                    double t = i % 3 == 0 ? 0.5 : random.nextDouble();
                    points.add(new double[] {cs[i].x + t * (cs[i + 1].x - cs[i].x), cs[i].y + t * (cs[i + 1].y - cs[i].y)});
                }
            }
            Coordinate c = g.getEnvelopeInternal().centre();
            for (int i = 0; i < 20; i++) {
                points.add(new double[] {c.x + (random.nextDouble() - 0.5) * 0.004, c.y + (random.nextDouble() - 0.5) * 0.004});
            }
        }
        double[] lons = new double[points.size()];
        double[] lats = new double[points.size()];
        for (int i = 0; i < points.size(); i++) {
            double[] p = points.get(i);
            lons[i] = p[0];
            lats[i] = p[1];
            String at = where + " at " + p[0] + "," + p[1];
            int id = expected.locate(p[0], p[1]);
            assertEquals(id, actual.locate(p[0], p[1]), at);
            assertEquals(expected.locateOrSnap(p[0], p[1], 200), actual.locateOrSnap(p[0], p[1], 200), at);
            assertEquals(expected.nearest(p[0], p[1], 120), actual.nearest(p[0], p[1], 120), at);
            assertEquals(expected.locateMicro(p[0], p[1], 200), actual.locateMicro(p[0], p[1], 200), at);
            assertEquals(expected.locateSpecial(p[0], p[1]), actual.locateSpecial(p[0], p[1]), at);
            int other = random.nextInt(expected.size());
            assertEquals(expected.distanceMeters(other, p[0], p[1]), actual.distanceMeters(other, p[0], p[1]), at);
            if (i % 7 == 0) {
                double r = 5 + random.nextDouble() * 60;
                assertEquals(expected.circleShares(p[0], p[1], r), actual.circleShares(p[0], p[1], r), at + " r " + r);
            }
        }
        int[] expectedIds = new int[lons.length];
        int[] actualIds = new int[lons.length];
        expected.locateOrSnap(lons, lats, 200, expectedIds, 0, lons.length);
        actual.locateOrSnap(lons, lats, 200, actualIds, 0, lons.length);
        assertEquals(java.util.Arrays.toString(expectedIds), java.util.Arrays.toString(actualIds), where + ": batch");
        return points.size();
    }

    @Test
    void hundredsOfRandomEditsToACommunityAnswerLikeAFreshBuild() {
        Map<String, Geometry> micro = within(erqiMicro, 0.02);
        Map<String, Geometry> special = within(erqiSpecial, 0.04);
        assertTrue(micro.size() > 100 && micro.size() < 1000, "grids in the box: " + micro.size());
        int[] r = run(micro, special, 42, 300, 4, 400);
        assertTrue(r[0] > 200, "most steps derived the index rather than building it afresh: " + r[0]);
        assertTrue(r[0] < 300, "some steps compacted: " + r[0]);
        assertTrue(r[1] > 200_000, "points compared: " + r[1]);
        assertTrue(r[2] > 30, "grids created: " + r[2]);
    }

    @Test
    void recutsOfAWholeCommunityInTheDistrictAnswerLikeAFreshBuild() {
        // The planner's case: about 30 grids re-cut at once, on all of Erqi, again and again.
        int[] r = run(erqiMicro, erqiSpecial, 7, 12, 30, 3000);
        assertEquals(12, r[0], "every step derived");
    }

    @Test
    void aGridBeyondTheTopGridFallsBackToAFullBuild() {
        Map<String, Geometry> micro = within(erqiMicro, 0.01);
        GridIndex index = GridIndex.build(micro, Map.of());
        Envelope box = new Envelope();
        micro.values().forEach(g -> box.expandToInclude(g.getEnvelopeInternal()));
        Geometry far = FACTORY.toGeometry(new Envelope(box.getMaxX() + 0.01, box.getMaxX() + 0.02, box.getMinY(), box.getMinY() + 0.01));
        GridIndex next = index.withChanges(Map.of("999", far), List.of(), Map.of(), List.of());
        assertFalse(next.derived());
        Map<String, Geometry> all = new TreeMap<>(micro);
        all.put("999", far);
        compare(GridIndex.build(all, Map.of()), next, new SplittableRandom(3), far.getEnvelopeInternal(), List.of(far), 2000, "far");
        assertEquals("999", next.code(next.locate(box.getMaxX() + 0.015, box.getMinY() + 0.005)));
    }

    @Test
    void theOldIndexKeepsItsAnswers() {
        Map<String, Geometry> micro = within(erqiMicro, 0.01);
        GridIndex index = GridIndex.build(micro, Map.of());
        String code = micro.keySet().iterator().next();
        Coordinate inside = micro.get(code).getInteriorPoint().getCoordinate();
        GridIndex next = index.withChanges(Map.of(), List.of(code), Map.of(), List.of());
        assertEquals(code, index.code(index.locate(inside.x, inside.y)));
        assertEquals(-1, next.locate(inside.x, inside.y));
        assertEquals(-1, next.id(code));
        assertEquals(index.size() - 1, next.size());
    }

    @Test
    void aSpecialGridChangeAloneKeepsTheMicroIndexAsItIs() {
        Map<String, Geometry> micro = within(erqiMicro, 0.01);
        Map<String, Geometry> special = new TreeMap<>(within(erqiSpecial, 0.04));
        GridIndex index = GridIndex.build(micro, special);
        Geometry first = micro.values().iterator().next();
        Geometry added = first.buffer(0.0005);
        List<String> gone = special.isEmpty() ? List.of() : List.of(special.keySet().iterator().next());
        GridIndex next = index.withChanges(Map.of(), List.of("no-such-code"), Map.of("S-new", added), gone);
        assertTrue(next.derived());
        special.put("S-new", added);
        gone.forEach(special::remove);
        compare(GridIndex.build(micro, special), next, new SplittableRandom(5), added.getEnvelopeInternal(), List.of(first, added), 2000,
                "special only");
        assertTrue(next.locateSpecial(first.getInteriorPoint().getX(), first.getInteriorPoint().getY()).contains("S-new"));
    }

    @Test
    void aCodeBothChangedAndRemovedIsRefused() {
        GridIndex index = GridIndex.build(GridIndexTest.SQUARES, Map.of());
        Geometry g = GridIndexTest.SQUARES.get("A");
        assertThrows(IllegalArgumentException.class, () -> index.withChanges(Map.of("A", g), List.of("A"), Map.of(), List.of()));
        assertThrows(IllegalArgumentException.class,
                () -> index.withChanges(Map.of("C", g.getBoundary()), List.of(), Map.of(), List.of()));
    }
}
