package cn.yiwang.planner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.io.ParseException;
import org.locationtech.jts.io.WKTReader;

class GridDraftValidatorTest {

    static final WKTReader WKT = new WKTReader(DraftGeoJson.FACTORY);
    static final String PARENT = "419901001001001";
    static final GridDraftValidator VALIDATOR = new GridDraftValidator(new GridDraftValidator.Rules(0.01, 20, 70, 1));

    static Geometry g(String wkt) {
        try {
            return WKT.read(wkt);
        } catch (ParseException e) {
            throw new IllegalArgumentException(e);
        }
    }

    static DraftChild child(String suffix, String wkt) {
        return new DraftChild(PARENT + suffix, "网格" + suffix, null, PARENT, g(wkt));
    }

    /** The parent: 0.002° × 0.002° at lat 25 (about 200 m × 220 m). */
    static Geometry parent() {
        return g("POLYGON ((100.5 25, 100.502 25, 100.502 25.002, 100.5 25.002, 100.5 25))");
    }

    /** Two halves split at lon 100.501. */
    static List<DraftChild> halves() {
        return List.of(child("001", "POLYGON ((100.5 25, 100.501 25, 100.501 25.002, 100.5 25.002, 100.5 25))"),
                child("002", "POLYGON ((100.501 25, 100.502 25, 100.502 25.002, 100.501 25.002, 100.501 25))"));
    }

    static List<DraftProblem> validate(List<DraftChild> children) {
        return VALIDATOR.validate(parent(), Map.of(PARENT, parent()), children, null);
    }

    static List<String> kinds(List<DraftProblem> problems) {
        return problems.stream().map(p -> p.kind().key()).toList();
    }

    @Test
    void aTilingWithoutGapsOrOverlapsHasNoProblems() {
        assertEquals(List.of(), validate(halves()));
    }

    @Test
    void anOverlapIsReportedWithItsAreaAndBothCodes() {
        List<DraftChild> c = List.of(child("001", "POLYGON ((100.5 25, 100.5011 25, 100.5011 25.002, 100.5 25.002, 100.5 25))"),
                halves().get(1));
        List<DraftProblem> problems = validate(c);
        assertEquals(List.of("overlap"), kinds(problems));
        assertEquals(List.of(PARENT + "001", PARENT + "002"), problems.get(0).codes());
        // 0.0001° × 0.002° at lat 25 ≈ 10.1 m × 221 m
        assertEquals(2230, problems.get(0).measure(), 40);
    }

    @Test
    void aGapIsReportedWhereNoChildCovers() {
        List<DraftChild> c = List.of(child("001", "POLYGON ((100.5 25, 100.5009 25, 100.5009 25.002, 100.5 25.002, 100.5 25))"),
                halves().get(1));
        List<DraftProblem> problems = validate(c);
        assertEquals(List.of("gap"), kinds(problems));
        assertEquals(2230, problems.get(0).measure(), 40);
        assertTrue(problems.get(0).location().getEnvelopeInternal().getMinX() >= 100.5009 - 1e-9);
    }

    @Test
    void aChildEscapingTheParentIsReported() {
        List<DraftChild> c = List.of(child("001", "POLYGON ((100.4999 25, 100.501 25, 100.501 25.002, 100.4999 25.002, 100.4999 25))"),
                halves().get(1));
        assertEquals(List.of("outside-parent"), kinds(validate(c)));
    }

    @Test
    void aBowTieIsInvalidAndBlocking() {
        List<DraftChild> c = new ArrayList<>(halves());
        c.set(0, child("001", "POLYGON ((100.5 25, 100.501 25.002, 100.501 25, 100.5 25.002, 100.5 25))"));
        List<DraftProblem> problems = validate(c);
        assertTrue(kinds(problems).contains("invalid-geometry"), kinds(problems).toString());
        assertTrue(GridDraftValidator.anyBlocking(problems));
    }

    @Test
    void spikesAndDuplicatePointsAreReported() {
        List<DraftChild> c = new ArrayList<>(halves());
        // A spike going out to 100.5015 and straight back along the same line, and a repeated vertex.
        c.set(1, child("002", "POLYGON ((100.501 25, 100.502 25, 100.502 25.001, 100.5025 25.001, 100.502 25.001000001, 100.502 25.002, "
                + "100.502 25.002, 100.501 25.002, 100.501 25))"));
        List<String> kinds = kinds(validate(c));
        assertTrue(kinds.contains("spike"), kinds.toString());
        assertTrue(kinds.contains("duplicate-point"), kinds.toString());
    }

    @Test
    void codesMustBeUniqueAndExtendTheParentsCode() {
        List<DraftChild> c = List.of(halves().get(0), new DraftChild(PARENT + "001", "重复", null, PARENT, halves().get(1).geometry()));
        assertEquals(List.of("duplicate-code"), kinds(validate(c)));
        List<DraftChild> d = List.of(halves().get(0), new DraftChild("419901001001002001", "别处", null, PARENT, halves().get(1).geometry()));
        assertEquals(List.of("code-not-under-parent"), kinds(validate(d)));
    }

    @Test
    void slivesAndHouseholdsOverTheStandardAreReported() {
        List<DraftChild> c = List.of(child("001", "POLYGON ((100.5 25, 100.50199 25, 100.50199 25.002, 100.5 25.002, 100.5 25))"),
                child("002", "POLYGON ((100.50199 25, 100.502 25, 100.502 25.002, 100.50199 25.002, 100.50199 25))"));
        assertEquals(List.of(), validate(c).stream().filter(p -> p.kind() != DraftProblem.Kind.SLIVER).toList());
        assertEquals(List.of(), kinds(validate(halves())));
        List<DraftProblem> problems = VALIDATOR.validate(parent(), Map.of(PARENT, parent()), halves(), Map.of(PARENT + "001", 71, PARENT + "002", 70));
        assertEquals(List.of("households-over-standard"), kinds(problems));
        assertEquals(71, problems.get(0).measure());
        assertEquals(List.of("sliver"), kinds(validate(List.of(c.get(0), child("002",
                "POLYGON ((100.50199 25, 100.502 25, 100.502 25.0001, 100.50199 25.0001, 100.50199 25))"))).stream()
                .filter(p -> p.kind() == DraftProblem.Kind.SLIVER).toList()));
    }

    @Test
    void fiveHundredSiblingsOfARegularTilingHaveNoProblems() {
        List<DraftChild> children = new ArrayList<>();
        Geometry parent = g("POLYGON ((100.5 25, 100.525 25, 100.525 25.02, 100.5 25.02, 100.5 25))");
        for (int i = 0; i < 25; i++) {
            for (int j = 0; j < 20; j++) {
                double x = 100.5 + i * 0.001;
                double y = 25 + j * 0.001;
                children.add(new DraftChild(PARENT + String.format("%03d", i * 20 + j + 1), "n", null, PARENT,
                        g(String.format(java.util.Locale.ROOT, "POLYGON ((%.4f %.4f, %.4f %.4f, %.4f %.4f, %.4f %.4f, %.4f %.4f))",
                                x, y, x + 0.001, y, x + 0.001, y + 0.001, x, y + 0.001, x, y))));
            }
        }
        assertEquals(List.of(), VALIDATOR.validate(parent, Map.of(PARENT, parent), children, null));
    }
}
