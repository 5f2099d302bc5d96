package cn.yiwang.data;

import static cn.yiwang.data.Fixtures.level;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class CityGridTest {
    private static final List<GridRecord> CITY = Fixtures.city();

    @Test
    void levelCountsMatchTheCity() {
        assertEquals(12, level(CITY, GridLevel.DISTRICT).size());
        assertEquals(SourceData.get().level1().size(), level(CITY, GridLevel.L1).size());
        assertEquals(182, level(CITY, GridLevel.L1).size());
        assertEquals(2914, level(CITY, GridLevel.L2).size());
        assertEquals(19_582, level(CITY, GridLevel.L3).size());
        assertEquals(47_188, level(CITY, GridLevel.MICRO).size());
        assertEquals(12 * 4, level(CITY, GridLevel.SPECIAL).size());
    }

    @Test
    void hierarchyIsSound() {
        List<String> problems = HierarchyValidator.validate(CITY);
        assertTrue(problems.isEmpty(), () -> problems.size() + " problems, first: " + problems.subList(0, Math.min(10, problems.size())));
    }

    @Test
    void districtsAreTheRealPolygons() {
        for (GridRecord d : level(CITY, GridLevel.DISTRICT)) {
            assertFalse(d.generated());
            assertEquals(SourceData.get().district(d.code()).geometry(), d.geometry());
        }
    }

    @Test
    void everyRealDivisionBecomesOneGrid() {
        List<String> l1 = SourceData.get().level1().stream().map(SourceData.Division::code).toList();
        List<String> l2 = SourceData.get().level2().stream().map(SourceData.Division::code).toList();
        assertEquals(l1, level(CITY, GridLevel.L1).stream().map(GridRecord::code).toList());
        assertEquals(l2, level(CITY, GridLevel.L2).stream().map(GridRecord::code).toList());
    }

    @Test
    void oldCityGridsAreSmallerThanCountyOnes() {
        double erqiL3 = meanHectares("410103");
        double dengfengL3 = meanHectares("410185");
        assertTrue(dengfengL3 > 3 * erqiL3, "登封 " + dengfengL3 + " ha vs 二七 " + erqiL3 + " ha");
    }

    private static double meanHectares(String district) {
        return level(CITY, GridLevel.MICRO).stream().filter(r -> r.code().startsWith(district))
                .mapToDouble(r -> Fixtures.hectares(r.geometry())).average().orElseThrow();
    }
}
