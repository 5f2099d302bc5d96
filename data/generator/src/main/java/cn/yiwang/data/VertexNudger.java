package cn.yiwang.data;

import org.locationtech.jts.algorithm.locate.PointOnGeometryLocator;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.LinearRing;
import org.locationtech.jts.geom.Location;
import org.locationtech.jts.geom.Polygon;

/**
 * Moves the vertices of a clipped child that lie a rounding error outside its parent back in.
 *
 * <p>Why: where a cell edge crosses the parent boundary, the overlay computes the crossing point
 * and rounds it to the nearest double, which lands on the outer side of the parent edge about
 * half the time (by ~1e-15 degree). The area is negligible, but the exact predicate
 * {@code parent.covers(child)} (PostGIS ST_Covers alike) then fails. Each such vertex is moved by
 * a few units in the last place to the nearest representable point that is not exterior to the
 * parent, searching rings of growing radius in a fixed order. The move is a function of the
 * vertex and the parent only, so two siblings sharing the vertex move it identically and stay
 * gap- and overlap-free. If the move would make the polygon invalid, the original is kept.
 *
 * <p>Stateless and thread-safe (the locator passed in must be safe for the calling thread).
 */
final class VertexNudger {
    /** Largest search radius, in units of the last place: ~2e-12 degree, well below a millimetre. */
    private static final int MAX_RADIUS_ULPS = 128;

    private VertexNudger() {
    }

    static Polygon pullInside(Polygon child, PointOnGeometryLocator parent, GeometryFactory factory) {
        boolean moved = false;
        LinearRing shell = null;
        LinearRing[] holes = new LinearRing[child.getNumInteriorRing()];
        for (int r = -1; r < holes.length; r++) {
            // getCoordinates() may return the ring's own array: work on a copy.
            Coordinate[] c = (r < 0 ? child.getExteriorRing() : child.getInteriorRingN(r)).getCoordinates().clone();
            boolean ringMoved = false;
            for (int i = 0; i < c.length - 1; i++) {
                if (parent.locate(c[i]) == Location.EXTERIOR) {
                    Coordinate inside = nearestNotExterior(c[i], parent);
                    if (inside != null) {
                        c[i] = inside;
                        ringMoved = true;
                    }
                }
            }
            if (ringMoved) {
                c[c.length - 1] = c[0].copy();
                moved = true;
            }
            LinearRing ring = factory.createLinearRing(c);
            if (r < 0) {
                shell = ring;
            } else {
                holes[r] = ring;
            }
        }
        if (!moved) {
            return child;
        }
        Polygon result = factory.createPolygon(shell, holes);
        return result.isValid() ? result : child;
    }

    private static Coordinate nearestNotExterior(Coordinate p, PointOnGeometryLocator parent) {
        double ux = Math.ulp(p.x);
        double uy = Math.ulp(p.y);
        for (int radius = 1; radius <= MAX_RADIUS_ULPS; radius *= 2) {
            for (int dy = -1; dy <= 1; dy++) {
                for (int dx = -1; dx <= 1; dx++) {
                    if (dx == 0 && dy == 0) {
                        continue;
                    }
                    Coordinate q = new Coordinate(p.x + dx * radius * ux, p.y + dy * radius * uy);
                    if (parent.locate(q) != Location.EXTERIOR) {
                        return q;
                    }
                }
            }
        }
        return null;
    }
}
