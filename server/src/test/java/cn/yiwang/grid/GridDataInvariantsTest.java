package cn.yiwang.grid;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import cn.yiwang.testing.PostgisTest;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;

/**
 * The demo hierarchy as stored in PostGIS, checked by PostGIS: counts, codes, nesting, full
 * coverage without gaps or overlaps at every level, validity.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GridDataInvariantsTest implements PostgisTest {

    /** Relative area error allowed between a parent and the union of its children. */
    static final double TILING_TOLERANCE = 1e-9;

    @Inject
    DataSource dataSource;

    List<String> rows(String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    @Test
    void countsPerLevelMatchErqi() throws SQLException {
        Map<String, String> counts = new LinkedHashMap<>();
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT level, count(*) FROM grid_current GROUP BY level")) {
            while (rs.next()) {
                counts.put(rs.getString(1), rs.getString(2));
            }
        }
        assertEquals(Map.of("district", "1", "l1", "16", "l2", "176", "l3", "846", "micro", "5657", "special", "4"), counts);
    }

    @Test
    void codesAreUniqueAndExtendTheirParentsCode() throws SQLException {
        assertEquals(List.of(), rows("SELECT code FROM grid_current GROUP BY code HAVING count(*) > 1"));
        assertEquals(List.of(), rows("""
                SELECT g.code FROM grid_current g LEFT JOIN grid_current p ON p.code = g.parent_code
                WHERE g.level <> 'district' AND (p.code IS NULL OR left(g.code, length(p.code)) <> p.code
                   OR (g.level, p.level) NOT IN (('l1','district'), ('l2','l1'), ('l3','l2'), ('micro','l3'), ('special','l2')))"""));
        assertEquals(List.of(), rows("""
                SELECT code FROM grid_current WHERE NOT (
                  (level = 'district' AND code ~ '^\\d{6}$') OR (level = 'l1' AND code ~ '^\\d{9}$')
                  OR (level = 'l2' AND code ~ '^\\d{12}$') OR (level = 'l3' AND code ~ '^\\d{15}$')
                  OR (level = 'micro' AND code ~ '^\\d{18}$') OR (level = 'special' AND code ~ '^\\d{12}S\\d{2}$'))"""));
    }

    @Test
    void everyGeometryIsValidAndRealNamesAreKept() throws SQLException {
        assertEquals(List.of(), rows("SELECT code FROM grid_current WHERE NOT ST_IsValid(geom) OR ST_IsEmpty(geom)"));
        assertEquals(List.of("兴华街社区"), rows("SELECT name FROM grid_current WHERE code = '410103001004'"));
        assertEquals(List.of("f"), rows("SELECT generated::text FROM grid_current WHERE level = 'district'").stream()
                .map(s -> s.substring(0, 1)).toList());
        assertEquals(List.of("0"), rows("SELECT count(*) FROM grid_current WHERE level NOT IN ('district') AND NOT generated"));
    }

    @ParameterizedTest(name = "{0} children tile their {1} parent")
    @CsvSource({"l1,district", "l2,l1", "l3,l2", "micro,l3"})
    void childrenTileTheirParentWithoutGapOrOverlap(String level, String parentLevel) throws SQLException {
        // Gap or overflow: the union of the children differs from the parent.
        List<String> badTiling = rows(String.format("""
                SELECT p.code || ' rel.error=' || (ST_Area(ST_SymDifference(p.geom, u.geom)) / ST_Area(p.geom))
                FROM grid_current p
                JOIN (SELECT parent_code, ST_Union(geom) AS geom FROM grid_current WHERE level = '%s' GROUP BY parent_code) u
                  ON u.parent_code = p.code
                WHERE p.level = '%s' AND ST_Area(ST_SymDifference(p.geom, u.geom)) > %s * ST_Area(p.geom)""",
                level, parentLevel, TILING_TOLERANCE));
        assertEquals(List.of(), badTiling);
        // Every parent has children.
        assertEquals(List.of(), rows(String.format(
                "SELECT p.code FROM grid_current p WHERE p.level = '%s' AND NOT EXISTS "
                        + "(SELECT 1 FROM grid_current c WHERE c.parent_code = p.code AND c.level = '%s')", parentLevel, level)));
        // Overlap: siblings whose interiors share area.
        List<String> overlaps = rows(String.format("""
                SELECT a.code || '/' || b.code FROM grid_current a JOIN grid_current b
                  ON a.parent_code = b.parent_code AND a.code < b.code AND a.geom && b.geom
                JOIN grid_current p ON p.code = a.parent_code
                WHERE a.level = '%1$s' AND b.level = '%1$s'
                  AND ST_Relate(a.geom, b.geom, '2********')
                  AND ST_Area(ST_Intersection(a.geom, b.geom)) > %2$s * ST_Area(p.geom)""", level, TILING_TOLERANCE / 1000));
        assertEquals(List.of(), overlaps);
    }

    @Test
    void microGridsAreSmallInTheOldTownAndLargerInTheSouth() throws SQLException {
        double north = Double.parseDouble(rows("SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY area_sqm) FROM grid_current "
                + "WHERE level = 'micro' AND ST_Y(ST_PointOnSurface(geom)) > 34.72").get(0));
        double south = Double.parseDouble(rows("SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY area_sqm) FROM grid_current "
                + "WHERE level = 'micro' AND ST_Y(ST_PointOnSurface(geom)) < 34.65").get(0));
        assertTrue(north >= 5_000 && north <= 60_000, "north median " + north + " m²");
        assertTrue(south > 2 * north, "south median " + south + " m² vs north " + north + " m²");
    }

    @Test
    void theDemoImportIsAuditedOnce() throws SQLException {
        assertEquals(List.of("1"), rows("SELECT count(*) FROM audit_log WHERE action = 'grid.import' AND target = 'district:410103'"));
    }

    @Test
    void specialGridsLieInsideTheirCommunity() throws SQLException {
        assertEquals(List.of(), rows("""
                SELECT s.code FROM grid_current s JOIN grid_current p ON p.code = s.parent_code
                WHERE s.level = 'special' AND ST_Area(ST_Difference(s.geom, p.geom)) > 1e-9 * ST_Area(s.geom)"""));
        assertEquals(List.of("hospital", "mall", "school"), rows("SELECT DISTINCT kind FROM grid_current WHERE level = 'special' ORDER BY 1"));
    }
}
