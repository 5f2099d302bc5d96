package cn.yiwang.patrol.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import javax.sql.DataSource;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import cn.yiwang.patrol.PatrolFixtures;
import cn.yiwang.security.DemoUsers;
import cn.yiwang.testing.Http;
import cn.yiwang.testing.PostgisTest;
import io.micronaut.json.JsonMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;

/**
 * The analysis end to end on the real PostGIS: a demo worker walks exactly the boundary of their
 * level-3 grid (points posted through the ingestion API), the day is analysed by the admin endpoint,
 * and its coverage is compared with PostGIS's own answer (geography buffer of the boundary); scope,
 * bad input and blind spots around it.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PatrolAnalysisApiTest implements PostgisTest {

    private static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");

    @Inject
    EmbeddedServer server;
    @Inject
    JsonMapper json;
    @Inject
    DataSource dataSource;

    Http http;
    String ops;
    String worker;
    /** The walking worker (third-largest level-3 code: other patrol tests use the two largest) and an idle one. */
    String walker;
    String walkerGrid;
    String idleGrid;
    LocalDate day;
    int posted;

    @BeforeAll
    void setUp() throws Exception {
        http = new Http(server, json);
        ops = http.login("ops", DemoUsers.DEMO_PASSWORD);
        worker = http.login("worker", DemoUsers.DEMO_PASSWORD);
        walkerGrid = PatrolFixtures.single(dataSource, "SELECT grid_code FROM grid_duty ORDER BY grid_code DESC OFFSET 2 LIMIT 1");
        idleGrid = PatrolFixtures.single(dataSource, "SELECT grid_code FROM grid_duty ORDER BY grid_code DESC OFFSET 3 LIMIT 1");
        walker = "gw" + walkerGrid;
        String device = PatrolFixtures.single(dataSource, "SELECT d.device_id FROM patrol_device d JOIN app_user u ON u.id = d.user_id"
                + " WHERE u.username = ? ORDER BY d.device_id LIMIT 1", walker);
        day = LocalDate.now(ZONE).minusDays(2);
        // The boundary of the grid, every ~12 m (fractions of the ring's length), vertices included, one fix per 10 s.
        List<List<String>> ring = PatrolFixtures.rows(dataSource, """
                WITH r AS (SELECT ST_ExteriorRing(ST_GeometryN(geom, 1)) AS ring FROM grid_current WHERE code = ?),
                     f AS (SELECT ring, greatest(2, ceil(ST_Length(ring::geography) / 12))::int AS n FROM r)
                SELECT ST_X(ST_LineInterpolatePoint(ring, i::float8 / n)), ST_Y(ST_LineInterpolatePoint(ring, i::float8 / n))
                FROM f, generate_series(0, n) i ORDER BY i""", walkerGrid);
        assertEquals("1", PatrolFixtures.single(dataSource, "SELECT ST_NumGeometries(geom) FROM grid_current WHERE code = ?", walkerGrid),
                "a one-polygon grid, so its exterior ring is its whole boundary");
        Instant start = day.atTime(9, 0).atZone(ZONE).toInstant();
        StringBuilder body = new StringBuilder("{\"deviceId\":\"" + device + "\",\"points\":[");
        for (int i = 0; i < ring.size(); i++) {
            body.append(i == 0 ? "" : ",").append(String.format(Locale.ROOT, "{\"time\":\"%s\",\"lon\":%s,\"lat\":%s,\"accuracy\":5}",
                    start.plusSeconds(10L * i), ring.get(i).get(0), ring.get(i).get(1)));
        }
        body.append("]}");
        posted = ring.size();
        Http.Response r = http.postJson("/api/patrol/points", body.toString(), ops);
        assertEquals(200, r.status(), r.body());
        assertEquals(posted, ((Number) r.map().get("accepted")).intValue());
        Http.Response run = http.postJson("/api/admin/patrol/analyse?date=" + day + "&grid=" + walkerGrid, "", ops);
        assertEquals(200, run.status(), run.body());
        assertEquals(1, ((Number) run.map().get("workers")).intValue());
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> dayOf(String username, String token) {
        Http.Response r = http.get("/api/patrol/days/" + username + "/" + day, token);
        assertEquals(200, r.status(), r.body());
        return r.map();
    }

    @Test
    void boundaryWalkCoversThirtyMetreInnerStripAsPostgisMeasuresIt() throws Exception {
        double expected = Double.parseDouble(PatrolFixtures.single(dataSource, """
                SELECT ST_Area(ST_Intersection(geom, ST_Buffer(ST_Boundary(geom)::geography, 30)::geometry)::geography)
                       / ST_Area(geom::geography) FROM grid_current WHERE code = ?""", walkerGrid));
        Map<String, Object> d = dayOf(walker, ops);
        assertEquals(posted, ((Number) d.get("fixes")).intValue());
        assertEquals(posted, ((Number) d.get("keptFixes")).intValue(), "a clean walk loses nothing");
        assertEquals(expected, ((Number) d.get("coverageShare")).doubleValue(), 0.02, "expected " + expected);
        double perimeter = Double.parseDouble(PatrolFixtures.single(dataSource,
                "SELECT ST_Length(ST_ExteriorRing(ST_GeometryN(geom, 1))::geography) FROM grid_current WHERE code = ?", walkerGrid));
        assertEquals(perimeter, ((Number) d.get("distanceMeters")).doubleValue(), perimeter * 0.01);
        assertEquals(walkerGrid, d.get("grid"));
        Map<String, Object> coverage = (Map<String, Object>) d.get("coverage");
        assertNotNull(coverage);
        assertTrue(Set.of("Polygon", "MultiPolygon").contains(coverage.get("type")), String.valueOf(coverage.get("type")));
        assertEquals("MultiLineString", ((Map<String, Object>) d.get("track")).get("type"));
        assertEquals(false, d.get("compliant"), "half an hour is short of the 90-minute standard");
        List<Map<String, Object>> shortfalls = (List<Map<String, Object>>) ((Map<String, Object>) d.get("detail")).get("shortfalls");
        assertTrue(shortfalls.stream().anyMatch(s -> "duration".equals(s.get("rule"))), shortfalls.toString());
    }

    @Test
    void walkedMicroGridsAreNotBlindAndAnIdleGridsAreAll() throws Exception {
        // Independently: the walker's micro grids within 30 m of the walked boundary.
        Set<String> near = new HashSet<>(PatrolFixtures.rows(dataSource, """
                SELECT m.code FROM grid_current m, grid_current g WHERE g.code = ? AND m.level = 'micro' AND m.parent_code = g.code
                  AND ST_DWithin(m.geom::geography, ST_Boundary(g.geom)::geography, 25)""", walkerGrid)
                .stream().map(r -> r.get(0)).toList());
        assertFalse(near.isEmpty());
        Http.Response walked = http.get("/api/patrol/blind-spots?days=7&until=" + day + "&scope=" + walkerGrid, ops);
        assertEquals(200, walked.status(), walked.body());
        Set<String> blind = micro(walked);
        for (String m : near) {
            assertFalse(blind.contains(m), m + " was walked past");
        }
        Set<String> idleMicros = new HashSet<>(PatrolFixtures.rows(dataSource,
                "SELECT code FROM grid_current WHERE level = 'micro' AND parent_code = ?", idleGrid).stream().map(r -> r.get(0)).toList());
        Http.Response idle = http.get("/api/patrol/blind-spots?days=7&until=" + day + "&scope=" + idleGrid, ops);
        assertEquals(idleMicros, micro(idle));
        assertEquals("FeatureCollection", idle.map().get("type"));
    }

    @SuppressWarnings("unchecked")
    private static Set<String> micro(Http.Response r) {
        return ((List<Map<String, Object>>) r.map().get("features")).stream()
                .map(f -> (Map<String, Object>) f.get("properties"))
                .filter(p -> "micro".equals(p.get("kind"))).map(p -> (String) p.get("id")).collect(Collectors.toSet());
    }

    @Test
    @SuppressWarnings("unchecked")
    void listShowsTheDaysInTheCallersScopeOnly() {
        Http.Response all = http.get("/api/patrol/days?date=" + day + "&grid=" + walkerGrid, ops);
        assertEquals(200, all.status(), all.body());
        List<Map<String, Object>> items = (List<Map<String, Object>>) all.map().get("items");
        assertEquals(List.of(walker), items.stream().map(i -> i.get("username")).toList());
        Http.Response mine = http.get("/api/patrol/days?date=" + day, worker);
        assertEquals(200, mine.status(), mine.body());
        for (Map<String, Object> i : (List<Map<String, Object>>) mine.map().get("items")) {
            assertEquals("worker", i.get("username"));
        }
        Http.Response outside = http.get("/api/patrol/days?date=" + day + "&grid=" + walkerGrid, worker);
        assertEquals(403, outside.status(), outside.body());
        assertTrue(outside.contentType().startsWith("application/problem+json"), outside.contentType());
    }

    @Test
    void workerCannotReadAnotherWorkersDayAndAnonymousNothing() throws Exception {
        Http.Response r = http.get("/api/patrol/days/" + walker + "/" + day, worker);
        assertEquals(403, r.status(), r.body());
        assertTrue(r.contentType().startsWith("application/problem+json"));
        assertEquals(401, http.get("/api/patrol/days/" + walker + "/" + day).status());
        assertEquals(401, http.get("/api/patrol/days?date=" + day).status());
        assertEquals(401, http.get("/api/patrol/blind-spots").status());
        // The ops center's view of someone else's day is audited.
        String count = "SELECT count(*) FROM audit_log WHERE action = 'patrol.day_view' AND actor = 'ops' AND target = ?";
        int before = Integer.parseInt(PatrolFixtures.single(dataSource, count, walker));
        dayOf(walker, ops);
        assertEquals(before + 1, Integer.parseInt(PatrolFixtures.single(dataSource, count, walker)));
    }

    @Test
    void badDatesAndUnknownUsersAreProblems() {
        Http.Response bad = http.get("/api/patrol/days/" + walker + "/2026-13-45", ops);
        assertEquals(400, bad.status(), bad.body());
        assertTrue(bad.contentType().startsWith("application/problem+json"));
        assertTrue(bad.body().contains("2026-13-45"), bad.body());
        assertEquals(400, http.get("/api/patrol/days?date=yesterday", ops).status());
        assertEquals(400, http.get("/api/patrol/days/" + walker + "/" + LocalDate.now(ZONE).plusDays(3), ops).status());
        Http.Response unknown = http.get("/api/patrol/days/nobody-here/" + day, ops);
        assertEquals(404, unknown.status(), unknown.body());
        assertTrue(unknown.body().contains("nobody-here"), unknown.body());
        assertEquals(400, http.get("/api/patrol/blind-spots?days=0", ops).status());
        assertEquals(400, http.get("/api/patrol/analysis/" + walker + "?from=2026-11-20T08:00:00%2B08:00&to=soon", ops).status());
        assertEquals(400, http.postJson("/api/admin/patrol/analyse", "", ops).status());
        assertEquals(403, http.postJson("/api/admin/patrol/analyse?date=" + day, "", worker).status());
    }

    @Test
    void analysisRunIsAudited() throws Exception {
        assertTrue(Integer.parseInt(PatrolFixtures.single(dataSource,
                "SELECT count(*) FROM audit_log WHERE action = 'patrol.analyse' AND actor = 'ops' AND target = ?", day + " " + walkerGrid)) >= 1);
    }

    @Test
    void anyTimeRangeIsAnalysedWithoutStoring() throws Exception {
        Instant from = day.atTime(9, 0).atZone(ZONE).toInstant();
        Http.Response r = http.get("/api/patrol/analysis/" + walker + "?from=" + from + "&to=" + from.plusSeconds(600), ops);
        assertEquals(200, r.status(), r.body());
        assertEquals(60, ((Number) r.map().get("fixes")).intValue(), "ten minutes of one fix per 10 s, the end excluded");
    }
}
