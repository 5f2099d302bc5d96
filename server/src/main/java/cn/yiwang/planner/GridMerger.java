package cn.yiwang.planner;

import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.operation.overlayng.OverlayNG;
import org.locationtech.jts.operation.overlayng.OverlayNGRobust;

/** Dissolves two adjacent polygons (sharing an edge, not just a point) into one. Stateless. */
public final class GridMerger {

    private GridMerger() {
    }

    /** @throws IllegalArgumentException when they share no edge or their union is not one polygon */
    public static Polygon merge(Geometry a, Geometry b) {
        Geometry shared = OverlayNGRobust.overlay(a.getBoundary(), b.getBoundary(), OverlayNG.INTERSECTION);
        if (shared.getLength() == 0) {
            throw new IllegalArgumentException("the grids are not adjacent: they share no edge");
        }
        Geometry union = OverlayNGRobust.overlay(a, b, OverlayNG.UNION);
        if (!(union instanceof Polygon p)) {
            throw new IllegalArgumentException("the grids do not merge into one polygon");
        }
        return p;
    }
}
