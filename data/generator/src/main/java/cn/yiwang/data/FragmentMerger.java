package cn.yiwang.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.operation.overlayng.OverlayNG;
import org.locationtech.jts.operation.overlayng.OverlayNGRobust;

/**
 * Makes every child of a partition a single polygon without changing what the children cover
 * together. A Voronoi cell clipped to a non-convex parent can fall apart into several pieces;
 * each child keeps its largest piece and every other piece goes to the child it shares the
 * longest border with (pieces only touching at points are never merged, so unions stay single
 * polygons).
 *
 * <p>Shared border length is measured by the segments of the piece whose midpoints lie on the
 * other child (within {@value #ON_BORDER_TOLERANCE_DEGREES} degrees). Deterministic: pieces are
 * handled in a fixed order. Stateless and thread-safe.
 */
final class FragmentMerger {
    static final double ON_BORDER_TOLERANCE_DEGREES = 1e-11;

    private record Fragment(int owner, Polygon polygon) {
    }

    private FragmentMerger() {
    }

    /**
     * @param partsPerChild for each child the pieces it consists of; every child needs one
     * @return one polygon per child, same order
     */
    static List<Polygon> merge(List<List<Polygon>> partsPerChild, GeometryFactory factory) {
        int n = partsPerChild.size();
        Polygon[] main = new Polygon[n];
        List<Fragment> fragments = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            List<Polygon> parts = new ArrayList<>(partsPerChild.get(i));
            if (parts.isEmpty()) {
                throw new IllegalStateException("child " + i + " of the partition is empty");
            }
            parts.sort(Comparator.comparingDouble(Polygon::getArea).reversed()
                    .thenComparingDouble(p -> p.getEnvelopeInternal().getMinX())
                    .thenComparingDouble(p -> p.getEnvelopeInternal().getMinY()));
            main[i] = parts.get(0);
            for (int k = 1; k < parts.size(); k++) {
                fragments.add(new Fragment(i, parts.get(k)));
            }
        }
        while (!fragments.isEmpty()) {
            boolean progress = false;
            for (Iterator<Fragment> it = fragments.iterator(); it.hasNext(); ) {
                Fragment f = it.next();
                if (absorb(f, main, factory)) {
                    it.remove();
                    progress = true;
                }
            }
            if (!progress) {
                throw new IllegalStateException(fragments.size() + " pieces share no border with any child");
            }
        }
        return List.of(main);
    }

    /** Unions the fragment into the neighbour with the longest shared border; false if none fits. */
    private static boolean absorb(Fragment f, Polygon[] main, GeometryFactory factory) {
        int n = main.length;
        double[] shared = new double[n];
        Integer[] candidates = new Integer[n];
        for (int j = 0; j < n; j++) {
            candidates[j] = j;
            if (main[j].getEnvelopeInternal().intersects(f.polygon().getEnvelopeInternal())) {
                shared[j] = sharedBorderLength(f.polygon(), main[j], factory);
            }
        }
        Arrays.sort(candidates, Comparator.<Integer>comparingDouble(j -> -shared[j]).thenComparingInt(j -> j));
        for (int j : candidates) {
            if (shared[j] <= 0) {
                return false;
            }
            Geometry union = OverlayNGRobust.overlay(main[j], f.polygon(), OverlayNG.UNION);
            if (union instanceof Polygon p && p.isValid()) {
                main[j] = (Polygon) factory.createGeometry(p);
                return true;
            }
        }
        return false;
    }

    static double sharedBorderLength(Polygon piece, Polygon other, GeometryFactory factory) {
        Geometry boundary = other.getBoundary();
        double length = 0;
        for (int r = -1; r < piece.getNumInteriorRing(); r++) {
            LineString ring = r < 0 ? piece.getExteriorRing() : piece.getInteriorRingN(r);
            Coordinate[] c = ring.getCoordinates();
            for (int i = 0; i + 1 < c.length; i++) {
                Coordinate mid = new Coordinate((c[i].x + c[i + 1].x) / 2, (c[i].y + c[i + 1].y) / 2);
                if (boundary.isWithinDistance(factory.createPoint(mid), ON_BORDER_TOLERANCE_DEGREES)) {
                    length += c[i].distance(c[i + 1]);
                }
            }
        }
        return length;
    }
}
