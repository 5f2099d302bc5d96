package cn.yiwang.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
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
 * The dispatcher's page and the live phone page, in headless Chromium against this embedded server on
 * the shared PostGIS: web/test/browser/dispatch.mjs (a case created through the API arrives in 待受理
 * live, is accepted, registered and dispatched with clicks and leaves the queues, a case moved by someone
 * else leaves live, a proposed duplicate is merged, a stale version's 409 is shown, a case returned
 * twice is put into a consultation with two departments) and
 * web/test/browser/instructions.mjs (an instruction reaches two grid workers' pages live and the big screen shows the read share, one reads it
 * and the read share shows it; one sent while a page was closed is there when it opens; a case
 * dispatched to a worker is announced on the page).
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DispatchPageTest implements PostgisTest {

    /** The demo dispatcher's street (淮河路街道). */
    private static final String STREET = "410103001";
    /** The demo worker's community: other browser tests report there. */
    private static final String DEMO_WORKER_COMMUNITY = "410103001004";

    @Inject
    EmbeddedServer server;
    @Inject
    JsonMapper json;
    @Inject
    DataSource dataSource;

    @Test
    void theDispatcherPageIsServedToAnonymousCallersWithAndWithoutTheTrailingSlash() {
        Http http = new Http(server, json);
        for (String path : new String[] {"/dispatch", "/dispatch/", "/dispatch.html"}) {
            Http.Response page = http.get(path);
            assertEquals(200, page.status(), path + ": the page is packaged from web/dist (run ./yiwang test, which builds it first)");
            assertTrue(page.contentType().startsWith("text/html"), path + " " + page.contentType());
            assertTrue(page.body().contains("座席员工作台"), path + " " + page.body());
        }
        assertEquals("no-cache", http.get("/dispatch").header("Cache-Control"));
    }

    @Test
    void aDispatcherWorksTheLiveQueuesInHeadlessChromium() throws Exception {
        List<double[]> points = pointsInMicroGrids(STREET + "%", 4);
        StringBuilder list = new StringBuilder();
        for (double[] p : points) {
            list.append(list.isEmpty() ? "" : ";").append(String.format(Locale.ROOT, "%.8f,%.8f", p[0], p[1]));
        }
        runScript("test/browser/dispatch.mjs", Map.of("YIWANG_POINTS", list.toString()));
    }

    @Test
    void anInstructionReachesTwoWorkerPagesLiveAndTheReadShareFollows() throws Exception {
        String[] community = communityWithTwoWorkers();
        String firstWorkersGrid = community[1].substring(2);
        double[] point = pointsInMicroGrids(firstWorkersGrid + "%", 1).get(0);
        runScript("test/browser/instructions.mjs", Map.of(
                "YIWANG_COMMUNITY", community[0],
                "YIWANG_WORKERS", community[1] + "," + community[2],
                "YIWANG_TASK_POINT", String.format(Locale.ROOT, "%.8f,%.8f", point[0], point[1])));
    }

    private void runScript(String relative, Map<String, String> env) throws Exception {
        BrowserScript.run(server, relative, 240, env);
    }

    /**
     * WGS84 points well inside (15 m from the edge) distinct micro grids matching a code pattern, outside
     * the demo worker's community, in random order: a case left open by an earlier run on the same
     * database is then almost never within the 50 m that makes a new one its proposed duplicate.
     */
    private List<double[]> pointsInMicroGrids(String codePattern, int n) throws SQLException {
        List<double[]> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("""
                     SELECT ST_X(p), ST_Y(p) FROM (
                       SELECT ST_PointOnSurface(ST_Buffer(geom::geography, -15)::geometry) AS p FROM grid_current
                       WHERE level = 'micro' AND code LIKE ? AND code NOT LIKE ? AND ST_Area(geom::geography) > 6000
                       ORDER BY random() LIMIT ?) x WHERE NOT ST_IsEmpty(p)""")) {
            ps.setString(1, codePattern);
            ps.setString(2, DEMO_WORKER_COMMUNITY + "%");
            ps.setInt(3, n);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new double[] {rs.getDouble(1), rs.getDouble(2)});
                }
            }
        }
        assertEquals(n, out.size(), "not enough micro grids like " + codePattern);
        return out;
    }

    /** A community of the dispatcher's street with at least two on-duty grid workers: its code and two usernames. */
    private String[] communityWithTwoWorkers() throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("""
                     SELECT substr(d.grid_code, 1, 12), array_agg(u.username ORDER BY d.grid_code)
                     FROM grid_duty d JOIN app_user u ON u.id = d.user_id
                     WHERE d.grid_code LIKE ? AND d.grid_code NOT LIKE ? AND u.username LIKE 'gw%'
                     GROUP BY 1 HAVING count(*) >= 2 ORDER BY 1 LIMIT 1""")) {
            ps.setString(1, STREET + "%");
            ps.setString(2, DEMO_WORKER_COMMUNITY + "%");
            try (ResultSet rs = ps.executeQuery()) {
                assertTrue(rs.next(), "no community of " + STREET + " has two on-duty grid workers");
                String[] users = (String[]) rs.getArray(2).getArray();
                return new String[] {rs.getString(1), users[0], users[1]};
            }
        }
    }
}
