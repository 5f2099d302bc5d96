package cn.yiwang.planner;

import java.util.Collection;
import java.util.List;

import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.operation.linemerge.LineMerger;
import org.locationtech.jts.operation.overlayng.OverlayNG;
import org.locationtech.jts.operation.overlayng.OverlayNGRobust;

/**
 * Replaces the edge shared by two neighbouring polygons with a new line, once, so that both
 * follow: the two are dissolved and the union is cut again along the new edge
 * ({@link PolygonSplitter}). The new edge must start and end at the ends of the old shared edge
 * (within a tolerance; its ends are then moved exactly there) and stay inside the two polygons,
 * so no third neighbour is touched and coverage is kept by construction. Stateless.
 */
public final class SharedEdgeReshaper {

    private SharedEdgeReshaper() {
    }

    /**
     * @param toleranceDegrees how far the new edge's ends may be from the shared edge's ends
     * @return the new {a, b}
     * @throws IllegalArgumentException when a and b do not share one edge, the new edge does not
     *                                  join its ends, or leaves the two polygons
     */
    public static Polygon[] reshape(Geometry a, Geometry b, LineString newEdge, double toleranceDegrees) {
        if (!(a instanceof Polygon) || !(b instanceof Polygon)) {
            throw new IllegalArgumentException("both grids must be single polygons");
        }
        Geometry touching = OverlayNGRobust.overlay(a.getBoundary(), b.getBoundary(), OverlayNG.INTERSECTION);
        LineMerger merger = new LineMerger();
        merger.add(touching);
        @SuppressWarnings("unchecked")
        Collection<LineString> merged = merger.getMergedLineStrings();
        if (merged.size() != 1) {
            throw new IllegalArgumentException("the two grids must share exactly one edge; they share " + merged.size());
        }
        LineString shared = merged.iterator().next();
        Coordinate s0 = shared.getCoordinateN(0);
        Coordinate s1 = shared.getCoordinateN(shared.getNumPoints() - 1);
        Coordinate[] pts = newEdge.getCoordinates();
        Coordinate n0 = pts[0];
        Coordinate n1 = pts[pts.length - 1];
        if (n0.distance(s0) <= toleranceDegrees && n1.distance(s1) <= toleranceDegrees) {
            pts[0] = s0.copy();
            pts[pts.length - 1] = s1.copy();
        } else if (n0.distance(s1) <= toleranceDegrees && n1.distance(s0) <= toleranceDegrees) {
            pts[0] = s1.copy();
            pts[pts.length - 1] = s0.copy();
        } else {
            throw new IllegalArgumentException("the new edge must start and end where the shared edge does, at " + fmt(s0) + " and " + fmt(s1));
        }
        LineString edge = newEdge.getFactory().createLineString(pts);
        Geometry region = OverlayNGRobust.overlay(a, b, OverlayNG.UNION);
        if (!(region instanceof Polygon)) {
            throw new IllegalArgumentException("the two grids do not form one area");
        }
        Geometry outside = OverlayNGRobust.overlay(edge, region, OverlayNG.DIFFERENCE);
        if (outside.getLength() > toleranceDegrees) {
            throw new IllegalArgumentException("the new edge leaves the two grids");
        }
        List<Polygon> parts = PolygonSplitter.split(region, edge);
        Polygon p = parts.get(0);
        Polygon q = parts.get(1);
        double pa = OverlayNGRobust.overlay(p, a, OverlayNG.INTERSECTION).getArea();
        double qa = OverlayNGRobust.overlay(q, a, OverlayNG.INTERSECTION).getArea();
        return pa >= qa ? new Polygon[] {p, q} : new Polygon[] {q, p};
    }

    private static String fmt(Coordinate c) {
        return String.format(java.util.Locale.ROOT, "(%.7f, %.7f)", c.x, c.y);
    }
}
