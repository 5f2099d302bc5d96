package cn.yiwang.layers.ogc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import cn.yiwang.security.DemoUsers;
import cn.yiwang.testing.Http;
import cn.yiwang.testing.PostgisTest;
import io.micronaut.json.JsonMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;

/**
 * The OGC API collection {@code cases}: authenticated callers only, each seeing the cases of their
 * grid scope, with map properties and never a personal field; {@code datetime} filters on the
 * reported time; GDAL reads it with a bearer token.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CaseOgcTest implements PostgisTest {

    private static final Set<String> PROPERTIES = Set.of("code", "status", "statusGroup", "category", "topCategory", "urgency",
            "source", "microGridCode", "floor", "reportedAt", "deadlineAt", "closedAt", "overdue");
    private static final String SECRET_DESCRIPTION = "只有受理人能看的描述";
    private static final String REPORTER = "李四光";
    private static final String PHONE = "13987654321";

    @Inject
    EmbeddedServer server;
    @Inject
    JsonMapper json;
    @Inject
    DataSource dataSource;
    Http http;
    String ops;
    String worker;
    Map<String, Object> own;
    Map<String, Object> other;
    double[] ownPoint;

    @BeforeAll
    void setUp() throws SQLException {
        http = new Http(server, json);
        ops = http.login("ops", DemoUsers.DEMO_PASSWORD);
        worker = http.login("worker", DemoUsers.DEMO_PASSWORD);
        ownPoint = point("410103001004", 11);
        own = create(ownPoint);
        other = create(point("410103003", 13));
    }

    double[] point(String prefix, int n) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("""
                SELECT ST_X(p), ST_Y(p) FROM (
                  SELECT ST_PointOnSurface(ST_Buffer(geom::geography, -15)::geometry) AS p FROM grid_current
                  WHERE level = 'micro' AND code LIKE ? ORDER BY code OFFSET ? LIMIT 1) x""")) {
            ps.setString(1, prefix + "%");
            ps.setInt(2, n);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new double[] {rs.getDouble(1), rs.getDouble(2)};
            }
        }
    }

    Map<String, Object> create(double[] p) {
        String body = String.format(Locale.ROOT, """
                {"category":"SZSS-01","title":"井盖缺失","description":"%s","source":"hotline_12345",
                 "location":{"lon":%.8f,"lat":%.8f,"crs":"wgs84","floor":3,"address":"某小区3号楼"},
                 "reporter":{"name":"%s","phone":"%s"}}""", SECRET_DESCRIPTION, p[0], p[1], REPORTER, PHONE);
        Http.Response r = http.postJson("/api/cases", body, ops);
        assertEquals(201, r.status(), r.body());
        return r.map();
    }

    long count(String condition, String arg) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM case_record WHERE geom IS NOT NULL AND (" + condition + ")")) {
            ps.setString(1, arg);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> features(Http.Response r) {
        return (List<Map<String, Object>>) r.map().get("features");
    }

    @Test
    void anonymousCallersGet401AndDoNotSeeTheCollection() {
        for (String path : List.of("/ogc/collections/cases", "/ogc/collections/cases/items", "/ogc/collections/cases/items/" + own.get("id"))) {
            Http.Response r = http.get(path);
            assertEquals(401, r.status(), path);
            assertTrue(r.contentType().startsWith("application/problem+json"), r.contentType());
        }
        assertFalse(http.get("/ogc/collections").body().contains("\"cases\""));
        assertTrue(http.get("/ogc/collections", worker).body().contains("\"id\":\"cases\""));
    }

    @Test
    void itemsHoldTheMapPropertiesAndNoPersonalField() {
        // The cases around the new one: a page of all of them might end before it.
        Http.Response r = http.get(String.format(Locale.ROOT, "/ogc/collections/cases/items?limit=10000&bbox=%.6f,%.6f,%.6f,%.6f",
                ownPoint[0] - 0.01, ownPoint[1] - 0.01, ownPoint[0] + 0.01, ownPoint[1] + 0.01), ops);
        assertEquals(200, r.status(), r.body());
        assertTrue(r.contentType().startsWith("application/geo+json"), r.contentType());
        for (String secret : List.of(SECRET_DESCRIPTION, REPORTER, PHONE, "李**", "139****4321", "某小区", "井盖缺失", "photos")) {
            assertFalse(r.body().contains(secret), secret + " leaked");
        }
        Map<String, Object> mine = features(r).stream().filter(f -> own.get("code").equals(((Map<?, ?>) f.get("properties")).get("code")))
                .findFirst().orElseThrow();
        assertEquals(String.valueOf(own.get("id")), String.valueOf(mine.get("id")));
        Map<?, ?> p = (Map<?, ?>) mine.get("properties");
        assertEquals(PROPERTIES, p.keySet());
        assertEquals("SZSS-01", p.get("category"));
        assertEquals("SZSS", p.get("topCategory"));
        assertEquals("hotline_12345", p.get("source"));
        assertEquals(3, p.get("floor"));
        assertEquals(false, p.get("overdue"));
        assertTrue(((String) p.get("microGridCode")).startsWith("410103001004"));
        assertEquals("Point", ((Map<?, ?>) mine.get("geometry")).get("type"));
    }

    @Test
    void eachCallerSeesTheCasesOfTheirScope() throws SQLException {
        Http.Response all = http.get("/ogc/collections/cases/items?limit=1", ops);
        assertEquals(count("grid_code LIKE ? OR grid_code IS NULL", "410103%"), ((Number) all.map().get("numberMatched")).longValue());
        Http.Response mine = http.get("/ogc/collections/cases/items?limit=10000", worker);
        long expected = count("grid_code LIKE ?", "410103001004%");
        assertEquals(expected, ((Number) mine.map().get("numberMatched")).longValue());
        assertEquals(expected, features(mine).size());
        for (Map<String, Object> f : features(mine)) {
            assertTrue(((String) ((Map<?, ?>) f.get("properties")).get("microGridCode")).startsWith("410103001004"), f.toString());
        }
        assertEquals(200, http.get("/ogc/collections/cases/items/" + own.get("id"), worker).status());
        Http.Response hidden = http.get("/ogc/collections/cases/items/" + other.get("id"), worker);
        assertEquals(404, hidden.status());
        assertEquals(200, http.get("/ogc/collections/cases/items/" + other.get("id"), ops).status());
    }

    @Test
    void datetimeFiltersOnTheReportedTime() throws SQLException {
        Http.Response none = http.get("/ogc/collections/cases/items?datetime=2000-01-01T00:00:00Z/2000-12-31T00:00:00Z", ops);
        assertEquals(0, ((Number) none.map().get("numberMatched")).intValue());
        Instant reported = Instant.parse((String) ((Map<?, ?>) http.get("/ogc/collections/cases/items/" + own.get("id"), ops)
                .map().get("properties")).get("reportedAt"));
        Http.Response around = http.get("/ogc/collections/cases/items?limit=10000&datetime=" + reported.minusSeconds(1) + "/" + reported.plusSeconds(1), ops);
        assertTrue(features(around).stream().anyMatch(f -> own.get("code").equals(((Map<?, ?>) f.get("properties")).get("code"))));
        Http.Response after = http.get("/ogc/collections/cases/items?limit=10000&datetime=" + reported.plusSeconds(1) + "/..", ops);
        assertTrue(features(after).stream().noneMatch(f -> own.get("code").equals(((Map<?, ?>) f.get("properties")).get("code"))));
        Map<?, ?> extent = (Map<?, ?>) http.get("/ogc/collections/cases", worker).map().get("extent");
        assertTrue(extent.containsKey("spatial") && extent.containsKey("temporal"), String.valueOf(extent));
    }

    @Test
    void gdalReadsTheCollectionWithABearerToken() throws Exception {
        String out = ogrinfo(worker, "-ro", "-so", "OAPIF:http://localhost:" + server.getPort() + "/ogc", "cases");
        assertTrue(out.contains("Feature Count: " + count("grid_code LIKE ?", "410103001004%")), out);
        assertTrue(out.contains("Geometry: Point"), out);
        for (String field : List.of("code: String", "status: String", "microGridCode: String", "reportedAt: DateTime", "overdue: Integer(Boolean)")) {
            assertTrue(out.contains(field), field + " in\n" + out);
        }
        assertTrue(out.lines().noneMatch(l -> l.matches("(reporter|description|title|address|photos)\\w*: .*")), out);
    }

    private static String ogrinfo(String token, String... args) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of("ogrinfo"));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().put("NO_PROXY", "localhost,127.0.0.1");
        pb.environment().put("no_proxy", "localhost,127.0.0.1");
        pb.environment().put("GDAL_HTTP_TIMEOUT", "30");
        // GDAL ≥ 3.6 sends these headers with every request of the driver.
        pb.environment().put("GDAL_HTTP_HEADERS", "Authorization: Bearer " + token);
        Process p = pb.start();
        byte[] output = p.getInputStream().readAllBytes();
        boolean done = p.waitFor(90, TimeUnit.SECONDS);
        if (!done) {
            p.destroyForcibly();
        }
        String out = new String(output, StandardCharsets.UTF_8);
        assertTrue(done, "ogrinfo finished");
        assertEquals(0, p.exitValue(), out);
        return out;
    }
}
