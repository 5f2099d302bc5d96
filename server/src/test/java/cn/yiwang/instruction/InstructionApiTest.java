package cn.yiwang.instruction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import javax.sql.DataSource;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import cn.yiwang.live.LiveTestClient;
import cn.yiwang.security.DemoUsers;
import cn.yiwang.testing.Http;
import cn.yiwang.testing.PostgisTest;
import io.micronaut.json.JsonMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;

/** 指令下达 through the API: sending, live delivery to the recipients only, receipts and read shares, bad input. */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class InstructionApiTest implements PostgisTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @Inject
    EmbeddedServer server;
    @Inject
    JsonMapper json;
    @Inject
    DataSource dataSource;

    Http http;
    String ops;
    String dispatcher;
    String worker;
    String community;
    String colleague;
    String colleagueToken;
    String outsider;
    String outsiderToken;

    @BeforeAll
    void setUp() throws SQLException {
        http = new Http(server, json);
        ops = http.login("ops", DemoUsers.DEMO_PASSWORD);
        dispatcher = http.login("dispatcher", DemoUsers.DEMO_PASSWORD);
        worker = http.login("worker", DemoUsers.DEMO_PASSWORD);
        community = one("SELECT scope_code FROM app_user WHERE username = 'worker'");
        colleague = one("SELECT u.username FROM app_user u JOIN grid_duty d ON d.user_id = u.id WHERE d.grid_code LIKE '" + community
                + "%' AND u.username <> 'worker' ORDER BY u.username LIMIT 1");
        colleagueToken = http.login(colleague, DemoUsers.DEMO_PASSWORD);
        // A grid worker of another community of the same street office.
        outsider = one("SELECT u.username FROM app_user u JOIN grid_duty d ON d.user_id = u.id WHERE d.grid_code LIKE '"
                + community.substring(0, 9) + "%' AND d.grid_code NOT LIKE '" + community + "%' ORDER BY u.username LIMIT 1");
        outsiderToken = http.login(outsider, DemoUsers.DEMO_PASSWORD);
    }

    private String one(String sql) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    private Http.Response send(String token, String target, String title) {
        return http.postJson("/api/instructions", "{\"title\":\"" + title + "\",\"body\":\"今晚有强降雨，请排查辖区低洼地带。\",\"target\":" + target + "}", token);
    }

    private static long id(Map<String, Object> m) {
        return ((Number) m.get("id")).longValue();
    }

    @Test
    void anInstructionReachesEveryRecipientStreamAndNoOtherAndTheReadShareFollows() throws Exception {
        int expected = Integer.parseInt(one("SELECT count(DISTINCT d.user_id) FROM grid_duty d JOIN app_user u ON u.id = d.user_id"
                + " WHERE d.on_duty AND u.role = 'grid_worker' AND d.grid_code LIKE '" + community + "%'"));
        try (LiveTestClient w = LiveTestClient.open(server.getURI(), "?topics=instructions", worker, json);
             LiveTestClient col = LiveTestClient.open(server.getURI(), "?topics=instructions", colleagueToken, json);
             LiveTestClient out = LiveTestClient.open(server.getURI(), "?topics=instructions", outsiderToken, json);
             LiveTestClient screen = LiveTestClient.open(server.getURI(), "?topics=instructions", ops, json)) {
            for (LiveTestClient c : List.of(w, col, out, screen)) {
                assertEquals("ready", c.nextType(WAIT));
            }
            Http.Response r = send(ops, "{\"code\":\"" + community + "\"}", "<b>防汛</b>通知");
            assertEquals(201, r.status(), r.body());
            long id = id(r.map());
            assertEquals(expected, ((Number) r.map().get("recipients")).intValue());
            assertEquals("防汛通知", r.map().get("title"), "markup removed");

            for (LiveTestClient c : List.of(w, col, screen)) {
                Map<String, Object> sent = c.awaitType("instruction.sent", WAIT);
                assertEquals(id, ((Number) sent.get("id")).longValue());
                assertEquals("防汛通知", sent.get("title"));
            }
            // The read: the big screen sees the share move.
            assertEquals(200, http.postJson("/api/instructions/" + id + "/read", "", worker).status());
            Map<String, Object> read = screen.awaitType("instruction.read", WAIT);
            assertEquals(1, ((Number) read.get("read")).intValue());
            assertEquals(Math.round(10000.0 / expected) / 10000.0, ((Number) read.get("readShare")).doubleValue(), 1e-9);
            assertEquals(community.substring(0, 9), ((Map<?, ?>) read.get("street")).get("code"));
            // The other community's worker got nothing at all (its first event would be the instruction).
            assertEquals(null, out.nextType(Duration.ofMillis(500)));
        }
    }

    @Test
    void receiptsReadDoneAndTheSendersView() throws Exception {
        long id = id(send(ops, "{\"code\":\"" + community + "\"}", "创文检查").map());
        assertTrue(http.get("/api/instructions/mine", colleagueToken).list().stream().anyMatch(o -> id == id((Map<String, Object>) o)),
                "waiting for a worker who was not connected");
        assertEquals(200, http.postJson("/api/instructions/" + id + "/read", "", colleagueToken).status());
        Http.Response again = http.postJson("/api/instructions/" + id + "/read", "", colleagueToken);
        assertEquals(false, again.map().get("changed"), "a second read changes nothing");
        Http.Response done = http.postJson("/api/instructions/" + id + "/done", "{\"feedback\":\"已排查完毕\"}", colleagueToken);
        assertEquals(200, done.status(), done.body());
        assertNotNull(done.map().get("doneAt"));
        assertTrue(http.get("/api/instructions/mine", colleagueToken).list().stream().noneMatch(o -> id == id((Map<String, Object>) o)),
                "done instructions leave the list");

        Map<String, Object> status = http.get("/api/instructions/" + id, ops).map();
        int recipients = ((Number) status.get("recipients")).intValue();
        assertEquals(1, ((Number) status.get("read")).intValue());
        assertEquals(1, ((Number) status.get("done")).intValue());
        List<?> byStreet = (List<?>) status.get("byStreet");
        assertEquals(1, byStreet.size());
        Map<?, ?> street = (Map<?, ?>) byStreet.get(0);
        assertEquals(community.substring(0, 9), street.get("code"));
        assertEquals(recipients, ((Number) street.get("recipients")).intValue());
        assertEquals(Math.round(10000.0 / recipients) / 10000.0, ((Number) street.get("readShare")).doubleValue(), 1e-9);

        Map<String, Object> mine = http.get("/api/instructions/" + id, colleagueToken).map();
        assertEquals("已排查完毕", ((Map<?, ?>) mine.get("receipt")).get("feedback"));
        assertEquals(null, mine.get("byStreet"), "a recipient does not see the others' receipts");
        assertEquals(404, http.get("/api/instructions/" + id, outsiderToken).status());
        assertEquals(404, http.postJson("/api/instructions/" + id + "/read", "", outsiderToken).status());
        assertTrue(Integer.parseInt(one("SELECT count(*) FROM audit_log WHERE target = 'instruction:" + id + "'")) >= 3,
                "send, read and done are audited");
    }

    @Test
    void aDrawnAreaReachesTheWorkersOfTheGridsItTouches() throws Exception {
        // A small square around a point inside one level-3 grid of the worker's community.
        String[] p = one("SELECT ST_X(p) || ' ' || ST_Y(p) FROM (SELECT ST_PointOnSurface(geom) p FROM grid_current WHERE level = 'l3' AND code LIKE '"
                + community + "%' ORDER BY code LIMIT 1) s").split(" ");
        double x = Double.parseDouble(p[0]);
        double y = Double.parseDouble(p[1]);
        double d = 0.0003;
        String ring = String.format(Locale.ROOT, "[[%f,%f],[%f,%f],[%f,%f],[%f,%f],[%f,%f]]", x - d, y - d, x + d, y - d, x + d, y + d, x - d, y + d, x - d, y - d);
        String wkt = String.format(Locale.ROOT, "POLYGON((%f %f,%f %f,%f %f,%f %f,%f %f))", x - d, y - d, x + d, y - d, x + d, y + d, x - d, y + d, x - d, y - d);
        int expected = Integer.parseInt(one("SELECT count(DISTINCT d.user_id) FROM grid_duty d JOIN app_user u ON u.id = d.user_id"
                + " JOIN grid_current g ON g.code = d.grid_code AND g.level = 'l3' WHERE d.on_duty AND u.role = 'grid_worker'"
                + " AND ST_Intersects(g.geom, ST_GeomFromText('" + wkt + "', 4326))"));
        Http.Response r = send(ops, "{\"area\":{\"type\":\"Polygon\",\"coordinates\":[" + ring + "]}}", "区域指令");
        assertEquals(201, r.status(), r.body());
        assertTrue(expected >= 1);
        assertEquals(expected, ((Number) r.map().get("recipients")).intValue());
        assertEquals("area", ((Map<?, ?>) r.map().get("target")).get("kind"));
    }

    @Test
    void onlyTheOpsCenterSendsAndOnlyInsideItsScope() throws Exception {
        String before = one("SELECT count(*) FROM instruction");
        assertEquals(403, send(dispatcher, "{\"code\":\"" + community + "\"}", "越权").status());
        assertEquals(403, send(worker, "{\"code\":\"" + community + "\"}", "越权").status());
        Http.Response outside = send(ops, "{\"code\":\"410102\"}", "越权");
        assertEquals(403, outside.status());
        assertTrue(outside.contentType().startsWith("application/problem+json"));
        assertEquals(before, one("SELECT count(*) FROM instruction"), "nothing written");
    }

    @Test
    void badInputIs400Or422NamingTheMemberAndWritesNothing() throws Exception {
        String before = one("SELECT count(*) FROM instruction") + "/" + one("SELECT count(*) FROM instruction_receipt");
        Map<String, String> cases = new java.util.LinkedHashMap<>();
        cases.put("{\"title\":\"t\",\"body\":\"b\",\"target\":{\"area\":{\"type\":\"Polygon\",\"coordinates\":[[[113.6,34.7],[113.61,34.7],[113.61,34.71],[113.6,34.71]]]}}}",
                "/target/area/coordinates/0");
        cases.put("{\"title\":\"t\",\"body\":\"b\",\"target\":{\"area\":{\"type\":\"Polygon\",\"coordinates\":[[[113.6,34.7],[113.61,94.7],[113.61,34.71],[113.6,34.7]]]}}}",
                "/target/area/coordinates/0/1");
        cases.put("{\"title\":\"t\",\"body\":\"b\",\"target\":{\"area\":{\"type\":\"Polygon\",\"coordinates\":[[[113.6,34.7],[113.61,34.71],[113.61,34.7],[113.6,34.71],[113.6,34.7]]]}}}",
                "/target/area");
        cases.put("{\"title\":\"t\",\"body\":\"b\",\"target\":{\"area\":{\"type\":\"Point\",\"coordinates\":[113.6,34.7]}}}", "/target/area/type");
        cases.put("{\"title\":\"" + "长".repeat(101) + "\",\"body\":\"b\",\"target\":{\"code\":\"410103\"}}", "/title");
        cases.put("{\"title\":\"t\",\"target\":{\"code\":\"410103\"}}", "/body");
        cases.put("{\"title\":\"<i></i>\",\"body\":\"b\",\"target\":{\"code\":\"410103\"}}", "/title");
        cases.put("{\"title\":\"t\",\"body\":\"b\",\"target\":{\"code\":\"41010300\"}}", "/target/code");
        cases.put("{\"title\":\"t\",\"body\":\"b\",\"target\":{\"code\":\"410103\",\"area\":null}}", "/target");
        cases.put("{\"title\":\"t\",\"body\":\"b\",\"target\":{\"code\":\"410103\"},\"urgent\":true}", "/urgent");
        for (Map.Entry<String, String> c : cases.entrySet()) {
            Http.Response r = http.postJson("/api/instructions", c.getKey(), ops);
            assertEquals(400, r.status(), c.getKey() + " → " + r.body());
            assertTrue(r.contentType().startsWith("application/problem+json"));
            assertTrue(r.body().contains("\"pointer\":\"" + c.getValue() + "\""), c.getValue() + " in " + r.body());
        }
        assertEquals(400, http.postJson("/api/instructions", "{not json", ops).status());
        Http.Response unknown = send(ops, "{\"code\":\"410103999999\"}", "无此社区");
        assertEquals(422, unknown.status(), unknown.body());
        assertEquals(before, one("SELECT count(*) FROM instruction") + "/" + one("SELECT count(*) FROM instruction_receipt"), "nothing written");
        assertEquals(400, http.postJson("/api/instructions/abc/read", "", worker).status());
    }
}
