package cn.yiwang.layers.cases;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Envelope;

import cn.yiwang.layers.cases.CaseScopeRule.Kind;
import cn.yiwang.layers.tiles.TileMath;

/**
 * The Morton-ordered case index against a brute-force reference: for random cases and random tiles
 * at every zoom, the tile's count and its clusters (per cell, per status group) equal what a plain
 * loop over all cases with {@link TileMath#tileAt} finds.
 */
class CaseCellIndexTest {

    private static final String[] GRIDS = {"410103001004001", "410103001004002", "410103001005001", "410103003001001", null};
    private static final String[] DEPARTMENTS = {"urban_mgmt_squad", "power_supply", null};
    private static final CaseScopeRule OPS = new CaseScopeRule(Kind.DESK, "410103", null);
    private static final CaseScopeRule COMMUNITY = new CaseScopeRule(Kind.GRID, "410103001004", null);
    private static final CaseScopeRule SQUAD = new CaseScopeRule(Kind.DEPARTMENT, "410103", "urban_mgmt_squad");

    static List<CaseCellIndex.Entry> randomCases(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        List<CaseCellIndex.Entry> cases = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            cases.add(new CaseCellIndex.Entry(i + 1, 113.55 + r.nextDouble() * 0.2, 34.65 + r.nextDouble() * 0.15,
                    CaseStatusGroup.values()[r.nextInt(CaseStatusGroup.values().length)], r.nextInt(5) == 0, r.nextInt(7) == 0,
                    GRIDS[r.nextInt(GRIDS.length)], DEPARTMENTS[r.nextInt(DEPARTMENTS.length)], 1));
        }
        return cases;
    }

    static boolean inTile(CaseCellIndex.Entry e, int z, int x, int y) {
        return CaseCellIndex.worldX(e.lon()) >> (31 - z) == x && CaseCellIndex.worldY(e.lat()) >> (31 - z) == y;
    }

    @Test
    void mortonInterleavesXOnEvenAndYOnOddBits() {
        assertEquals(0b01, CaseCellIndex.morton(1, 0));
        assertEquals(0b10, CaseCellIndex.morton(0, 1));
        assertEquals(0b1111, CaseCellIndex.morton(3, 3));
        long max = (1L << 31) - 1;
        assertEquals((1L << 62) - 1, CaseCellIndex.morton(max, max));
    }

    @Test
    void worldCoordinatesAgreeWithTheTileScheme() {
        for (int z : new int[] {0, 5, 12, 14, 16, 20}) {
            int[] t = TileMath.tileAt(113.6425, 34.7459, z);
            assertEquals(t[0], CaseCellIndex.worldX(113.6425) >> (31 - z), "x at z" + z);
            assertEquals(t[1], CaseCellIndex.worldY(34.7459) >> (31 - z), "y at z" + z);
        }
    }

    @Test
    void countsAndClustersEqualABruteForceLoopAtEveryZoom() {
        List<CaseCellIndex.Entry> cases = randomCases(20_000, 42);
        CaseCellIndex index = new CaseCellIndex();
        index.load(cases.subList(0, 15_000));
        cases.subList(15_000, cases.size()).forEach(index::upsert); // some sorted, some recent
        SplittableRandom r = new SplittableRandom(7);
        for (int z = 0; z <= 18; z++) {
            for (int k = 0; k < 6; k++) {
                CaseCellIndex.Entry anchor = cases.get(r.nextInt(cases.size()));
                int[] t = TileMath.tileAt(anchor.lon(), anchor.lat(), z);
                for (CaseScopeRule rule : List.of(OPS, COMMUNITY, SQUAD)) {
                    checkTile(index, cases, z, t[0], t[1], rule);
                }
            }
        }
    }

    private static void checkTile(CaseCellIndex index, List<CaseCellIndex.Entry> cases, int z, int x, int y, CaseScopeRule rule) {
        int cellBits = 4;
        int side = 1 << cellBits;
        int[] count = new int[side * side];
        int[][] groups = new int[side * side][CaseStatusGroup.values().length];
        int[] overdue = new int[side * side];
        int total = 0;
        for (CaseCellIndex.Entry e : cases) {
            if (!inTile(e, z, x, y) || !rule.matches(e.gridCode(), e.departmentCode())) {
                continue;
            }
            int cx = (CaseCellIndex.worldX(e.lon()) >> (31 - z - cellBits)) & (side - 1);
            int cy = (CaseCellIndex.worldY(e.lat()) >> (31 - z - cellBits)) & (side - 1);
            count[cy * side + cx]++;
            groups[cy * side + cx][e.group().ordinal()]++;
            if (e.overdue()) {
                overdue[cy * side + cx]++;
            }
            total++;
        }
        String where = rule.key() + " " + z + "/" + x + "/" + y;
        assertEquals(total, index.count(z, x, y, rule, Integer.MAX_VALUE - 1), where);
        assertEquals(Math.min(total, 11), index.count(z, x, y, rule, 10), "counting stops early: " + where);
        List<CaseCellIndex.Cluster> clusters = index.clusters(z, x, y, cellBits, 4096, rule);
        assertEquals(Arrays.stream(count).filter(c -> c > 0).count(), clusters.size(), where);
        for (CaseCellIndex.Cluster c : clusters) {
            int cell = c.cellY() * side + c.cellX();
            assertEquals(count[cell], c.count(), where);
            assertTrue(Arrays.equals(groups[cell], c.byGroup()), where);
            assertEquals(overdue[cell], c.overdue(), where);
            assertEquals(c.count(), Arrays.stream(c.byGroup()).sum());
            // The cluster sits at its cases' mean position, inside its cell.
            assertTrue(c.x() >= c.cellX() * 256 && c.x() < (c.cellX() + 1) * 256, where + " x " + c.x());
            assertTrue(c.y() >= c.cellY() * 256 && c.y() < (c.cellY() + 1) * 256, where + " y " + c.y());
        }
    }

    @Test
    void anUpdateRewritesTheCaseInPlace() {
        CaseCellIndex index = new CaseCellIndex();
        CaseCellIndex.Entry e = new CaseCellIndex.Entry(5, 113.64, 34.72, CaseStatusGroup.PENDING, false, false, "410103001004001", null, 1);
        index.load(List.of(e));
        int[] t = TileMath.tileAt(113.64, 34.72, 16);
        index.upsert(new CaseCellIndex.Entry(5, 113.64, 34.72, CaseStatusGroup.CLOSED, true, false, "410103003001001", null, 2));
        assertEquals(1, index.size());
        assertEquals(0, index.count(16, t[0], t[1], COMMUNITY, 100), "moved to another community's grid");
        CaseCellIndex.Cluster c = index.clusters(16, t[0], t[1], 4, 4096, OPS).get(0);
        assertEquals(CaseStatusGroup.CLOSED, c.dominantGroup());
        assertEquals(1, c.overdue());
    }

    /** Two changes of one case may be reported out of order: the older one must not win, loaded or recent. */
    @Test
    void anOlderVersionNeverReplacesANewerOne() {
        int[] t = TileMath.tileAt(113.64, 34.72, 16);
        CaseCellIndex index = new CaseCellIndex();
        index.load(List.of(new CaseCellIndex.Entry(5, 113.64, 34.72, CaseStatusGroup.CLOSED, false, false, "410103001004001", null, 7)));
        index.upsert(new CaseCellIndex.Entry(6, 113.64, 34.72, CaseStatusGroup.CLOSED, false, false, "410103001004001", null, 3));
        index.upsert(new CaseCellIndex.Entry(5, 113.64, 34.72, CaseStatusGroup.PENDING, true, false, "410103001004001", null, 6));
        index.upsert(new CaseCellIndex.Entry(6, 113.64, 34.72, CaseStatusGroup.PENDING, true, false, "410103001004001", null, 2));
        CaseCellIndex.Cluster c = index.clusters(16, t[0], t[1], 4, 4096, OPS).get(0);
        assertEquals(2, c.count());
        assertEquals(CaseStatusGroup.CLOSED, c.dominantGroup(), "a stale PENDING state replaced a newer CLOSED one");
        assertEquals(0, c.overdue());
        index.upsert(new CaseCellIndex.Entry(6, 113.64, 34.72, CaseStatusGroup.PENDING, true, false, "410103001004001", null, 3));
        assertEquals(1, index.clusters(16, t[0], t[1], 4, 4096, OPS).get(0).overdue(), "the same version is taken (a re-read)");
    }

    @Test
    void recentCasesAreMergedWithoutLosingAny() {
        List<CaseCellIndex.Entry> cases = randomCases(CaseCellIndex.MERGE_THRESHOLD * 2 + 10, 3);
        CaseCellIndex index = new CaseCellIndex();
        cases.forEach(index::upsert);
        cases.forEach(index::upsert); // again: updates, not duplicates
        assertEquals(cases.size(), index.size());
        long visible = cases.stream().filter(e -> OPS.matches(e.gridCode(), e.departmentCode())).count();
        assertEquals(visible, index.count(0, 0, 0, OPS, Integer.MAX_VALUE - 1));
    }

    @Test
    void extentCoversTheVisibleCasesOnly() {
        CaseCellIndex index = new CaseCellIndex();
        index.load(List.of(
                new CaseCellIndex.Entry(1, 113.60, 34.70, CaseStatusGroup.PENDING, false, false, "410103001004001", null, 1),
                new CaseCellIndex.Entry(2, 113.70, 34.80, CaseStatusGroup.PENDING, false, false, "410103003001001", null, 1)));
        Envelope e = index.extent(COMMUNITY);
        assertTrue(e.getMinX() <= 113.60 && e.getMaxX() >= 113.60 && e.getMaxX() < 113.6001, e.toString());
        assertTrue(e.getMinY() <= 34.70 && e.getMaxY() >= 34.70 && e.getMaxY() < 34.7001, e.toString());
        assertNull(index.extent(new CaseScopeRule(Kind.GRID, "999", null)));
    }

    @Test
    void scopeRulesFollowRoleAndScope() {
        assertTrue(OPS.matches(null, null), "the unassigned queue is the ops center's");
        assertTrue(!COMMUNITY.matches(null, null));
        assertTrue(COMMUNITY.matches("410103001004001", "x"));
        assertTrue(!COMMUNITY.matches("410103001005001", null));
        assertTrue(SQUAD.matches("410103003001001", "urban_mgmt_squad"));
        assertTrue(!SQUAD.matches("410103003001001", "power_supply"));
        for (CaseScopeRule rule : List.of(OPS, COMMUNITY, SQUAD)) {
            assertEquals(rule, CaseScopeRule.parse(rule.key()));
            assertEquals(rule.key(), rule.toLayerScope().key());
        }
        assertEquals(List.of("410103001\\_x%"), new CaseScopeRule(Kind.GRID, "410103001_x", null).toLayerScope().sqlArgs(),
                "LIKE wildcards in a scope are escaped");
    }
}
