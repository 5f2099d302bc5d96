package cn.yiwang.patrol.track;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import javax.sql.DataSource;
import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import cn.yiwang.patrol.GpxTrackReader;
import cn.yiwang.geo.CoordinateSystem;
import cn.yiwang.patrol.PatrolFix;
import cn.yiwang.patrol.PatrolFixValidator;
import cn.yiwang.patrol.PatrolFixtures;
import cn.yiwang.security.Caller;
import cn.yiwang.security.DemoUsers;
import cn.yiwang.security.Role;
import cn.yiwang.testing.Http;
import cn.yiwang.testing.PostgisTest;
import io.micronaut.json.JsonMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.token.generator.AccessRefreshTokenGenerator;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;

/** Playback reads, GPX export, today's tracks: order, content, visibility, audit and bad input, on the real PostGIS. */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@SuppressWarnings("unchecked")
class PatrolTrackApiTest implements PostgisTest {

    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

    @Inject
    EmbeddedServer server;
    @Inject
    JsonMapper json;
    @Inject
    DataSource dataSource;
    @Inject
    AccessRefreshTokenGenerator tokens;

    Http http;
    String workerToken;
    String opsToken;
    String dispatcherToken;
    String analystToken;
    long workerId;
    String ownGrid;
    PatrolFixtures.Spot spot;
    LocalDate day;
    /** The fixes of {@link #day} in the order they were sent (not in time order). */
    List<Instant> sent = new ArrayList<>();

    @BeforeAll
    void setUp() throws Exception {
        http = new Http(server, json);
        workerToken = http.login("worker", DemoUsers.DEMO_PASSWORD);
        opsToken = http.login("ops", DemoUsers.DEMO_PASSWORD);
        dispatcherToken = http.login("dispatcher", DemoUsers.DEMO_PASSWORD);
        analystToken = http.login("analyst", DemoUsers.DEMO_PASSWORD);
        workerId = Long.parseLong(PatrolFixtures.single(dataSource, "SELECT id FROM app_user WHERE username = 'worker'"));
        ownGrid = PatrolFixtures.single(dataSource, "SELECT min(grid_code) FROM grid_duty WHERE user_id = ?", workerId);
        spot = PatrolFixtures.spot(dataSource, ownGrid, 0);
        day = LocalDate.now(SHANGHAI).minusDays(4);
        Instant nine = day.atTime(9, 0).atZone(SHANGHAI).toInstant();
        // Two batches, each out of order, the second filling the gaps of the first.
        post("worker", workerToken, List.of(nine.plusSeconds(90), nine.plusSeconds(30)));
        post("worker", workerToken, List.of(nine.plusSeconds(60), nine));
    }

    private void post(String username, String token, List<Instant> times) {
        StringBuilder points = new StringBuilder();
        for (Instant t : times) {
            int i = sent.size();
            if (username.equals("worker")) {
                sent.add(t);
            }
            points.append(points.length() == 0 ? "" : ",").append(String.format(Locale.ROOT,
                    "{\"time\":\"%s\",\"lon\":%.7f,\"lat\":%.7f,\"accuracy\":%d,\"speed\":%.1f}", t,
                    spot.lon() + (t.getEpochSecond() % 600) * 1e-5, spot.lat(), 5 + i, 1.0 + (t.getEpochSecond() % 600) / 100.0));
        }
        String device = username.equals("worker") ? "demo-device-worker" : "demo-device-1";
        Http.Response r = http.postJson("/api/patrol/points", "{\"deviceId\":\"" + device + "\",\"points\":[" + points + "]}", token);
        assertEquals(200, r.status(), r.body());
        assertEquals(times.size(), ((Number) r.map().get("accepted")).intValue(), r.body());
    }

    private String token(String username, Role role, String scope, long uid) {
        return tokens.generate(Authentication.build(username, List.of(role.key()), Map.of(Caller.SCOPE_CLAIM, scope,
                Caller.USER_ID_CLAIM, uid))).orElseThrow().getAccessToken();
    }

    private int audits(String action, String target) throws Exception {
        return Integer.parseInt(PatrolFixtures.single(dataSource, "SELECT count(*) FROM audit_log WHERE action = ? AND target = ?"
                + " AND (detail -> 'days') @> jsonb_build_array(?::text)", action, target, day.toString()));
    }

    @SuppressWarnings("unchecked")
    private static List<Number> numbers(Map<String, Object> m, String key) {
        return (List<Number>) m.get(key);
    }

    @Test
    void playbackAnswersTheFixesInTimeOrderWithTheOwnGrid() {
        Http.Response r = http.get("/api/patrol/tracks/worker?date=" + day, workerToken);
        assertEquals(200, r.status(), r.body());
        Map<String, Object> m = r.map();
        assertEquals(4, ((Number) m.get("count")).intValue());
        List<Instant> expected = sent.stream().sorted().toList();
        List<Number> t = numbers(m, "t");
        List<Number> lon = numbers(m, "lon");
        List<Number> speed = numbers(m, "speed");
        for (int i = 0; i < 4; i++) {
            Instant at = expected.get(i);
            assertEquals(at.getEpochSecond(), t.get(i).longValue(), "fix " + i + " in time order");
            assertEquals(spot.lon() + (at.getEpochSecond() % 600) * 1e-5, lon.get(i).doubleValue(), 1e-7);
            assertEquals(spot.lat(), numbers(m, "lat").get(i).doubleValue(), 1e-7);
            assertEquals(1.0 + (at.getEpochSecond() % 600) / 100.0, speed.get(i).doubleValue(), 0.06);
        }
        assertEquals(5 + sent.indexOf(expected.get(0)), numbers(m, "accuracy").get(0).intValue(), "accuracy travels with its fix");
        Map<String, Object> grid = (Map<String, Object>) m.get("grid");
        assertEquals(ownGrid, grid.get("code"));
        assertEquals("MultiPolygon", ((Map<?, ?>) grid.get("boundary")).get("type"));
        assertEquals("worker", ((Map<?, ?>) m.get("worker")).get("username"));
    }

    @Test
    void theStreetsDispatcherAndTheDistrictsOpsCenterSeeTheWorkersTrack() {
        assertEquals(200, http.get("/api/patrol/tracks/worker?date=" + day, dispatcherToken).status());
        assertEquals(200, http.get("/api/patrol/tracks/worker?date=" + day, opsToken).status());
    }

    @Test
    void everyViewIsAuditedWithWhoseTrackAndWhichDay() throws Exception {
        int before = audits("patrol.track_view", "worker");
        assertEquals(200, http.get("/api/patrol/tracks/worker?date=" + day, dispatcherToken).status());
        assertEquals(before + 1, audits("patrol.track_view", "worker"));
        String actor = PatrolFixtures.single(dataSource, "SELECT actor FROM audit_log WHERE action = 'patrol.track_view'"
                + " AND target = 'worker' ORDER BY id DESC LIMIT 1");
        assertEquals("dispatcher", actor);
    }

    @Test
    void aWorkerReadingAnotherWorkersTrackIsForbidden() throws Exception {
        String other = PatrolFixtures.single(dataSource, "SELECT username FROM app_user WHERE username LIKE 'gw%' ORDER BY username LIMIT 1");
        Http.Response r = http.get("/api/patrol/tracks/" + other + "?date=" + day, workerToken);
        assertEquals(403, r.status(), r.body());
        assertTrue(r.contentType().startsWith("application/problem+json"), r.contentType());
        long otherId = Long.parseLong(PatrolFixtures.single(dataSource, "SELECT id FROM app_user WHERE username = ?", other));
        String otherToken = token(other, Role.GRID_WORKER, "410103001001", otherId);
        assertEquals(403, http.get("/api/patrol/tracks/worker?date=" + day, otherToken).status());
    }

    @Test
    void anonymousReadsAreUnauthorized() {
        Http.Response r = http.get("/api/patrol/tracks/worker?date=" + day);
        assertEquals(401, r.status());
        assertEquals(401, http.get("/api/patrol/tracks/today").status());
    }

    @Test
    void aDeskRoleOfAnotherStreetIsToldThereIsNoSuchWorker() {
        String other = token("desk-other-street", Role.DISPATCHER, "410103002", -7);
        Http.Response r = http.get("/api/patrol/tracks/worker?date=" + day, other);
        assertEquals(404, r.status(), r.body());
        assertTrue(r.contentType().startsWith("application/problem+json"));
        assertTrue(r.body().contains("in your scope"), r.body());
    }

    @Test
    void analystsReadNoRawTracks() {
        assertEquals(403, http.get("/api/patrol/tracks/worker?date=" + day, analystToken).status());
        assertEquals(403, http.get("/api/patrol/tracks/today", analystToken).status());
    }

    @Test
    void badInputIsAProblemNamingTheParameter() {
        Http.Response bad = http.get("/api/patrol/tracks/worker?date=2026-13-01", opsToken);
        assertEquals(400, bad.status());
        assertTrue(bad.contentType().startsWith("application/problem+json"));
        assertTrue(bad.body().contains("\"parameter\":\"date\""), bad.body());
        Http.Response week = http.get("/api/patrol/tracks/worker?from=2026-11-01T00:00:00%2B08:00&to=2026-11-09T00:00:00%2B08:00", opsToken);
        assertEquals(400, week.status(), week.body());
        assertTrue(week.body().contains("7 days"), week.body());
        assertEquals(400, http.get("/api/patrol/tracks/worker?from=2026-11-01T00:00:00Z", opsToken).status());
        assertEquals(400, http.get("/api/patrol/tracks/worker?from=2026-11-02T00:00:00Z&to=2026-11-01T00:00:00Z", opsToken).status());
        assertEquals(400, http.get("/api/patrol/tracks/worker?date=" + day + "&from=2026-11-01T00:00:00Z", opsToken).status());
        Http.Response unknown = http.get("/api/patrol/tracks/nobody-here?date=" + day, opsToken);
        assertEquals(404, unknown.status());
        assertTrue(unknown.contentType().startsWith("application/problem+json"));
    }

    @Test
    void aRangeOfUpToSevenDaysIsRead() {
        Instant from = day.atStartOfDay(SHANGHAI).toInstant();
        Http.Response r = http.get("/api/patrol/tracks/worker?from=" + from + "&to=" + from.plusSeconds(7 * 86400), opsToken);
        assertEquals(200, r.status(), r.body());
        assertTrue(((Number) r.map().get("count")).intValue() >= 4);
    }

    @Test
    void gpxExportParsesBackAndIsAudited() throws Exception {
        int before = audits("patrol.track_export", "worker");
        Http.Response r = http.exchange("GET", "/api/patrol/tracks/worker?date=" + day, null, dispatcherToken,
                Map.of("Accept", "application/gpx+xml"));
        assertEquals(200, r.status(), r.body());
        assertTrue(r.contentType().startsWith("application/gpx+xml"), r.contentType());
        List<PatrolFix> back = GpxTrackReader.read(new ByteArrayInputStream(r.body().getBytes(StandardCharsets.UTF_8)),
                "demo-device-worker", null).stream().map(d -> PatrolFixValidator.validate(d, CoordinateSystem.WGS84, "gpx",
                Instant.now()).fix()).toList();
        assertEquals(4, back.size());
        List<Instant> expected = sent.stream().sorted().toList();
        for (int i = 0; i < 4; i++) {
            assertNotNull(back.get(i), "point " + i + " is a valid fix");
            assertEquals(expected.get(i), back.get(i).fixedAt());
            assertEquals(spot.lat(), back.get(i).lat(), 1e-7);
            assertEquals(spot.lon() + (expected.get(i).getEpochSecond() % 600) * 1e-5, back.get(i).lon(), 1e-7);
            assertEquals(1.0 + (expected.get(i).getEpochSecond() % 600) / 100.0, back.get(i).speedMps(), 0.01, "speed travels in the GPX");
        }
        assertEquals(before + 1, audits("patrol.track_export", "worker"));
        Http.Response suffix = http.get("/api/patrol/tracks/worker.gpx?date=" + day, workerToken);
        assertEquals(200, suffix.status());
        assertTrue(suffix.contentType().startsWith("application/gpx+xml"));
    }

    @Test
    void gpxEscapesTheWorkersNameSafely() throws Exception {
        String name = "王<五>&\"'测试\u0001";
        // The worker of demo-device-1 is renamed for this test and renamed back after it.
        String username = PatrolFixtures.single(dataSource, "SELECT u.username FROM patrol_device d JOIN app_user u ON u.id = d.user_id"
                + " WHERE d.device_id = 'demo-device-1'");
        String original = PatrolFixtures.single(dataSource, "SELECT display_name FROM app_user WHERE username = ?", username);
        rename(username, name);
        try {
            escapedName(username, name);
        } finally {
            rename(username, original);
        }
    }

    private void rename(String username, String name) throws Exception {
        try (var c = dataSource.getConnection(); var ps = c.prepareStatement("UPDATE app_user SET display_name = ? WHERE username = ?")) {
            ps.setString(1, name);
            ps.setString(2, username);
            assertEquals(1, ps.executeUpdate());
        }
    }

    private void escapedName(String username, String name) throws Exception {
        Instant ten = day.atTime(10, 0).atZone(SHANGHAI).toInstant();
        post(username, opsToken, List.of(ten, ten.plusSeconds(30)));
        Http.Response r = http.get("/api/patrol/tracks/" + username + ".gpx?date=" + day, opsToken);
        assertEquals(200, r.status(), r.body());
        assertFalse(r.body().contains("<五>"), "markup in a name is escaped");
        var factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        var doc = factory.newDocumentBuilder().parse(new ByteArrayInputStream(r.body().getBytes(StandardCharsets.UTF_8)));
        assertEquals("王<五>&\"'测试", doc.getElementsByTagName("trk").item(0).getFirstChild().getTextContent());
        Http.Response js = http.get("/api/patrol/tracks/" + username + "?date=" + day, opsToken);
        assertEquals(200, js.status(), js.body());
        assertEquals(name, ((Map<?, ?>) js.map().get("worker")).get("name"), "JSON carries the name exactly");
    }

    @Test
    void todaysTracksAreSimplifiedLinesPerWorkerOfTheScope() throws Exception {
        Instant now = Instant.now().minusSeconds(5);
        Instant startOfDay = LocalDate.now(SHANGHAI).atStartOfDay(SHANGHAI).toInstant();
        List<Instant> times = new ArrayList<>();
        // 40 fixes along a straight line: simplified to its two ends.
        for (int i = 0; i < 40; i++) {
            Instant t = now.minusSeconds(40 - i);
            if (!t.isBefore(startOfDay)) {
                times.add(t);
            }
        }
        StringBuilder points = new StringBuilder();
        for (int i = 0; i < times.size(); i++) {
            points.append(i == 0 ? "" : ",").append(String.format(Locale.ROOT, "{\"time\":\"%s\",\"lon\":%.7f,\"lat\":%.7f}",
                    times.get(i), spot.lon() + i * 2e-5, spot.lat() + i * 1e-5));
        }
        assertEquals(200, http.postJson("/api/patrol/points", "{\"deviceId\":\"demo-device-6\",\"points\":[" + points + "]}",
                workerToken).status());
        Http.Response r = http.get("/api/patrol/tracks/today?scope=410103001", dispatcherToken);
        assertEquals(200, r.status(), r.body());
        List<Map<String, Object>> features = (List<Map<String, Object>>) r.map().get("features");
        Map<String, Object> mine = features.stream().filter(f -> "worker".equals(f.get("id"))).findFirst().orElseThrow();
        Map<String, Object> geometry = (Map<String, Object>) mine.get("geometry");
        assertEquals("LineString", geometry.get("type"));
        int fixes = ((Number) ((Map<?, ?>) mine.get("properties")).get("fixes")).intValue();
        int vertices = ((List<?>) geometry.get("coordinates")).size();
        assertTrue(fixes >= times.size(), "fixes " + fixes);
        assertTrue(vertices < fixes, vertices + " vertices for " + fixes + " fixes");
        assertTrue(Integer.parseInt(PatrolFixtures.single(dataSource, "SELECT count(*) FROM audit_log WHERE action ="
                + " 'patrol.tracks_today' AND target = '410103001' AND actor = 'dispatcher'")) >= 1);
        assertEquals(403, http.get("/api/patrol/tracks/today?scope=410103002", dispatcherToken).status());
        assertEquals(403, http.get("/api/patrol/tracks/today", workerToken).status());
        assertEquals(400, http.get("/api/patrol/tracks/today?scope=abc", opsToken).status());
    }
}
