package cn.yiwang.patrol.analysis;

import java.time.Instant;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.locationtech.jts.algorithm.Distance;
import org.locationtech.jts.algorithm.PointLocation;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.PrecisionModel;
import org.locationtech.jts.simplify.DouglasPeuckerSimplifier;

import io.micronaut.core.annotation.Nullable;

/**
 * Analyses one worker's fixes of one time range against their own grid: cleans the track
 * ({@link TrackCleaner}), then measures distance, patrol time, time inside the grid, coverage
 * ({@link CoverageRaster}), buildings passed, stops ({@link StopDetector}) with the building they were
 * at, idle gaps, and the verdict against the daily standard. A leg between consecutive kept fixes is
 * a gap when it lasts longer than the idle threshold or ends in an accepted relocation; gaps add no
 * time, no distance and no coverage (only their end fixes are stamped). Building distances are exact
 * (segment to footprint edges, containment by the footprint's shell); coverage is to the raster cell.
 * Without a grid (a worker with no level-3 grid) coverage, time inside and buildings are zero. Pure;
 * immutable; thread-safe (the {@link PatrolGrid} is shared read-only).
 */
public final class PatrolDayAnalyser {

    /** Dropped fixes listed one by one in a result; the rest are counted. */
    public static final int MAX_DROPPED_LISTED = 200;
    private static final GeometryFactory WGS84 = new GeometryFactory(new PrecisionModel(), 4326);
    private static final double METERS_PER_DEGREE_LAT = LocalProjection.EARTH_RADIUS_METERS * Math.PI / 180;

    private final AnalysisRules rules;
    private final TrackCleaner cleaner;
    private final StopDetector stops;

    public PatrolDayAnalyser(AnalysisRules rules) {
        this.rules = rules;
        this.cleaner = rules.cleaner();
        this.stops = rules.stopDetector();
    }

    public AnalysisRules rules() {
        return rules;
    }

    /**
     * @param raw       the fixes of the range, any order
     * @param grid      the worker's own grid, or null
     * @param caseCodes cases the worker reported in the range
     */
    public PatrolDayResult analyse(List<TrackPoint> raw, @Nullable PatrolGrid grid, List<String> caseCodes) {
        TrackCleaner.Cleaned cleaned = cleaner.clean(raw);
        List<TrackPoint> t = cleaned.kept();
        int n = t.size();
        long idleMillis = rules.idleGapSeconds() * 1000;
        boolean[] gapBefore = new boolean[n];
        List<PatrolDayResult.Gap> gaps = new ArrayList<>();
        for (int k = 1; k < n; k++) {
            long dt = t.get(k).timeMillis() - t.get(k - 1).timeMillis();
            if (cleaned.afterJump()[k] || dt > idleMillis) {
                gapBefore[k] = true;
                gaps.add(new PatrolDayResult.Gap(Instant.ofEpochMilli(t.get(k - 1).timeMillis()), Instant.ofEpochMilli(t.get(k).timeMillis()),
                        dt / 1000, cleaned.afterJump()[k] ? "jump" : "no_fixes"));
            }
        }
        List<StopDetector.Stop> found = stops.find(t, gapBefore);
        int[] stopOf = new int[n];
        java.util.Arrays.fill(stopOf, -1);
        for (int s = 0; s < found.size(); s++) {
            for (int k = found.get(s).first(); k <= found.get(s).last(); k++) {
                stopOf[k] = s;
            }
        }

        LocalProjection proj = grid != null ? grid.projection()
                : new LocalProjection(n > 0 ? t.get(0).lon() : 0, n > 0 ? t.get(0).lat() : 0);
        double[] xs = new double[n];
        double[] ys = new double[n];
        boolean[] in = new boolean[n];
        for (int k = 0; k < n; k++) {
            xs[k] = proj.x(t.get(k).lon());
            ys[k] = proj.y(t.get(k).lat());
            in[k] = grid != null && grid.contains(t.get(k).lon(), t.get(k).lat());
        }

        double distance = 0;
        long durationMillis = 0;
        long insideHalfMillis = 0;
        for (int k = 1; k < n; k++) {
            if (gapBefore[k]) {
                continue;
            }
            long dt = t.get(k).timeMillis() - t.get(k - 1).timeMillis();
            durationMillis += dt;
            insideHalfMillis += (in[k - 1] ? dt : 0) + (in[k] ? dt : 0);
            if (stopOf[k] < 0 || stopOf[k] != stopOf[k - 1]) {
                distance += Math.hypot(xs[k] - xs[k - 1], ys[k] - ys[k - 1]);
            }
        }

        double coverage = 0;
        int buildingsPassed = 0;
        List<String> microPassed = new ArrayList<>();
        List<String> buildingIds = new ArrayList<>();
        if (grid != null && n > 0) {
            CoverageRaster.Stamp stamp = grid.raster().newStamp();
            double r = rules.coverageMeters();
            // A fix within half a cell of the last stamped one adds nothing the raster can resolve
            // (jitter while standing still is a third of a day's fixes): the next leg starts from there.
            double skip2 = Math.pow(grid.raster().cellMeters() / 2, 2);
            int last = -1;
            for (int k = 0; k < n; k++) {
                if (k > 0 && !gapBefore[k] && last >= 0) {
                    double dx = xs[k] - xs[last];
                    double dy = ys[k] - ys[last];
                    if (dx * dx + dy * dy < skip2 && k < n - 1 && !gapBefore[k + 1]) {
                        continue;
                    }
                    stamp.segment(xs[last], ys[last], xs[k], ys[k], r);
                } else {
                    stamp.point(xs[k], ys[k], r);
                }
                last = k;
            }
            coverage = stamp.coveredShare();
            boolean[] touched = stamp.microsTouched();
            for (int m = 0; m < touched.length; m++) {
                if (touched[m]) {
                    microPassed.add(grid.microCodes().get(m));
                }
            }
            BitSet passed = buildingsPassed(grid, xs, ys, gapBefore);
            for (int b = passed.nextSetBit(0); b >= 0; b = passed.nextSetBit(b + 1)) {
                PatrolGrid.Building building = grid.shapes().get(b).building();
                buildingIds.add(building.id());
                buildingsPassed += building.inGrid() ? 1 : 0;
            }
        }

        List<PatrolDayResult.StopAt> stopsAt = new ArrayList<>(found.size());
        for (StopDetector.Stop s : found) {
            stopsAt.add(stopAt(s, grid, proj));
        }

        List<PatrolDayResult.Shortfall> shortfalls = new ArrayList<>();
        double minutes = durationMillis / 60_000.0;
        if (minutes < rules.minDurationMinutes()) {
            shortfalls.add(new PatrolDayResult.Shortfall("duration", rules.minDurationMinutes(), round(minutes, 1),
                    String.format(Locale.ROOT, "巡查时长 %.0f 分钟，不足 %.0f 分钟", Math.floor(minutes), rules.minDurationMinutes())));
        }
        if (coverage < rules.minCoverageShare()) {
            shortfalls.add(new PatrolDayResult.Shortfall("coverage", rules.minCoverageShare(), round(coverage, 4),
                    String.format(Locale.ROOT, "网格覆盖率 %.1f%%，低于 %.0f%%", coverage * 100, rules.minCoverageShare() * 100)));
        }

        return new PatrolDayResult(raw.size(), n, n == 0 ? null : Instant.ofEpochMilli(t.get(0).timeMillis()),
                n == 0 ? null : Instant.ofEpochMilli(t.get(n - 1).timeMillis()), distance, durationMillis / 1000,
                insideHalfMillis / 2000, coverage, grid == null ? 0 : grid.buildingsInGrid(), buildingsPassed, stopsAt, gaps,
                dropped(cleaned.dropped()), List.copyOf(caseCodes), shortfalls.isEmpty(), shortfalls, microPassed, buildingIds,
                simplified(t, gapBefore));
    }

    /** Buildings within the building distance of a fix or a leg, by index into the grid's shapes. */
    private BitSet buildingsPassed(PatrolGrid grid, double[] xs, double[] ys, boolean[] gapBefore) {
        int total = grid.shapes().size();
        BitSet passed = new BitSet(total);
        double limit = rules.buildingMeters();
        Coordinate a = new Coordinate();
        Coordinate b = new Coordinate();
        for (int k = 0; k < xs.length && passed.cardinality() < total; k++) {
            boolean leg = k > 0 && !gapBefore[k];
            a.x = leg ? xs[k - 1] : xs[k];
            a.y = leg ? ys[k - 1] : ys[k];
            b.x = xs[k];
            b.y = ys[k];
            double minX = Math.min(a.x, b.x);
            double maxX = Math.max(a.x, b.x);
            double minY = Math.min(a.y, b.y);
            double maxY = Math.max(a.y, b.y);
            grid.forEachCandidate(minX - limit, minY - limit, maxX + limit, maxY + limit, i -> {
                if (passed.get(i)) {
                    return;
                }
                PatrolGrid.Shape s = grid.shapes().get(i);
                Envelope e = s.envelope();
                // Boxes farther apart than the limit cannot hold points within it.
                if (e.getMinX() - maxX > limit || minX - e.getMaxX() > limit || e.getMinY() - maxY > limit || minY - e.getMaxY() > limit) {
                    return;
                }
                if (distance(a, b, s.rings()) <= limit) {
                    passed.set(i);
                }
            });
        }
        return passed;
    }

    /** Distance from a segment to a footprint (its rings), metres: 0 when the segment starts inside the shell. */
    static double distance(Coordinate a, Coordinate b, Coordinate[][] rings) {
        if (PointLocation.isInRing(a, rings[0])) {
            return 0;
        }
        double min = Double.POSITIVE_INFINITY;
        for (Coordinate[] ring : rings) {
            for (int i = 0; i + 1 < ring.length; i++) {
                min = Math.min(min, Distance.segmentToSegment(a, b, ring[i], ring[i + 1]));
            }
        }
        return min;
    }

    private PatrolDayResult.StopAt stopAt(StopDetector.Stop s, @Nullable PatrolGrid grid, LocalProjection proj) {
        PatrolGrid.Building best = null;
        double bestDistance = Double.POSITIVE_INFINITY;
        if (grid != null) {
            Coordinate c = new Coordinate(proj.x(s.lon()), proj.y(s.lat()));
            double[] nearest = {Double.POSITIVE_INFINITY};
            int[] index = {-1};
            grid.forEachCandidate(c.x, c.y, c.x, c.y, i -> {
                double d = distance(c, c, grid.shapes().get(i).rings());
                if (d <= rules.stopRadiusMeters() && d < nearest[0]) {
                    nearest[0] = d;
                    index[0] = i;
                }
            });
            if (index[0] >= 0) {
                best = grid.shapes().get(index[0]).building();
                bestDistance = nearest[0];
            }
        }
        return new PatrolDayResult.StopAt(Instant.ofEpochMilli(s.fromMillis()), Instant.ofEpochMilli(s.toMillis()), s.seconds(),
                s.lon(), s.lat(), best == null ? null : best.id(), best == null ? null : best.name(),
                best == null ? null : best.compound(), best == null ? null : round(bestDistance, 1));
    }

    private static PatrolDayResult.Dropped dropped(List<TrackCleaner.Dropped> log) {
        Map<String, Integer> byReason = new LinkedHashMap<>();
        List<PatrolDayResult.DroppedFix> first = new ArrayList<>();
        for (TrackCleaner.Dropped d : log) {
            byReason.merge(d.reason().key(), 1, Integer::sum);
            if (first.size() < MAX_DROPPED_LISTED) {
                first.add(new PatrolDayResult.DroppedFix(Instant.ofEpochMilli(d.point().timeMillis()), d.point().lon(), d.point().lat(),
                        d.reason().key(), d.detail()));
            }
        }
        return new PatrolDayResult.Dropped(log.size(), byReason, first);
    }

    /** The kept track as lines between gaps, Douglas–Peucker simplified (tolerance in degrees of latitude). */
    private @Nullable org.locationtech.jts.geom.MultiLineString simplified(List<TrackPoint> t, boolean[] gapBefore) {
        List<LineString> lines = new ArrayList<>();
        int start = 0;
        for (int k = 1; k <= t.size(); k++) {
            if (k == t.size() || gapBefore[k]) {
                if (k - start >= 2) {
                    Coordinate[] cs = new Coordinate[k - start];
                    for (int i = start; i < k; i++) {
                        cs[i - start] = new Coordinate(t.get(i).lon(), t.get(i).lat());
                    }
                    LineString line = WGS84.createLineString(cs);
                    if (rules.simplifyMeters() > 0) {
                        line = (LineString) DouglasPeuckerSimplifier.simplify(line, rules.simplifyMeters() / METERS_PER_DEGREE_LAT);
                    }
                    lines.add(line);
                }
                start = k;
            }
        }
        return lines.isEmpty() ? null : WGS84.createMultiLineString(lines.toArray(LineString[]::new));
    }

    private static double round(double v, int digits) {
        double f = Math.pow(10, digits);
        return Math.round(v * f) / f;
    }
}
