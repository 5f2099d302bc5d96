package cn.yiwang.building;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import cn.yiwang.testing.PostgisTest;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;

/** The generated Erqi buildings as loaded at start, checked by PostGIS. */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DemoBuildingsTest implements PostgisTest {

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

    long number(String sql) throws SQLException {
        return Long.parseLong(rows(sql).get(0));
    }

    @Test
    void tenToTwentyThousandDemoBuildingsAreLoaded() throws SQLException {
        long n = number("SELECT count(*) FROM building WHERE generated");
        assertTrue(n >= 10_000 && n <= 20_000, n + " generated buildings");
        assertEquals(n, number("SELECT count(*) FROM building WHERE generated AND district_code = '410103'"));
    }

    @Test
    void householdsOfEachMicroGridWithHomesAddUpToFiftyToSeventy() throws SQLException {
        List<String> off = rows("""
                SELECT micro_code || ': ' || sum(households) FROM building
                WHERE generated AND use = 'residential'
                GROUP BY micro_code HAVING sum(households) NOT BETWEEN 50 AND 70""");
        assertTrue(off.isEmpty(), off.size() + " micro grids off, first: " + off.subList(0, Math.min(5, off.size())));
        long withHomes = number("SELECT count(DISTINCT micro_code) FROM building WHERE generated AND use = 'residential'");
        assertTrue(withHomes > 5657 * 0.95, withHomes + " micro grids have homes");
    }

    @Test
    void everyMicroCodeIsTheMicroGridCoveringThePointOnSurface() throws SQLException {
        List<String> wrong = rows("""
                SELECT b.id FROM building b
                WHERE b.generated AND NOT EXISTS (
                    SELECT 1 FROM grid_current g
                    WHERE g.level = 'micro' AND g.code = b.micro_code AND ST_Covers(g.geom, ST_PointOnSurface(b.geom)))
                LIMIT 5""");
        assertTrue(wrong.isEmpty(), "micro_code does not cover the point on surface of " + wrong);
    }

    @Test
    void footprintsLieInsideTheirMicroGridAndDoNotOverlap() throws SQLException {
        assertEquals(0, number("""
                SELECT count(*) FROM building b JOIN grid_current g ON g.level = 'micro' AND g.code = b.micro_code
                WHERE b.generated AND NOT ST_Covers(g.geom, b.geom)"""));
        assertEquals(0, number("""
                SELECT count(*) FROM building a JOIN building b ON a.id < b.id AND a.geom && b.geom
                WHERE a.generated AND b.generated AND ST_Intersects(a.geom, b.geom)"""));
    }

    @Test
    void theLoadIsAudited() throws SQLException {
        assertEquals(1, number("""
                SELECT count(*) FROM audit_log
                WHERE action = 'building.import' AND actor = 'system' AND target = 'district:410103'"""));
    }
}
