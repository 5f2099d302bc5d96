package cn.yiwang.cases;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import cn.yiwang.category.Department;
import cn.yiwang.category.TaxonomyService;
import cn.yiwang.security.DemoUsers;
import cn.yiwang.testing.Http;
import cn.yiwang.testing.PostgisTest;
import io.micronaut.json.JsonMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;

@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DemoDepartmentHandlersTest implements PostgisTest {

    @Inject
    EmbeddedServer server;
    @Inject
    JsonMapper json;
    @Inject
    TaxonomyService taxonomy;

    Http http;

    @BeforeAll
    void setUp() {
        http = new Http(server, json);
    }

    @Test
    void everyActiveDepartmentHasADemoHandlerBoundToIt() {
        List<Department> active = taxonomy.departments().stream().filter(Department::active).toList();
        assertTrue(active.size() >= 20, "departments: " + active.size());
        for (Department d : active) {
            String token = http.login(DemoDepartmentHandlers.username(d.code()), DemoUsers.DEMO_PASSWORD);
            Map<String, Object> me = http.get("/api/me", token).map();
            assertEquals("department", me.get("role"), me.toString());
        }
        assertEquals("dept", DemoDepartmentHandlers.username("urban_mgmt_squad"));
    }

    @Test
    void aHeatingLeakDispatchedToTheHeatingCompanyIsWorkedByItsDemoHandler() {
        String ops = http.login("ops", DemoUsers.DEMO_PASSWORD);
        String heating = http.login("dept_heating_company", DemoUsers.DEMO_PASSWORD);
        Map<String, Object> created = http.postJson("/api/cases", """
                {"category":"SZSS-05","title":"供热管道漏水","source":"hotline_12345",
                 "location":{"lon":113.6289,"lat":34.7320,"crs":"wgs84","accuracy":5}}""", ops).map();
        Object id = created.get("id");
        for (String step : List.of("accept", "register")) {
            act(ops, id, step, "");
        }
        act(ops, id, "dispatch", "\"handlerKind\":\"department\",\"departmentCode\":\"heating_company\"");
        Map<String, Object> started = act(heating, id, "start", "");
        assertEquals("in_progress", started.get("status"));
        // Other departments do not even see it.
        assertEquals(404, http.get("/api/cases/" + id, http.login("dept_water_supply", DemoUsers.DEMO_PASSWORD)).status());
    }

    Map<String, Object> act(String token, Object id, String action, String fields) {
        Map<String, Object> c = http.get("/api/cases/" + id, token).map();
        Http.Response r = http.postJson("/api/cases/" + id + "/actions/" + action,
                "{\"version\":" + c.get("version") + (fields.isEmpty() ? "" : "," + fields) + "}", token);
        assertEquals(200, r.status(), action + ": " + r.body());
        return r.map();
    }
}
