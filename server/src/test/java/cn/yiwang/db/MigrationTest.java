package cn.yiwang.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import cn.yiwang.testing.PostgisTest;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;

@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MigrationTest implements PostgisTest {

    @Inject
    DataSource dataSource;

    String one(String sql) throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    @Test
    void everyMigrationIsAppliedSuccessfully() throws SQLException {
        assertEquals("0", one("SELECT count(*) FROM flyway_schema_history WHERE NOT success"));
        assertTrue(Integer.parseInt(one("SELECT count(*) FROM flyway_schema_history WHERE success AND version IS NOT NULL")) >= 2);
        assertEquals("t", one("SELECT to_regclass('grid_current') IS NOT NULL"));
        assertTrue(one("SELECT postgis_lib_version()").startsWith("3."));
    }

    @Test
    void gridGeometryIsTypedAndIndexed() throws SQLException {
        assertEquals("MULTIPOLYGON 4326", one("SELECT type || ' ' || srid FROM geometry_columns WHERE f_table_name = 'grid'"));
        assertEquals("1", one("SELECT count(*) FROM pg_indexes WHERE tablename = 'grid' AND indexdef LIKE '%gist%'"));
    }

    @Test
    void invalidGeometryIsRejectedByTheSchema() {
        SQLException e = assertThrows(SQLException.class, () -> {
            try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
                c.setAutoCommit(false);
                try {
                    st.execute("INSERT INTO grid (district_code, code, level, parent_code, name, generated, area_sqm, geom) VALUES "
                            + "('410103', '410103999', 'l1', '410103', 'bow-tie', true, 1, "
                            + "ST_Multi(ST_GeomFromText('POLYGON((0 0, 1 1, 1 0, 0 1, 0 0))', 4326)))");
                } finally {
                    c.rollback();
                }
            }
        });
        assertTrue(e.getMessage().contains("check constraint"), e.getMessage());
    }

    @Test
    void auditLogIsAppendOnly() throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
            c.setAutoCommit(false);
            try {
                st.execute("INSERT INTO audit_log (actor, action) VALUES ('test', 'test.append')");
                for (String forbidden : new String[] {"UPDATE audit_log SET actor = 'x'", "DELETE FROM audit_log", "TRUNCATE audit_log"}) {
                    st.execute("SAVEPOINT s");
                    SQLException e = assertThrows(SQLException.class, () -> st.execute(forbidden));
                    assertTrue(e.getMessage().contains("append-only"), e.getMessage());
                    st.execute("ROLLBACK TO SAVEPOINT s");
                }
            } finally {
                c.rollback();
            }
        }
    }
}
