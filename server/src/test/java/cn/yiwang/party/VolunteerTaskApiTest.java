package cn.yiwang.party;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

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

/** Volunteer tasks (抢任务挣积分) through the API: posting, bad input, claims under concurrency, confirmation and points. */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class VolunteerTaskApiTest implements PostgisTest {

    static final String STREET = "410103001";

    @Inject
    EmbeddedServer server;
    @Inject
    JsonMapper json;
    @Inject
    DataSource dataSource;
    Http http;
    String dispatcher;
    String worker;
    /** username → token of grid workers of the street's communities. */
    List<String[]> volunteers = new ArrayList<>();

    @BeforeAll
    void client() throws SQLException {
        http = new Http(server, json);
        dispatcher = http.login("dispatcher", DemoUsers.DEMO_PASSWORD);
        worker = http.login("worker", DemoUsers.DEMO_PASSWORD);
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT username FROM app_user WHERE username LIKE ? ORDER BY username LIMIT 12")) {
            ps.setString(1, "gw" + STREET + "%");
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String u = rs.getString(1);
                    volunteers.add(new String[] {u, http.login(u, DemoUsers.DEMO_PASSWORD)});
                }
            }
        }
        assertEquals(12, volunteers.size());
    }

    String task(String title, int capacity, int points) {
        OffsetDateTime start = OffsetDateTime.now(ZoneOffset.ofHours(8)).plusDays(1);
        return """
                {"gridCode":"%s","title":"%s","place":"兴华街社区广场","startsAt":"%s","endsAt":"%s","points":%d,"capacity":%d,"hours":2}"""
                .formatted(STREET, title, start, start.plusHours(2), points, capacity);
    }

    long tasksTitled(String title) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM volunteer_task WHERE title = ?")) {
            ps.setString(1, title);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    @Test
    void capacityHoldsWhenMoreVolunteersClaimAtOnceThanThereArePlaces() throws Exception {
        String title = "防汛沙袋搬运 " + UUID.randomUUID().toString().substring(0, 8);
        Http.Response posted = http.postJson("/api/volunteer/tasks", task(title, 5, 20), dispatcher);
        assertEquals(201, posted.status(), posted.body());
        long id = ((Number) posted.map().get("id")).longValue();
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(volunteers.size());
        List<Future<Http.Response>> answers = new ArrayList<>();
        for (String[] v : volunteers) {
            answers.add(pool.submit(() -> {
                go.await();
                return http.postJson("/api/volunteer/tasks/" + id + "/claim", "", v[1]);
            }));
        }
        go.countDown();
        int ok = 0;
        int full = 0;
        for (Future<Http.Response> a : answers) {
            Http.Response r = a.get();
            if (r.status() == 200) {
                ok++;
            } else {
                assertEquals(409, r.status(), r.body());
                assertEquals("/problems/task-unavailable", r.map().get("type"));
                full++;
            }
        }
        pool.shutdown();
        assertEquals(5, ok);
        assertEquals(7, full);
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT claimed, (SELECT count(*) FROM volunteer_claim WHERE task_id = t.id) FROM volunteer_task t WHERE id = ?")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                assertEquals(5, rs.getInt(1));
                assertEquals(5, rs.getInt(2));
            }
        }
    }

    @Test
    void aSecondClaimByTheSameUserIsRefusedAndConfirmationCreditsPointsOnce() throws Exception {
        String title = "独居老人探访 " + UUID.randomUUID().toString().substring(0, 8);
        long id = ((Number) http.postJson("/api/volunteer/tasks", task(title, 3, 30), dispatcher).map().get("id")).longValue();
        String[] v = volunteers.get(0);
        long before = ((Number) http.get("/api/volunteer/points", v[1]).map().get("points")).longValue();
        Http.Response first = http.postJson("/api/volunteer/tasks/" + id + "/claim", "", v[1]);
        assertEquals(200, first.status(), first.body());
        @SuppressWarnings("unchecked")
        Map<String, Object> myClaim = (Map<String, Object>) first.map().get("myClaim");
        assertEquals(v[0], myClaim.get("username"));
        Http.Response second = http.postJson("/api/volunteer/tasks/" + id + "/claim", "", v[1]);
        assertEquals(409, second.status(), second.body());
        assertEquals("/problems/already-claimed", second.map().get("type"));
        @SuppressWarnings("unchecked")
        Map<String, Object> seen = (Map<String, Object>) http.get("/api/volunteer/tasks/" + id, dispatcher).map().get("task");
        assertEquals(1, ((Number) seen.get("claimed")).intValue());

        // Only the poster (or the ops center) confirms; a grid worker of the street cannot.
        assertEquals(403, http.postJson("/api/volunteer/tasks/" + id + "/claims/" + v[0] + "/confirm", "", worker).status());
        Http.Response confirmed = http.postJson("/api/volunteer/tasks/" + id + "/claims/" + v[0] + "/confirm", "", dispatcher);
        assertEquals(200, confirmed.status(), confirmed.body());
        assertEquals(before + 30, ((Number) http.get("/api/volunteer/points", v[1]).map().get("points")).longValue());
        assertEquals(409, http.postJson("/api/volunteer/tasks/" + id + "/claims/" + v[0] + "/confirm", "", dispatcher).status());
        assertEquals(before + 30, ((Number) http.get("/api/volunteer/points", v[1]).map().get("points")).longValue());
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT count(*) FROM audit_log WHERE action = 'volunteer.claim.confirm' AND target = ?")) {
            ps.setString(1, "volunteer_task:" + id);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                assertEquals(1, rs.getLong(1));
            }
        }
    }

    @Test
    void badTasksAreRefusedNamingTheFieldAndNothingIsStored() throws Exception {
        String title = "垃圾分类宣传 " + UUID.randomUUID().toString().substring(0, 8);
        Http.Response script = http.postJson("/api/volunteer/tasks", task("<script>alert(1)</script>", 3, 10), dispatcher);
        assertEquals(400, script.status(), script.body());
        assertTrue(script.body().contains("/title"), script.body());
        Http.Response zero = http.postJson("/api/volunteer/tasks", task(title, 0, 10), dispatcher);
        assertEquals(400, zero.status());
        assertTrue(zero.body().contains("/capacity"), zero.body());
        Http.Response reversed = http.postJson("/api/volunteer/tasks",
                task(title, 3, 10).replaceFirst("\"startsAt\":\"([^\"]+)\",\"endsAt\":\"([^\"]+)\"", "\"startsAt\":\"$2\",\"endsAt\":\"$1\""), dispatcher);
        assertEquals(400, reversed.status(), reversed.body());
        assertTrue(reversed.body().contains("/endsAt"), reversed.body());
        Http.Response outside = http.postJson("/api/volunteer/tasks", task(title, 3, 10).replace(STREET, "410103999"), dispatcher);
        assertEquals(403, outside.status(), outside.body());
        Http.Response unknown = http.postJson("/api/volunteer/tasks", task(title, 3, 10).replace("{", "{\"bonus\":1,"), dispatcher);
        assertEquals(400, unknown.status(), unknown.body());
        assertTrue(unknown.contentType().startsWith("application/problem+json"));
        assertEquals(0, tasksTitled(title));
    }
}
