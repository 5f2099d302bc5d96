package cn.yiwang.planner;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;

/**
 * A tiny district of its own for planner tests, far from the demo data (so no other test sees it):
 * district 419901 → street 419901001 → community 419901001001 → level-3 grid 419901001001001, all
 * the same 0.006° square at lon 100.5, lat 25 (about 600 m × 670 m), cut into 3 × 3 micro grids
 * {@code …001}–{@code …009} (row by row from the south-west), each with one 10 m building of
 * {@value #HOUSEHOLDS} households at its centre. {@link #drop} removes grids and buildings again
 * and closes the fixture's cases (case events are append-only, so cases stay).
 */
final class PlannerFixture {

    static final String DISTRICT = "419901";
    static final String L3 = "419901001001001";
    static final double LON0 = 100.5;
    static final double LAT0 = 25.0;
    static final double CELL = 0.002;
    static final int HOUSEHOLDS = 30;

    private PlannerFixture() {
    }

    static String micro(int k) {
        return L3 + String.format("%03d", k);
    }

    /** Centre of micro grid k (1..9). */
    static double[] centre(int k) {
        int row = (k - 1) / 3;
        int col = (k - 1) % 3;
        return new double[] {LON0 + (col + 0.5) * CELL, LAT0 + (row + 0.5) * CELL};
    }

    static String box(double x0, double y0, double x1, double y1) {
        return String.format(Locale.ROOT, "ST_Multi(ST_MakeEnvelope(%.7f, %.7f, %.7f, %.7f, 4326))", x0, y0, x1, y1);
    }

    static void create(Connection c) throws SQLException {
        drop(c);
        String whole = box(LON0, LAT0, LON0 + 3 * CELL, LAT0 + 3 * CELL);
        try (Statement st = c.createStatement()) {
            insert(st, DISTRICT, "district", null, "规划测试区", whole);
            insert(st, "419901001", "l1", DISTRICT, "规划测试街道", whole);
            insert(st, "419901001001", "l2", "419901001", "规划测试社区", whole);
            insert(st, L3, "l3", "419901001001", "规划测试三级网格", whole);
            for (int k = 1; k <= 9; k++) {
                double[] m = centre(k);
                insert(st, micro(k), "micro", L3, "微网格" + k, box(m[0] - CELL / 2, m[1] - CELL / 2, m[0] + CELL / 2, m[1] + CELL / 2));
                st.execute(String.format(Locale.ROOT, """
                        INSERT INTO building (district_code, id, name, use, floors, height_m, households, micro_code, generated, geom)
                        VALUES ('%s', 'PLAN-%d', '规划测试楼%d', 'residential', 6, 18, %d, '%s', true,
                                ST_MakeEnvelope(%.7f, %.7f, %.7f, %.7f, 4326))""", DISTRICT, k, k, HOUSEHOLDS, micro(k),
                        m[0] - 0.00005, m[1] - 0.00005, m[0] + 0.00005, m[1] + 0.00005));
            }
        }
    }

    private static void insert(Statement st, String code, String level, String parent, String name, String geom) throws SQLException {
        st.execute(String.format(Locale.ROOT, """
                INSERT INTO grid (district_code, code, level, parent_code, name, generated, valid_from, area_sqm, geom)
                VALUES ('%s', '%s', '%s', %s, '%s', true, now() - interval '30 days', ST_Area(%s::geography), %s)""",
                DISTRICT, code, level, parent == null ? "NULL" : "'" + parent + "'", name, geom, geom));
    }

    /** An open (registered) or closed case at a point, routed to {@code grid}; returns its id. */
    static long insertCase(Connection c, double lon, double lat, String grid, boolean open) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO case_record (code, source, category_code, title, description, urgency, status, geom, grid_code, l3_code, l2_code,
                                         l1_code, district_code, created_by)
                VALUES ('PLAN-' || md5(random()::text), 'patrol', 'SRHJ-01', '规划测试案件', '', 'normal', ?, ST_SetSRID(ST_MakePoint(?, ?), 4326),
                        ?, ?, '419901001001', '419901001', ?, 'planner-test') RETURNING id""")) {
            ps.setString(1, open ? "registered" : "closed");
            ps.setDouble(2, lon);
            ps.setDouble(3, lat);
            ps.setString(4, grid);
            ps.setString(5, L3);
            ps.setString(6, DISTRICT);
            try (var rs = ps.executeQuery()) {
                rs.next();
                long id = rs.getLong(1);
                try (PreparedStatement e = c.prepareStatement("""
                        INSERT INTO case_event (case_id, seq, actor, type, to_status, data)
                        SELECT id, 1, 'planner-test', 'created', status, '{"changes":{},"params":{}}'::jsonb FROM case_record WHERE id = ?""")) {
                    e.setLong(1, id);
                    e.executeUpdate();
                }
                return id;
            }
        }
    }

    static void drop(Connection c) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("UPDATE case_record SET status = 'closed' WHERE created_by = 'planner-test' AND status <> 'closed'");
            st.execute("DELETE FROM building WHERE district_code = '" + DISTRICT + "'");
            st.execute("DELETE FROM grid WHERE district_code = '" + DISTRICT + "'");
        }
    }
}
