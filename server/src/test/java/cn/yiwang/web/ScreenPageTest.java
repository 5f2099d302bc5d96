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
 * The big screen: served at {@code /screen} to anonymous callers, and driven in headless Chromium
 * (web/test/browser/screen.mjs) against this embedded server on the shared PostGIS: a case created
 * through the API is on the screen within a second (marker and ticker), a click drills down into a
 * street and the panels show that street's figures, and the page recovers from a lost connection
 * without a reload, catching up the case made meanwhile.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ScreenPageTest implements PostgisTest {

    @Inject
    EmbeddedServer server;
    @Inject
    JsonMapper json;
    @Inject
    DataSource dataSource;

    @Test
    void theScreenIsServedToAnonymousCallersWithAndWithoutTheTrailingSlash() {
        Http http = new Http(server, json);
        for (String path : new String[] {"/screen", "/screen/", "/screen.html"}) {
            Http.Response page = http.get(path);
            assertEquals(200, page.status(), path + ": the page is packaged from web/dist (run ./yiwang test, which builds it first)");
            assertTrue(page.contentType().startsWith("text/html"), path + " " + page.contentType());
            assertTrue(page.body().contains("一屏观全域"), path + " " + page.body());
        }
        assertEquals("no-cache", http.get("/screen").header("Cache-Control"));
    }

    @Test
    void aNewCaseDrillDownAndALostConnectionOnTheScreenInHeadlessChromium() throws Exception {
        String street = "410103001";
        double[] inStreet = point(street);
        double[] elsewhere = point(other(street));
        BrowserScript.run(server, "test/browser/screen.mjs", 240, Map.of(
                "YIWANG_SCREEN_STREET", street,
                "YIWANG_SCREEN_LON", String.format(Locale.ROOT, "%.8f", inStreet[0]),
                "YIWANG_SCREEN_LAT", String.format(Locale.ROOT, "%.8f", inStreet[1]),
                "YIWANG_SCREEN_OTHER_LON", String.format(Locale.ROOT, "%.8f", elsewhere[0]),
                "YIWANG_SCREEN_OTHER_LAT", String.format(Locale.ROOT, "%.8f", elsewhere[1])));
    }

    private String other(String street) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT code FROM grid_current WHERE level = 'l1' AND code <> ? ORDER BY code LIMIT 1")) {
            ps.setString(1, street);
            try (ResultSet rs = ps.executeQuery()) {
                assertTrue(rs.next());
                return rs.getString(1);
            }
        }
    }

    /** A point well inside (15 m from the edge) a micro grid of the street, in the middle of its list so other tests' grids are avoided. */
    private double[] point(String street) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("""
                     SELECT ST_X(p), ST_Y(p) FROM (
                       SELECT ST_PointOnSurface(ST_Buffer(geom::geography, -15)::geometry) AS p FROM grid_current
                       WHERE level = 'micro' AND code LIKE ? ORDER BY code
                       OFFSET (SELECT count(*) / 2 FROM grid_current WHERE level = 'micro' AND code LIKE ?) LIMIT 1) x""")) {
            ps.setString(1, street + "%");
            ps.setString(2, street + "%");
            try (ResultSet rs = ps.executeQuery()) {
                assertTrue(rs.next(), "no micro grid in " + street);
                return new double[] {rs.getDouble(1), rs.getDouble(2)};
            }
        }
    }
}
