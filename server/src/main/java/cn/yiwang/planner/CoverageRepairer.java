package cn.yiwang.planner;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.MultiPolygon;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.operation.overlay.snap.GeometrySnapper;
import org.locationtech.jts.operation.overlayng.OverlayNG;
import org.locationtech.jts.operation.overlayng.OverlayNGRobust;

/**
 * Repairs what is safe to repair in a child set, in this order:
 * <ol>
 *   <li>snap: each child's vertices (in code order) move to the neighbours' vertices and edges, and
 *       the parent's boundary, within {@code snapMeters};</li>
 *   <li>overlaps: what a child shares with a child earlier in code order is cut from it; what
 *       escapes its parent is cut off;</li>
 *   <li>gaps smaller than {@code minSliverAreaSqm} are absorbed by the neighbour with the longest
 *       shared edge;</li>
 *   <li>children smaller than {@code minSliverAreaSqm} are dissolved into the sibling (same parent)
 *       with the longest shared edge and retired.</li>
 * </ol>
 * A step whose result would be invalid is skipped for that child; larger gaps stay as they are
 * (validation reports them). Stateless.
 */
public final class CoverageRepairer {

    /** The repaired set, and what changed: children moved, children retired (absorbed), gaps filled. */
    public record Result(List<DraftChild> children, List<String> changed, List<String> retired, int gapsFilled) {
    }

    private CoverageRepairer() {
    }

    public static Result repair(Geometry root, Map<String, Geometry> parents, List<DraftChild> input, double snapMeters,
                                double minSliverAreaSqm) {
        LocalProjection metric = LocalProjection.around(root);
        double tol = metric.degrees(snapMeters);
        List<DraftChild> children = new ArrayList<>(input);
        children.sort(Comparator.comparing(DraftChild::code));
        Set<String> changed = new LinkedHashSet<>();
        List<String> retired = new ArrayList<>();
        if (tol > 0) {
            for (int i = 0; i < children.size(); i++) {
                DraftChild c = children.get(i);
                List<Geometry> targets = new ArrayList<>();
                targets.add(root.getBoundary());
                for (int j = 0; j < children.size(); j++) {
                    Geometry other = children.get(j).geometry();
                    if (j != i && other.getEnvelopeInternal().distance(c.geometry().getEnvelopeInternal()) <= tol) {
                        targets.add(other);
                    }
                }
                Geometry snapped = new GeometrySnapper(c.geometry()).snapTo(root.getFactory().buildGeometry(targets), tol);
                if (snapped.isValid() && !snapped.isEmpty() && !snapped.equalsExact(c.geometry())) {
                    children.set(i, c.withGeometry(snapped));
                    changed.add(c.code());
                }
            }
        }
        double noiseDegrees2 = 1e-6 / metric.areaSqm(root.getFactory().toGeometry(new org.locationtech.jts.geom.Envelope(0, 1, 0, 1)));
        for (int i = 0; i < children.size(); i++) {
            DraftChild c = children.get(i);
            Geometry g = c.geometry();
            for (int j = 0; j < i; j++) {
                Geometry other = children.get(j).geometry();
                if (other.getEnvelopeInternal().intersects(g.getEnvelopeInternal()) && g.relate(other, "2********")
                        && OverlayNGRobust.overlay(g, other, OverlayNG.INTERSECTION).getArea() > noiseDegrees2) {
                    g = GridDraftValidator.polygonal(OverlayNGRobust.overlay(g, other, OverlayNG.DIFFERENCE));
                }
            }
            Geometry parent = parents.get(c.parentCode());
            if (parent != null && !parent.covers(g)) {
                g = GridDraftValidator.polygonal(OverlayNGRobust.overlay(g, parent, OverlayNG.INTERSECTION));
            }
            if (g != c.geometry() && g.isValid() && !g.isEmpty()) {
                children.set(i, c.withGeometry(single(g)));
                changed.add(c.code());
            }
        }
        int gapsFilled = 0;
        Geometry union = GridDraftValidator.union(children);
        Geometry gaps = union == null ? root.getFactory().createMultiPolygon() : GridDraftValidator.polygonal(OverlayNGRobust.overlay(root, union, OverlayNG.DIFFERENCE));
        for (int k = 0; k < gaps.getNumGeometries(); k++) {
            Geometry gap = gaps.getGeometryN(k);
            if (metric.areaSqm(gap) >= minSliverAreaSqm) {
                continue;
            }
            int best = longestSharedEdge(gap, children, -1, null);
            if (best >= 0) {
                Geometry merged = OverlayNGRobust.overlay(children.get(best).geometry(), gap, OverlayNG.UNION);
                if (merged.isValid()) {
                    children.set(best, children.get(best).withGeometry(single(merged)));
                    changed.add(children.get(best).code());
                    gapsFilled++;
                }
            }
        }
        for (int i = 0; i < children.size(); i++) {
            DraftChild c = children.get(i);
            if (metric.areaSqm(c.geometry()) >= minSliverAreaSqm) {
                continue;
            }
            int best = longestSharedEdge(c.geometry(), children, i, c.parentCode());
            if (best < 0) {
                continue;
            }
            Geometry merged = OverlayNGRobust.overlay(children.get(best).geometry(), c.geometry(), OverlayNG.UNION);
            if (merged.isValid()) {
                children.set(best, children.get(best).withGeometry(single(merged)));
                changed.add(children.get(best).code());
                retired.add(c.code());
                changed.remove(c.code());
                children.remove(i);
                i = -1; // indices moved; sizes only shrink, so this ends
            }
        }
        return new Result(List.copyOf(children), List.copyOf(changed), List.copyOf(retired), gapsFilled);
    }

    /** Index of the child (other than {@code skip}, with {@code parentCode} if given) sharing the longest edge with {@code g}, or -1. */
    private static int longestSharedEdge(Geometry g, List<DraftChild> children, int skip, String parentCode) {
        int best = -1;
        double bestLength = 0;
        for (int j = 0; j < children.size(); j++) {
            DraftChild other = children.get(j);
            if (j == skip || (parentCode != null && !parentCode.equals(other.parentCode()))
                    || !other.geometry().getEnvelopeInternal().intersects(g.getEnvelopeInternal())) {
                continue;
            }
            double length = OverlayNGRobust.overlay(g.getBoundary(), other.geometry().getBoundary(), OverlayNG.INTERSECTION).getLength();
            if (length > bestLength) {
                bestLength = length;
                best = j;
            }
        }
        return best;
    }

    /** A one-part multipolygon as its polygon. */
    static Geometry single(Geometry g) {
        return g instanceof MultiPolygon mp && mp.getNumGeometries() == 1 ? mp.getGeometryN(0) : g;
    }
}
