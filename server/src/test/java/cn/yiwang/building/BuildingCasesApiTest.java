package cn.yiwang.building;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import java.util.Map;

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
 * {@code GET /api/buildings/{id}/cases} on the real PostGIS with the demo buildings: open cases inside
 * the footprint only, scope-filtered like {@code GET /api/cases}, reporter masked.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BuildingCasesApiTest implements PostgisTest {

    @Inject
    EmbeddedServer server;
    @Inject
    JsonMapper json;
    @Inject
    DataSource dataSource;

    Http http;
    String ops;
    String worker;
    /** A building in the demo worker's community (兴华街社区) and one in another street office. */
    Building inScope;
    Building elsewhere;

    record Building(String id, double lon, double lat) {
    }

    @BeforeAll
    void setUp() throws SQLException {
        http = new Http(server, json);
        ops = http.login("ops", DemoUsers.DEMO_PASSWORD);
        worker = http.login("worker", DemoUsers.DEMO_PASSWORD);
        try (Connection c = dataSource.getConnection()) {
            String community = scopeOf(c, "worker");
            inScope = building(c, community);
            elsewhere = building(c, "410103003");
        }
    }

    static String scopeOf(Connection c, String username) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT scope_code FROM app_user WHERE username = ?")) {
            ps.setString(1, username);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }

    /** The first demo building under a grid code prefix, and a point well inside its footprint. */
    static Building building(Connection c, String gridPrefix) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT id, ST_X(p), ST_Y(p) FROM (
                  SELECT id, ST_PointOnSurface(geom) AS p FROM building
                  WHERE micro_code LIKE ? AND ST_Area(geom::geography) > 400 ORDER BY id LIMIT 1) b""")) {
            ps.setString(1, gridPrefix + "%");
            try (ResultSet rs = ps.executeQuery()) {
                assertTrue(rs.next(), "no demo building under " + gridPrefix);
                return new Building(rs.getString(1), rs.getDouble(2), rs.getDouble(3));
            }
        }
    }

    /** A 高空抛物 case reported by phone (12345) at the building's point, on {@code floor}; returns the case. */
    Map<String, Object> report(Building b, Integer floor) {
        String body = String.format(Locale.ROOT, """
                {"category":"GGAQ-03","title":"高空抛物","description":"楼上扔下花盆","source":"hotline_12345",
                 "location":{"lon":%.9f,"lat":%.9f,"crs":"wgs84","accuracy":3%s},
                 "reporter":{"name":"张三","phone":"13812345678"}}""", b.lon(), b.lat(),
                floor == null ? "" : ",\"floor\":" + floor);
        Http.Response r = http.postJson("/api/cases", body, ops);
        assertEquals(201, r.status(), r.body());
        return r.map();
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> items(Http.Response r) {
        return (List<Map<String, Object>>) r.map().get("items");
    }

    static List<Object> codes(Http.Response r) {
        return items(r).stream().map(m -> m.get("code")).toList();
    }

    @Test
    @SuppressWarnings("unchecked")
    void listsAnOpenCaseInTheFootprintWithItsFloorAndTheReporterMasked() {
        Map<String, Object> created = report(inScope, 12);
        Http.Response r = http.get("/api/buildings/" + inScope.id() + "/cases", ops);
        assertEquals(200, r.status(), r.body());
        assertEquals(inScope.id(), r.map().get("building"));
        Map<String, Object> item = items(r).stream().filter(m -> created.get("code").equals(m.get("code"))).findFirst()
                .orElseThrow(() -> new AssertionError("case " + created.get("code") + " missing: " + r.body()));
        assertEquals(12, ((Number) ((Map<String, Object>) item.get("location")).get("floor")).intValue());
        assertEquals("GGAQ-03", ((Map<String, Object>) item.get("category")).get("code"));
        Map<String, Object> reporter = (Map<String, Object>) item.get("reporter");
        assertEquals("138****5678", reporter.get("phone"));
        assertEquals(Boolean.TRUE, reporter.get("masked"));
        assertFalse(r.body().contains("13812345678"), r.body());
        assertTrue(((Number) r.map().get("total")).longValue() >= 1);
    }

    @Test
    void aCaseInAnotherBuildingIsNotListed() {
        Map<String, Object> there = report(elsewhere, 3);
        Http.Response here = http.get("/api/buildings/" + inScope.id() + "/cases?limit=200", ops);
        assertEquals(200, here.status(), here.body());
        assertFalse(codes(here).contains(there.get("code")), here.body());
        assertTrue(codes(http.get("/api/buildings/" + elsewhere.id() + "/cases?limit=200", ops)).contains(there.get("code")));
    }

    @Test
    void aRejectedCaseIsNoLongerListed() {
        Map<String, Object> created = report(inScope, null);
        String path = "/api/buildings/" + inScope.id() + "/cases?limit=200";
        assertTrue(codes(http.get(path, ops)).contains(created.get("code")));
        Http.Response rejected = http.postJson("/api/cases/" + created.get("id") + "/actions/reject",
                "{\"version\":" + created.get("version") + ",\"comment\":\"重复来电\"}", ops);
        assertEquals(200, rejected.status(), rejected.body());
        assertFalse(codes(http.get(path, ops)).contains(created.get("code")));
    }

    @Test
    void aGridWorkerSeesOnlyTheCasesOfTheirScope() {
        Map<String, Object> mine = report(inScope, 5);
        Map<String, Object> notMine = report(elsewhere, 7);
        assertTrue(codes(http.get("/api/buildings/" + inScope.id() + "/cases?limit=200", worker)).contains(mine.get("code")));
        Http.Response other = http.get("/api/buildings/" + elsewhere.id() + "/cases?limit=200", worker);
        assertEquals(200, other.status(), other.body());
        assertFalse(codes(other).contains(notMine.get("code")), "a 兴华街社区 worker sees a case of 410103003: " + other.body());
        assertEquals(0L, ((Number) other.map().get("total")).longValue(), other.body());
        // ops (the whole district) does see it: the building has the case, the worker's scope hides it.
        assertTrue(codes(http.get("/api/buildings/" + elsewhere.id() + "/cases?limit=200", ops)).contains(notMine.get("code")));
    }

    @Test
    void badInputIsAProblem() {
        Http.Response unknown = http.get("/api/buildings/no-such-building/cases", ops);
        assertEquals(404, unknown.status(), unknown.body());
        assertTrue(unknown.contentType().startsWith("application/problem+json"), unknown.contentType());
        Http.Response badId = http.get("/api/buildings/%3Cscript%3E/cases", ops);
        assertEquals(400, badId.status(), badId.body());
        assertTrue(badId.body().contains("id"), badId.body());
        Http.Response badLimit = http.get("/api/buildings/" + inScope.id() + "/cases?limit=zero", ops);
        assertEquals(400, badLimit.status(), badLimit.body());
        assertTrue(badLimit.body().contains("limit"), badLimit.body());
    }

    @Test
    void anonymousCallersAreRefused() {
        Http.Response r = http.get("/api/buildings/" + inScope.id() + "/cases");
        assertEquals(401, r.status(), r.body());
    }
}
