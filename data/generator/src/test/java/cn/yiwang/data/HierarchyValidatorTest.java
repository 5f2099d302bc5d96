package cn.yiwang.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class HierarchyValidatorTest {
    private static final String DISTRICT = "POLYGON ((113 34, 113.04 34, 113.04 34.04, 113 34.04, 113 34))";
    private static final String WEST = "POLYGON ((113 34, 113.02 34, 113.02 34.04, 113 34.04, 113 34))";
    private static final String EAST = "POLYGON ((113.02 34, 113.04 34, 113.04 34.04, 113.02 34.04, 113.02 34))";
    private static final String WEST_NORTH = "POLYGON ((113 34.02, 113.02 34.02, 113.02 34.04, 113 34.04, 113 34.02))";
    private static final String WEST_SOUTH = "POLYGON ((113 34, 113.02 34, 113.02 34.02, 113 34.02, 113 34))";
    private static final String SMALL = "POLYGON ((113.005 34.005, 113.007 34.005, 113.007 34.007, 113.005 34.007, 113.005 34.005))";

    private static GridRecord grid(String code, GridLevel level, String parent, String wkt) {
        return new GridRecord(code, "网格" + code, level, parent, Fixtures.polygon(wkt),
                level != GridLevel.DISTRICT, level == GridLevel.SPECIAL ? "school" : null);
    }

    /** 410103 → two halves → west half has one community → two level-3 grids → one micro each. */
    private static List<GridRecord> sound() {
        List<GridRecord> r = new ArrayList<>();
        r.add(grid("410103", GridLevel.DISTRICT, null, DISTRICT));
        r.add(grid("410103001", GridLevel.L1, "410103", WEST));
        r.add(grid("410103002", GridLevel.L1, "410103", EAST));
        r.add(grid("410103001001", GridLevel.L2, "410103001", WEST));
        r.add(grid("410103001001001", GridLevel.L3, "410103001001", WEST_NORTH));
        r.add(grid("410103001001002", GridLevel.L3, "410103001001", WEST_SOUTH));
        r.add(grid("410103001001001001", GridLevel.MICRO, "410103001001001", WEST_NORTH));
        r.add(grid("410103001001002001", GridLevel.MICRO, "410103001001002", WEST_SOUTH));
        r.add(grid("410103001001S01", GridLevel.SPECIAL, "410103001001", SMALL));
        return r;
    }

    private static List<GridRecord> with(String code, GridRecord replacement) {
        List<GridRecord> r = sound();
        for (int i = 0; i < r.size(); i++) {
            if (r.get(i).code().equals(code)) {
                r.set(i, replacement);
            }
        }
        return r;
    }

    private static void assertReported(List<GridRecord> records, String fragment) {
        List<String> problems = HierarchyValidator.validate(records);
        assertTrue(problems.stream().anyMatch(p -> p.contains(fragment)),
                "expected a problem containing '" + fragment + "', got " + problems);
    }

    @Test
    void soundHierarchyHasNoProblems() {
        assertEquals(List.of(), HierarchyValidator.validate(sound()));
    }

    @Test
    void overlappingSiblingsAreReported() {
        String widerWest = "POLYGON ((113 34, 113.021 34, 113.021 34.04, 113 34.04, 113 34))";
        assertReported(with("410103001", grid("410103001", GridLevel.L1, "410103", widerWest)), "overlap");
    }

    @Test
    void gapBetweenSiblingsIsReported() {
        String narrowerWest = "POLYGON ((113 34, 113.019 34, 113.019 34.04, 113 34.04, 113 34))";
        List<GridRecord> records = with("410103001", grid("410103001", GridLevel.L1, "410103", narrowerWest));
        assertReported(records, "children areas sum to");
        assertReported(records, "union of children differs");
    }

    @Test
    void tinyGapBelowToleranceIsAccepted() {
        // 1e-12 degree narrower: relative area error 5e-11, below the 1e-9 tolerance.
        String almostWest = "POLYGON ((113 34, 113.019999999999 34, 113.019999999999 34.04, 113 34.04, 113 34))";
        List<GridRecord> records = with("410103001", grid("410103001", GridLevel.L1, "410103", almostWest));
        records.removeIf(r -> r.code().startsWith("410103001") && r.level() != GridLevel.L1);
        assertEquals(List.of(), HierarchyValidator.validate(records));
    }

    @Test
    void childSpillingOutOfItsParentIsReported() {
        String spilling = "POLYGON ((113 34.02, 113.021 34.02, 113.021 34.04, 113 34.04, 113 34.02))";
        assertReported(with("410103001001001", grid("410103001001001", GridLevel.L3, "410103001001", spilling)),
                "410103001001001: not covered by parent 410103001001");
    }

    @Test
    void codeNotPrefixedByParentIsReported() {
        List<GridRecord> records = sound();
        records.add(grid("410104001", GridLevel.L1, "410103", EAST));
        assertReported(records, "410104001: code is not parent code 410103 + 3 digits");
    }

    @Test
    void duplicateCodeIsReported() {
        List<GridRecord> records = sound();
        records.add(grid("410103002", GridLevel.L1, "410103", EAST));
        assertReported(records, "410103002: duplicate code");
    }

    @Test
    void childListedBeforeItsParentIsReported() {
        List<GridRecord> records = sound();
        GridRecord l2 = records.remove(3);
        records.add(l2);
        assertReported(records, "listed before its parent 410103001001");
    }

    @Test
    void invalidPolygonIsReported() {
        String bowTie = "POLYGON ((113 34, 113.02 34.04, 113.02 34, 113 34.04, 113 34))";
        assertReported(with("410103001001002001", grid("410103001001002001", GridLevel.MICRO, "410103001001002", bowTie)),
                "invalid geometry");
    }

    @Test
    void wrongSridIsReported() {
        GridRecord l1 = grid("410103002", GridLevel.L1, "410103", EAST);
        l1.geometry().setSRID(3857);
        assertReported(with("410103002", l1), "SRID 3857");
    }

    @Test
    void sequenceGapIsReported() {
        List<GridRecord> records = with("410103001001002",
                grid("410103001001003", GridLevel.L3, "410103001001", WEST_SOUTH));
        records.removeIf(r -> r.code().equals("410103001001002001"));
        assertReported(records, "410103001001: children are not numbered 001..002");
    }

    @Test
    void specialGridOutsideItsCommunityIsReported() {
        String elsewhere = "POLYGON ((113.03 34.005, 113.032 34.005, 113.032 34.007, 113.03 34.007, 113.03 34.005))";
        assertReported(with("410103001001S01", grid("410103001001S01", GridLevel.SPECIAL, "410103001001", elsewhere)),
                "410103001001S01: not covered by parent");
    }

    @Test
    void specialGridsAreNotPartOfTheTiling() {
        // The special grid overlaps the level-3 grids of its community; that is by design.
        assertTrue(HierarchyValidator.validate(sound()).isEmpty());
    }

    @Test
    void missingParentIsReported() {
        List<GridRecord> records = sound();
        records.add(grid("410103009001", GridLevel.L2, "410103009", EAST));
        assertReported(records, "parent 410103009 missing");
    }
}
