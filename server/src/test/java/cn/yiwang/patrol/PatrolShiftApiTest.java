package cn.yiwang.patrol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import org.junit.jupiter.api.AfterEach;
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
 * The districts' duty shifts through {@code /api/patrol/shifts} on the real PostGIS: desk roles read
 * them, ops with the district in scope set and reset them (audited, effective at once for the
 * workers' duty), other roles are refused and a bad shift changes nothing.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PatrolShiftApiTest implements PostgisTest {

    private static final String DISTRICT = "410103";

    @Inject
    EmbeddedServer server;
    @Inject
    JsonMapper json;
    @Inject
    DataSource dataSource;
    @Inject
    PatrolDuty duty;

    Http http;
    String ops;
    String dispatcher;
    String worker;

    @BeforeAll
    void logIn() {
        http = new Http(server, json);
        ops = http.login("ops", DemoUsers.DEMO_PASSWORD);
        dispatcher = http.login("dispatcher", DemoUsers.DEMO_PASSWORD);
        worker = http.login("worker", DemoUsers.DEMO_PASSWORD);
    }

    @AfterEach
    void dropShift() throws Exception {
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
            st.executeUpdate("DELETE FROM patrol_shift WHERE district_code = '" + DISTRICT + "'");
        }
        duty.invalidate();
    }

    private Http.Response put(String district, String body, String token) {
        return http.exchange("PUT", "/api/patrol/shifts/" + district, body, token, Map.of());
    }

    private Map<?, ?> listed(String token) {
        Http.Response r = http.get("/api/patrol/shifts", token);
        assertEquals(200, r.status(), r.body());
        return r.list().stream().map(o -> (Map<?, ?>) o).filter(m -> DISTRICT.equals(m.get("district"))).findFirst()
                .orElseThrow(() -> new AssertionError("district " + DISTRICT + " not listed: " + r.body()));
    }

    private long audited(String action) throws Exception {
        return Long.parseLong(PatrolFixtures.single(dataSource, "SELECT count(*) FROM audit_log WHERE action = ? AND target = ?",
                action, DISTRICT));
    }

    @Test
    void opsSetsTheShiftTheWorkersDutyFollowsAndTheChangeIsAudited() throws Exception {
        assertEquals("default", listed(dispatcher).get("source"), "the street's dispatcher sees its district's shift");
        long before = audited("patrol.shift_set");
        long resets = audited("patrol.shift_reset");

        Http.Response r = put(DISTRICT, "{\"start\":\"06:30\",\"end\":\"11:45\",\"days\":\"every\"}", ops);
        assertEquals(200, r.status(), r.body());
        assertEquals("district", r.map().get("source"));
        assertEquals("06:30", r.map().get("start"));

        Map<?, ?> shown = listed(dispatcher);
        assertEquals(List.of("06:30", "11:45", "every", "district"),
                List.of(shown.get("start"), shown.get("end"), shown.get("days"), shown.get("source")));
        Http.Response state = http.get("/api/patrol/duty", worker);
        assertEquals("06:30-11:45", state.map().get("shift"), "the worker's duty uses the new shift at once: " + state.body());
        assertEquals("every", state.map().get("shiftDays"));
        assertEquals(before + 1, audited("patrol.shift_set"));
        String detail = PatrolFixtures.single(dataSource, "SELECT detail::text FROM audit_log WHERE action = 'patrol.shift_set'"
                + " AND target = ? ORDER BY id DESC LIMIT 1", DISTRICT);
        assertTrue(detail.contains("default") && detail.contains("06:30-11:45 (every)"), detail);

        Http.Response reset = http.exchange("DELETE", "/api/patrol/shifts/" + DISTRICT, null, ops, Map.of());
        assertEquals(200, reset.status(), reset.body());
        assertEquals("default", reset.map().get("source"));
        assertEquals("default", listed(ops).get("source"));
        assertEquals(resets + 1, audited("patrol.shift_reset"), "the reset is audited");
        assertTrue(!"06:30-11:45".equals(http.get("/api/patrol/duty", worker).map().get("shift")));
    }

    @Test
    void onlyOpsAndAdminsWithTheDistrictInScopeMaySetIt() throws Exception {
        String body = "{\"start\":\"08:00\",\"end\":\"17:00\"}";
        Http.Response street = put(DISTRICT, body, dispatcher);
        assertEquals(403, street.status(), "a street's dispatcher cannot set the district's shift: " + street.body());
        assertEquals(403, put(DISTRICT, body, worker).status());
        assertEquals(403, http.get("/api/patrol/shifts", worker).status(), "workers read their own duty, not the shifts");
        assertEquals(401, put(DISTRICT, body, null).status());
        Http.Response unknown = put("999999", body, ops);
        assertEquals(404, unknown.status(), unknown.body());
        assertEquals("0", PatrolFixtures.single(dataSource, "SELECT count(*) FROM patrol_shift WHERE district_code = ?", DISTRICT));
    }

    @Test
    void aBadShiftIsAProblemNamingTheFieldAndChangesNothing() {
        assertEquals(200, put(DISTRICT, "{\"start\":\"08:00\",\"end\":\"17:00\",\"days\":\"working\"}", ops).status());
        Map<String, String> bad = Map.of(
                "{\"start\":\"17:00\",\"end\":\"08:00\"}", "/end",
                "{\"start\":\"25:00\",\"end\":\"26:00\"}", "/start",
                "{\"start\":\"8\",\"end\":\"17:00\"}", "/start",
                "{\"start\":\"08:00\",\"end\":\"17:00\",\"days\":\"sometimes\"}", "/days",
                "{\"start\":\"08:00\"", "",
                "[1,2]", "");
        bad.forEach((body, pointer) -> {
            Http.Response r = put(DISTRICT, body, ops);
            assertEquals(400, r.status(), body + " → " + r.body());
            assertTrue(r.contentType().startsWith("application/problem+json"), r.contentType());
            Object errors = r.map().get("errors");
            assertTrue(String.valueOf(errors).contains("pointer=" + pointer + ",") || String.valueOf(errors).contains("\"pointer\":\"" + pointer + "\""),
                    body + " should point at '" + pointer + "': " + r.body());
        });
        Map<?, ?> shown = listed(ops);
        assertEquals(List.of("08:00", "17:00", "working"), List.of(shown.get("start"), shown.get("end"), shown.get("days")));
    }
}
