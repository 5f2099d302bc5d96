package cn.yiwang.data;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.geom.prep.PreparedGeometry;
import org.locationtech.jts.geom.prep.PreparedGeometryFactory;
import org.locationtech.jts.index.strtree.STRtree;
import org.locationtech.jts.operation.overlayng.OverlayNG;
import org.locationtech.jts.operation.overlayng.OverlayNGRobust;
import org.locationtech.jts.operation.valid.IsValidOp;

/**
 * Checks a grid hierarchy (as produced by {@link GridGenerator}, or imported) and lists what is
 * wrong with it; an empty list means it is sound.
 *
 * <p>Checked for every record: non-empty valid polygon with SRID 4326; code unique and of the
 * right shape for its level (district 6 digits, level 1 = district + 3 digits, level 2 = level 1
 * + 3, level 3 = level 2 + 3, micro = level 3 + 3, special = level 2 + "S" + 2); the parent
 * exists, is of the level above and comes earlier in the list; {@code generated} is false only
 * for districts; special grids have a kind of hospital, school or mall.
 *
 * <p>Checked for every parent with children (special grids excluded): each child is covered by
 * the parent ({@link Geometry#covers}, exact); |area(parent) − Σ area(children)| and
 * area(union(children) △ parent) are at most {@link #TILING_TOLERANCE} × area(parent); no two
 * siblings overlap by more than {@link #OVERLAP_TOLERANCE} × area(parent) (candidate pairs from
 * an {@link STRtree}); level-3 and micro sequence numbers run 001…n. Special grids must be
 * covered by their level-2 grid.
 *
 * <p>Areas are planar in degrees², which is fine for relative tolerances. Stateless and
 * thread-safe; parents are checked in parallel, problems are reported in input order.
 */
public final class HierarchyValidator {
    /** Allowed relative area mismatch between a parent and its children. */
    public static final double TILING_TOLERANCE = 1e-9;
    /** Allowed relative overlap area between two siblings. */
    public static final double OVERLAP_TOLERANCE = 1e-12;

    private static final Pattern DISTRICT_CODE = Pattern.compile("\\d{6}");
    private static final Pattern THREE_DIGITS = Pattern.compile("\\d{3}");
    private static final Pattern SPECIAL_SUFFIX = Pattern.compile("S\\d{2}");

    private HierarchyValidator() {
    }

    public static List<String> validate(List<GridRecord> records) {
        List<String> problems = new ArrayList<>();
        Map<String, Integer> position = new HashMap<>();
        for (int i = 0; i < records.size(); i++) {
            GridRecord r = records.get(i);
            if (position.putIfAbsent(r.code(), i) != null) {
                problems.add(r.code() + ": duplicate code");
            }
        }
        // Children grouped by parent, in the order parents appear (LinkedHashMap: stable output).
        Map<String, List<GridRecord>> children = new LinkedHashMap<>();
        for (int i = 0; i < records.size(); i++) {
            GridRecord r = records.get(i);
            checkRecord(r, problems);
            if (r.parentCode() == null) {
                continue;
            }
            Integer parentAt = position.get(r.parentCode());
            if (parentAt == null) {
                problems.add(r.code() + ": parent " + r.parentCode() + " missing");
                continue;
            }
            GridRecord parent = records.get(parentAt);
            if (parentAt > i) {
                problems.add(r.code() + ": listed before its parent " + parent.code());
            }
            checkParentLink(r, parent, problems);
            children.computeIfAbsent(r.parentCode(), k -> new ArrayList<>()).add(r);
        }
        List<List<String>> perParent = children.entrySet().parallelStream()
                .map(e -> checkFamily(records.get(position.get(e.getKey())), e.getValue()))
                .toList();
        perParent.forEach(problems::addAll);
        return problems;
    }

    private static void checkRecord(GridRecord r, List<String> problems) {
        Polygon g = r.geometry();
        if (g.isEmpty()) {
            problems.add(r.code() + ": empty geometry");
        } else {
            IsValidOp op = new IsValidOp(g);
            if (!op.isValid()) {
                problems.add(r.code() + ": invalid geometry: " + op.getValidationError());
            }
        }
        if (g.getSRID() != SourceData.SRID_WGS84) {
            problems.add(r.code() + ": SRID " + g.getSRID() + " instead of 4326");
        }
        if (r.level() == GridLevel.DISTRICT && !DISTRICT_CODE.matcher(r.code()).matches()) {
            problems.add(r.code() + ": district code must have 6 digits");
        }
        if (r.generated() == (r.level() == GridLevel.DISTRICT)) {
            problems.add(r.code() + ": generated=" + r.generated() + " is wrong for " + r.level().key());
        }
        if (r.level() == GridLevel.SPECIAL && !List.of("hospital", "school", "mall").contains(r.kind())) {
            problems.add(r.code() + ": unknown special kind " + r.kind());
        }
        if (r.name().isBlank()) {
            problems.add(r.code() + ": blank name");
        }
    }

    private static void checkParentLink(GridRecord r, GridRecord parent, List<String> problems) {
        GridLevel expected = switch (r.level()) {
            case DISTRICT -> null;
            case L1 -> GridLevel.DISTRICT;
            case L2 -> GridLevel.L1;
            case L3, SPECIAL -> GridLevel.L2;
            case MICRO -> GridLevel.L3;
        };
        if (parent.level() != expected) {
            problems.add(r.code() + ": parent " + parent.code() + " is " + parent.level().key()
                    + ", expected " + (expected == null ? "none" : expected.key()));
        }
        String suffix = r.code().startsWith(parent.code()) ? r.code().substring(parent.code().length()) : null;
        Pattern shape = r.level() == GridLevel.SPECIAL ? SPECIAL_SUFFIX : THREE_DIGITS;
        if (suffix == null || !shape.matcher(suffix).matches()) {
            problems.add(r.code() + ": code is not parent code " + parent.code() + " + "
                    + (r.level() == GridLevel.SPECIAL ? "S + 2 digits" : "3 digits"));
        }
    }

    private static List<String> checkFamily(GridRecord parent, List<GridRecord> family) {
        List<String> problems = new ArrayList<>();
        boolean allValid = parent.geometry().isValid() && family.stream().allMatch(c -> c.geometry().isValid());
        if (!allValid) {
            // Already reported per record; overlay on invalid input would only throw.
            problems.add(parent.code() + ": family not checked for nesting and tiling (invalid geometry)");
            return problems;
        }
        try {
            checkValidFamily(parent, family, problems);
        } catch (RuntimeException e) {
            problems.add(parent.code() + ": checking its children failed: " + e);
        }
        return problems;
    }

    private static void checkValidFamily(GridRecord parent, List<GridRecord> family, List<String> problems) {
        PreparedGeometry preparedParent = PreparedGeometryFactory.prepare(parent.geometry());
        List<GridRecord> tiles = new ArrayList<>();
        for (GridRecord child : family) {
            if (!preparedParent.covers(child.geometry())) {
                problems.add(child.code() + ": not covered by parent " + parent.code()
                        + " (outside area " + outsideArea(child.geometry(), parent.geometry()) + " deg²)");
            }
            if (child.level() != GridLevel.SPECIAL) {
                tiles.add(child);
            }
        }
        if (tiles.isEmpty()) {
            return;
        }
        double parentArea = parent.geometry().getArea();
        double sum = 0;
        for (GridRecord t : tiles) {
            sum += t.geometry().getArea();
        }
        if (Math.abs(parentArea - sum) > TILING_TOLERANCE * parentArea) {
            problems.add(parent.code() + ": children areas sum to " + sum + " deg², parent has " + parentArea);
        }
        Geometry union = OverlayNGRobust.union(
                parent.geometry().getFactory().buildGeometry(tiles.stream().map(GridRecord::geometry).toList()));
        double mismatch = OverlayNGRobust.overlay(union, parent.geometry(), OverlayNG.SYMDIFFERENCE).getArea();
        if (mismatch > TILING_TOLERANCE * parentArea) {
            problems.add(parent.code() + ": union of children differs from parent by " + mismatch + " deg²");
        }
        problems.addAll(overlaps(parent, tiles, OVERLAP_TOLERANCE * parentArea));
        if (tiles.get(0).level() == GridLevel.L3 || tiles.get(0).level() == GridLevel.MICRO) {
            BitSet seen = new BitSet();
            for (GridRecord t : tiles) {
                seen.set(Integer.parseInt(t.code().substring(t.code().length() - 3)));
            }
            if (seen.get(0) || seen.cardinality() != tiles.size() || seen.length() != tiles.size() + 1) {
                problems.add(parent.code() + ": children are not numbered 001.." + String.format("%03d", tiles.size()));
            }
        }
    }

    private static List<String> overlaps(GridRecord parent, List<GridRecord> tiles, double maxArea) {
        List<String> problems = new ArrayList<>();
        STRtree index = new STRtree();
        for (int i = 0; i < tiles.size(); i++) {
            index.insert(tiles.get(i).geometry().getEnvelopeInternal(), i);
        }
        for (int i = 0; i < tiles.size(); i++) {
            Polygon a = tiles.get(i).geometry();
            PreparedGeometry preparedA = PreparedGeometryFactory.prepare(a);
            for (Object o : index.query(a.getEnvelopeInternal())) {
                int j = (Integer) o;
                if (j <= i) {
                    continue;
                }
                Polygon b = tiles.get(j).geometry();
                if (!preparedA.intersects(b)) {
                    continue;
                }
                double area = OverlayNGRobust.overlay(a, b, OverlayNG.INTERSECTION).getArea();
                if (area > maxArea) {
                    problems.add(tiles.get(i).code() + " and " + tiles.get(j).code() + " overlap by " + area
                            + " deg² (children of " + parent.code() + ")");
                }
            }
        }
        return problems;
    }

    private static double outsideArea(Polygon child, Polygon parent) {
        return OverlayNGRobust.overlay(child, parent, OverlayNG.DIFFERENCE).getArea();
    }
}
