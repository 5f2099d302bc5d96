package cn.yiwang.planner;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.LineSegment;
import org.locationtech.jts.geom.LinearRing;
import org.locationtech.jts.geom.MultiPolygon;
import org.locationtech.jts.geom.Polygon;

/**
 * Keeps a coverage noded after an edit: where a cut added a vertex on an edge the grid shares with
 * a neighbour, the neighbour gets the same vertex, so the two boundaries stay identical coordinate
 * for coordinate (later dissolves and PostGIS checks then see no slivers of 1e-15 degrees).
 * Stateless.
 */
public final class SharedVertexInserter {

    private SharedVertexInserter() {
    }

    /** Vertices of {@code after} that {@code before} does not have. */
    public static Set<Coordinate> newVertices(Geometry before, Collection<? extends Geometry> after) {
        Set<Coordinate> old = new HashSet<>(List.of(before.getCoordinates()));
        Set<Coordinate> added = new HashSet<>();
        for (Geometry g : after) {
            for (Coordinate c : g.getCoordinates()) {
                if (!old.contains(c)) {
                    added.add(c);
                }
            }
        }
        return added;
    }

    /**
     * {@code g} with every point of {@code points} that lies within {@code toleranceDegrees} of the
     * inside of one of its segments inserted there; {@code g} itself when none does.
     */
    public static Geometry insert(Geometry g, Collection<Coordinate> points, double toleranceDegrees) {
        if (points.isEmpty() || !g.getEnvelopeInternal().intersects(envelope(points))) {
            return g;
        }
        boolean[] changed = {false};
        GeometryFactory f = g.getFactory();
        if (g instanceof Polygon p) {
            Polygon out = polygon(p, points, toleranceDegrees, changed);
            return changed[0] ? out : g;
        }
        if (g instanceof MultiPolygon mp) {
            Polygon[] parts = new Polygon[mp.getNumGeometries()];
            for (int i = 0; i < parts.length; i++) {
                parts[i] = polygon((Polygon) mp.getGeometryN(i), points, toleranceDegrees, changed);
            }
            return changed[0] ? f.createMultiPolygon(parts) : g;
        }
        return g;
    }

    private static org.locationtech.jts.geom.Envelope envelope(Collection<Coordinate> points) {
        org.locationtech.jts.geom.Envelope e = new org.locationtech.jts.geom.Envelope();
        points.forEach(e::expandToInclude);
        return e;
    }

    private static Polygon polygon(Polygon p, Collection<Coordinate> points, double tol, boolean[] changed) {
        GeometryFactory f = p.getFactory();
        LinearRing shell = ring(p.getExteriorRing().getCoordinates(), points, tol, f, changed);
        LinearRing[] holes = new LinearRing[p.getNumInteriorRing()];
        for (int i = 0; i < holes.length; i++) {
            holes[i] = ring(p.getInteriorRingN(i).getCoordinates(), points, tol, f, changed);
        }
        return f.createPolygon(shell, holes);
    }

    private static LinearRing ring(Coordinate[] pts, Collection<Coordinate> points, double tol, GeometryFactory f, boolean[] changed) {
        List<Coordinate> out = new ArrayList<>(pts.length + 4);
        for (int i = 0; i + 1 < pts.length; i++) {
            out.add(pts[i]);
            LineSegment seg = new LineSegment(pts[i], pts[i + 1]);
            List<Coordinate> on = new ArrayList<>();
            for (Coordinate c : points) {
                if (seg.distance(c) <= tol && c.distance(pts[i]) > tol && c.distance(pts[i + 1]) > tol) {
                    on.add(c);
                }
            }
            if (!on.isEmpty()) {
                on.sort(Comparator.comparingDouble(seg::projectionFactor));
                out.addAll(on);
                changed[0] = true;
            }
        }
        out.add(pts[pts.length - 1]);
        return f.createLinearRing(out.stream().map(Coordinate::copy).toArray(Coordinate[]::new));
    }
}
