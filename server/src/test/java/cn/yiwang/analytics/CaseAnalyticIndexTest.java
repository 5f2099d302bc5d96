package cn.yiwang.analytics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;

import javax.sql.DataSource;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import cn.yiwang.category.Category;
import cn.yiwang.category.TaxonomyService;
import cn.yiwang.security.Caller;
import cn.yiwang.security.Role;
import cn.yiwang.testing.PostgisTest;
import io.micronaut.json.JsonMapper;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;

/**
 * The in-memory analytics index answers exactly as SQL: the same random selections (drawn polygons,
 * grids of every level, districts, the whole scope, buffers, time ranges on either clock, every
 * filter, every group key, pages) by four callers of different roles and scopes go through
 * {@link CaseAnalyticsService} once with the index and once without, and the answers must be equal,
 * before and after the cases were changed, deleted and added behind the application's back (plain
 * SQL, as a migration or another tool would). The data: cases reported in 2017 (no other test's),
 * spread over the demo district and beyond it, some without a location, some task cases or merged,
 * some seen by a neighbouring grid, created by various users.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CaseAnalyticIndexTest implements PostgisTest {

    static final String TAG = "analytic-index-test";
    static final String[] GROUP_KEYS = {null, "district", "l1", "l2", "l3", "micro", "category", "topCategory", "channel", "urgency",
        "status", "day", "week", "month", "hourOfWeekday"};
    static final String[] STATUSES = {"reported", "dispatched", "in_progress", "handled", "closed", "evaluated", "returned", "suspended"};
    static final String[] CHANNELS = {"patrol", "hotline_12345", "citizen_app", "police_110", "video_ai", "deputy", "iot"};
    static final String[] URGENCIES = {"normal", "urgent", "critical"};
    static final String[] CREATORS = {TAG, "analyst", "dispatcher", "gw410103001001001"};

    @Inject
    DataSource dataSource;
    @Inject
    CaseAnalyticsService service;
    @Inject
    CaseAnalyticIndexService index;
    @Inject
    TaxonomyService taxonomy;
    @Inject
    JsonMapper json;

    final Random random = new Random(2017);
    List<String> categories;
    List<String> tops;
    Map<String, List<String>> codesByLevel = new HashMap<>();
    double[] box;
    Function<Object, String> toJson;

    @BeforeAll
    void setUp() throws SQLException {
        toJson = value -> {
            try {
                return json.writeValueAsString(value);
            } catch (IOException e) {
                throw new IllegalArgumentException(e);
            }
        };
        categories = taxonomy.snapshot().subCategories().stream().map(Category::code).toList();
        tops = categories.stream().map(c -> c.substring(0, c.indexOf('-'))).distinct().toList();
        try (Connection c = dataSource.getConnection()) {
            delete(c);
            for (String level : new String[] {"l1", "l2", "l3", "micro"}) {
                List<String> codes = new ArrayList<>();
                try (PreparedStatement ps = c.prepareStatement("SELECT code FROM grid_current WHERE level = ? AND code LIKE '410103%' ORDER BY code")) {
                    ps.setString(1, level);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            codes.add(rs.getString(1));
                        }
                    }
                }
                codesByLevel.put(level, codes);
            }
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
                    "SELECT ST_XMin(geom), ST_YMin(geom), ST_XMax(geom), ST_YMax(geom) FROM grid_current WHERE code = '410103'")) {
                rs.next();
                box = new double[] {rs.getDouble(1), rs.getDouble(2), rs.getDouble(3), rs.getDouble(4)};
            }
            insert(c, 3000, 0);
            route(c);
            linkTasksAndMerges(c);
            try (Statement st = c.createStatement()) {
                // Returned (回退) and re-opened cases, counted by the reports' figures.
                st.executeUpdate("UPDATE case_record SET return_count = 1 + id % 3 WHERE created_by = '" + TAG + "' AND id % 5 = 0");
                st.executeUpdate("UPDATE case_record SET reopen_count = 1 WHERE created_by = '" + TAG + "' AND id % 9 = 0");
            }
        }
        index.ensureLoaded();
    }

    @AfterAll
    void removeTheCases() throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            delete(c);
        }
    }

    @Test
    void randomSelectionsGetTheSameAnswerFromTheIndexAsFromSql() throws SQLException {
        long before = index.answers();
        compare(160);
        assertTrue(index.answers() - before > 100, "the index answered only " + (index.answers() - before) + " requests");
    }

    @Test
    void casesChangedDeletedAndAddedWithPlainSqlAreSeenAtTheNextRequest() throws SQLException {
        compare(10);
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
            st.executeUpdate("UPDATE case_record SET status = 'closed', closed_at = created_at + interval '5 hours', satisfaction = 5,"
                    + " category_code = '" + categories.get(3) + "', return_count = 0, reopen_count = 1 WHERE created_by = '" + TAG
                    + "' AND id % 7 = 0");
            st.executeUpdate("UPDATE case_record SET geom = ST_SetSRID(ST_MakePoint(ST_X(geom) + 0.003, ST_Y(geom) - 0.002), 4326)"
                    + " WHERE created_by = '" + TAG + "' AND id % 11 = 0 AND geom IS NOT NULL");
            st.executeUpdate("DELETE FROM case_record WHERE created_by = '" + TAG + "' AND id % 13 = 0 AND parent_id IS NULL"
                    + " AND NOT EXISTS (SELECT 1 FROM case_record t WHERE t.parent_id = case_record.id OR t.merged_into = case_record.id)");
            insert(c, 300, 5000);
            route(c);
        }
        compare(60);
    }

    // ---------------------------------------------------------------------------------- selections

    private void compare(int n) {
        List<Caller> callers = List.of(
                new Caller("analyst", 1, Role.ANALYST, "410103", null),
                new Caller("analyst_street", 2, Role.ANALYST, "410103001", null),
                new Caller("ops", 3, Role.OPS, "410103", null),
                new Caller("dispatcher", 4, Role.DISPATCHER, "410103001", null));
        for (int i = 0; i < n; i++) {
            Caller caller = callers.get(i % callers.size());
            Map<String, Object> body = selection(caller);
            Map<String, Object> query = new LinkedHashMap<>(body);
            String groupBy = GROUP_KEYS[random.nextInt(GROUP_KEYS.length)];
            if (groupBy != null) {
                query.put("groupBy", groupBy);
            }
            query.put("limit", random.nextInt(4) == 0 ? 0 : 1 + random.nextInt(40));
            query.put("offset", random.nextInt(3) == 0 ? random.nextInt(30) : 0);
            index.setEnabled(false);
            Map<String, Object> bySql = service.query(query, caller, toJson);
            index.setEnabled(true);
            Map<String, Object> byIndex = service.query(query, caller, toJson);
            assertSame(toJson.apply(bySql), toJson.apply(byIndex), "query " + toJson.apply(query) + " by " + caller);
            if (i % 4 == 0) {
                Map<String, Object> hot = new LinkedHashMap<>(body);
                hot.put("resolution", 8);
                index.setEnabled(false);
                Map<String, Object> hotBySql;
                try {
                    hotBySql = service.hotspots(hot, caller, toJson);
                } catch (RuntimeException e) {
                    throw new AssertionError("hotspots " + toJson.apply(hot) + " by " + caller, e);
                }
                index.setEnabled(true);
                assertSame(toJson.apply(hotBySql), toJson.apply(service.hotspots(hot, caller, toJson)), "hotspots " + toJson.apply(hot) + " by " + caller);
            }
        }
    }

    /** Equal answers; on a difference the message shows where they part. */
    private static void assertSame(String expected, String actual, String what) {
        if (!expected.equals(actual)) {
            int i = 0;
            while (i < Math.min(expected.length(), actual.length()) && expected.charAt(i) == actual.charAt(i)) {
                i++;
            }
            int from = Math.max(0, i - 300);
            assertEquals(expected.substring(from, Math.min(expected.length(), i + 300)), actual.substring(from, Math.min(actual.length(), i + 300)),
                    what + " differs at character " + i);
        }
    }

    private Map<String, Object> selection(Caller caller) {
        Map<String, Object> body = new LinkedHashMap<>();
        switch (random.nextInt(6)) {
            case 0, 1 -> body.put("area", Map.of("type", "polygon", "geometry", Map.of("type", "Polygon", "coordinates", List.of(ring()))));
            case 2 -> {
                String level = List.of("l1", "l2", "l3", "micro").get(random.nextInt(4));
                List<String> inScope = codesByLevel.get(level).stream().filter(code -> code.startsWith(caller.scope())).toList();
                List<String> codes = new ArrayList<>();
                for (int k = 1 + random.nextInt(3); k > 0; k--) {
                    codes.add(inScope.get(random.nextInt(inScope.size())));
                }
                body.put("area", Map.of("type", "grids", "codes", codes.stream().distinct().toList()));
            }
            case 3 -> body.put("area", Map.of("type", "district", "code", "410103"));
            case 4 -> body.put("area", Map.of("type", "buffer", "geometry", Map.of("type", "Point", "coordinates",
                    List.of(lon(), lat())), "meters", 300 + random.nextInt(2000)));
            default -> {
                // the whole scope
            }
        }
        if (random.nextInt(3) > 0) {
            Instant from = Instant.parse("2017-01-01T00:00:00Z").plusSeconds(random.nextInt(300) * 86_400L + random.nextInt(86_400));
            Map<String, Object> time = new LinkedHashMap<>();
            time.put("field", random.nextInt(3) == 0 ? "closed" : "reported");
            if (random.nextInt(5) > 0) {
                time.put("from", from.toString());
            }
            time.put("to", from.plusSeconds((1 + random.nextInt(120)) * 86_400L).toString());
            body.put("time", time);
        }
        if (random.nextInt(3) == 0) {
            body.put("categories", random.nextBoolean() ? List.of(tops.get(random.nextInt(tops.size())))
                    : List.of(categories.get(random.nextInt(categories.size())), categories.get(random.nextInt(categories.size()))));
        }
        if (random.nextInt(4) == 0) {
            body.put("statuses", List.of(STATUSES[random.nextInt(STATUSES.length)], STATUSES[random.nextInt(STATUSES.length)]));
        }
        if (random.nextInt(4) == 0) {
            body.put("channels", List.of(CHANNELS[random.nextInt(CHANNELS.length)]));
        }
        if (random.nextInt(5) == 0) {
            body.put("urgencies", List.of(URGENCIES[random.nextInt(URGENCIES.length)]));
        }
        if (random.nextInt(5) == 0) {
            body.put("overdue", random.nextBoolean());
        }
        if (random.nextInt(5) == 0) {
            body.put("sankua", random.nextBoolean());
        }
        if (body.get("area") instanceof Map<?, ?> a && ("grids".equals(a.get("type")) || "district".equals(a.get("type"))) && random.nextInt(4) == 0) {
            body.put("boundaries", "current");
        }
        return body;
    }

    /** A random star-shaped polygon (convex or not) of 3–12 vertices, 300 m to 4 km across, somewhere over the district. */
    private List<List<Double>> ring() {
        double cx = lon();
        double cy = lat();
        int k = 3 + random.nextInt(10);
        double r = 0.003 + random.nextDouble() * 0.02;
        List<List<Double>> ring = new ArrayList<>();
        for (int i = 0; i < k; i++) {
            double a = 2 * Math.PI * i / k;
            double ri = r * (0.4 + 0.6 * random.nextDouble());
            ring.add(List.of(cx + ri * Math.cos(a), cy + ri * Math.sin(a)));
        }
        ring.add(ring.get(0));
        return ring;
    }

    private double lon() {
        return box[0] + random.nextDouble() * (box[2] - box[0]);
    }

    private double lat() {
        return box[1] + random.nextDouble() * (box[3] - box[1]);
    }

    // ---------------------------------------------------------------------------------------- data

    /** Cases with their clock paused, so that the supervision scan neither changes them between the two answers nor adds events. */
    private void insert(Connection c, int n, int first) throws SQLException {
        String sql = """
                INSERT INTO case_record (code, source, category_code, title, description, urgency, status, geom, created_by, created_at, updated_at,
                  dispatched_at, deadline_at, handled_at, closed_at, satisfaction, deferred_count, overdue, sankua, neighbour_codes, paused_since)
                VALUES (?, ?, ?, '测试', '索引测试', ?, ?, CASE WHEN ? THEN ST_SetSRID(ST_MakePoint(?, ?), 4326) END, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, now())""";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < n; i++) {
                // A few cases beyond the district (no grid), most inside its box.
                double pad = random.nextInt(20) == 0 ? 0.05 : 0;
                double lon = box[0] - pad + random.nextDouble() * (box[2] - box[0] + 2 * pad);
                double lat = box[1] - pad + random.nextDouble() * (box[3] - box[1] + 2 * pad);
                Instant reported = Instant.parse("2017-01-01T00:00:00Z").plusSeconds((long) (random.nextDouble() * 360 * 86_400))
                        .plusNanos(random.nextInt(1_000_000) * 1000L);
                String status = STATUSES[random.nextInt(STATUSES.length)];
                boolean closed = status.equals("closed") || status.equals("evaluated");
                Instant deadline = random.nextInt(10) == 0 ? null : reported.plusSeconds((1 + random.nextInt(120)) * 3600L);
                Instant handled = random.nextBoolean() ? reported.plusSeconds(random.nextInt(200) * 3600L) : null;
                int k = 1;
                ps.setString(k++, "IX-" + (first + i));
                ps.setString(k++, CHANNELS[random.nextInt(CHANNELS.length)]);
                ps.setString(k++, categories.get(random.nextInt(categories.size())));
                ps.setString(k++, URGENCIES[random.nextInt(10) < 8 ? 0 : 1 + random.nextInt(2)]);
                ps.setString(k++, status);
                ps.setBoolean(k++, random.nextInt(25) != 0);
                ps.setDouble(k++, lon);
                ps.setDouble(k++, lat);
                ps.setString(k++, i % 50 == 0 ? CREATORS[1 + random.nextInt(CREATORS.length - 1)] : TAG);
                ps.setTimestamp(k++, Timestamp.from(reported));
                ps.setTimestamp(k++, Timestamp.from(reported));
                ps.setTimestamp(k++, Timestamp.from(reported));
                ps.setTimestamp(k++, deadline == null ? null : Timestamp.from(deadline));
                ps.setTimestamp(k++, handled == null ? null : Timestamp.from(handled));
                ps.setTimestamp(k++, closed ? Timestamp.from(reported.plusSeconds(random.nextInt(400_000)).plusNanos(random.nextInt(1000) * 1000L)) : null);
                ps.setObject(k++, closed && random.nextBoolean() ? 1 + random.nextInt(5) : null);
                ps.setInt(k++, random.nextInt(8) == 0 ? 1 : 0);
                ps.setBoolean(k++, random.nextInt(6) == 0);
                ps.setBoolean(k++, random.nextInt(9) == 0);
                String[] neighbours = random.nextInt(15) == 0 ? new String[] {pick("l3")} : new String[0];
                ps.setArray(k, c.createArrayOf("text", neighbours));
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private String pick(String level) {
        List<String> codes = codesByLevel.get(level);
        return codes.get(random.nextInt(codes.size()));
    }

    /** Routes the new cases like the application: micro grid by containment, its ancestors' codes. */
    private static void route(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                UPDATE case_record r SET grid_code = m.code, l3_code = l3.code, l2_code = l2.code, l1_code = l1.code, district_code = l1.parent_code
                FROM grid_current m JOIN grid_current l3 ON l3.code = m.parent_code JOIN grid_current l2 ON l2.code = l3.parent_code
                     JOIN grid_current l1 ON l1.code = l2.parent_code
                WHERE m.level = 'micro' AND r.created_by <> 'nobody' AND r.code LIKE 'IX-%' AND r.grid_code IS NULL AND ST_Covers(m.geom, r.geom)""")) {
            ps.executeUpdate();
        }
    }

    /** Some cases become 会商 tasks of others, some are merged into others: both are left out of analytics. */
    private static void linkTasksAndMerges(Connection c) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.executeUpdate("UPDATE case_record t SET parent_id = (SELECT min(id) FROM case_record WHERE code LIKE 'IX-%')"
                    + " WHERE t.code LIKE 'IX-%' AND t.id % 40 = 1");
            st.executeUpdate("UPDATE case_record t SET merged_into = (SELECT max(id) FROM case_record WHERE code LIKE 'IX-%')"
                    + " WHERE t.code LIKE 'IX-%' AND t.id % 40 = 2");
        }
    }

    private static void delete(Connection c) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.executeUpdate("UPDATE case_record SET parent_id = NULL, merged_into = NULL WHERE code LIKE 'IX-%'");
            st.executeUpdate("DELETE FROM case_record WHERE code LIKE 'IX-%'");
        }
    }
}
