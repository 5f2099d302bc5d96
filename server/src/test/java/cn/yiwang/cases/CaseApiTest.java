package cn.yiwang.cases;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import javax.sql.DataSource;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import cn.yiwang.geo.ChinaCoordinateTransformer;
import cn.yiwang.security.DemoUsers;
import cn.yiwang.testing.Http;
import cn.yiwang.testing.PostgisTest;
import io.micronaut.json.JsonMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;

@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CaseApiTest implements PostgisTest {

    @Inject
    EmbeddedServer server;
    @Inject
    JsonMapper json;
    @Inject
    DataSource dataSource;
    @Inject
    CaseRepository repository;
    @Inject
    CaseSupervisor supervisor;

    Http http;
    String worker;
    String dispatcher;
    String ops;
    String dept;
    String analyst;
    /** The demo worker's level-3 grid, a micro grid in it and a point inside that micro grid. */
    String workerL3;
    String micro;
    double lon;
    double lat;
    /** A point in another street office (outside the demo worker's and dispatcher's scope). */
    double otherLon;
    double otherLat;
    String otherMicro;

    @BeforeAll
    void setUp() throws SQLException {
        http = new Http(server, json);
        worker = http.login("worker", DemoUsers.DEMO_PASSWORD);
        dispatcher = http.login("dispatcher", DemoUsers.DEMO_PASSWORD);
        ops = http.login("ops", DemoUsers.DEMO_PASSWORD);
        dept = http.login("dept", DemoUsers.DEMO_PASSWORD);
        analyst = http.login("analyst", DemoUsers.DEMO_PASSWORD);
        try (Connection c = dataSource.getConnection()) {
            workerL3 = single(c, "SELECT d.grid_code FROM grid_duty d JOIN app_user u ON u.id = d.user_id WHERE u.username = 'worker'");
            Object[] p = point(c, workerL3, 0);
            micro = (String) p[0];
            lon = (Double) p[1];
            lat = (Double) p[2];
            Object[] q = point(c, "410103003", 0);
            otherMicro = (String) q[0];
            otherLon = (Double) q[1];
            otherLat = (Double) q[2];
        }
    }

    static String single(Connection c, String sql) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getString(1);
        }
    }

    /** The n-th micro grid under {@code prefix} and a point well inside it. */
    static Object[] point(Connection c, String prefix, int n) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT code, ST_X(p), ST_Y(p) FROM (
                  SELECT code, ST_PointOnSurface(ST_Buffer(geom::geography, -15)::geometry) AS p FROM grid_current
                  WHERE level = 'micro' AND code LIKE ? ORDER BY code OFFSET ? LIMIT 1) x""")) {
            ps.setString(1, prefix + "%");
            ps.setInt(2, n);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new Object[] {rs.getString(1), rs.getDouble(2), rs.getDouble(3)};
            }
        }
    }

    String body(String category, String source, double x, double y, String extra) {
        return String.format(Locale.ROOT, """
                {"category":"%s","title":"测试案件","description":"现场情况描述","source":"%s",
                 "location":{"lon":%.8f,"lat":%.8f,"crs":"wgs84","accuracy":5}%s}""", category, source, x, y, extra);
    }

    Http.Response create(String token, String body) {
        return http.postJson("/api/cases", body, token);
    }

    Map<String, Object> act(String token, Object id, String action, String fields) {
        Map<String, Object> c = http.get("/api/cases/" + id, token).map();
        Http.Response r = http.postJson("/api/cases/" + id + "/actions/" + action,
                "{\"version\":" + c.get("version") + (fields.isEmpty() ? "" : "," + fields) + "}", token);
        assertEquals(200, r.status(), action + ": " + r.body());
        return r.map();
    }

    long count(String table) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            return Long.parseLong(single(c, "SELECT count(*) FROM " + table));
        }
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> grids(Map<String, Object> view) {
        return (List<Map<String, Object>>) view.get("grids");
    }

    @Test
    void aWorkersPatrolReportIsRoutedRegisteredAndDispatchedAtOnce() {
        Http.Response r = create(worker, body("STHJ-03", "patrol", lon, lat, ""));
        assertEquals(201, r.status(), r.body());
        Map<String, Object> c = r.map();
        assertTrue(c.get("code").toString().matches("^EQ-\\d{8}-\\d{6}$"), c.get("code").toString());
        List<Map<String, Object>> chain = grids(c);
        assertEquals(List.of("micro", "l3", "l2", "l1", "district"), chain.stream().map(g -> g.get("level")).toList());
        assertEquals(micro, chain.get(0).get("code"));
        assertEquals(workerL3, chain.get(1).get("code"));
        assertEquals("worker", ((Map<?, ?>) c.get("assignee")).get("username"));
        assertEquals("urban_mgmt_squad", ((Map<?, ?>) c.get("department")).get("code"));
        assertEquals("dispatched", c.get("status"));
        assertNotNull(c.get("deadline"));
        assertEquals("/api/cases/" + c.get("id"), r.header("Location"));
    }

    @Test
    void aPatrolReportIsStoredOnceAtItsFinalVersionAndAnswersWhatGetReads() throws SQLException {
        Http.Response r = create(worker, body("SZSS-10", "patrol", lon, lat, ""));
        assertEquals(201, r.status(), r.body());
        Map<String, Object> created = r.map();
        // Accepted and registered by the system; dispatched too unless routing or a duplicate makes it ambiguous.
        List<Object> events = http.get("/api/cases/" + created.get("id") + "/events", ops).list();
        List<Object> types = events.stream().map(e -> (Object) ((Map<?, ?>) e).get("type")).toList();
        assertEquals(List.of("created", "accept", "register"), types.subList(0, 3));
        assertEquals(events.size(), created.get("version"));
        assertEquals("dispatch".equals(types.get(types.size() - 1)) ? "dispatched" : "registered", created.get("status"));
        assertEquals(created, http.get("/api/cases/" + created.get("id"), worker).map());
        try (Connection conn = dataSource.getConnection()) {
            long caseId = ((Number) created.get("id")).longValue();
            assertEquals(repository.find(conn, caseId, false).orElseThrow(), CaseProjector.replay(repository.events(conn, caseId)));
        }
    }

    @Test
    void theWholeClosedLoopRunsAndTheHistoryReplaysToTheRow() throws SQLException {
        Map<String, Object> c = create(dispatcher, body("SZSS-01", "hotline_12345", lon + 0.00002, lat,
                ",\"reporter\":{\"name\":\"张三丰\",\"phone\":\"13812345678\"}")).map();
        Object id = c.get("id");
        assertEquals("reported", c.get("status"));
        assertEquals(List.of("accept", "reject", "merge", "move_grid"), c.get("actions"));
        act(dispatcher, id, "accept", "");
        act(dispatcher, id, "register", "");
        act(dispatcher, id, "dispatch", "\"handlerKind\":\"department\",\"departmentCode\":\"urban_mgmt_squad\"");
        act(dept, id, "start", "");
        act(dept, id, "handle", "\"comment\":\"已更换破损地砖\"");
        act(worker, id, "verify", "\"location\":{\"lon\":" + lon + ",\"lat\":" + lat + "}");
        act(dispatcher, id, "close", "");
        Map<String, Object> done = act(dispatcher, id, "evaluate", "\"satisfaction\":5");
        assertEquals("evaluated", done.get("status"));
        assertEquals(5, done.get("satisfaction"));
        List<Object> events = http.get("/api/cases/" + id + "/events", ops).list();
        assertEquals(9, events.size());
        assertEquals(List.of("created", "accept", "register", "dispatch", "start", "handle", "verify", "close", "evaluate"),
                events.stream().map(e -> ((Map<?, ?>) e).get("type")).toList());
        assertEquals("worker", ((Map<?, ?>) events.get(6)).get("actor"));
        try (Connection conn = dataSource.getConnection()) {
            long caseId = ((Number) id).longValue();
            assertEquals(repository.find(conn, caseId, false).orElseThrow(), CaseProjector.replay(repository.events(conn, caseId)));
        }
    }

    @Test
    void everyStoredCaseEqualsTheReplayOfItsEvents() throws SQLException {
        create(worker, body("SRHJ-02", "patrol", lon, lat + 0.00001, ""));
        int checked = 0;
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT id FROM case_record ORDER BY id");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                long id = rs.getLong(1);
                assertEquals(repository.find(c, id, false).orElseThrow(), CaseProjector.replay(repository.events(c, id)), "case " + id);
                checked++;
            }
        }
        assertTrue(checked >= 1);
    }

    @Test
    void aRetryWithTheSameIdempotencyKeyReturnsTheFirstCase() throws SQLException {
        String key = UUID.randomUUID().toString();
        String b = body("SRHJ-03", "patrol", lon, lat - 0.00001, "");
        Http.Response first = http.postJson("/api/cases", b, worker, "Idempotency-Key", key);
        long before = count("case_record");
        Http.Response again = http.postJson("/api/cases", b, worker, "Idempotency-Key", key);
        assertEquals(201, first.status());
        assertEquals(200, again.status());
        assertEquals("true", again.header("Idempotent-Replayed"));
        assertEquals(first.map().get("id"), again.map().get("id"));
        Http.Response other = http.postJson("/api/cases", b.replace("测试案件", "另一个案件"), worker, "Idempotency-Key", key);
        assertEquals(422, other.status());
        assertEquals("application/problem+json", other.contentType());
        assertEquals(before, count("case_record"));
    }

    /**
     * Retries that race the first request (a phone resending while the first is still in flight):
     * the key is stored with the case in one statement, so exactly one case, one set of events and
     * one audit entry are written, and every answer names that case.
     */
    @Test
    void concurrentRetriesWithOneIdempotencyKeyWriteOneCase() throws Exception {
        String key = UUID.randomUUID().toString();
        String b = body("SRHJ-03", "patrol", lon + 0.00002, lat, "");
        long cases = count("case_record");
        long events = count("case_event");
        long audits;
        try (Connection c = dataSource.getConnection()) {
            audits = Long.parseLong(single(c, "SELECT count(*) FROM audit_log WHERE action = 'case.create'"));
        }
        int n = 8;
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(n);
        java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
        List<java.util.concurrent.Future<Http.Response>> answers = new java.util.ArrayList<>();
        try {
            for (int i = 0; i < n; i++) {
                answers.add(pool.submit(() -> {
                    go.await();
                    return http.postJson("/api/cases", b, worker, "Idempotency-Key", key);
                }));
            }
            go.countDown();
            java.util.Set<Object> ids = new java.util.HashSet<>();
            int created = 0;
            for (java.util.concurrent.Future<Http.Response> f : answers) {
                Http.Response r = f.get(60, java.util.concurrent.TimeUnit.SECONDS);
                assertTrue(r.status() == 201 || r.status() == 200, r.status() + " " + r.body());
                created += r.status() == 201 ? 1 : 0;
                ids.add(r.map().get("id"));
            }
            assertEquals(1, created, "exactly one request creates the case");
            assertEquals(1, ids.size(), "every answer names the same case: " + ids);
            assertEquals(cases + 1, count("case_record"));
            try (Connection c = dataSource.getConnection()) {
                long id = ((Number) ids.iterator().next()).longValue();
                assertEquals(count("case_event") - events,
                        Long.parseLong(single(c, "SELECT count(*) FROM case_event WHERE case_id = " + id)), "no events of rolled-back cases");
                assertEquals(audits + 1, Long.parseLong(single(c, "SELECT count(*) FROM audit_log WHERE action = 'case.create'")));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void badInputGetsProblemJsonNamingTheFieldAndWritesNothing() throws SQLException {
        long cases = count("case_record");
        long events = count("case_event");
        String oneMegabyte = "很".repeat(1_000_000);
        Object[][] bad = {
            {body("NOPE-99", "patrol", lon, lat, ""), 400, "/category"},
            {body("SRHJ-01", "carrier_pigeon", lon, lat, "").replace("\"patrol\"", "\"x\""), 400, "/source"},
            {body("SRHJ-01", "patrol", lon, lat, "").replace(String.format(Locale.ROOT, "%.8f", lon), "\"NaN\""), 400, "/location/lon"},
            {body("SRHJ-01", "patrol", 200, lat, ""), 400, "/location/lon"},
            {body("SRHJ-01", "patrol", lon, lat, "").replace("\"crs\":\"wgs84\"", "\"crs\":\"epsg:3857\""), 400, "/location/crs"},
            {"{\"category\":\"SRHJ-01\",\"title\":\"t\",\"source\":\"patrol\"}", 400, "/location"},
            {body("SRHJ-01", "patrol", lon, lat, "").replace("测试案件", "<script>alert(1)</script>"), 400, "/title"},
            {body("SRHJ-01", "patrol", lon, lat, "").replace("现场情况描述", oneMegabyte), 400, "/description"},
            {body("SRHJ-01", "patrol", lon, lat, ",\"photos\":[\"../../etc/passwd\"]"), 400, "/photos/0"},
            {body("SRHJ-01", "patrol", 120.0, 20.0, ""), 422, "/location"},
            {body("SRHJ-01", "patrol", 116.397, 39.909, ""), 422, "/location"},
            {"{\"category\":", 400, null},
            {"[1,2]", 400, null},
        };
        for (Object[] b : bad) {
            Http.Response r = create(worker, (String) b[0]);
            assertEquals(b[1], r.status(), r.body().substring(0, Math.min(300, r.body().length())));
            assertEquals("application/problem+json", r.contentType());
            if (b[2] != null) {
                assertTrue(r.body().contains("\"pointer\":\"" + b[2] + "\""), b[2] + " in " + r.body().substring(0, Math.min(400, r.body().length())));
            }
        }
        assertEquals(cases, count("case_record"));
        assertEquals(events, count("case_event"));
    }

    @Test
    void illegalTransitionsAndStaleVersionsAreRefusedWith409() {
        Map<String, Object> c = create(dispatcher, body("SRHJ-07", "hotline_12345", lon, lat + 0.00003, "")).map();
        Http.Response close = http.postJson("/api/cases/" + c.get("id") + "/actions/close", "{\"version\":1}", dispatcher);
        assertEquals(409, close.status(), close.body());
        assertTrue(close.body().contains("reported"));
        act(dispatcher, c.get("id"), "accept", "");
        Http.Response stale = http.postJson("/api/cases/" + c.get("id") + "/actions/register", "{\"version\":1}", dispatcher);
        assertEquals(409, stale.status());
        assertTrue(stale.body().contains("/version"));
        Http.Response byWorker = http.postJson("/api/cases/" + c.get("id") + "/actions/register", "{\"version\":2}", worker);
        assertEquals(403, byWorker.status());
        assertEquals(404, http.postJson("/api/cases/" + c.get("id") + "/actions/teleport", "{\"version\":2}", dispatcher).status());
    }

    @Test
    void workersSeeOnlyTheirCommunityAndDepartmentsOnlyTheirCases() {
        Map<String, Object> mine = create(dispatcher, body("SRHJ-07", "hotline_12345", lon, lat, "")).map();
        Map<String, Object> elsewhere = create(ops, body("SRHJ-07", "hotline_12345", otherLon, otherLat, "")).map();
        assertEquals(otherMicro, grids(elsewhere).get(0).get("code"));
        assertEquals(200, http.get("/api/cases/" + mine.get("id"), worker).status());
        assertEquals(404, http.get("/api/cases/" + elsewhere.get("id"), worker).status());
        assertEquals(404, http.get("/api/cases/" + elsewhere.get("id"), dispatcher).status());
        assertEquals(200, http.get("/api/cases/" + elsewhere.get("code"), ops).status());
        Map<String, Object> page = http.get("/api/cases?limit=500", worker).map();
        for (Object o : (List<?>) page.get("items")) {
            Map<?, ?> item = (Map<?, ?>) o;
            String grid = grids(castMap(item)).isEmpty() ? "" : grids(castMap(item)).get(0).get("code").toString();
            assertTrue(grid.startsWith("410103001004") || "worker".equals(item.get("createdBy")), item.get("code") + " " + grid);
        }
        Map<String, Object> deptPage = http.get("/api/cases?limit=500", dept).map();
        for (Object o : (List<?>) deptPage.get("items")) {
            assertEquals("urban_mgmt_squad", ((Map<?, ?>) ((Map<?, ?>) o).get("department")).get("code"));
        }
        assertEquals(400, http.get("/api/cases?status=lost", ops).status());
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> castMap(Map<?, ?> m) {
        return (Map<String, Object>) m;
    }

    @Test
    void theReporterIsMaskedAndUnmaskingIsForTheDeskAndAudited() throws SQLException {
        Map<String, Object> c = create(dispatcher, body("LLJF-05", "hotline_12345", lon, lat,
                ",\"reporter\":{\"name\":\"李小龙\",\"phone\":\"13987654321\"}")).map();
        Map<?, ?> reporter = (Map<?, ?>) http.get("/api/cases/" + c.get("id"), worker).map().get("reporter");
        assertEquals("李**", reporter.get("name"));
        assertEquals("139****4321", reporter.get("phone"));
        assertFalse(http.get("/api/cases/" + c.get("id") + "/events", worker).body().contains("13987654321"));
        assertEquals(403, http.get("/api/cases/" + c.get("id") + "/reporter", worker).status());
        long audits = count("audit_log WHERE action = 'case.reporter.view'");
        Map<String, Object> full = http.get("/api/cases/" + c.get("id") + "/reporter", dispatcher).map();
        assertEquals("13987654321", full.get("phone"));
        assertEquals(audits + 1, count("audit_log WHERE action = 'case.reporter.view'"));
    }

    @Test
    void aSecondReportNearbyIsProposedAsADuplicateAndCanBeMerged() {
        Map<String, Object> first = create(dispatcher, body("JMZX-03", "hotline_12345", lon, lat, "")).map();
        Map<String, Object> second = create(dispatcher, body("JMZX-03", "citizen_app", lon + 0.0002, lat, "")).map();
        assertEquals(first.get("id"), second.get("duplicateOf"));
        Map<String, Object> far = create(dispatcher, body("JMZX-03", "citizen_app", otherLon, otherLat, "")).map();
        assertNull(far.get("duplicateOf"));
        Map<String, Object> merged = act(dispatcher, second.get("id"), "merge", "\"mergeInto\":" + first.get("id"));
        assertEquals("merged", merged.get("status"));
        assertEquals(first.get("id"), merged.get("mergedInto"));
    }

    @Test
    void aWorkerClosesHisOwnDispatchedPatrolReportOnTheSpotWhereTheCategoryAllows() throws Exception {
        // 占道经营 (JMZX-01) may be settled by the grid worker; a patrol report is dispatched at once, to him.
        Map<String, Object> c = create(worker, body("JMZX-01", "patrol", lon + 0.00012, lat - 0.0003, "")).map();
        assertEquals("dispatched", c.get("status"));
        assertTrue(((List<?>) c.get("actions")).contains("self_handle"), c.get("actions").toString());
        Object deadline = c.get("deadline");
        Http.Response noPhoto = http.postJson("/api/cases/" + c.get("id") + "/actions/self_handle",
                "{\"version\":" + c.get("version") + ",\"comment\":\"已劝离\"}", worker);
        assertEquals(400, noPhoto.status(), noPhoto.body());
        String photo = upload(worker, jpeg(0x778899));
        Map<String, Object> closed = act(worker, c.get("id"), "self_handle", "\"comment\":\"已现场劝离\",\"attachments\":[\"" + photo + "\"]");
        assertEquals("closed", closed.get("status"));
        assertEquals(deadline, closed.get("deadline"), "the clock started at the automatic dispatch and keeps that deadline");
        assertEquals(closed.get("closedAt"), closed.get("handledAt"));
        // 垃圾满溢 (SRHJ-01) is the sanitation department's: no self-handling, even of one's own report.
        Map<String, Object> other = create(worker, body("SRHJ-01", "patrol", lon + 0.00012, lat - 0.0003, "")).map();
        assertFalse(((List<?>) other.get("actions")).contains("self_handle"));
        Http.Response refused = http.postJson("/api/cases/" + other.get("id") + "/actions/self_handle",
                "{\"version\":" + other.get("version") + ",\"comment\":\"x\",\"attachments\":[\"" + photo + "\"]}", worker);
        assertEquals(403, refused.status(), refused.body());
    }

    @Test
    void theDuplicateRadiusIsFiftyMetresOnTheGroundInEveryDirection() {
        // Here 0.0001° of latitude is 11.1 m and 0.0001° of longitude 9.15 m (cos 34.7° = 0.82).
        Map<String, Object> first = create(dispatcher, body("JMZX-05", "hotline_12345", lon, lat + 0.0003, "")).map();
        Map<String, Object> north45 = create(dispatcher, body("JMZX-05", "citizen_app", lon, lat + 0.0007, "")).map();
        assertEquals(first.get("id"), north45.get("duplicateOf"));
        Map<String, Object> south56 = create(dispatcher, body("JMZX-05", "citizen_app", lon, lat - 0.0002, "")).map();
        assertNull(south56.get("duplicateOf"), "55.6 m south of the first and farther from the second");
        Map<String, Object> east46 = create(dispatcher, body("JMZX-05", "citizen_app", lon + 0.0005, lat + 0.0003, "")).map();
        assertEquals(first.get("id"), east46.get("duplicateOf"), "45.7 m east of the first");
        Map<String, Object> west59 = create(dispatcher, body("JMZX-05", "citizen_app", lon - 0.00065, lat + 0.0003, "")).map();
        assertNull(west59.get("duplicateOf"), "59.5 m west of the first");
    }

    @Test
    void aNewReportNearARecentlyClosedCaseFlagsThatClosureForReview() {
        Map<String, Object> c = create(dispatcher, body("SZSS-04", "hotline_12345", lon, lat - 0.00002, "")).map();
        Object id = c.get("id");
        act(dispatcher, id, "accept", "");
        act(dispatcher, id, "register", "");
        act(dispatcher, id, "dispatch", "\"handlerKind\":\"grid_worker\",\"assigneeId\":" + ((Map<?, ?>) c.get("assignee")).get("id"));
        act(worker, id, "start", "");
        act(worker, id, "handle", "\"comment\":\"已报修\"");
        act(worker, id, "verify", "");
        act(dispatcher, id, "close", "");
        assertEquals(false, http.get("/api/cases/" + id, ops).map().get("closureReview"));
        create(dispatcher, body("SZSS-04", "citizen_app", lon + 0.0001, lat - 0.00002, ""));
        assertEquals(true, http.get("/api/cases/" + id, ops).map().get("closureReview"));
    }

    @Test
    void anOverdueCaseIsFlaggedAndSupervisedBySystemEvents() {
        Map<String, Object> c = create(worker, body("SRHJ-06", "patrol", lon, lat + 0.00004, "")).map();
        assertEquals("dispatched", c.get("status"));
        Instant deadline = Instant.parse(c.get("deadline").toString());
        assertFalse(supervisor.scan(deadline.minusSeconds(1)).contains(((Number) c.get("id")).longValue()));
        assertTrue(supervisor.scan(deadline.plusSeconds(1)).contains(((Number) c.get("id")).longValue()));
        Map<String, Object> after = http.get("/api/cases/" + c.get("id"), ops).map();
        assertEquals(true, after.get("overdue"));
        assertEquals(1, after.get("supervisionLevel"));
        assertTrue(supervisor.scan(deadline.plus(Duration.ofHours(25))).contains(((Number) c.get("id")).longValue()));
        assertEquals(2, http.get("/api/cases/" + c.get("id"), ops).map().get("supervisionLevel"));
        List<Object> events = http.get("/api/cases/" + c.get("id") + "/events", ops).list();
        assertEquals("supervised", ((Map<?, ?>) events.get(events.size() - 1)).get("type"));
        assertEquals("system", ((Map<?, ?>) events.get(events.size() - 1)).get("actor"));
    }

    @Test
    void aGcj02LocationIsStoredAsWgs84AndRoutedTheSame() {
        double[] gcj = ChinaCoordinateTransformer.wgs84ToGcj02(lon, lat);
        String b = body("SRHJ-07", "hotline_12345", gcj[0], gcj[1], "").replace("\"crs\":\"wgs84\"", "\"crs\":\"gcj02\"");
        Map<String, Object> c = create(dispatcher, b).map();
        Map<?, ?> loc = (Map<?, ?>) c.get("location");
        assertEquals(lon, ((Number) loc.get("lon")).doubleValue(), 1e-6);
        assertEquals(lat, ((Number) loc.get("lat")).doubleValue(), 1e-6);
        assertEquals("gcj02", loc.get("inputCrs"));
        assertEquals(micro, grids(c).get(0).get("code"));
    }

    @Test
    void aPointBeyondTheGridsButInTheTerritoryGoesToTheOpsCentersQueue() throws SQLException {
        double[] outside;
        // 1 km west of the district's westernmost vertex: outside every grid, farther than the snap distance, inside the territory.
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("""
                     SELECT ST_X(q), ST_Y(q) FROM (
                       SELECT ST_Project(p::geography, 1000, radians(270))::geometry AS q FROM (
                         SELECT (ST_DumpPoints(geom)).geom AS p FROM grid_current WHERE level = 'district') v
                       ORDER BY ST_X(p) LIMIT 1) w""");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            outside = new double[] {rs.getDouble(1), rs.getDouble(2)};
        }
        Http.Response r = create(ops, body("SRHJ-07", "hotline_12345", outside[0], outside[1], ""));
        assertEquals(201, r.status(), r.body());
        assertEquals(false, r.map().get("assigned"));
        assertTrue(grids(r.map()).isEmpty());
        assertEquals(404, http.get("/api/cases/" + r.map().get("id"), dispatcher).status());
        assertEquals(200, http.get("/api/cases/" + r.map().get("id"), ops).status());
    }

    @Test
    void analystsCannotReportAndAnonymousCallersAreRefused() {
        assertEquals(403, create(analyst, body("SRHJ-01", "hotline_12345", lon, lat, "")).status());
        assertEquals(401, create(null, body("SRHJ-01", "hotline_12345", lon, lat, "")).status());
        assertEquals(401, http.get("/api/cases").status());
    }

    @Test
    void gridWorkersMustReportThroughThePatrolChannel() {
        Http.Response r = create(worker, body("SRHJ-01", "hotline_12345", lon, lat, ""));
        assertEquals(400, r.status());
        assertTrue(r.body().contains("/source"));
    }

    static byte[] jpeg(int rgb) throws java.io.IOException {
        java.awt.image.BufferedImage img = new java.awt.image.BufferedImage(8, 8, java.awt.image.BufferedImage.TYPE_INT_RGB);
        for (int x = 0; x < 8; x++) {
            for (int y = 0; y < 8; y++) {
                img.setRGB(x, y, rgb + x * 16 + y);
            }
        }
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        javax.imageio.ImageIO.write(img, "jpg", out);
        return out.toByteArray();
    }

    String upload(String token, byte[] bytes) throws Exception {
        java.net.http.HttpResponse<String> r = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest
                .newBuilder(http.base().resolve("/api/photos")).header("Authorization", "Bearer " + token)
                .header("Content-Type", "image/jpeg").POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(bytes)).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertTrue(r.statusCode() == 201 || r.statusCode() == 200, r.body());
        return ((Map<?, ?>) json.readValue(r.body(), Map.class)).get("id").toString();
    }

    @Test
    void photosOfACaseAreReadableByWhoeverSeesTheCase() throws Exception {
        String photo = upload(worker, jpeg(0x336699));
        Http.Response unknown = create(worker, body("SRHJ-01", "patrol", lon, lat, ",\"photos\":[\"" + "0".repeat(64) + "\"]"));
        assertEquals(400, unknown.status());
        assertTrue(unknown.body().contains("/photos/0"));
        assertEquals(403, http.get("/api/photos/" + photo, dept).status(), "not yet on a case of the department");
        Map<String, Object> c = create(worker, body("SRHJ-01", "patrol", lon, lat - 0.00003, ",\"photos\":[\"" + photo + "\"]")).map();
        assertEquals(List.of(photo), c.get("photos"));
        assertEquals("urban_mgmt_squad", ((Map<?, ?>) c.get("department")).get("code"));
        assertEquals(200, http.get("/api/photos/" + photo, dept).status());
        String otherWorker = http.login("gw" + grids(create(ops, body("SRHJ-07", "hotline_12345", otherLon, otherLat, "")).map())
                .get(1).get("code"), DemoUsers.DEMO_PASSWORD);
        assertEquals(403, http.get("/api/photos/" + photo, otherWorker).status());
    }

    @Test
    void aConsultationClosesItsParentWhenEveryTaskIsDone() {
        Map<String, Object> c = create(dispatcher, body("MSFW-01", "hotline_12345", lon, lat + 0.00005, "")).map();
        Object id = c.get("id");
        act(dispatcher, id, "accept", "");
        act(dispatcher, id, "register", "");
        Map<String, Object> consulting = act(dispatcher, id, "consult", """
                "comment":"加装电梯涉及供电、住建两家","tasks":[{"handlerKind":"department","departmentCode":"urban_mgmt_squad"},
                {"handlerKind":"grid_worker","assigneeId":%s}]""".formatted(((Map<?, ?>) c.get("assignee")).get("id")));
        assertEquals("consulting", consulting.get("status"));
        assertEquals(true, consulting.get("sankua"));
        Map<String, Object> page = http.get("/api/cases?limit=10&status=dispatched&category=MSFW-01", ops).map();
        List<Map<String, Object>> tasks = new ArrayList<>();
        for (Object o : (List<?>) page.get("items")) {
            if (id.equals(((Map<?, ?>) o).get("parentId"))) {
                tasks.add(castMap((Map<?, ?>) o));
            }
        }
        assertEquals(2, tasks.size());
        for (Map<String, Object> t : tasks) {
            assertTrue(t.get("code").toString().startsWith(c.get("code") + "-T"), t.get("code").toString());
            assertNotNull(t.get("deadline"));
            String handler = "department".equals(t.get("handlerKind")) ? dept : worker;
            act(handler, t.get("id"), "start", "");
            act(handler, t.get("id"), "handle", "\"comment\":\"本单位任务已完成\"");
            act(worker, t.get("id"), "verify", "");
            assertEquals("consulting", http.get("/api/cases/" + id, ops).map().get("status"));
            act(dispatcher, t.get("id"), "close", "");
        }
        assertEquals("handled", http.get("/api/cases/" + id, ops).map().get("status"));
        assertEquals("closed", act(dispatcher, act(worker, id, "verify", "").get("id"), "close", "").get("status"));
    }

    @Test
    void aDispatcherMovesACaseToAnotherGridInOneStep() {
        Map<String, Object> c = create(ops, body("SRHJ-07", "hotline_12345", otherLon, otherLat, "")).map();
        assertEquals(404, http.get("/api/cases/" + c.get("id"), worker).status());
        Map<String, Object> moved = act(ops, c.get("id"), "move_grid", "\"gridCode\":\"" + micro + "\"");
        assertEquals(micro, grids(moved).get(0).get("code"));
        assertEquals("worker", ((Map<?, ?>) moved.get("assignee")).get("username"));
        assertEquals(200, http.get("/api/cases/" + c.get("id"), worker).status());
        Http.Response bad = http.postJson("/api/cases/" + c.get("id") + "/actions/move_grid",
                "{\"version\":" + moved.get("version") + ",\"gridCode\":\"410103\"}", ops);
        assertEquals(400, bad.status());
        assertTrue(bad.body().contains("/gridCode"));
    }

    @Test
    void whenTheAccuracyCircleCrossesIntoAnotherCommunityItsWorkerIsToldUntilTheDispatcherConfirms() throws SQLException {
        String a;
        String b;
        double x;
        double y;
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("""
                     SELECT a.code, b.code, ST_X(p), ST_Y(p) FROM grid_current a
                     JOIN grid_current b ON b.level = 'micro' AND b.code NOT LIKE '410103001004%' AND ST_DWithin(a.geom, b.geom, 1e-6)
                     CROSS JOIN LATERAL (SELECT ST_ClosestPoint(ST_Boundary(a.geom), ST_PointOnSurface(b.geom)) AS p) x
                     WHERE a.level = 'micro' AND a.code LIKE '410103001004%'
                     ORDER BY ST_Area(ST_Intersection(ST_Buffer(p::geography, 40)::geometry, b.geom)) DESC, a.code, b.code LIMIT 1""");
             ResultSet rs = ps.executeQuery()) {
            assertTrue(rs.next(), "the demo data has a micro grid of 兴华街 bordering another community");
            a = rs.getString(1);
            b = rs.getString(2);
            x = rs.getDouble(3);
            y = rs.getDouble(4);
        }
        Map<String, Object> c = create(dispatcher, body("SRHJ-07", "hotline_12345", x, y, "").replace("\"accuracy\":5", "\"accuracy\":40")).map();
        String routed = grids(c).get(0).get("code").toString();
        assertTrue(routed.equals(a) || routed.equals(b), routed);
        String other = routed.equals(a) ? b : a;
        String otherL3;
        try (Connection conn = dataSource.getConnection()) {
            otherL3 = single(conn, "SELECT parent_code FROM grid_current WHERE code = '" + other + "'");
        }
        String otherUser;
        try (Connection conn = dataSource.getConnection()) {
            otherUser = single(conn, "SELECT u.username FROM grid_duty d JOIN app_user u ON u.id = d.user_id WHERE d.grid_code = '" + otherL3 + "'");
        }
        String otherToken = http.login(otherUser, DemoUsers.DEMO_PASSWORD);
        assertTrue(((List<?>) c.get("alternatives")).stream().anyMatch(o -> other.equals(((Map<?, ?>) o).get("code"))), c.get("alternatives").toString());
        assertEquals(200, http.get("/api/cases/" + c.get("id"), otherToken).status(), "the neighbour is told");
        assertTrue(((List<?>) c.get("actions")).contains("confirm_grid"));
        act(dispatcher, c.get("id"), "confirm_grid", "");
        // The two grids lie in different communities, so once confirmed the neighbour's worker is out of scope.
        assertEquals(404, http.get("/api/cases/" + c.get("id"), otherToken).status(), "confirmed: the neighbour no longer sees it");
    }

    @Test
    void indicatorsCountClosureOnTimeAndSatisfactionPerStreet() throws SQLException {
        Map<String, Object> c = create(dispatcher, body("JTSS-02", "hotline_12345", lon, lat + 0.00006, "")).map();
        Object id = c.get("id");
        act(dispatcher, id, "accept", "");
        act(dispatcher, id, "register", "");
        act(dispatcher, id, "dispatch", "\"handlerKind\":\"department\",\"departmentCode\":\"urban_mgmt_squad\"");
        act(dept, id, "start", "");
        act(dept, id, "handle", "\"comment\":\"标线已补画\"");
        act(worker, id, "verify", "");
        act(dispatcher, id, "close", "");
        act(dispatcher, id, "evaluate", "\"satisfaction\":4");
        String l1 = grids(c).get(3).get("code").toString();
        String window = "&from=" + Instant.now().minus(Duration.ofHours(1)).toString().replace("Z", "%2B00:00")
                + "&to=" + Instant.now().plus(Duration.ofDays(30)).toString().replace("Z", "%2B00:00");
        Http.Response ind = http.get("/api/cases/indicators?groupBy=l1" + window, dispatcher);
        assertEquals(200, ind.status(), ind.body());
        Map<?, ?> row = ind.list().stream()
                .map(o -> (Map<?, ?>) o).filter(r -> l1.equals(r.get("key"))).findFirst().orElseThrow();
        long received;
        long closed;
        try (Connection conn = dataSource.getConnection()) {
            received = Long.parseLong(single(conn, "SELECT count(*) FROM case_record WHERE l1_code = '" + l1
                    + "' AND parent_id IS NULL AND merged_into IS NULL AND created_at > now() - interval '1 hour'"));
            closed = Long.parseLong(single(conn, "SELECT count(*) FROM case_record WHERE l1_code = '" + l1
                    + "' AND parent_id IS NULL AND merged_into IS NULL AND created_at > now() - interval '1 hour' AND closed_at IS NOT NULL"));
        }
        assertEquals(received, ((Number) row.get("received")).longValue());
        assertEquals(closed, ((Number) row.get("closed")).longValue());
        assertTrue(closed >= 1);
        assertEquals(Math.round(10_000.0 * closed / received) / 10_000.0, ((Number) row.get("closureRate")).doubleValue(), 1e-9);
        assertTrue(((Number) row.get("rated")).longValue() >= 1);
        assertEquals(400, http.get("/api/cases/indicators?groupBy=street", dispatcher).status());
        assertEquals(400, http.get("/api/cases/indicators?from=yesterday", dispatcher).status());
    }

    @Test
    void listFiltersByStatusAndCountsTheTotal() {
        create(dispatcher, body("MSFW-03", "hotline_12345", lon, lat, ""));
        Map<String, Object> page = http.get("/api/cases?status=reported&category=MSFW-03&limit=1", dispatcher).map();
        assertTrue(((Number) page.get("total")).longValue() >= 1);
        assertEquals(1, ((List<?>) page.get("items")).size());
        List<String> statuses = new ArrayList<>();
        for (Object o : (List<?>) page.get("items")) {
            statuses.add(((Map<?, ?>) o).get("status").toString());
        }
        assertEquals(List.of("reported"), statuses);
        assertNotEquals(0, ((Number) page.get("total")).intValue());
    }
}
