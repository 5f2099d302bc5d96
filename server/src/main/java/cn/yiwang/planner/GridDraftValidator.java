package cn.yiwang.planner;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.locationtech.jts.coverage.CoverageUnion;
import org.locationtech.jts.coverage.CoverageValidator;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.geom.Polygonal;
import org.locationtech.jts.geom.prep.PreparedGeometry;
import org.locationtech.jts.geom.prep.PreparedGeometryFactory;
import org.locationtech.jts.index.strtree.STRtree;
import org.locationtech.jts.operation.overlayng.OverlayNG;
import org.locationtech.jts.operation.overlayng.OverlayNGRobust;
import org.locationtech.jts.operation.union.CascadedPolygonUnion;
import org.locationtech.jts.operation.valid.IsValidOp;
import org.locationtech.jts.operation.valid.TopologyValidationError;

/**
 * Checks a draft's child set against the rules of "全覆盖、无缝隙" and of grid codes, and locates
 * every problem. Inputs are EPSG:4326; areas are measured in m² in a {@link LocalProjection} around
 * the parent.
 *
 * <ul>
 *   <li>Geometry: JTS {@link IsValidOp} (self-intersection, bad rings), plus spikes (a vertex where
 *       the boundary turns back by less than {@link Rules#spikeAngleDegrees}) and consecutive
 *       duplicate points, which JTS accepts.</li>
 *   <li>Coverage: overlaps between siblings (pairs found with an STRtree), gaps (the parent minus
 *       the union of the children: JTS's coverage union when {@link CoverageValidator} finds the
 *       children a valid coverage, else the cascaded union, and then the pairwise pass only when the
 *       children's areas add up to more than their union's) and children escaping their parent,
 *       each with its area;
 *       pieces of at most {@link Rules#areaToleranceSqm} are floating-point noise and ignored.
 *       Children with invalid geometry are left out of the coverage checks (they are reported).</li>
 *   <li>Size: slivers smaller than {@link Rules#minSliverAreaSqm}; micro grids holding more than
 *       {@link Rules#maxHouseholds} households.</li>
 *   <li>Codes: unique, and the parent's code plus three digits; names not blank.</li>
 * </ul>
 * Stateless and thread-safe.
 */
public final class GridDraftValidator {

    /**
     * @param areaToleranceSqm  overlaps, gaps and escapes up to this area are noise
     * @param minSliverAreaSqm  a child smaller than this is a sliver
     * @param maxHouseholds     most households a micro grid may hold (DOMAIN: 50–70); 0 disables
     * @param spikeAngleDegrees a vertex turning back by less than this is a spike
     */
    public record Rules(double areaToleranceSqm, double minSliverAreaSqm, int maxHouseholds, double spikeAngleDegrees) {
    }

    private final Rules rules;

    public GridDraftValidator(Rules rules) {
        this.rules = rules;
    }

    /**
     * @param root       the draft's parent grid
     * @param parents    the grids children may belong to, by code (the root itself for direct children)
     * @param children   the draft's child set
     * @param households households per child code (buildings' point on surface), or null when the
     *                   level has no household standard
     * @return the problems, in a stable order (per kind as checked, then by code)
     */
    public List<DraftProblem> validate(Geometry root, Map<String, Geometry> parents, List<DraftChild> children,
                                       Map<String, Integer> households) {
        LocalProjection metric = LocalProjection.around(root);
        List<DraftProblem> out = new ArrayList<>();
        checkCodes(parents, children, out);
        List<DraftChild> valid = new ArrayList<>();
        for (DraftChild c : children) {
            if (checkGeometry(c, metric, out)) {
                valid.add(c);
            }
        }
        Geometry[] polygons = valid.stream().map(DraftChild::geometry).toArray(Geometry[]::new);
        Geometry union;
        if (polygons.length > 0 && CoverageValidator.isValid(polygons)) {
            // A valid coverage (edges matched vertex for vertex, no overlaps): the coverage union
            // is an order of magnitude faster than the cascaded one, and there is nothing to pair.
            union = CoverageUnion.union(polygons);
        } else {
            union = union(valid);
            // Sum of areas minus the union's is the total overlap: when that is noise, no pair
            // can overlap by more, and the pairwise pass is skipped.
            double overlapSqm = -(union == null ? 0 : metric.areaSqm(union));
            for (DraftChild c : valid) {
                overlapSqm += metric.areaSqm(c.geometry());
            }
            if (overlapSqm > rules.areaToleranceSqm()) {
                checkOverlaps(valid, metric, out);
            }
        }
        checkGaps(root, union, metric, out);
        checkEscapes(parents, valid, metric, out);
        for (DraftChild c : valid) {
            double area = metric.areaSqm(c.geometry());
            if (area < rules.minSliverAreaSqm()) {
                out.add(DraftProblem.of(DraftProblem.Kind.SLIVER, List.of(c.code()), c.geometry(), round(area), "m2",
                        String.format(Locale.ROOT, "网格 %s 面积仅 %.1f 平方米，小于下限 %.0f 平方米（碎片）", c.code(), area, rules.minSliverAreaSqm())));
            }
        }
        if (households != null && rules.maxHouseholds() > 0) {
            for (DraftChild c : valid) {
                int n = households.getOrDefault(c.code(), 0);
                if (n > rules.maxHouseholds()) {
                    out.add(DraftProblem.of(DraftProblem.Kind.HOUSEHOLDS_OVER_STANDARD, List.of(c.code()), c.geometry().getInteriorPoint(), n,
                            "households", "网格 " + c.code() + " 有 " + n + " 户，超过标准 " + rules.maxHouseholds() + " 户"));
                }
            }
        }
        return out;
    }

    /**
     * The next level down, which a draft does not edit: each grandchild must stay inside its
     * parent's new boundary, and its parent must still exist.
     *
     * @param children     the draft's child set (the grandchildren's parents)
     * @param grandchildren current grids one level below the children
     */
    public List<DraftProblem> checkGrandchildren(List<DraftChild> children, List<DraftChild> grandchildren) {
        List<DraftProblem> out = new ArrayList<>();
        if (grandchildren.isEmpty()) {
            return out;
        }
        Map<String, Geometry> parents = new HashMap<>();
        for (DraftChild c : children) {
            parents.put(c.code(), c.geometry());
        }
        List<DraftChild> placed = new ArrayList<>();
        for (DraftChild g : grandchildren) {
            if (parents.containsKey(g.parentCode())) {
                placed.add(g);
            } else {
                out.add(DraftProblem.of(DraftProblem.Kind.UNKNOWN_PARENT, List.of(g.code(), g.parentCode()), g.geometry().getInteriorPoint(), 0, "",
                        "下级网格 " + g.code() + " 的上级 " + g.parentCode() + " 在草稿中已撤销"));
            }
        }
        checkEscapes(parents, placed, LocalProjection.around(grandchildren.get(0).geometry()), out);
        return out;
    }

    /** Whether any problem in the list is blocking. */
    public static boolean anyBlocking(Collection<DraftProblem> problems) {
        return problems.stream().anyMatch(DraftProblem::blocking);
    }

    private static void checkCodes(Map<String, Geometry> parents, List<DraftChild> children, List<DraftProblem> out) {
        Map<String, List<DraftChild>> byCode = new LinkedHashMap<>();
        for (DraftChild c : children) {
            byCode.computeIfAbsent(c.code(), k -> new ArrayList<>()).add(c);
        }
        for (Map.Entry<String, List<DraftChild>> e : byCode.entrySet()) {
            if (e.getValue().size() > 1) {
                DraftChild first = e.getValue().get(0);
                out.add(DraftProblem.of(DraftProblem.Kind.DUPLICATE_CODE, List.of(e.getKey()), first.geometry().getInteriorPoint(),
                        e.getValue().size(), "grids", "编码 " + e.getKey() + " 重复 " + e.getValue().size() + " 次"));
            }
        }
        for (DraftChild c : children) {
            Geometry where = c.geometry().isEmpty() ? c.geometry() : c.geometry().getEnvelope().getCentroid();
            if (!parents.containsKey(c.parentCode())) {
                out.add(DraftProblem.of(DraftProblem.Kind.UNKNOWN_PARENT, List.of(c.code()), where, 0, "",
                        "网格 " + c.code() + " 的上级 " + c.parentCode() + " 不在本草稿的范围内"));
            } else if (!c.code().matches(java.util.regex.Pattern.quote(c.parentCode()) + "[0-9]{3}")) {
                out.add(DraftProblem.of(DraftProblem.Kind.CODE_NOT_UNDER_PARENT, List.of(c.code()), where, 0, "",
                        "编码 " + c.code() + " 应为上级编码 " + c.parentCode() + " 加 3 位数字"));
            }
            if (c.name().isBlank()) {
                out.add(DraftProblem.of(DraftProblem.Kind.EMPTY_NAME, List.of(c.code()), where, 0, "", "网格 " + c.code() + " 没有名称"));
            }
        }
    }

    /** Reports what is wrong with one boundary; true when it can take part in the coverage checks. */
    private boolean checkGeometry(DraftChild c, LocalProjection metric, List<DraftProblem> out) {
        Geometry g = c.geometry();
        if (g.isEmpty() || !(g instanceof Polygonal)) {
            out.add(DraftProblem.of(DraftProblem.Kind.INVALID_GEOMETRY, List.of(c.code()), g, 0, "",
                    "网格 " + c.code() + " 的边界为空或不是面"));
            return false;
        }
        boolean ok = true;
        TopologyValidationError error = new IsValidOp(g).getValidationError();
        if (error != null) {
            out.add(DraftProblem.of(DraftProblem.Kind.INVALID_GEOMETRY, List.of(c.code()), g.getFactory().createPoint(error.getCoordinate()), 0, "",
                    "网格 " + c.code() + " 的边界无效：" + error.getMessage()));
            ok = false;
        }
        for (int p = 0; p < g.getNumGeometries(); p++) {
            Polygon poly = (Polygon) g.getGeometryN(p);
            checkRing(c.code(), poly.getExteriorRing(), metric, out);
            for (int h = 0; h < poly.getNumInteriorRing(); h++) {
                checkRing(c.code(), poly.getInteriorRingN(h), metric, out);
            }
        }
        return ok;
    }

    private void checkRing(String code, LineString ring, LocalProjection metric, List<DraftProblem> out) {
        Coordinate[] pts = ring.getCoordinates();
        GeometryFactory f = ring.getFactory();
        List<Coordinate> distinct = new ArrayList<>(pts.length);
        for (int i = 0; i < pts.length; i++) {
            if (i > 0 && pts[i].equals2D(pts[i - 1])) {
                out.add(DraftProblem.of(DraftProblem.Kind.DUPLICATE_POINT, List.of(code), f.createPoint(pts[i]), 0, "",
                        "网格 " + code + " 的边界有重复点"));
            } else {
                distinct.add(pts[i]);
            }
        }
        int n = distinct.size() - 1; // closed: last == first
        if (n < 3) {
            return;
        }
        for (int i = 0; i < n; i++) {
            Coordinate a = distinct.get((i + n - 1) % n);
            Coordinate b = distinct.get(i);
            Coordinate c = distinct.get((i + 1) % n);
            double angle = angleDegrees(metric, a, b, c);
            if (angle < rules.spikeAngleDegrees()) {
                out.add(DraftProblem.of(DraftProblem.Kind.SPIKE, List.of(code), f.createPoint(b), round(angle), "degrees",
                        String.format(Locale.ROOT, "网格 %s 的边界在此处折返（尖刺，夹角 %.2f°）", code, angle)));
            }
        }
    }

    /** The angle a-b-c at b in degrees (0 = the boundary goes straight back), measured in metres. */
    private static double angleDegrees(LocalProjection metric, Coordinate a, Coordinate b, Coordinate c) {
        double[] ab = metric.offsetMeters(b, a);
        double[] cb = metric.offsetMeters(b, c);
        double la = Math.hypot(ab[0], ab[1]);
        double lc = Math.hypot(cb[0], cb[1]);
        if (la == 0 || lc == 0) {
            return 180;
        }
        double cos = (ab[0] * cb[0] + ab[1] * cb[1]) / (la * lc);
        return Math.toDegrees(Math.acos(Math.max(-1, Math.min(1, cos))));
    }

    private void checkOverlaps(List<DraftChild> children, LocalProjection metric, List<DraftProblem> out) {
        STRtree tree = new STRtree();
        for (int i = 0; i < children.size(); i++) {
            tree.insert(children.get(i).geometry().getEnvelopeInternal(), i);
        }
        Map<Integer, PreparedGeometry> prepared = new HashMap<>();
        for (int i = 0; i < children.size(); i++) {
            DraftChild a = children.get(i);
            @SuppressWarnings("unchecked")
            List<Integer> near = tree.query(a.geometry().getEnvelopeInternal());
            for (int j : near) {
                if (j <= i) {
                    continue;
                }
                DraftChild b = children.get(j);
                PreparedGeometry pa = prepared.computeIfAbsent(i, k -> PreparedGeometryFactory.prepare(a.geometry()));
                if (!pa.intersects(b.geometry())) {
                    continue;
                }
                Geometry overlap = polygonal(OverlayNGRobust.overlay(a.geometry(), b.geometry(), OverlayNG.INTERSECTION));
                double area = metric.areaSqm(overlap);
                if (area > rules.areaToleranceSqm()) {
                    out.add(DraftProblem.of(DraftProblem.Kind.OVERLAP, List.of(a.code(), b.code()), overlap, round(area), "m2",
                            String.format(Locale.ROOT, "网格 %s 与 %s 重叠 %.1f 平方米", a.code(), b.code(), area)));
                }
            }
        }
    }

    private void checkGaps(Geometry root, Geometry union, LocalProjection metric, List<DraftProblem> out) {
        Geometry gaps = union == null ? root : polygonal(OverlayNGRobust.overlay(root, union, OverlayNG.DIFFERENCE));
        for (int i = 0; i < gaps.getNumGeometries(); i++) {
            Geometry gap = gaps.getGeometryN(i);
            double area = metric.areaSqm(gap);
            if (area > rules.areaToleranceSqm()) {
                out.add(DraftProblem.of(DraftProblem.Kind.GAP, List.of(), gap, round(area), "m2",
                        String.format(Locale.ROOT, "此处 %.1f 平方米不属于任何网格（缝隙）", area)));
            }
        }
    }

    private void checkEscapes(Map<String, Geometry> parents, List<DraftChild> children, LocalProjection metric, List<DraftProblem> out) {
        Map<String, PreparedGeometry> prepared = new HashMap<>();
        for (DraftChild c : children) {
            Geometry parent = parents.get(c.parentCode());
            if (parent == null) {
                continue;
            }
            if (prepared.computeIfAbsent(c.parentCode(), k -> PreparedGeometryFactory.prepare(parent)).covers(c.geometry())) {
                continue;
            }
            Geometry outside = polygonal(OverlayNGRobust.overlay(c.geometry(), parent, OverlayNG.DIFFERENCE));
            double area = metric.areaSqm(outside);
            if (area > rules.areaToleranceSqm()) {
                out.add(DraftProblem.of(DraftProblem.Kind.OUTSIDE_PARENT, List.of(c.code()), outside, round(area), "m2",
                        String.format(Locale.ROOT, "网格 %s 有 %.1f 平方米超出上级 %s", c.code(), area, c.parentCode())));
            }
        }
    }

    /** The cascaded union of the children's boundaries, null for none. */
    static Geometry union(List<DraftChild> children) {
        if (children.isEmpty()) {
            return null;
        }
        List<Geometry> polygons = new ArrayList<>(children.size());
        for (DraftChild c : children) {
            polygons.add(c.geometry());
        }
        return CascadedPolygonUnion.union(polygons);
    }

    /** The polygonal part of an overlay result (lines and points where boundaries merely touch are dropped). */
    static Geometry polygonal(Geometry g) {
        if (g instanceof Polygonal) {
            return g;
        }
        List<Polygon> polygons = new ArrayList<>();
        for (int i = 0; i < g.getNumGeometries(); i++) {
            Geometry part = g.getGeometryN(i);
            if (part instanceof Polygon p) {
                polygons.add(p);
            } else if (part instanceof Polygonal) {
                for (int k = 0; k < part.getNumGeometries(); k++) {
                    polygons.add((Polygon) part.getGeometryN(k));
                }
            }
        }
        return g.getFactory().createMultiPolygon(polygons.toArray(Polygon[]::new));
    }

    private static double round(double v) {
        return Math.round(v * 10) / 10.0;
    }
}
