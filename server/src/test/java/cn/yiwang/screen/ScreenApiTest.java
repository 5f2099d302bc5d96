package cn.yiwang.screen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
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
 * The big screen's reads: figures, ranking, categories and hourly trend against cases created here (as
 * differences, since other test classes share the database), the scope rules (a dispatcher of one street
 * never sees another street's cases, a foreign scope is 403), the roles, the marker columns and the replay,
 * and bad parameters as problem+json.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ScreenApiTest implements PostgisTest {

    @Inject
    EmbeddedServer server;
    @Inject
    JsonMapper json;
    @Inject
    DataSource dataSource;

    Http http;
    String ops;
    String dispatcher;
    /** The dispatcher's street office and another one. */
    String ownStreet;
    String otherStreet;

    @BeforeAll
    void setUp() throws SQLException {
        http = new Http(server, json);
        ops = http.login("ops", DemoUsers.DEMO_PASSWORD);
        dispatcher = http.login("dispatcher", DemoUsers.DEMO_PASSWORD);
        ownStreet = one("SELECT scope_code FROM app_user WHERE username = 'dispatcher'");
        otherStreet = one("SELECT code FROM grid_current WHERE level = 'l1' AND code <> '" + ownStreet + "' ORDER BY code DESC LIMIT 1");
    }

    private String one(String sql) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    /** A point inside the n-th micro grid (from the last, away from other tests' first grids) under the prefix. */
    private double[] spot(String prefix, int n) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT ST_X(p), ST_Y(p) FROM (SELECT ST_PointOnSurface(geom) p FROM grid_current"
                     + " WHERE level = 'micro' AND code LIKE ? ORDER BY code DESC OFFSET ? LIMIT 1) s")) {
            ps.setString(1, prefix + "%");
            ps.setInt(2, n);
            try (ResultSet rs = ps.executeQuery()) {
                assertTrue(rs.next(), "no micro grid " + n + " under " + prefix);
                return new double[] {rs.getDouble(1), rs.getDouble(2)};
            }
        }
    }

    private Map<String, Object> createCase(String token, double[] p, String category) {
        String body = String.format(Locale.ROOT, """
                {"category":"%s","title":"大屏测试","description":"现场情况描述","source":"hotline_12345",
                 "location":{"lon":%.8f,"lat":%.8f,"crs":"wgs84","accuracy":5}}""", category, p[0], p[1]);
        Http.Response r = http.postJson("/api/cases", body, token);
        assertEquals(201, r.status(), r.body());
        return r.map();
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> summary(String token, String scope) {
        Http.Response r = http.get("/api/screen/summary" + (scope == null ? "" : "?scope=" + scope), token);
        assertEquals(200, r.status(), r.body());
        return r.map();
    }

    @SuppressWarnings("unchecked")
    private static long figure(Map<String, Object> summary, String name) {
        return ((Number) ((Map<String, Object>) summary.get("figures")).get(name)).longValue();
    }

    @SuppressWarnings("unchecked")
    private static long rankReceived(Map<String, Object> summary, String code) {
        for (Object o : (List<Object>) summary.get("ranking")) {
            Map<String, Object> row = (Map<String, Object>) o;
            if (code.equals(row.get("code"))) {
                return ((Number) row.get("received")).longValue();
            }
        }
        throw new AssertionError(code + " not ranked in " + summary.get("ranking"));
    }

    @SuppressWarnings("unchecked")
    private static long categoryCount(Map<String, Object> summary, String top) {
        for (Object o : (List<Object>) summary.get("categories")) {
            Map<String, Object> row = (Map<String, Object>) o;
            if (top.equals(row.get("code"))) {
                return ((Number) row.get("count")).longValue();
            }
        }
        return 0;
    }

    @SuppressWarnings("unchecked")
    private static long sum(Map<String, Object> summary, String series) {
        return ((List<Object>) summary.get(series)).stream().mapToLong(o -> ((Number) o).longValue()).sum();
    }

    @Test
    void figuresRankingCategoriesAndTrendCountTheCasesReceivedTodayInTheScope() throws SQLException {
        String district = ownStreet.substring(0, 6);
        Map<String, Object> districtBefore = summary(ops, district);
        Map<String, Object> ownBefore = summary(ops, ownStreet);
        Map<String, Object> otherBefore = summary(ops, otherStreet);
        createCase(ops, spot(ownStreet, 3), "SRHJ-01");
        createCase(ops, spot(ownStreet, 5), "SRHJ-01");
        createCase(ops, spot(otherStreet, 3), "SRHJ-01");
        Map<String, Object> districtAfter = summary(ops, district);
        Map<String, Object> ownAfter = summary(ops, ownStreet);
        Map<String, Object> otherAfter = summary(ops, otherStreet);

        assertEquals(2, figure(ownAfter, "received") - figure(ownBefore, "received"));
        assertEquals(1, figure(otherAfter, "received") - figure(otherBefore, "received"));
        assertEquals(3, figure(districtAfter, "received") - figure(districtBefore, "received"));
        assertEquals(2, figure(ownAfter, "open") - figure(ownBefore, "open"));
        // The district ranks its streets; a street ranks its communities.
        assertEquals("l1", districtAfter.get("rankingLevel"));
        assertEquals(2, rankReceived(districtAfter, ownStreet) - rankReceived(districtBefore, ownStreet));
        assertEquals(1, rankReceived(districtAfter, otherStreet) - rankReceived(districtBefore, otherStreet));
        assertEquals("l2", ownAfter.get("rankingLevel"));
        assertEquals("l1", ownAfter.get("level"));
        // SRHJ-01 belongs to the top category SRHJ.
        assertEquals(2, categoryCount(ownAfter, "SRHJ") - categoryCount(ownBefore, "SRHJ"));
        // Every case received today is in one hour of today's trend.
        assertEquals(figure(ownAfter, "received"), sum(ownAfter, "today"));
        assertEquals(24, ((List<?>) ownAfter.get("today")).size());
        assertEquals(24, ((List<?>) ownAfter.get("yesterday")).size());
    }

    @Test
    @SuppressWarnings("unchecked")
    void aDispatcherSeesOnlyTheCasesOfTheirStreet() throws SQLException {
        long elsewhere = ((Number) createCase(ops, spot(otherStreet, 7), "SRHJ-02").get("id")).longValue();
        long own = ((Number) createCase(ops, spot(ownStreet, 7), "SRHJ-02").get("id")).longValue();

        Http.Response mine = http.get("/api/screen/markers", dispatcher);
        assertEquals(200, mine.status(), mine.body());
        List<Object> ids = (List<Object>) mine.map().get("id");
        assertTrue(ids.stream().anyMatch(o -> ((Number) o).longValue() == own), "own street's case missing");
        assertFalse(ids.stream().anyMatch(o -> ((Number) o).longValue() == elsewhere), "another street's case shown to the dispatcher");
        assertEquals(ownStreet, mine.map().get("scope"));

        List<Object> all = (List<Object>) http.get("/api/screen/markers", ops).map().get("id");
        assertTrue(all.stream().anyMatch(o -> ((Number) o).longValue() == elsewhere), "ops misses a case of the district");

        // The dispatcher's default figures are those of the street, not the district.
        assertEquals(figure(summary(ops, ownStreet), "received"), figure(summary(dispatcher, null), "received"));
        List<Object> replayIds = (List<Object>) http.get("/api/screen/replay", dispatcher).map().get("id");
        assertTrue(replayIds.stream().anyMatch(o -> ((Number) o).longValue() == own));
        assertFalse(replayIds.stream().anyMatch(o -> ((Number) o).longValue() == elsewhere));
    }

    @Test
    void aScopeOutsideTheCallersIsForbiddenAndBadParametersAreProblems() {
        Http.Response foreign = http.get("/api/screen/summary?scope=" + otherStreet, dispatcher);
        assertEquals(403, foreign.status(), foreign.body());
        assertTrue(foreign.contentType().startsWith("application/problem+json"), foreign.contentType());
        assertTrue(foreign.body().contains(otherStreet), foreign.body());
        assertEquals(403, http.get("/api/screen/markers?scope=" + otherStreet, dispatcher).status());
        assertEquals(403, http.get("/api/screen/replay?scope=" + otherStreet, dispatcher).status());

        Http.Response bad = http.get("/api/screen/summary?scope=abc", ops);
        assertEquals(400, bad.status());
        assertTrue(bad.contentType().startsWith("application/problem+json"));
        assertTrue(bad.body().contains("scope"), bad.body());
        Http.Response unknown = http.get("/api/screen/summary?scope=410103999", ops);
        assertEquals(404, unknown.status(), unknown.body());
        Http.Response limit = http.get("/api/screen/markers?limit=0", ops);
        assertEquals(400, limit.status());
        assertTrue(limit.body().contains("limit"), limit.body());
        assertEquals(400, http.get("/api/screen/markers?limit=x", ops).status());
        assertEquals(400, http.get("/api/screen/replay?hours=25", ops).status());
    }

    @Test
    void onlyTheDeskRolesMayReadTheScreen() {
        String worker = http.login("worker", DemoUsers.DEMO_PASSWORD);
        String analyst = http.login("analyst", DemoUsers.DEMO_PASSWORD);
        for (String path : List.of("/api/screen/summary", "/api/screen/markers", "/api/screen/replay")) {
            assertEquals(403, http.get(path, worker).status(), path);
            assertEquals(403, http.get(path, analyst).status(), path);
            assertEquals(401, http.get(path).status(), path);
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void markersCarryTheCaseAndTheLiveEventIdToResumeFrom() throws SQLException, InterruptedException {
        double[] p = spot(ownStreet, 9);
        Map<String, Object> created = createCase(ops, p, "SRHJ-03");
        long id = ((Number) created.get("id")).longValue();
        // The case's live event is written by a writer thread after the case commits; the snapshot is
        // read once it is in the log, so its lastEventId must cover it.
        long eventOfCase = cn.yiwang.testing.LiveLog.awaitCaseCreated(dataSource, List.of(id));
        Map<String, Object> m = http.get("/api/screen/markers", ops).map();
        List<Object> ids = (List<Object>) m.get("id");
        int i = -1;
        for (int k = 0; k < ids.size(); k++) {
            if (((Number) ids.get(k)).longValue() == id) {
                i = k;
            }
        }
        assertTrue(i >= 0, "the new case is not a marker");
        assertEquals(p[0], ((Number) ((List<Object>) m.get("lon")).get(i)).doubleValue(), 1e-6);
        assertEquals(p[1], ((Number) ((List<Object>) m.get("lat")).get(i)).doubleValue(), 1e-6);
        String status = (String) ((List<Object>) m.get("statuses")).get(((Number) ((List<Object>) m.get("status")).get(i)).intValue());
        assertEquals(created.get("status"), status);
        assertEquals(ids.size(), ((Number) m.get("count")).intValue());
        assertTrue(((Number) m.get("lastEventId")).longValue() >= eventOfCase, "snapshot older than the case's event");
        List<Object> latest = (List<Object>) m.get("latest");
        assertNotNull(latest);
        assertTrue(latest.stream().anyMatch(o -> created.get("code").equals(((Map<String, Object>) o).get("code"))), "not in the ticker lines");

        Map<String, Object> limited = http.get("/api/screen/markers?limit=1", ops).map();
        assertEquals(1, ((Number) limited.get("count")).intValue());
        assertEquals(Boolean.TRUE, limited.get("truncated"));

        Map<String, Object> replay = http.get("/api/screen/replay?hours=1", ops).map();
        List<Object> replayIds = (List<Object>) replay.get("id");
        int j = replayIds.indexOf(replayIds.stream().filter(o -> ((Number) o).longValue() == id).findFirst().orElseThrow());
        assertEquals(0, ((Number) ((List<Object>) replay.get("kind")).get(j)).intValue());
        int t = ((Number) ((List<Object>) replay.get("t")).get(j)).intValue();
        assertTrue(t >= 0 && t <= 3600, "t=" + t);
    }
}
