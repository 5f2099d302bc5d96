package cn.yiwang.planner;

import static cn.yiwang.planner.PlannerFixture.CELL;
import static cn.yiwang.planner.PlannerFixture.L3;
import static cn.yiwang.planner.PlannerFixture.LAT0;
import static cn.yiwang.planner.PlannerFixture.LON0;
import static cn.yiwang.planner.PlannerFixture.centre;
import static cn.yiwang.planner.PlannerFixture.micro;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
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

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import cn.yiwang.grid.GridService;
import cn.yiwang.security.DemoUsers;
import cn.yiwang.security.PasswordHasher;
import cn.yiwang.security.Role;
import cn.yiwang.security.UserRepository;
import cn.yiwang.testing.Http;
import cn.yiwang.testing.PostgisTest;
import io.micronaut.json.JsonMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;

/** The planner API on a fixture district of its own ({@link PlannerFixture}), rebuilt before every test. */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PlannerApiTest implements PostgisTest {

    @Inject
    EmbeddedServer server;
    @Inject
    JsonMapper json;
    @Inject
    DataSource dataSource;
    @Inject
    GridService grids;
    @Inject
    UserRepository users;
    @Inject
    PasswordHasher hasher;

    Http http;
    String planner;
    String admin;

    @BeforeAll
    void users() {
        http = new Http(server, json);
        users.insertIfAbsent("plan419901", hasher.hash(DemoUsers.DEMO_PASSWORD), Role.PLANNER, PlannerFixture.DISTRICT, "规划测试员", true);
        users.insertIfAbsent("admin419901", hasher.hash(DemoUsers.DEMO_PASSWORD), Role.ADMIN, PlannerFixture.DISTRICT, "规划测试管理员", true);
        planner = http.login("plan419901", DemoUsers.DEMO_PASSWORD);
        admin = http.login("admin419901", DemoUsers.DEMO_PASSWORD);
    }

    @BeforeEach
    void fixture() throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            PlannerFixture.create(c);
        }
        grids.reload();
    }

    @AfterAll
    void cleanUp() throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            PlannerFixture.drop(c);
        }
        grids.reload();
    }

    // ---- helpers

    Map<String, Object> open(String token) {
        Http.Response r = http.postJson("/api/planner/drafts", "{\"parent\":\"" + L3 + "\"}", token);
        assertEquals(201, r.status(), r.body());
        return r.map();
    }

    static long id(Map<String, Object> draft) {
        return ((Number) draft.get("id")).longValue();
    }

    Http.Response post(Map<String, Object> draft, String op, String body, String token) {
        return http.postJson("/api/planner/drafts/" + id(draft) + "/" + op, body, token);
    }

    Http.Response put(long id, String body, String token) {
        return http.exchange("PUT", "/api/planner/drafts/" + id, body, token, Map.of("Content-Type", "application/json"));
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> problems(Map<String, Object> draft) {
        return (List<Map<String, Object>>) draft.get("problems");
    }

    static List<String> kinds(Map<String, Object> draft) {
        return problems(draft).stream().map(p -> (String) p.get("kind")).toList();
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> features(Map<String, Object> draft) {
        return (List<Map<String, Object>>) ((Map<String, Object>) draft.get("children")).get("features");
    }

    static String line(double... lonLat) {
        StringBuilder s = new StringBuilder("{\"type\":\"LineString\",\"coordinates\":[");
        for (int i = 0; i < lonLat.length; i += 2) {
            s.append(i == 0 ? "" : ",").append(String.format(Locale.ROOT, "[%.8f,%.8f]", lonLat[i], lonLat[i + 1]));
        }
        return s.append("]}").toString();
    }

    /** Reshape of the edge between micro 1 and 2 (lon LON0 + CELL) bulging east by {@code bulge} degrees. */
    Http.Response bulge12(Map<String, Object> draft, double bulge, String token) {
        double x = LON0 + CELL;
        return post(draft, "reshape", "{\"a\":\"" + micro(1) + "\",\"b\":\"" + micro(2) + "\",\"newEdge\":"
                + line(x, LAT0, x + bulge, LAT0 + CELL / 2, x, LAT0 + CELL) + "}", token);
    }

    List<String> rows(String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    /** PostGIS, independently of the server: the current micro grids tile the level-3 grid (area m² of the symmetric difference, of overlaps). */
    double[] tilingErrorSqm() throws SQLException {
        String sym = rows("""
                SELECT ST_Area(ST_SymDifference(p.geom, (SELECT ST_Union(geom) FROM grid_current WHERE level = 'micro' AND parent_code = p.code))::geography)
                FROM grid_current p WHERE p.code = '""" + L3 + "'").get(0);
        String overlap = rows("""
                SELECT COALESCE(sum(ST_Area(ST_Intersection(a.geom, b.geom)::geography)), 0) FROM grid_current a JOIN grid_current b
                  ON a.parent_code = b.parent_code AND a.code < b.code AND a.geom && b.geom AND ST_Relate(a.geom, b.geom, '2********')
                WHERE a.parent_code = '""" + L3 + "' AND a.level = 'micro' AND b.level = 'micro'").get(0);
        return new double[] {Double.parseDouble(sym), Double.parseDouble(overlap)};
    }

    // ---- tests

    @Test
    void openingADraftCopiesTheCurrentChildrenWithoutProblems() {
        Map<String, Object> d = open(planner);
        assertEquals(9, features(d).size());
        assertEquals(List.of(), problems(d));
        assertEquals("micro", d.get("childLevel"));
        assertEquals(9, ((Map<?, ?>) d.get("baseVersions")).size());
        assertEquals(200, http.get("/api/planner/drafts/" + id(d), planner).status());
    }

    @Test
    void otherRolesAndOtherScopesAreForbidden() {
        String dispatcher = http.login("dispatcher", DemoUsers.DEMO_PASSWORD);
        assertEquals(403, http.postJson("/api/planner/drafts", "{\"parent\":\"" + L3 + "\"}", dispatcher).status());
        String erqiPlanner = http.login("planner", DemoUsers.DEMO_PASSWORD);
        Http.Response r = http.postJson("/api/planner/drafts", "{\"parent\":\"" + L3 + "\"}", erqiPlanner);
        assertEquals(403, r.status());
        assertEquals("application/problem+json", r.contentType());
        Map<String, Object> d = open(planner);
        assertEquals(403, http.get("/api/planner/drafts/" + id(d), erqiPlanner).status());
        assertEquals(403, http.get("/api/planner/drafts/" + id(d) + "/impact", dispatcher).status());
        assertEquals(401, http.get("/api/planner/drafts/" + id(d)).status());
    }

    @Test
    void splitMakesTwoGridsThatKeepTheCoverage() {
        Map<String, Object> d = open(planner);
        double[] m = centre(5);
        Http.Response r = post(d, "split", "{\"code\":\"" + micro(5) + "\",\"line\":" + line(m[0] - CELL, m[1] + 0.0002, m[0] + CELL, m[1] - 0.0003)
                + ",\"newName\":\"微网格5南\"}", planner);
        assertEquals(200, r.status(), r.body());
        assertEquals(10, features(r.map()).size());
        assertEquals(List.of(), problems(r.map()));
        assertTrue(features(r.map()).stream().anyMatch(f -> ((Map<?, ?>) f.get("properties")).get("code").equals(micro(10))));
        Http.Response miss = post(d, "split", "{\"code\":\"" + micro(5) + "\",\"line\":" + line(m[0], m[1], m[0] + 0.0001, m[1]) + "}", planner);
        assertEquals(400, miss.status(), miss.body());
        assertEquals("/line", ((Map<?, ?>) ((List<?>) miss.map().get("errors")).get(0)).get("pointer"));
    }

    @Test
    void mergeNeedsAdjacentGridsAndReportsTheHouseholdStandard() {
        Map<String, Object> d = open(planner);
        assertEquals(400, post(d, "merge", "{\"codes\":[\"" + micro(1) + "\",\"" + micro(9) + "\"]}", planner).status());
        Http.Response r = post(d, "merge", "{\"codes\":[\"" + micro(1) + "\",\"" + micro(2) + "\"]}", planner);
        assertEquals(200, r.status(), r.body());
        assertEquals(8, features(r.map()).size());
        assertEquals(List.of(), problems(r.map()));
        r = post(d, "merge", "{\"codes\":[\"" + micro(1) + "\",\"" + micro(3) + "\"]}", planner);
        assertEquals(List.of("households-over-standard"), kinds(r.map()));
        assertEquals(90.0, ((Number) problems(r.map()).get(0).get("measure")).doubleValue());
    }

    @Test
    void reshapingASharedEdgeKeepsBothNeighboursTiled() {
        Map<String, Object> d = open(planner);
        Http.Response r = bulge12(d, 0.0005, planner);
        assertEquals(200, r.status(), r.body());
        assertEquals(List.of(), problems(r.map()));
        Map<?, ?> first = (Map<?, ?>) features(r.map()).get(0).get("properties");
        assertTrue(((Number) first.get("areaSqm")).doubleValue() > 0.002 * 0.002 * 111_195 * 111_195 * Math.cos(Math.toRadians(25)) * 1.05);
        Http.Response wrongEnds = post(d, "reshape", "{\"a\":\"" + micro(1) + "\",\"b\":\"" + micro(2) + "\",\"newEdge\":"
                + line(LON0 + CELL, LAT0 + 0.0005, LON0 + CELL, LAT0 + CELL) + "}", planner);
        assertEquals(400, wrongEnds.status(), wrongEnds.body());
    }

    @Test
    void repairSnapsAMovedVertexBackAndTheProblemsGo() {
        Map<String, Object> d = open(planner);
        // Micro 5's south-west corner pulled 0.4 m west: a sliver of overlap with micro 4.
        List<Map<String, Object>> fs = features(d);
        Map<String, Object> five = fs.stream().filter(f -> ((Map<?, ?>) f.get("properties")).get("code").equals(micro(5))).findFirst().orElseThrow();
        double[] m = centre(5);
        five.put("geometry", Map.of("type", "Polygon", "coordinates", List.of(List.of(
                List.of(m[0] - CELL / 2 - 0.000004, m[1] - CELL / 2), List.of(m[0] + CELL / 2, m[1] - CELL / 2), List.of(m[0] + CELL / 2, m[1] + CELL / 2),
                List.of(m[0] - CELL / 2, m[1] + CELL / 2), List.of(m[0] - CELL / 2 - 0.000004, m[1] - CELL / 2)))));
        Http.Response saved = put(id(d), write(Map.of("type", "FeatureCollection", "features", fs)), planner);
        assertEquals(200, saved.status(), saved.body());
        assertTrue(kinds(saved.map()).contains("overlap"), kinds(saved.map()).toString());
        Http.Response repaired = post(d, "repair", "{\"snapTolerance\":1,\"minSliverArea\":20}", planner);
        assertEquals(200, repaired.status(), repaired.body());
        assertEquals(List.of(), problems(repaired.map()));
        assertTrue(((List<?>) ((Map<?, ?>) repaired.map().get("operation")).get("changed")).contains(micro(5)));
    }

    @Test
    void badInputIsRefusedWithTheReason() {
        Map<String, Object> d = open(planner);
        // Not JSON at all, though it says so.
        Http.Response notJson = http.exchange("PUT", "/api/planner/drafts/" + id(d), "PK\u0003\u0004 not geojson", planner,
                Map.of("Content-Type", "application/geo+json"));
        assertEquals(400, notJson.status(), notJson.body());
        assertEquals("application/problem+json", notJson.contentType());
        // JSON but not a FeatureCollection.
        Http.Response wrongType = put(id(d), "{\"type\":\"Feature\"}", planner);
        assertEquals(400, wrongType.status());
        assertEquals("/type", ((Map<?, ?>) ((List<?>) wrongType.map().get("errors")).get(0)).get("pointer"));
        // A polygon on the other side of the world.
        List<Map<String, Object>> fs = features(d);
        fs.get(0).put("geometry", Map.of("type", "Polygon", "coordinates",
                List.of(List.of(List.of(-79.5, -25.0), List.of(-79.49, -25.0), List.of(-79.49, -24.99), List.of(-79.5, -25.0)))));
        Http.Response far = put(id(d), write(Map.of("type", "FeatureCollection", "features", fs)), planner);
        assertEquals(400, far.status(), far.body());
        assertEquals("/features/0/geometry", ((Map<?, ?>) ((List<?>) far.map().get("errors")).get(0)).get("pointer"));
        // 30,000 vertices in one grid: over the per-grid limit.
        fs.get(0).put("geometry", Map.of("type", "Polygon", "coordinates", List.of(circle(centre(1), 30_000))));
        Http.Response many = put(id(d), write(Map.of("type", "FeatureCollection", "features", fs)), planner);
        assertEquals(400, many.status(), many.body());
        assertTrue(many.body().contains("too many vertices"), many.body());
        // 1,000,000 vertices: the body alone is over the limit.
        fs.get(0).put("geometry", Map.of("type", "Polygon", "coordinates", List.of(circle(centre(1), 1_000_000))));
        Http.Response huge = put(id(d), write(Map.of("type", "FeatureCollection", "features", fs)), planner);
        assertEquals(413, huge.status(), huge.body().substring(0, Math.min(300, huge.body().length())));
        // Nothing of that was stored.
        assertEquals(List.of(), problems(http.get("/api/planner/drafts/" + id(d), planner).map()));
        assertEquals(1, ((Number) http.get("/api/planner/drafts/" + id(d), planner).map().get("revision")).intValue());
    }

    @Test
    void aBowTieIsSavedAsAProblemAndNoRoleMayCommitIt() throws SQLException {
        Map<String, Object> d = open(planner);
        List<Map<String, Object>> fs = features(d);
        double[] m = centre(1);
        double h = CELL / 2;
        fs.get(0).put("geometry", Map.of("type", "Polygon", "coordinates", List.of(List.of(List.of(m[0] - h, m[1] - h),
                List.of(m[0] + h, m[1] + h), List.of(m[0] + h, m[1] - h), List.of(m[0] - h, m[1] + h), List.of(m[0] - h, m[1] - h)))));
        Http.Response saved = put(id(d), write(Map.of("type", "FeatureCollection", "features", fs)), planner);
        assertEquals(200, saved.status(), saved.body());
        assertTrue(kinds(saved.map()).contains("invalid-geometry"));
        // Even an admin, who may override problems on any draft in scope, cannot commit an invalid boundary.
        Http.Response commit = post(d, "commit", "{\"reason\":\"测试\",\"override\":true}", admin);
        assertEquals(422, commit.status(), commit.body());
        Map<?, ?> first = (Map<?, ?>) ((List<?>) commit.map().get("problems")).get(0);
        assertEquals("invalid-geometry", first.get("kind"));
        assertEquals(true, first.get("blocking"));
        assertEquals(List.of("1"), rows("SELECT max(version) FROM grid WHERE code = '" + micro(1) + "'"));
    }

    @Test
    void duplicateCodesAndOtherProblemsRefuseTheCommitWithTheList() throws SQLException {
        Map<String, Object> d = open(planner);
        List<Map<String, Object>> fs = features(d);
        ((Map<String, Object>) fs.get(1).get("properties")).put("code", micro(1));
        Http.Response saved = put(id(d), write(Map.of("type", "FeatureCollection", "features", fs)), planner);
        assertEquals(List.of("duplicate-code"), kinds(saved.map()));
        Http.Response commit = post(d, "commit", "{\"reason\":\"编码重复\"}", planner);
        assertEquals(422, commit.status(), commit.body());
        assertEquals("application/problem+json", commit.contentType());
        assertEquals("duplicate-code", ((Map<?, ?>) ((List<?>) commit.map().get("problems")).get(0)).get("kind"));
        assertEquals(List.of("1"), rows("SELECT max(version) FROM grid WHERE code = '" + micro(2) + "'"));
        // Households over the standard: planners may not commit over it, an admin with override may (and it is logged).
        Map<String, Object> e = open(admin);
        post(e, "merge", "{\"codes\":[\"" + micro(1) + "\",\"" + micro(2) + "\"]}", admin);
        Http.Response merged = post(e, "merge", "{\"codes\":[\"" + micro(1) + "\",\"" + micro(3) + "\"]}", admin);
        assertEquals(List.of("households-over-standard"), kinds(merged.map()));
        assertEquals(422, post(e, "commit", "{\"reason\":\"合并\"}", admin).status());
        assertEquals(403, post(d, "commit", "{\"reason\":\"合并\",\"override\":true}", planner).status());
        Http.Response overridden = post(e, "commit", "{\"reason\":\"合并，户数超标已知\",\"override\":true}", admin);
        assertEquals(200, overridden.status(), overridden.body());
        assertEquals(1, ((Number) overridden.map().get("problemsOverridden")).intValue());
        assertEquals(List.of("1"), rows("SELECT count(*) FROM audit_log WHERE action = 'grid.commit.override' AND detail->>'draft' = '" + id(e) + "'"));
        assertEquals(List.of(micro(2), micro(3)), overridden.map().get("retired"));
    }

    @Test
    void theImpactPreviewIsWhatTheCommitDoes() throws SQLException {
        double[] c2 = centre(2);
        long open;
        long closed;
        try (Connection c = dataSource.getConnection()) {
            open = PlannerFixture.insertCase(c, c2[0] - 0.0004, c2[1], micro(2), true);
            closed = PlannerFixture.insertCase(c, c2[0] - 0.0004, c2[1] + 0.0001, micro(2), false);
        }
        Map<String, Object> d = open(planner);
        // Micro 1 takes the western 70 % of micro 2: its building and both cases lie there.
        double x = LON0 + CELL;
        Http.Response r = post(d, "reshape", "{\"a\":\"" + micro(1) + "\",\"b\":\"" + micro(2) + "\",\"newEdge\":"
                + line(x, LAT0, x + 0.0014, LAT0 + 0.0002, x + 0.0014, LAT0 + CELL - 0.0002, x, LAT0 + CELL) + "}", planner);
        assertEquals(List.of(), problems(r.map()), r.body());
        Map<String, Object> impact = http.get("/api/planner/drafts/" + id(d) + "/impact", planner).map();
        assertEquals(List.of(micro(1), micro(2)), impact.get("changed"));
        assertEquals(List.of(Map.of("id", "PLAN-2", "from", micro(2), "to", micro(1))), impact.get("buildings"));
        assertEquals(PlannerFixture.HOUSEHOLDS, ((Number) impact.get("householdsMoved")).intValue());
        assertEquals(List.of(Map.of("id", Long.toString(open), "from", micro(2), "to", micro(1))), impact.get("openCases"));
        assertEquals(List.of(Map.of("id", Long.toString(closed), "from", micro(2), "to", micro(1))), impact.get("closedCases"));
        Map<?, ?> two = ((List<?>) impact.get("grids")).stream().map(g -> (Map<?, ?>) g).filter(g -> g.get("code").equals(micro(2)))
                .findFirst().orElseThrow();
        assertEquals(1, ((Number) ((Map<?, ?>) two.get("before")).get("openCases")).intValue());
        assertEquals(0, ((Number) ((Map<?, ?>) two.get("after")).get("openCases")).intValue());
        assertEquals(0, ((Number) ((Map<?, ?>) two.get("after")).get("households")).intValue());

        String before = java.time.Instant.now().toString();
        Http.Response commit = post(d, "commit", "{\"reason\":\"微网格重新划分\"}", planner);
        assertEquals(200, commit.status(), commit.body());
        assertEquals(impact.get("buildings"), commit.map().get("buildings"));
        assertEquals(impact.get("openCases"), commit.map().get("openCases"));
        // The database agrees: buildings re-linked, the open case re-routed, the closed one keeps its grid.
        assertEquals(List.of(micro(1)), rows("SELECT micro_code FROM building WHERE id = 'PLAN-2'"));
        assertEquals(List.of(micro(1)), rows("SELECT grid_code FROM case_record WHERE id = " + open));
        assertEquals(List.of(micro(2)), rows("SELECT grid_code FROM case_record WHERE id = " + closed));
        double[] err = tilingErrorSqm();
        assertTrue(err[0] < 0.1 && err[1] < 0.1, err[0] + " / " + err[1]);
        // The in-memory index follows.
        Map<String, Object> now = http.get(String.format(Locale.ROOT, "/api/grids/at?lon=%.7f&lat=%.7f", c2[0] - 0.0004, c2[1]), planner).map();
        assertEquals(micro(1), ((Map<?, ?>) ((List<?>) now.get("chain")).get(0)).get("code"));
        // History and point-in-time reads.
        assertEquals(401, http.get("/api/grids/" + micro(2) + "/history").status(), "who changed a boundary is not public");
        Map<String, Object> history = http.get("/api/grids/" + micro(2) + "/history", planner).map();
        List<?> versions = (List<?>) history.get("features");
        assertEquals(2, versions.size());
        Map<?, ?> v2 = (Map<?, ?>) ((Map<?, ?>) versions.get(1)).get("properties");
        assertEquals(2, ((Number) v2.get("version")).intValue());
        assertEquals("plan419901", v2.get("changedBy"));
        assertEquals("微网格重新划分", v2.get("reason"));
        assertNotNull(((Map<?, ?>) ((Map<?, ?>) versions.get(0)).get("properties")).get("validTo"));
        Map<String, Object> then = http.get("/api/grids/" + micro(2) + "?at=" + before, planner).map();
        assertEquals(1, ((Number) ((Map<?, ?>) then.get("properties")).get("version")).intValue());
        Map<String, Object> thenAt = http.get(String.format(Locale.ROOT, "/api/grids/at?lon=%.7f&lat=%.7f&at=%s", c2[0] - 0.0004, c2[1], before),
                planner).map();
        assertEquals(micro(2), ((Map<?, ?>) ((List<?>) thenAt.get("chain")).get(0)).get("code"));
        assertEquals(5, ((List<?>) thenAt.get("chain")).size());
        assertEquals(400, http.get("/api/grids/" + micro(2) + "?at=yesterday", planner).status());
        assertEquals(List.of("1"), rows("SELECT count(*) FROM audit_log WHERE action = 'grid.commit' AND detail->>'draft' = '" + id(d) + "'"));
        assertEquals(409, post(d, "commit", "{\"reason\":\"again\"}", planner).status(), "a committed draft is closed");
    }

    @Test
    void aSecondCommitOnTheSameGridsGets409AndTheDraftShowsTheConflict() {
        Map<String, Object> first = open(planner);
        Map<String, Object> second = open(planner);
        assertEquals(200, bulge12(first, 0.0003, planner).status());
        assertEquals(200, bulge12(second, -0.0003, planner).status());
        assertEquals(200, post(first, "commit", "{\"reason\":\"先提交\"}", planner).status());
        Http.Response late = post(second, "commit", "{\"reason\":\"后提交\"}", planner);
        assertEquals(409, late.status(), late.body());
        assertEquals(List.of(micro(1), micro(2)), late.map().get("conflicts"));
        Map<String, Object> shown = http.get("/api/planner/drafts/" + id(second), planner).map();
        assertEquals(List.of(micro(1), micro(2)), ((Map<?, ?>) shown.get("conflict")).get("codes"));
        assertEquals("open", shown.get("status"));
    }

    @Test
    void concurrentCommitsOfTwoDraftsLetExactlyOneThrough() throws Exception {
        Map<String, Object> a = open(planner);
        Map<String, Object> b = open(planner);
        bulge12(a, 0.0003, planner);
        bulge12(b, -0.0003, planner);
        var pool = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            var fa = pool.submit(() -> post(a, "commit", "{\"reason\":\"并发A\"}", planner).status());
            var fb = pool.submit(() -> post(b, "commit", "{\"reason\":\"并发B\"}", planner).status());
            List<Integer> statuses = new ArrayList<>(List.of(fa.get(), fb.get()));
            statuses.sort(null);
            assertEquals(List.of(200, 409), statuses);
        } finally {
            pool.shutdown();
        }
        assertEquals(List.of("2"), rows("SELECT max(version) FROM grid WHERE code = '" + micro(1) + "'"));
        assertFalse(rows("SELECT code FROM grid_current WHERE code LIKE '" + L3 + "%' AND level = 'micro'").isEmpty());
    }

    String write(Object o) {
        try {
            return json.writeValueAsString(o);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A closed ring of n vertices around a point, radius 30 m or so. */
    static List<List<Double>> circle(double[] centre, int n) {
        List<List<Double>> ring = new ArrayList<>(n + 1);
        for (int i = 0; i < n; i++) {
            double a = 2 * Math.PI * i / n;
            ring.add(List.of(centre[0] + 0.0003 * Math.cos(a), centre[1] + 0.0003 * Math.sin(a)));
        }
        ring.add(ring.get(0));
        return ring;
    }
}
