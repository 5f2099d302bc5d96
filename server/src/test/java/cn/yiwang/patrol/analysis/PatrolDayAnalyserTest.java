package cn.yiwang.patrol.analysis;

import static cn.yiwang.patrol.analysis.Tracks.at;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Geometry;

/**
 * Every metric of the day analysis on hand-checked synthetic tracks in a 300 m × 300 m grid of four
 * 150 m micro grids, with expectations worked out here from the geometry (not from the analyser).
 */
class PatrolDayAnalyserTest {

    private static final double SIDE = 300;
    private static final AnalysisRules RULES = AnalysisRules.DEFAULTS;
    private static final PatrolDayAnalyser ANALYSER = new PatrolDayAnalyser(RULES);

    private static PatrolGrid grid(List<PatrolGrid.Building> buildings) {
        Map<String, Geometry> micros = new LinkedHashMap<>();
        micros.put("G-01", Tracks.rect(0, 0, 150, 150));
        micros.put("G-02", Tracks.rect(150, 0, 300, 150));
        micros.put("G-03", Tracks.rect(0, 150, 150, 300));
        micros.put("G-04", Tracks.rect(150, 150, 300, 300));
        return new PatrolGrid("G", Tracks.rect(0, 0, SIDE, SIDE), micros, buildings, RULES);
    }

    private static PatrolGrid grid() {
        return grid(List.of());
    }

    private static double[] p(double x, double y) {
        return new double[] {x, y};
    }

    @Test
    void walkAlongTheBoundaryCoversTheInnerThirtyMetreStrip() {
        List<TrackPoint> t = Tracks.walk(Tracks.millis("08:30:00"), 1.2, 10, p(0, 0), p(SIDE, 0), p(SIDE, SIDE), p(0, SIDE), p(0, 0));
        PatrolDayResult r = ANALYSER.analyse(t, grid(), List.of());
        // The part of a square within 30 m of its own boundary: the square minus the inner square 60 m smaller.
        double expected = 1 - Math.pow((SIDE - 60) / SIDE, 2);
        assertEquals(0.36, expected, 1e-12);
        assertEquals(expected, r.coverageShare(), 0.01);
        assertEquals(List.of("G-01", "G-02", "G-03", "G-04"), r.microPassed());
        assertEquals(r.durationSeconds(), r.insideSeconds(), "the boundary belongs to the grid");
        assertEquals(4 * SIDE, r.distanceMeters(), 12.0, "the perimeter, to within the last unfinished step");
    }

    @Test
    void trackThatNeverEntersTheGridCoversNothing() {
        List<TrackPoint> t = Tracks.walk(Tracks.millis("08:30:00"), 1.2, 10, p(SIDE + 40, -50), p(SIDE + 40, SIDE + 50));
        PatrolDayResult r = ANALYSER.analyse(t, grid(), List.of());
        assertEquals(0.0, r.coverageShare());
        assertEquals(0, r.insideSeconds());
        assertTrue(r.durationSeconds() > 0);
        assertEquals(List.of(), r.microPassed());
        assertEquals(false, r.compliant());
    }

    @Test
    void longStopBesideABuildingIsFoundWithThatBuilding() {
        PatrolGrid.Building b1 = new PatrolGrid.Building("B1", "3号楼", "兴华小区", true, Tracks.rect(100, 100, 120, 120));
        PatrolGrid.Building b2 = new PatrolGrid.Building("B2", "9号楼", "兴华小区", true, Tracks.rect(250, 250, 270, 270));
        long t0 = Tracks.millis("09:00:00");
        List<TrackPoint> t = new ArrayList<>(Tracks.walk(t0, 1.2, 10, p(0, 130), p(90, 130)));
        long arrive = t.get(t.size() - 1).timeMillis();
        // Ten minutes standing 10 m west of B1 (x = 90, y = 110), jittering by up to 3 m.
        for (int i = 1; i <= 60; i++) {
            t.add(at(arrive + i * 10_000L, 90 + 3 * Math.sin(i), 110 + 3 * Math.cos(i * 1.7), 6));
        }
        long leave = t.get(t.size() - 1).timeMillis();
        List<TrackPoint> away = Tracks.walk(leave, 1.2, 10, p(90, 110), p(90, 0), p(0, 0));
        t.addAll(away.subList(1, away.size()));
        PatrolDayResult r = ANALYSER.analyse(t, grid(List.of(b1, b2)), List.of());

        assertEquals(1, r.stops().size(), r.stops().toString());
        PatrolDayResult.StopAt s = r.stops().get(0);
        assertEquals("B1", s.buildingId());
        assertEquals("兴华小区", s.compound());
        assertEquals(10.0, s.buildingDistanceMeters(), 3.5);
        // The stop runs from where the approach came within 30 m of the spot to the last fix there.
        assertEquals((leave - arrive) / 1000.0, s.seconds(), 40);
        assertEquals(Tracks.lon(90), s.lon(), 3 / 91_000.0);
        assertEquals(1, r.buildingsPassed(), "B1 within 20 m, B2 never");
        assertEquals(2, r.buildingsTotal());
        assertEquals(List.of("B1"), r.buildingIdsPassed());
    }

    @Test
    void distanceOfAKnownPathIsItsLength() {
        // 600 m east then 400 m north at 1.25 m/s: 80 legs of 12.5 m, 800 s.
        List<TrackPoint> t = Tracks.walk(Tracks.millis("14:00:00"), 1.25, 10, p(0, 0), p(600, 0), p(600, 400));
        assertEquals(81, t.size());
        PatrolDayResult r = ANALYSER.analyse(t, grid(), List.of("EQ-20261120-000001"));
        assertEquals(1000.0, r.distanceMeters(), 0.5);
        assertEquals(800, r.durationSeconds());
        assertEquals(List.of("EQ-20261120-000001"), r.caseCodes());
        assertEquals(0, r.gaps().size());
    }

    @Test
    void idleGapAddsNeitherTimeNorDistance() {
        List<TrackPoint> t = new ArrayList<>(Tracks.walk(Tracks.millis("09:00:00"), 1.2, 10, p(0, 0), p(120, 0)));
        long last = t.get(t.size() - 1).timeMillis();
        // Twenty minutes later, 100 m away, walking on.
        for (int i = 0; i < 11; i++) {
            t.add(at(last + 1_200_000 + i * 10_000L, 120 + i * 12.0, 100, 5));
        }
        PatrolDayResult r = ANALYSER.analyse(t, grid(), List.of());
        assertEquals(1, r.gaps().size());
        assertEquals(1200, r.gaps().get(0).seconds());
        assertEquals("no_fixes", r.gaps().get(0).kind());
        assertEquals(100 + 100, r.durationSeconds());
        assertEquals(120 + 120, r.distanceMeters(), 0.5);
        assertEquals(2, r.track().getNumGeometries(), "the stored track breaks at the gap");
    }

    /** Back and forth along lines 40 m apart: every point of the grid within 30 m of a line. */
    private static List<TrackPoint> lawnmower(long start, int passes) {
        List<double[]> w = new ArrayList<>();
        for (int pass = 0; pass < passes; pass++) {
            for (int i = 0; i <= 7; i++) {
                double y = 10 + i * 40;
                boolean east = (i % 2 == 0);
                w.add(p(east ? 10 : 290, y));
                w.add(p(east ? 290 : 10, y));
            }
            w.add(p(10, 10));
        }
        return Tracks.walk(start, 1.2, 10, w.toArray(double[][]::new));
    }

    @Test
    void complianceNeedsBothTimeAndCoverage() {
        PatrolDayResult full = ANALYSER.analyse(lawnmower(Tracks.millis("08:30:00"), 4), grid(), List.of());
        assertTrue(full.durationSeconds() >= 90 * 60, "four passes of ~2,600 m at 1.2 m/s: " + full.durationSeconds());
        assertTrue(full.coverageShare() >= 0.99, "lines 40 m apart with 30 m on each side: " + full.coverageShare());
        assertTrue(full.compliant());
        assertEquals(List.of(), full.shortfalls());

        PatrolDayResult brief = ANALYSER.analyse(lawnmower(Tracks.millis("08:30:00"), 1), grid(), List.of());
        assertEquals(false, brief.compliant());
        assertEquals(List.of("duration"), brief.shortfalls().stream().map(PatrolDayResult.Shortfall::rule).toList());

        // Two hours pacing one 60 m stretch in a corner: long enough, far too little of the grid.
        List<double[]> pacing = new ArrayList<>();
        for (int i = 0; i < 70; i++) {
            pacing.add(p(20, 20));
            pacing.add(p(80, 20));
        }
        PatrolDayResult corner = ANALYSER.analyse(Tracks.walk(Tracks.millis("08:30:00"), 1.2, 10, pacing.toArray(double[][]::new)),
                grid(), List.of());
        assertEquals(List.of("coverage"), corner.shortfalls().stream().map(PatrolDayResult.Shortfall::rule).toList());
        // 60 m + 2 × 30 m long, 50 m + 30 m tall (clipped by the grid's edge at y = 0): 120 × 50 minus rounded corners.
        assertEquals(120 * 50 / (SIDE * SIDE), corner.coverageShare(), 0.01);
    }

    @Test
    void workerWithoutAGridGetsTimeAndDistanceOnly() {
        List<TrackPoint> t = Tracks.walk(Tracks.millis("08:30:00"), 1.2, 10, p(0, 0), p(120, 0));
        PatrolDayResult r = ANALYSER.analyse(t, null, List.of());
        assertEquals(120, r.distanceMeters(), 0.5);
        assertEquals(0.0, r.coverageShare());
        assertEquals(0, r.buildingsTotal());
    }

    @Test
    void emptyDayIsZeroAndNotCompliant() {
        PatrolDayResult r = ANALYSER.analyse(List.of(), grid(), List.of());
        assertEquals(0, r.fixes());
        assertNull(r.firstFixAt());
        assertNull(r.track());
        assertEquals(2, r.shortfalls().size());
    }
}
