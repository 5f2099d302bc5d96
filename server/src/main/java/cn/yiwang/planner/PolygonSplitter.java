package cn.yiwang.planner;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.geom.prep.PreparedGeometry;
import org.locationtech.jts.geom.prep.PreparedGeometryFactory;
import org.locationtech.jts.operation.overlayng.OverlayNG;
import org.locationtech.jts.operation.overlayng.OverlayNGRobust;
import org.locationtech.jts.operation.polygonize.Polygonizer;

/**
 * Cuts a polygon in two along a line: the polygon's boundary and the line are noded together and
 * polygonized; the faces inside the polygon are the parts. Parts of the line outside the polygon
 * are dangles and ignored, so the line may overshoot. The parts share the cut exactly (same
 * coordinates) and their union is the polygon. Stateless and thread-safe.
 */
public final class PolygonSplitter {

    private PolygonSplitter() {
    }

    /**
     * @return the two parts, larger first
     * @throws IllegalArgumentException when the line does not cut the polygon into exactly two parts
     *                                  (misses it, ends inside it, or crosses it more than once)
     */
    public static List<Polygon> split(Geometry polygon, LineString line) {
        if (!(polygon instanceof Polygon) || polygon.isEmpty() || !polygon.isValid()) {
            throw new IllegalArgumentException("only a single valid polygon can be split");
        }
        Geometry noded = OverlayNGRobust.overlay(polygon.getBoundary(), line, OverlayNG.UNION);
        Polygonizer polygonizer = new Polygonizer();
        polygonizer.add(noded);
        PreparedGeometry inside = PreparedGeometryFactory.prepare(polygon);
        List<Polygon> parts = new ArrayList<>();
        @SuppressWarnings("unchecked")
        Collection<Polygon> faces = polygonizer.getPolygons();
        for (Polygon face : faces) {
            if (inside.contains(face.getInteriorPoint())) {
                parts.add(face);
            }
        }
        if (parts.size() != 2) {
            throw new IllegalArgumentException("the line must cross the grid from one side to the other exactly once; it makes "
                    + parts.size() + (parts.size() == 1 ? " part" : " parts"));
        }
        parts.sort(Comparator.comparingDouble(Geometry::getArea).reversed());
        return parts;
    }
}
