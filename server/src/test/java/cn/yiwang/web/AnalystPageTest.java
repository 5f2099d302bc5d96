package cn.yiwang.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

import javax.sql.DataSource;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import cn.yiwang.security.DemoUsers;
import cn.yiwang.security.PasswordHasher;
import cn.yiwang.security.Role;
import cn.yiwang.security.UserRepository;
import cn.yiwang.testing.BrowserScript;
import cn.yiwang.testing.Http;
import cn.yiwang.testing.PostgisTest;
import io.micronaut.json.JsonMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;

/**
 * The analyst's page in headless Chromium against this embedded server on the shared PostGIS
 * (web/test/browser/analyst.mjs): cases of two streets, all reported in 2018 so that no other test's
 * cases fall in the year, and an analyst whose scope is the first street. A polygon over both
 * streets, opened from a shared address, shows the first street's cases only and as many as the API
 * gives; hex bins, the shared address in a new page, the CSV export, a polygon drawn with clicks
 * and a refused self-intersecting polygon are checked there.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AnalystPageTest implements PostgisTest {

    static final String TAG = "analyst-page-test";
    static final String STREET = "410103001";
    static final String ANALYST = "an_street";
    static final int STREET_CASES = 60;
    static final int OTHER_CASES = 40;

    @Inject
    EmbeddedServer server;
    @Inject
    JsonMapper json;
    @Inject
    DataSource dataSource;
    @Inject
    UserRepository users;

    /** A neighbouring street of the same district (the first other level-1 grid by code). */
    String otherStreet;

    @BeforeAll
    void setUp() throws SQLException {
        users.insertIfAbsent(ANALYST, new PasswordHasher().hash(DemoUsers.DEMO_PASSWORD), Role.ANALYST, STREET, "街道分析员（测试）", false);
        try (Connection c = dataSource.getConnection()) {
            delete(c);
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT min(code) FROM grid_current WHERE level = 'l1' AND parent_code = '410103' AND code <> ?")) {
                ps.setString(1, STREET);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    otherStreet = rs.getString(1);
                }
            }
            insert(c, STREET, "AP-A-", STREET_CASES, new Random(2018));
            insert(c, otherStreet, "AP-B-", OTHER_CASES, new Random(2019));
        }
    }

    @AfterAll
    void removeTheCases() throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            delete(c);
        }
    }

    @Test
    void theAnalystPageIsServedToAnonymousCallersWithAndWithoutTheTrailingSlash() {
        Http http = new Http(server, json);
        for (String path : new String[] {"/analyst", "/analyst/", "/analyst.html"}) {
            Http.Response page = http.get(path);
            assertEquals(200, page.status(), path + ": the page is packaged from web/dist (run ./yiwang test, which builds it first)");
            assertTrue(page.contentType().startsWith("text/html"), path + " " + page.contentType());
            assertTrue(page.body().contains("分析研判"), path + " " + page.body());
        }
        assertEquals("no-cache", http.get("/analyst").header("Cache-Control"));
    }

    @Test
    void aStreetAnalystQueriesDrawsSharesAndExportsOnlyTheStreetsCasesInHeadlessChromium() throws Exception {
        String ring;
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("""
                     SELECT ST_XMin(e), ST_YMin(e), ST_XMax(e), ST_YMax(e)
                     FROM (SELECT ST_Extent(geom)::geometry e FROM grid_current WHERE level = 'l1' AND code IN (?, ?)) x""")) {
            ps.setString(1, STREET);
            ps.setString(2, otherStreet);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                double x0 = rs.getDouble(1) - 0.001;
                double y0 = rs.getDouble(2) - 0.001;
                double x1 = rs.getDouble(3) + 0.001;
                double y1 = rs.getDouble(4) + 0.001;
                ring = String.format(Locale.ROOT, "[[%.6f,%.6f],[%.6f,%.6f],[%.6f,%.6f],[%.6f,%.6f],[%.6f,%.6f]]",
                        x0, y0, x1, y0, x1, y1, x0, y1, x0, y0);
            }
        }
        runScript("test/browser/analyst.mjs", Map.of(
                "YIWANG_ANALYST", ANALYST,
                "YIWANG_RING", ring,
                "YIWANG_EXPECTED", String.valueOf(STREET_CASES),
                "YIWANG_FOREIGN_PREFIX", "AP-B-",
                "YIWANG_YEAR", "2018"));
    }

    /**
     * {@code n} cases at random points inside micro grids of a street, routed there, reported in 2018, some closed; the
     * clock of the open ones is paused, so that the supervision scan leaves them alone (its events would keep them from
     * being deleted afterwards).
     */
    private static void insert(Connection c, String street, String prefix, int n, Random random) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO case_record (code, source, category_code, title, description, urgency, status, geom, created_by, created_at,
                  updated_at, dispatched_at, deadline_at, closed_at, grid_code, l3_code, l2_code, l1_code, district_code, paused_since)
                SELECT ?, ?, ?, '测试', '分析页面测试', 'normal', ?, p, ?, ?, ?, ?, ?, ?, m.code, m.parent_code, l3.parent_code, ?, '410103', now()
                FROM (SELECT code, parent_code, ST_PointOnSurface(geom) p FROM grid_current
                      WHERE level = 'micro' AND code LIKE ? ORDER BY md5(code || ?) LIMIT 1) m
                JOIN grid_current l3 ON l3.code = m.parent_code""")) {
            String[] categories = {"SRHJ-01", "SRHJ-03", "JTSS-01"};
            String[] channels = {"patrol", "hotline_12345", "citizen_app"};
            for (int i = 0; i < n; i++) {
                Instant reported = Instant.parse("2018-01-01T00:00:00Z").plusSeconds((long) (random.nextDouble() * 360 * 86400));
                boolean closed = i % 3 != 0;
                int k = 1;
                ps.setString(k++, prefix + i);
                ps.setString(k++, channels[i % channels.length]);
                ps.setString(k++, categories[i % categories.length]);
                ps.setString(k++, closed ? "closed" : "dispatched");
                ps.setString(k++, TAG);
                ps.setTimestamp(k++, Timestamp.from(reported));
                ps.setTimestamp(k++, Timestamp.from(reported));
                ps.setTimestamp(k++, Timestamp.from(reported));
                ps.setTimestamp(k++, Timestamp.from(reported.plusSeconds(48 * 3600)));
                ps.setTimestamp(k++, closed ? Timestamp.from(reported.plusSeconds(20 * 3600)) : null);
                ps.setString(k++, street);
                ps.setString(k++, street + "%");
                ps.setString(k, prefix + i);
                assertEquals(1, ps.executeUpdate(), "no micro grid in " + street);
            }
        }
    }

    private static void delete(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM case_record WHERE created_by = ?")) {
            ps.setString(1, TAG);
            ps.executeUpdate();
        }
    }

    private void runScript(String relative, Map<String, String> env) throws Exception {
        BrowserScript.run(server, relative, 240, env);
    }
}
