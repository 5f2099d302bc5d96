package cn.yiwang.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import cn.yiwang.testing.Http;
import cn.yiwang.testing.PostgisTest;
import io.micronaut.json.JsonMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;

@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuthTest implements PostgisTest {

    @Inject
    EmbeddedServer server;
    @Inject
    JsonMapper json;
    @Inject
    DataSource dataSource;
    Http http;

    @BeforeAll
    void client() {
        http = new Http(server, json);
    }

    @Test
    void everyDemoRoleCanLogInAndSeesItsRoleAndScope() {
        Map<String, String> expected = Map.of("admin", "admin", "ops", "ops", "dispatcher", "dispatcher", "worker", "grid_worker",
                "dept", "department", "planner", "planner", "analyst", "analyst");
        expected.forEach((user, role) -> {
            String token = http.login(user, DemoUsers.DEMO_PASSWORD);
            Http.Response me = http.get("/api/me", token);
            assertEquals(200, me.status(), me.body());
            assertEquals(user, me.map().get("username"));
            assertEquals(role, me.map().get("role"));
            assertNotNull(me.map().get("scope"));
        });
    }

    @Test
    void loginAnswersMicronautBearerShape() {
        Http.Response r = http.postJson("/login", "{\"username\":\"ops\",\"password\":\"yiwang-demo\"}", null);
        assertEquals(200, r.status(), r.body());
        assertTrue(((String) r.map().get("access_token")).split("\\.").length == 3, "a JWT");
        assertEquals("Bearer", r.map().get("token_type"));
        assertEquals(List.of("ops"), r.map().get("roles"));
    }

    @Test
    void wrongPasswordIs401ProblemAndAudited() throws Exception {
        long before = auditCount("login.failed");
        Http.Response r = http.postJson("/login", "{\"username\":\"planner\",\"password\":\"nope\"}", null);
        assertEquals(401, r.status());
        assertTrue(r.contentType().startsWith("application/problem+json"));
        assertFalse(r.body().contains("access_token"));
        assertEquals(before + 1, auditCount("login.failed"));
    }

    @Test
    void unknownUserIs401LikeAWrongPassword() {
        Http.Response r = http.postJson("/login", "{\"username\":\"nobody\",\"password\":\"x\"}", null);
        assertEquals(401, r.status());
        assertEquals("Wrong username or password.", r.map().get("detail"));
    }

    @Test
    void repeatedFailuresAreSlowedDownEvenForTheRightPassword() {
        for (int i = 0; i < 5; i++) {
            assertEquals(401, http.postJson("/login", "{\"username\":\"dept\",\"password\":\"guess" + i + "\"}", null).status());
        }
        Http.Response blocked = http.postJson("/login", "{\"username\":\"dept\",\"password\":\"yiwang-demo\"}", null);
        assertEquals(429, blocked.status(), blocked.body());
        assertTrue(Integer.parseInt(blocked.header("Retry-After")) >= 1);
        assertTrue(blocked.contentType().startsWith("application/problem+json"));
        // Other users are not affected.
        assertEquals(200, http.postJson("/login", "{\"username\":\"analyst\",\"password\":\"yiwang-demo\"}", null).status());
    }

    @Test
    void malformedLoginBodyIs400() {
        Http.Response missing = http.postJson("/login", "{\"username\":\"ops\"}", null);
        assertEquals(400, missing.status(), missing.body());
        assertTrue(((String) missing.map().get("detail")).contains("password"));
        Http.Response array = http.postJson("/login", "[1,2]", null);
        assertEquals(400, array.status(), array.body());
        assertFalse(array.body().contains("Source:"), array.body());
        Http.Response broken = http.postJson("/login", "{\"username\":", null);
        assertEquals(400, broken.status(), broken.body());
        assertTrue(broken.contentType().startsWith("application/problem+json"), broken.contentType());
    }

    @Test
    void protectedEndpointWithoutTokenIs401() {
        Http.Response r = http.get("/api/me");
        assertEquals(401, r.status(), r.body());
        assertTrue(r.contentType().startsWith("application/problem+json"), r.contentType());
        Http.Response forged = http.get("/api/me", "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhZG1pbiJ9.c2lnbmF0dXJl");
        assertEquals(401, forged.status());
    }

    @Test
    void adminOnlyEndpointIs403ForOtherRoles() {
        String worker = http.login("worker", DemoUsers.DEMO_PASSWORD);
        Http.Response r = http.get("/api/admin/audit", worker);
        assertEquals(403, r.status(), r.body());
        assertTrue(r.contentType().startsWith("application/problem+json"), r.contentType());
        String admin = http.login("admin", DemoUsers.DEMO_PASSWORD);
        Http.Response ok = http.get("/api/admin/audit?limit=5", admin);
        assertEquals(200, ok.status(), ok.body());
        assertFalse(ok.list().isEmpty());
    }

    @Test
    void passwordsAreStoredAsBcryptHashes() throws Exception {
        try (var c = dataSource.getConnection(); var st = c.createStatement();
             var rs = st.executeQuery("SELECT password_hash, username FROM app_user")) {
            java.util.Set<String> names = new java.util.HashSet<>();
            while (rs.next()) {
                assertTrue(rs.getString(1).startsWith("$2a$"), "bcrypt");
                assertFalse(rs.getString(1).contains("yiwang-demo"));
                names.add(rs.getString(2));
            }
            // One demo user per role, plus the demo duty roster's grid workers (gw<level-3 code>) and the
            // departments' demo handlers (dept_<department code>).
            assertTrue(names.containsAll(java.util.List.of("admin", "ops", "dispatcher", "worker", "dept", "planner", "analyst")), names.toString());
            assertTrue(names.stream().allMatch(n -> n.length() < 12 || n.matches("^gw[0-9]{15}$") || n.matches("^dept_[a-z][a-z0-9_]{1,39}$")),
                    names.toString());
        }
    }

    private long auditCount(String action) throws Exception {
        try (var c = dataSource.getConnection(); var ps = c.prepareStatement("SELECT count(*) FROM audit_log WHERE action = ?")) {
            ps.setString(1, action);
            try (var rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
