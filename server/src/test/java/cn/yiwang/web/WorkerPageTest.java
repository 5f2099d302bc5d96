package cn.yiwang.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Map;

import javax.sql.DataSource;

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
 * The phone page for grid workers: served at {@code /worker} to anonymous callers, and driven in
 * headless Chromium (web/test/browser/worker.mjs) against this embedded server on the shared PostGIS:
 * a report with a photo and the phone's position, retried after a lost answer without making a second
 * case, handled on the 我的任务 tab, and a department-handled case verified on site.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WorkerPageTest implements PostgisTest {

    @Inject
    EmbeddedServer server;
    @Inject
    JsonMapper json;
    @Inject
    DataSource dataSource;

    @Test
    void theWorkerPageIsServedToAnonymousCallersWithAndWithoutTheTrailingSlash() {
        Http http = new Http(server, json);
        for (String path : new String[] {"/worker", "/worker/", "/worker.html"}) {
            Http.Response page = http.get(path);
            assertEquals(200, page.status(), path + ": the page is packaged from web/dist (run ./yiwang test, which builds it first)");
            assertTrue(page.contentType().startsWith("text/html"), path + " " + page.contentType());
            assertTrue(page.body().contains("一网 · 网格员"), path + " " + page.body());
        }
        assertEquals("no-cache", http.get("/worker").header("Cache-Control"));
    }

    @Test
    void aWorkerReportsWithAPhotoHandlesAndVerifiesOnSiteInHeadlessChromium() throws Exception {
        double[] point = pointInTheDemoWorkersOwnGrid();
        BrowserScript.run(server, "test/browser/worker.mjs", 240, Map.of(
                "YIWANG_WORKER_LON", String.format(Locale.ROOT, "%.8f", point[0]),
                "YIWANG_WORKER_LAT", String.format(Locale.ROOT, "%.8f", point[1])));
    }

    /**
     * A WGS84 point well inside (15 m from the edge) a micro grid of the level-3 grid the demo worker is
     * on duty for, so the patrol report is dispatched to that worker. The last micro grid of it: other
     * tests report in the first, and a report near an open one of the same category is held as a
     * possible duplicate instead of being dispatched.
     */
    private double[] pointInTheDemoWorkersOwnGrid() throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("""
                     SELECT ST_X(p), ST_Y(p) FROM (
                       SELECT code, ST_PointOnSurface(ST_Buffer(geom::geography, -15)::geometry) AS p FROM grid_current
                       WHERE level = 'micro' AND code LIKE (
                         SELECT d.grid_code || '%' FROM grid_duty d JOIN app_user u ON u.id = d.user_id WHERE u.username = 'worker')
                       ORDER BY code DESC LIMIT 1) x""");
             ResultSet rs = ps.executeQuery()) {
            assertTrue(rs.next(), "the demo worker has no level-3 grid with micro grids");
            return new double[] {rs.getDouble(1), rs.getDouble(2)};
        }
    }
}
