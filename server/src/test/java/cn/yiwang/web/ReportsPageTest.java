package cn.yiwang.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Map;

import javax.sql.DataSource;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import cn.yiwang.testing.BrowserScript;
import cn.yiwang.testing.Http;
import cn.yiwang.testing.PostgisTest;
import io.micronaut.json.JsonMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;

/**
 * The reports page, in headless Chromium against this embedded server on the shared PostGIS:
 * web/test/browser/reports.mjs generates the March 2017 street report of cases planted here (7 in the
 * first street office of Erqi, 4 in the second, half of them closed), checks the table against the API and the planted
 * counts, sorts it, downloads the CSV and reads a row back, and loads the printable page.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReportsPageTest implements PostgisTest {

    private static final String TAG = "reports-page-test";
    private static final String PERIOD = "2017-03";
    /** Cases planted per street office: the first two streets of Erqi by code get 7 and 4. */
    private final Map<String, Integer> planted = new java.util.LinkedHashMap<>();

    @Inject
    EmbeddedServer server;
    @Inject
    JsonMapper json;
    @Inject
    DataSource dataSource;

    @Test
    void theReportsPageIsServedToAnonymousCallersWithAndWithoutTheTrailingSlash() {
        Http http = new Http(server, json);
        for (String path : new String[] {"/reports", "/reports/", "/reports.html"}) {
            Http.Response page = http.get(path);
            assertEquals(200, page.status(), path + ": the page is packaged from web/dist (run ./yiwang test, which builds it first)");
            assertTrue(page.body().contains("统计报表"), path + " " + page.body());
        }
        assertEquals("no-cache", http.get("/reports").header("Cache-Control"));
    }

    @Test
    void anAnalystGeneratesSortsDownloadsAndPrintsAMonthlyReportInHeadlessChromium() throws Exception {
        plant();
        StringBuilder expect = new StringBuilder();
        planted.forEach((code, n) -> expect.append(expect.isEmpty() ? "" : ";").append(code).append(':').append(n));
        BrowserScript.run(server, "test/browser/reports.mjs", 240, Map.of("YIWANG_PERIOD", PERIOD, "YIWANG_EXPECT", expect.toString()));
    }

    private void plant() throws SQLException {
        String sql = """
                INSERT INTO case_record (code, source, category_code, title, description, urgency, status, geom, grid_code, l3_code, l2_code,
                  l1_code, district_code, created_by, created_at, updated_at, dispatched_at, deadline_at, handled_at, closed_at)
                SELECT ?, 'hotline_12345', 'SRHJ-01', '报表页面测试', '', 'normal', ?, ST_PointOnSurface(m.geom), m.code, l3.code, l3.parent_code,
                  ?, '410103', ?, ?, ?, ?, ?, ?, ?
                FROM grid_current m JOIN grid_current l3 ON l3.code = m.parent_code
                WHERE m.code = (SELECT min(code) FROM grid_current WHERE level = 'micro' AND code LIKE ?)""";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql);
             PreparedStatement streets = c.prepareStatement(
                     "SELECT code FROM grid_current WHERE level = 'l1' AND parent_code = '410103' ORDER BY code LIMIT 2");
             java.sql.ResultSet rs = streets.executeQuery()) {
            int[] counts = {7, 4};
            for (int i = 0; rs.next(); i++) {
                planted.put(rs.getString(1), counts[i]);
            }
            assertEquals(2, planted.size(), "Erqi has two street offices");
            for (Map.Entry<String, Integer> e : planted.entrySet()) {
                for (int i = 0; i < e.getValue(); i++) {
                    Instant reported = Instant.parse(String.format("2017-03-%02dT02:00:00Z", 1 + i));
                    boolean closed = i % 2 == 0;
                    int k = 1;
                    ps.setString(k++, "RPP-" + e.getKey() + "-" + i);
                    // Open ones stay out of the overdue scan's states: its events could not be deleted with the case.
                    ps.setString(k++, closed ? "closed" : "registered");
                    ps.setString(k++, e.getKey());
                    ps.setString(k++, TAG);
                    ps.setTimestamp(k++, Timestamp.from(reported));
                    ps.setTimestamp(k++, Timestamp.from(reported));
                    ps.setTimestamp(k++, Timestamp.from(reported));
                    ps.setTimestamp(k++, Timestamp.from(reported.plusSeconds(48 * 3600)));
                    ps.setTimestamp(k++, closed ? Timestamp.from(reported.plusSeconds(3600 * (i + 1))) : null);
                    ps.setTimestamp(k++, closed ? Timestamp.from(reported.plusSeconds(3600 * (i + 3))) : null);
                    ps.setString(k, e.getKey() + "%");
                    ps.addBatch();
                }
            }
            ps.executeBatch();
        }
    }

    @AfterAll
    void removeThePlantedCases() throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("DELETE FROM case_record WHERE created_by = ?")) {
            ps.setString(1, TAG);
            ps.executeUpdate();
        }
    }
}
