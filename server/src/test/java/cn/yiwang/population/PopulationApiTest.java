package cn.yiwang.population;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import javax.sql.DataSource;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import cn.yiwang.grid.GridService;
import cn.yiwang.population.place.PlaceRepository;
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

/**
 * The population base on the demo data (residents generated under 淮河路街道 410103001) and on a
 * fixture district of its own (419902: one level-3 grid cut into two micro grids side by side, one
 * building of 30 households in each) for imports and re-linking on a planner commit.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PopulationApiTest implements PostgisTest {

    static final String DISTRICT = "419902";
    static final String L3 = "419902001001001";
    static final String M1 = L3 + "001";
    static final String M2 = L3 + "002";
    static final double LON0 = 101.5;
    static final double LAT0 = 25.0;
    static final double CELL = 0.002;

    @Inject
    EmbeddedServer server;
    @Inject
    JsonMapper json;
    @Inject
    DataSource dataSource;
    @Inject
    UserRepository users;
    @Inject
    PasswordHasher hasher;
    @Inject
    GridService grids;
    @Inject
    PlaceRepository places;

    Http http;
    String worker;
    String ops;
    String analyst;
    String admin419902;
    String planner419902;

    @BeforeAll
    void setUp() throws SQLException {
        http = new Http(server, json);
        try (Connection c = dataSource.getConnection()) {
            fixture(c);
            places.generate(c);
        }
        grids.reload();
        users.insertIfAbsent("pa419902", hasher.hash(DemoUsers.DEMO_PASSWORD), Role.ADMIN, DISTRICT, "人口测试管理员", true);
        users.insertIfAbsent("pp419902", hasher.hash(DemoUsers.DEMO_PASSWORD), Role.PLANNER, DISTRICT, "人口测试规划员", true);
        worker = http.login("worker", DemoUsers.DEMO_PASSWORD);
        ops = http.login("ops", DemoUsers.DEMO_PASSWORD);
        analyst = http.login("analyst", DemoUsers.DEMO_PASSWORD);
        admin419902 = http.login("pa419902", DemoUsers.DEMO_PASSWORD);
        planner419902 = http.login("pp419902", DemoUsers.DEMO_PASSWORD);
    }

    @AfterAll
    void cleanUp() throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
            st.execute("DELETE FROM campaign_status WHERE micro_code LIKE '" + DISTRICT + "%'");
            st.execute("DELETE FROM resident WHERE district_code = '" + DISTRICT + "'");
            st.execute("DELETE FROM building WHERE district_code = '" + DISTRICT + "'");
            st.execute("DELETE FROM compound WHERE district_code = '" + DISTRICT + "'");
            st.execute("DELETE FROM grid WHERE district_code = '" + DISTRICT + "'");
        }
        grids.reload();
    }

    static void fixture(Connection c) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("DELETE FROM resident WHERE district_code = '" + DISTRICT + "'");
            st.execute("DELETE FROM building WHERE district_code = '" + DISTRICT + "'");
            st.execute("DELETE FROM compound WHERE district_code = '" + DISTRICT + "'");
            st.execute("DELETE FROM grid WHERE district_code = '" + DISTRICT + "'");
            String whole = box(LON0, LAT0, LON0 + 2 * CELL, LAT0 + CELL);
            grid(st, DISTRICT, "district", null, whole);
            grid(st, "419902001", "l1", DISTRICT, whole);
            grid(st, "419902001001", "l2", "419902001", whole);
            grid(st, L3, "l3", "419902001001", whole);
            for (int k = 1; k <= 2; k++) {
                double x = LON0 + (k - 0.5) * CELL;
                double y = LAT0 + CELL / 2;
                grid(st, L3 + "00" + k, "micro", L3, box(x - CELL / 2, LAT0, x + CELL / 2, LAT0 + CELL));
                st.execute(String.format(Locale.ROOT, """
                        INSERT INTO building (district_code, id, name, compound, use, floors, height_m, households, micro_code, generated, geom)
                        VALUES ('%s', 'POP-%d', '人口测试楼%d', '人口测试小区', 'residential', 5, 15, 30, '%s', true,
                                ST_MakeEnvelope(%.7f, %.7f, %.7f, %.7f, 4326))""", DISTRICT, k, k, L3 + "00" + k,
                        x - 0.00005, y - 0.00005, x + 0.00005, y + 0.00005));
            }
        }
    }

    static String box(double x0, double y0, double x1, double y1) {
        return String.format(Locale.ROOT, "ST_Multi(ST_MakeEnvelope(%.7f, %.7f, %.7f, %.7f, 4326))", x0, y0, x1, y1);
    }

    static void grid(Statement st, String code, String level, String parent, String geom) throws SQLException {
        st.execute(String.format(Locale.ROOT, """
                INSERT INTO grid (district_code, code, level, parent_code, name, generated, valid_from, area_sqm, geom)
                VALUES ('%s', '%s', '%s', %s, '%s', true, now() - interval '30 days', ST_Area(%s::geography), %s)""",
                DISTRICT, code, level, parent == null ? "NULL" : "'" + parent + "'", "人口测试" + code, geom, geom));
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

    long audits(String action, String actor) throws SQLException {
        return Long.parseLong(rows("SELECT count(*) FROM audit_log WHERE action = '" + action + "' AND actor = '" + actor + "'").get(0));
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> items(Http.Response r) {
        return (List<Map<String, Object>>) r.map().get("items");
    }

    static String id(LocalDate birth, int seq) {
        return IdNumbers.test(birth, seq);
    }

    Http.Response importCsv(String csv, Charset cs, String token) {
        return http.postBytes("/api/people/import", "text/csv", csv.getBytes(cs), token);
    }

    // ---- tests

    @Test
    void compoundsAndHouseholdsAreDerivedFromTheDemoBuildings() throws SQLException {
        // Every compound name of the buildings is a compound, keyed (district_code, name), with its buildings' households.
        assertEquals(List.of("0"), rows("""
                SELECT count(*) FROM (SELECT district_code, compound, sum(households) h FROM building WHERE compound IS NOT NULL
                GROUP BY 1, 2) b LEFT JOIN compound c ON c.district_code = b.district_code AND c.name = b.compound
                WHERE c.id IS NULL OR c.households <> b.h"""));
        assertEquals(rows("SELECT sum(households) FROM building WHERE district_code = '410103'"),
                rows("SELECT count(*) FROM household WHERE district_code = '410103'"));
        long linked = Long.parseLong(rows("SELECT count(*) FROM resident WHERE compound_id IS NOT NULL AND micro_code LIKE '410103001%'").get(0));
        long all = Long.parseLong(rows("SELECT count(*) FROM resident WHERE micro_code LIKE '410103001%'").get(0));
        assertTrue(all > 1000 && linked >= all * 0.75 && linked <= all * 0.85, linked + " of " + all);
    }

    @Test
    void householdCountsPerMicroGridAreCheckedAgainstTheStandard() throws SQLException {
        Http.Response r = http.get("/api/places/household-standard?grid=" + L3, admin419902);
        assertEquals(200, r.status(), r.body());
        // (A planner commit in another test may have moved households between the two; the database decides.)
        for (Object o : r.list()) {
            Map<?, ?> g = (Map<?, ?>) o;
            int n = Integer.parseInt(rows("SELECT count(*) FROM household WHERE micro_code = '" + g.get("code") + "'").get(0));
            assertEquals(n, ((Number) g.get("households")).intValue());
            assertEquals(n < 50 ? "under" : n > 70 ? "over" : "ok", g.get("status"));
        }
        assertEquals(List.of(M1, M2), r.list().stream().map(o -> ((Map<?, ?>) o).get("code")).toList());
        assertEquals(403, http.get("/api/places/household-standard?grid=410103", admin419902).status());
    }

    @Test
    void listsAreMaskedForEveryRole() {
        for (String token : List.of(worker, ops, analyst)) {
            Http.Response r = http.get("/api/people?limit=5", token);
            assertEquals(200, r.status(), r.body());
            for (Map<String, Object> p : items(r)) {
                assertEquals(true, p.get("masked"));
                assertTrue(((String) p.get("name")).contains("*"), p.toString());
                assertTrue(((String) p.get("idNumber")).matches("99\\*{14}[0-9X]{2}"), p.toString());
                assertTrue(((String) p.get("phone")).matches("100\\*{4}[0-9]{4}"), p.toString());
            }
        }
    }

    @Test
    void anUnmaskedViewNeedsTheRoleAndIsAudited() throws SQLException {
        Map<String, Object> first = items(http.get("/api/people?limit=1", worker)).get(0);
        long id = ((Number) first.get("id")).longValue();
        long before = audits("population.view.unmasked", "worker");
        Http.Response open = http.get("/api/people/" + id + "?unmasked=true", worker);
        assertEquals(200, open.status(), open.body());
        assertEquals(false, open.map().get("masked"));
        assertTrue(IdNumbers.valid((String) open.map().get("idNumber")));
        assertEquals(ResidentMask.name((String) open.map().get("name")), first.get("name"));
        assertEquals(before + 1, audits("population.view.unmasked", "worker"));
        assertEquals(List.of("resident:" + id), rows("SELECT target FROM audit_log WHERE action = 'population.view.unmasked' AND actor = 'worker' ORDER BY id DESC LIMIT 1"));
        // An analyst reads masked lists but may not unmask (refused and audited).
        long denied = audits("population.denied", "analyst");
        assertEquals(403, http.get("/api/people/" + id + "?unmasked=true", analyst).status());
        assertEquals(denied + 1, audits("population.denied", "analyst"));
        // The stored phone and ID are ciphertext.
        assertEquals(List.of("f"), rows("SELECT (position(convert_to('" + open.map().get("idNumber") + "', 'UTF8') in id_enc) > 0)::text::char FROM resident WHERE id = " + id));
    }

    @Test
    void searchStaysInsideTheScopeAndOutsideIsForbiddenAndAudited() throws SQLException {
        Http.Response mine = http.get("/api/people?limit=200", worker);
        assertEquals(200, mine.status());
        assertFalse(items(mine).isEmpty());
        items(mine).forEach(p -> assertTrue(((String) p.get("microCode")).startsWith("410103001004"), p.toString()));
        long before = audits("population.denied", "worker");
        Http.Response outside = http.get("/api/people?grid=410103001001", worker);
        assertEquals(403, outside.status());
        assertEquals("application/problem+json", outside.contentType());
        assertEquals(before + 1, audits("population.denied", "worker"));
        // A resident of another community by id: 403 and audited too.
        String elsewhere = rows("SELECT id FROM resident WHERE micro_code LIKE '410103001001%' LIMIT 1").get(0);
        assertEquals(403, http.get("/api/people/" + elsewhere, worker).status());
        assertEquals(before + 2, audits("population.denied", "worker"));
        // Name prefix and tag search; the ops center reaches the whole district.
        Map<String, Object> someone = items(mine).get(0);
        String surname = ((String) someone.get("name")).substring(0, 1);
        Http.Response byName = http.get("/api/people?name=" + java.net.URLEncoder.encode(surname, StandardCharsets.UTF_8), worker);
        assertFalse(items(byName).isEmpty());
        items(byName).forEach(p -> assertTrue(((String) p.get("name")).startsWith(surname)));
        Http.Response byTag = http.get("/api/people?tag=elderly_alone&grid=410103001", ops);
        assertEquals(200, byTag.status());
        assertFalse(items(byTag).isEmpty());
        items(byTag).forEach(p -> assertTrue(((List<?>) p.get("tags")).contains("elderly_alone")));
        assertEquals(400, http.get("/api/people?tag=nonsense", ops).status());
    }

    @Test
    void importsAreAllOrNothingWithReportsByRow() throws SQLException {
        String a = id(LocalDate.of(1940, 1, 2), 11);
        String b = id(LocalDate.of(1980, 5, 6), 12);
        String header = "姓名,身份证号,电话,楼栋编号,单元,楼层,房号,标签\n";
        // Missing building in row 3: nothing imported, not even row 2.
        Http.Response missing = importCsv(header + "赵测试," + a + ",13800000001,POP-1,1,2,201,elderly_alone\n钱测试," + b + ",,NO-SUCH,1,1,101,\n",
                StandardCharsets.UTF_8, admin419902);
        assertEquals(400, missing.status(), missing.body());
        assertTrue(missing.body().contains("row 3") && missing.body().contains("NO-SUCH"), missing.body());
        assertEquals(List.of("0"), rows("SELECT count(*) FROM resident WHERE name IN ('赵测试', '钱测试')"));
        // Duplicate ID inside the file.
        Http.Response dup = importCsv(header + "赵测试," + a + ",,POP-1,1,2,201,\n钱测试," + a + ",,POP-2,1,1,101,\n", StandardCharsets.UTF_8, admin419902);
        assertEquals(400, dup.status());
        assertTrue(dup.body().contains("row 2"), dup.body());
        // A GBK file (Excel on Chinese Windows) is read as GBK.
        Http.Response ok = importCsv(header + "赵测试," + a + ",13800000001,POP-1,1,2,201,elderly_alone\n钱测试," + b + ",,POP-2,9,1,901,\n",
                Charset.forName("GBK"), admin419902);
        assertEquals(200, ok.status(), ok.body());
        assertEquals("GBK", ok.map().get("charset"));
        assertEquals(1, ((Number) ok.map().get("householdsCreated")).intValue(), "unit 9 of POP-2 did not exist");
        assertEquals(List.of("赵测试", "钱测试"), rows("SELECT name FROM resident WHERE name IN ('赵测试', '钱测试') ORDER BY name"));
        // The same ID again: already registered.
        Http.Response again = importCsv(header + "孙测试," + a + ",,POP-1,1,2,202,\n", StandardCharsets.UTF_8, admin419902);
        assertEquals(400, again.status());
        assertTrue(again.body().contains("already registered"), again.body());
        // Bytes that are neither UTF-8 nor GBK.
        Http.Response junk = http.postBytes("/api/people/import", "text/csv", new byte[] {(byte) 0x80, (byte) 0xFF, (byte) 0xFF, 10}, admin419902);
        assertEquals(400, junk.status());
        assertTrue(junk.body().contains("neither UTF-8 nor GBK"), junk.body());
        // Exact lookup by ID number (blind index) within scope.
        Http.Response byId = http.get("/api/people?idNumber=" + a, admin419902);
        assertEquals(1, items(byId).size());
        assertEquals("赵*试", items(byId).get(0).get("name"));
    }

    @Test
    void theExportIsWatermarkedAuditedAndForAllowedRolesOnly() throws SQLException {
        assertEquals(403, http.get("/api/people/export.csv", worker).status());
        Http.Response csv = http.get("/api/people/export.csv?grid=410103001004&tag=elderly_alone", ops);
        assertEquals(200, csv.status(), csv.body());
        String[] lines = csv.body().split("\r\n");
        assertTrue(lines[0].startsWith("# 导出人 ops (ops)，导出时间 "), lines[0]);
        String fileId = lines[0].replaceAll(".*文件编号 ([0-9a-f-]{36}).*", "$1");
        assertTrue(lines[lines.length - 1].contains(fileId), lines[lines.length - 1]);
        assertTrue(lines.length > 3);
        assertTrue(IdNumbers.valid(lines[2].split(",")[5].replace("\"", "")), lines[2]);
        assertEquals(List.of("ops"), rows("SELECT actor FROM audit_log WHERE action = 'population.export' AND detail->>'fileId' = '" + fileId + "'"));
    }

    @Test
    void statusChangesAreCountedPerGridAndPushedLive() throws SQLException {
        String household = rows("SELECT id FROM household WHERE micro_code LIKE '410103001004%' ORDER BY id LIMIT 1").get(0);
        String micro = rows("SELECT micro_code FROM household WHERE id = " + household).get(0);
        http.exchange("DELETE", "/api/campaigns/epidemic/statuses/" + household, null, worker, Map.of());
        long before = count("epidemic", "410103001", "home_isolation");
        Http.Response set = http.exchange("PUT", "/api/campaigns/epidemic/statuses/" + household, "{\"status\":\"home_isolation\"}", worker, Map.of());
        assertEquals(200, set.status(), set.body());
        assertEquals(before + 1, count("epidemic", "410103001", "home_isolation"));
        String payload = rows("SELECT payload::text FROM live_event WHERE topic = 'population' ORDER BY id DESC LIMIT 1").get(0);
        Map<?, ?> event;
        try {
            event = json.readValue(payload, Map.class);
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
        assertEquals(micro, event.get("microCode"));
        Map<?, ?> street = ((List<?>) event.get("grids")).stream().map(g -> (Map<?, ?>) g).filter(g -> g.get("code").equals("410103001"))
                .findFirst().orElseThrow();
        assertEquals(before + 1, ((Number) ((Map<?, ?>) street.get("counts")).get("home_isolation")).longValue(), payload);
        assertEquals(List.of("home_isolation"), rows("SELECT detail->>'to' FROM audit_log WHERE action = 'campaign.status' AND target = 'household:"
                + household + "' ORDER BY id DESC LIMIT 1"));
        // Unknown status, outside scope, unknown campaign.
        assertEquals(400, http.exchange("PUT", "/api/campaigns/epidemic/statuses/" + household, "{\"status\":\"flooded\"}", worker, Map.of()).status());
        String far = rows("SELECT id FROM household WHERE micro_code LIKE '410103%' AND micro_code NOT LIKE '410103001004%' LIMIT 1").get(0);
        assertEquals(403, http.exchange("PUT", "/api/campaigns/epidemic/statuses/" + far, "{\"status\":\"vaccinated\"}", worker, Map.of()).status());
        assertEquals(404, http.exchange("PUT", "/api/campaigns/nope/statuses/" + household, "{\"status\":\"x\"}", worker, Map.of()).status());
        // The points carry no personal field.
        Http.Response points = http.get("/api/campaigns/epidemic/points", worker);
        assertEquals(200, points.status());
        List<?> features = (List<?>) points.map().get("features");
        assertFalse(features.isEmpty());
        for (Object f : features) {
            assertEquals(java.util.Set.of("status", "grid"), ((Map<?, ?>) ((Map<?, ?>) f).get("properties")).keySet());
        }
    }

    long count(String campaign, String street, String status) {
        Http.Response r = http.get("/api/campaigns/" + campaign + "/counts?groupBy=l1", ops);
        assertEquals(200, r.status(), r.body());
        for (Object g : (List<?>) r.map().get("grids")) {
            Map<?, ?> m = (Map<?, ?>) g;
            if (m.get("code").equals(street)) {
                Object n = ((Map<?, ?>) m.get("counts")).get(status);
                return n == null ? 0 : ((Number) n).longValue();
            }
        }
        return 0;
    }

    @Test
    void aCampaignIsDataAndOnlyAdminsDefineIt() {
        String census = """
                {"code":"census_test","name":"人口普查","subject":"person","statuses":[
                  {"code":"counted","label":"已登记","color":"#43a047","symbol":"circle"},
                  {"code":"absent","label":"未遇","color":"#fb8c00","symbol":"diamond"}]}""";
        assertEquals(403, http.postJson("/api/admin/campaigns", census, ops).status());
        Http.Response bad = http.postJson("/api/admin/campaigns", census.replace("#fb8c00", "orange"), admin419902);
        assertEquals(400, bad.status());
        assertTrue(bad.body().contains("/statuses/1/color"), bad.body());
        Http.Response ok = http.postJson("/api/admin/campaigns", census, admin419902);
        assertEquals(200, ok.status(), ok.body());
        assertTrue(http.get("/api/campaigns", worker).body().contains("人口普查"));
    }

    @Test
    void aPlannerCommitMovesHouseholdsResidentsAndStatusesInItsTransaction() throws SQLException {
        String id = id(LocalDate.of(1955, 9, 9), 77);
        assertEquals(200, importCsv("name,id_number,building_id,unit,floor,room\n李迁移," + id + ",POP-2,1,1,101\n",
                StandardCharsets.UTF_8, admin419902).status());
        String household = rows("SELECT id FROM household WHERE building_id = 'POP-2' AND unit = 1 AND room = '101'").get(0);
        assertEquals(200, http.exchange("PUT", "/api/campaigns/epidemic/statuses/" + household, "{\"status\":\"monitoring\"}",
                admin419902, Map.of()).status());
        Http.Response draft = http.postJson("/api/planner/drafts", "{\"parent\":\"" + L3 + "\"}", planner419902);
        assertEquals(201, draft.status(), draft.body());
        Object draftId = draft.map().get("id");
        double x = LON0 + CELL;
        // Micro 1 takes the western 70 % of micro 2, with its building.
        String edge = String.format(Locale.ROOT, "{\"type\":\"LineString\",\"coordinates\":[[%.7f,%.7f],[%.7f,%.7f],[%.7f,%.7f],[%.7f,%.7f]]}",
                x, LAT0, x + 0.0014, LAT0 + 0.0002, x + 0.0014, LAT0 + CELL - 0.0002, x, LAT0 + CELL);
        Http.Response reshape = http.postJson("/api/planner/drafts/" + draftId + "/reshape",
                "{\"a\":\"" + M1 + "\",\"b\":\"" + M2 + "\",\"newEdge\":" + edge + "}", planner419902);
        assertEquals(200, reshape.status(), reshape.body());
        Http.Response commit = http.postJson("/api/planner/drafts/" + draftId + "/commit", "{\"reason\":\"人口随网格调整\"}", planner419902);
        assertEquals(200, commit.status(), commit.body());
        assertEquals(List.of(M1), rows("SELECT DISTINCT micro_code FROM household WHERE building_id = 'POP-2'"));
        assertEquals(List.of(M1), rows("SELECT micro_code FROM resident WHERE name = '李迁移'"));
        assertEquals(List.of(M1), rows("SELECT micro_code FROM campaign_status WHERE campaign_code = 'epidemic' AND subject_id = " + household));
        assertEquals(List.of(M1), rows("SELECT micro_code FROM compound WHERE district_code = '" + DISTRICT + "'"));
        Http.Response standard = http.get("/api/places/household-standard?grid=" + L3, admin419902);
        assertNotNull(standard.list());
        int households = Integer.parseInt(rows("SELECT count(*) FROM household WHERE district_code = '" + DISTRICT + "'").get(0));
        assertEquals(Map.of("code", M1, "name", "人口测试" + M1, "households", households, "status", "ok"), standard.list().get(0));
    }
}
