package cn.yiwang.category;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import javax.sql.DataSource;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import cn.yiwang.calendar.Deadline;
import cn.yiwang.calendar.DeadlineCalculator;
import cn.yiwang.security.DemoUsers;
import cn.yiwang.testing.Http;
import cn.yiwang.testing.PostgisTest;
import io.micronaut.json.JsonMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;

@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TaxonomyApiTest implements PostgisTest {

    @Inject
    EmbeddedServer server;
    @Inject
    JsonMapper json;
    @Inject
    DataSource dataSource;
    @Inject
    TaxonomyService service;
    @Inject
    DeadlineCalculator deadlines;
    Http http;
    String admin;
    String dispatcher;

    /** Codes this class creates, so that its tests never touch the bundled categories. */
    static final AtomicInteger NEXT = new AtomicInteger(900);

    @BeforeAll
    void client() {
        http = new Http(server, json);
        admin = http.login("admin", DemoUsers.DEMO_PASSWORD);
        dispatcher = http.login("dispatcher", DemoUsers.DEMO_PASSWORD);
    }

    Http.Response put(String path, String body, String token, Map<String, String> headers) {
        return http.exchange("PUT", path, body, token, headers);
    }

    /** A fresh sub-category of 园林绿化 owned by this test; returns its code. */
    String create() {
        String code = "YLLH-" + NEXT.getAndIncrement();
        Http.Response r = http.postJson("/api/admin/categories", """
                {"code": "%s", "topCode": "YLLH", "nameZh": "测试小类%s", "deadline": {"amount": 4, "unit": "working_hours"},
                 "departments": {"street": "urban_mgmt_squad", "district": "landscaping_center"}, "keywords": ["测试"]}"""
                .formatted(code, code), admin);
        assertEquals(201, r.status(), r.body());
        assertEquals("\"1\"", r.header("ETag"));
        assertEquals("/api/categories/" + code, r.header("Location"));
        return code;
    }

    long auditCount(String action, String target) throws SQLException {
        return Long.parseLong(one("SELECT count(*) FROM audit_log WHERE action = ? AND target = ?", action, target));
    }

    String one(String sql, Object... args) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    static void assertProblem(Http.Response r, int status) {
        assertEquals(status, r.status(), r.body());
        assertTrue(r.contentType().startsWith("application/problem+json"), r.contentType());
    }

    @SuppressWarnings("unchecked")
    static List<String> pointers(Http.Response r) {
        List<Map<String, Object>> errors = (List<Map<String, Object>>) r.map().get("errors");
        return errors == null ? List.of() : errors.stream().map(e -> (String) e.get("pointer")).toList();
    }

    @Test
    void anonymousReadsAre401() {
        assertProblem(http.get("/api/categories"), 401);
        assertProblem(http.get("/api/departments"), 401);
        assertProblem(http.exchange("PUT", "/api/admin/categories/SRHJ-01", "{\"active\": false}", null, Map.of("If-Match", "\"1\"")), 401);
    }

    @Test
    @SuppressWarnings("unchecked")
    void anyRoleReadsTheTree() {
        Http.Response r = http.get("/api/categories", dispatcher);
        assertEquals(200, r.status(), r.body());
        List<Map<String, Object>> tops = (List<Map<String, Object>>) r.map().get("topCategories");
        assertTrue(tops.size() >= 8);
        assertTrue(((Number) r.map().get("subCategoryCount")).intValue() >= 40);
        Map<String, Object> jmzx = tops.stream().filter(t -> "JMZX".equals(t.get("code"))).findFirst().orElseThrow();
        Map<String, Object> vending = ((List<Map<String, Object>>) jmzx.get("subCategories")).stream()
                .filter(s -> "JMZX-01".equals(s.get("code"))).findFirst().orElseThrow();
        assertEquals("占道经营", vending.get("nameZh"));
        assertEquals("街面秩序", vending.get("group"));
        assertEquals(Map.of("amount", 4, "unit", "working_hours"), vending.get("deadline"));
        assertEquals(Boolean.TRUE, vending.get("selfHandle"));
        assertEquals(Map.of("street", "urban_mgmt_squad", "district", "urban_mgmt_bureau"), vending.get("departments"));
        assertEquals(6, ((Map<String, Object>) vending.get("replies")).size());
    }

    @Test
    void departmentsAreListedForAnyRole() {
        Http.Response r = http.get("/api/departments", http.login("worker", DemoUsers.DEMO_PASSWORD));
        assertEquals(200, r.status(), r.body());
        assertTrue(r.list().size() >= 15);
        Http.Response one = http.get("/api/departments/heating_company", dispatcher);
        assertEquals("热力公司", one.map().get("nameZh"));
        assertNotNull(one.header("ETag"));
    }

    @Test
    void nonAdminEditsAre403() {
        assertProblem(put("/api/admin/categories/SRHJ-01", "{\"active\": false}", dispatcher, Map.of("If-Match", "\"1\"")), 403);
        assertProblem(http.postJson("/api/admin/categories", "{\"topCode\": \"SRHJ\"}", dispatcher), 403);
        assertProblem(put("/api/admin/departments/gas_company", "{\"active\": false}", dispatcher, Map.of("If-Match", "\"1\"")), 403);
    }

    @Test
    void adminEditSwapsTheSnapshotAndIsAudited() throws SQLException, java.io.IOException {
        String code = create();
        Instant dispatched = LocalDateTime.parse("2026-03-13T16:00").atZone(ZoneId.of("Asia/Shanghai")).toInstant();
        Instant before = deadlines.due(dispatched, service.subCategory(code).orElseThrow().deadline());

        Http.Response r = put("/api/admin/categories/" + code, """
                {"deadline": {"amount": 2, "unit": "calendar_hours"}, "selfHandle": true, "urgency": "urgent",
                 "departments": {"street": "police_station"}, "replies": {"dispatched": "已派遣派出所处理。"}}""",
                admin, Map.of("If-Match", "\"1\""));
        assertEquals(200, r.status(), r.body());
        assertEquals("\"2\"", r.header("ETag"));
        assertEquals(Map.of("amount", 2, "unit", "calendar_hours"), r.map().get("deadline"));
        assertEquals("admin", r.map().get("source"));

        Category now = service.subCategory(code).orElseThrow();
        assertEquals(Deadline.calendarHours(2), now.deadline(), "a new case uses the new deadline at once");
        assertEquals("police_station", service.departmentFor(code, DispatchLevel.STREET).orElseThrow().code());
        assertEquals("landscaping_center", service.departmentFor(code, DispatchLevel.DISTRICT).orElseThrow().code());
        assertEquals("已派遣派出所处理。", service.reply(code, ReplyState.DISPATCHED).orElseThrow());
        assertEquals("您反映的园林绿化问题已受理，将通知养护单位处理。", service.reply(code, ReplyState.ACCEPTED).orElseThrow());
        Instant after = deadlines.due(dispatched, now.deadline());
        assertEquals(dispatched.plusSeconds(7200), after);
        assertTrue(after.isBefore(before));

        assertEquals("2", one("SELECT version FROM category WHERE code = ?", code));
        assertEquals("admin", one("SELECT source FROM category WHERE code = ?", code));
        String detail = one("SELECT detail::text FROM audit_log WHERE action = 'category.update' AND target = ? ORDER BY id DESC LIMIT 1",
                "category:" + code);
        assertNotNull(detail);
        Map<?, ?> d = json.readValue(detail, Map.class);
        assertEquals(Map.of("amount", 4, "unit", "working_hours"), ((Map<?, ?>) d.get("old")).get("deadline"));
        assertEquals(Map.of("amount", 2, "unit", "calendar_hours"), ((Map<?, ?>) d.get("new")).get("deadline"));
        assertEquals(List.of("deadline", "selfHandle", "urgency", "departments", "replies"), d.get("changed"));
        assertEquals("admin", one("SELECT actor FROM audit_log WHERE action = 'category.update' AND target = ? ORDER BY id DESC LIMIT 1",
                "category:" + code));
    }

    @Test
    void staleBodyVersionIs409AndChangesNothing() throws SQLException {
        String code = create();
        assertEquals(200, put("/api/admin/categories/" + code, "{\"version\": 1, \"nameZh\": \"第一次修改\"}", admin, Map.of()).status());
        Http.Response stale = put("/api/admin/categories/" + code, "{\"version\": 1, \"nameZh\": \"基于旧版本的修改\"}", admin, Map.of());
        assertProblem(stale, 409);
        assertEquals(List.of("/version"), pointers(stale));
        assertEquals("第一次修改", service.subCategory(code).orElseThrow().nameZh());
        assertEquals(1, auditCount("category.update", "category:" + code));
    }

    @Test
    void staleIfMatchIs412() {
        String code = create();
        assertEquals(200, put("/api/admin/categories/" + code, "{\"active\": false}", admin, Map.of("If-Match", "\"1\"")).status());
        assertProblem(put("/api/admin/categories/" + code, "{\"active\": true}", admin, Map.of("If-Match", "\"1\"")), 412);
        assertEquals(false, service.subCategory(code).orElseThrow().active());
    }

    @Test
    void anEditWithoutAVersionIs428() {
        String code = create();
        Http.Response r = put("/api/admin/categories/" + code, "{\"active\": false}", admin, Map.of());
        assertProblem(r, 428);
        assertEquals(true, service.subCategory(code).orElseThrow().active());
    }

    @Test
    void aGetPutRoundTripWithItsETagWorks() throws java.io.IOException {
        String code = create();
        Http.Response got = http.get("/api/categories/" + code, dispatcher);
        assertEquals("\"1\"", got.header("ETag"));
        Map<String, Object> item = got.map();
        item.put("nameZh", "改过名字");
        Http.Response r = put("/api/admin/categories/" + code, json.writeValueAsString(item), admin, Map.of("If-Match", got.header("ETag")));
        assertEquals(200, r.status(), r.body());
        assertEquals("改过名字", service.subCategory(code).orElseThrow().nameZh());
    }

    @Test
    void anEditThatChangesNothingWritesNothing() throws SQLException {
        String code = create();
        Http.Response r = put("/api/admin/categories/" + code, "{\"selfHandle\": false}", admin, Map.of("If-Match", "\"1\""));
        assertEquals(200, r.status(), r.body());
        assertEquals("\"1\"", r.header("ETag"));
        assertEquals(0, auditCount("category.update", "category:" + code));
    }

    static Stream<Arguments> badEdits() {
        return Stream.of(
                Arguments.of("unknown department", "{\"departments\": {\"street\": \"no_such_unit\"}}", "/departments/street"),
                Arguments.of("unknown dispatch level", "{\"departments\": {\"city\": \"gas_company\"}}", "/departments/city"),
                Arguments.of("negative deadline", "{\"deadline\": {\"amount\": -4, \"unit\": \"working_hours\"}}", "/deadline/amount"),
                Arguments.of("zero deadline", "{\"deadline\": {\"amount\": 0, \"unit\": \"working_days\"}}", "/deadline/amount"),
                Arguments.of("fractional deadline", "{\"deadline\": {\"amount\": 1.5, \"unit\": \"working_days\"}}", "/deadline/amount"),
                Arguments.of("unknown unit", "{\"deadline\": {\"amount\": 4, \"unit\": \"fortnights\"}}", "/deadline/unit"),
                Arguments.of("script in the name", "{\"nameZh\": \"<script>alert('x')</script>\"}", "/nameZh"),
                Arguments.of("script in a reply", "{\"replies\": {\"closed\": \"好 <SCRIPT src=x>\"}}", "/replies/closed"),
                Arguments.of("501 characters", "{\"description\": \"" + "很".repeat(501) + "\"}", "/description"),
                Arguments.of("empty name", "{\"nameZh\": \"  \"}", "/nameZh"),
                Arguments.of("unknown workflow state", "{\"replies\": {\"verified\": \"已核查\"}}", "/replies/verified"),
                Arguments.of("wrong type", "{\"selfHandle\": \"yes\"}", "/selfHandle"),
                Arguments.of("unknown urgency", "{\"urgency\": \"asap\"}", "/urgency"),
                Arguments.of("unknown field", "{\"selfHandel\": true}", "/selfHandel"),
                Arguments.of("moving to another top category", "{\"topCode\": \"SRHJ\"}", "/topCode"),
                Arguments.of("inactive department", "{\"departments\": {\"district\": \"%INACTIVE%\"}}", "/departments/district"),
                Arguments.of("not an object", "[1, 2]", ""),
                Arguments.of("not JSON", "{\"nameZh\": ", ""));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badEdits")
    void aBadEditIs400NamingTheField(String what, String body, String pointer) throws SQLException {
        String code = create();
        String inactive = inactiveDepartment();
        Http.Response r = put("/api/admin/categories/" + code, body.replace("%INACTIVE%", inactive), admin, Map.of("If-Match", "\"1\""));
        assertProblem(r, 400);
        assertEquals(pointer, pointers(r).get(0), r.body());
        assertTrue(((String) r.map().get("detail")).contains(pointer.isEmpty() ? "body" : pointer), r.body());
        assertEquals("1", one("SELECT version FROM category WHERE code = ?", code), "nothing written");
        assertEquals(0, auditCount("category.update", "category:" + code));
    }

    /** A department no active category uses, deactivated through the API once. */
    String inactiveDepartment() {
        String code = "test_retired_unit";
        if (service.snapshot().department(code).isEmpty()) {
            Http.Response created = http.postJson("/api/admin/departments",
                    "{\"code\": \"" + code + "\", \"nameZh\": \"已撤销单位（测试）\", \"level\": \"unit\"}", admin);
            assertEquals(201, created.status(), created.body());
            Http.Response off = put("/api/admin/departments/" + code, "{\"active\": false}", admin, Map.of("If-Match", "\"1\""));
            assertEquals(200, off.status(), off.body());
        }
        return code;
    }

    @Test
    void unknownCodesAre404AndMalformedOnes400() {
        assertProblem(put("/api/admin/categories/SRHJ-99", "{\"active\": false}", admin, Map.of("If-Match", "\"1\"")), 404);
        assertProblem(put("/api/admin/categories/no-such", "{\"active\": false}", admin, Map.of("If-Match", "\"1\"")), 400);
        assertProblem(put("/api/admin/departments/nobody_here", "{\"active\": false}", admin, Map.of("If-Match", "\"1\"")), 404);
        assertProblem(http.get("/api/categories/ZZZZ-01", dispatcher), 404);
        assertProblem(put("/api/admin/categories/SRHJ-01", "{\"active\": false}", admin, Map.of("If-Match", "version-1")), 400);
    }

    @Test
    void createWithoutACodeTakesTheNextFreeOne() {
        int highest = service.snapshot().subCategoriesOf("STHJ").stream()
                .mapToInt(c -> Integer.parseInt(c.code().substring(5))).max().orElse(0);
        Http.Response r = http.postJson("/api/admin/categories", """
                {"topCode": "STHJ", "nameZh": "秸秆焚烧（测试）", "deadline": {"amount": 1, "unit": "working_days"},
                 "departments": {"street": "urban_mgmt_squad", "district": "eco_env_branch"}, "locationRequired": false}""", admin);
        assertEquals(201, r.status(), r.body());
        String expected = String.format("STHJ-%02d", highest + 1);
        assertEquals(expected, r.map().get("code"));
        Category c = service.subCategory(expected).orElseThrow();
        assertEquals(false, c.locationRequired());
        assertEquals("生态环境", service.snapshot().group(expected).orElseThrow());
        assertProblem(http.postJson("/api/admin/categories", """
                {"code": "%s", "topCode": "STHJ", "nameZh": "重复", "deadline": {"amount": 1, "unit": "working_days"},
                 "departments": {"street": "urban_mgmt_squad", "district": "eco_env_branch"}}""".formatted(expected), admin), 409);
    }

    @Test
    void aNewCategoryMissingFieldsIs400() {
        Http.Response r = http.postJson("/api/admin/categories", "{\"topCode\": \"STHJ\", \"nameZh\": \"缺少时限\"}", admin);
        assertProblem(r, 400);
        assertEquals(List.of("/deadline", "/departments"), pointers(r));
    }

    @Test
    void topCategoryEditChangesTheDefaultReplies() throws SQLException {
        String code = create();
        Http.Response got = http.get("/api/categories/YLLH", admin);
        String etag = got.header("ETag");
        Http.Response r = put("/api/admin/categories/YLLH", "{\"replies\": {\"closed\": \"绿化问题已处理，感谢监督。\"}}", admin,
                Map.of("If-Match", etag));
        assertEquals(200, r.status(), r.body());
        try {
            assertEquals("绿化问题已处理，感谢监督。", service.reply(code, ReplyState.CLOSED).orElseThrow());
            assertTrue(auditCount("category.update", "top-category:YLLH") >= 1);
        } finally {
            put("/api/admin/categories/YLLH", "{\"replies\": {\"closed\": \"绿化问题已处理并经核实，案件办结。感谢您爱护绿色家园。\"}}", admin,
                    Map.of("If-Match", r.header("ETag")));
        }
    }

    @Test
    void departmentEditIsAuditedAndUsedDepartmentsStayActive() throws SQLException {
        Http.Response got = http.get("/api/departments/bike_share_operators", admin);
        Http.Response off = put("/api/admin/departments/bike_share_operators", "{\"active\": false}", admin,
                Map.of("If-Match", got.header("ETag")));
        assertProblem(off, 409);
        assertTrue(((String) off.map().get("detail")).contains("JMZX-06"), off.body());

        String code = "test_volunteers";
        Http.Response created = http.postJson("/api/admin/departments",
                "{\"code\": \"" + code + "\", \"nameZh\": \"志愿服务队（测试）\", \"level\": \"street\"}", admin);
        assertEquals(201, created.status(), created.body());
        Http.Response renamed = put("/api/admin/departments/" + code, "{\"nameZh\": \"文明小杜志愿服务队（测试）\", \"level\": \"unit\"}", admin,
                Map.of("If-Match", created.header("ETag")));
        assertEquals(200, renamed.status(), renamed.body());
        assertEquals("unit", renamed.map().get("level"));
        assertEquals(Department.Level.UNIT, service.snapshot().department(code).orElseThrow().level());
        assertEquals(1, auditCount("department.create", "department:" + code));
        assertEquals(1, auditCount("department.update", "department:" + code));
        Http.Response bad = put("/api/admin/departments/" + code, "{\"level\": \"city\"}", admin, Map.of("If-Match", renamed.header("ETag")));
        assertProblem(bad, 400);
        assertEquals(List.of("/level"), pointers(bad));
    }
}
