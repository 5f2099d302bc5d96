package cn.yiwang.component;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import javax.sql.DataSource;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.locationtech.jts.geom.Envelope;

import cn.yiwang.layers.LayerChangedEvent;
import cn.yiwang.layers.LayerRegistry;
import cn.yiwang.layers.tiles.TileMath;
import cn.yiwang.security.DemoUsers;
import cn.yiwang.testing.Http;
import cn.yiwang.testing.PostgisTest;
import io.micronaut.context.event.ApplicationEventPublisher;
import io.micronaut.json.JsonMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;

/**
 * Component imports through the API on the real PostGIS (good and bad files, nothing half-written),
 * the layer and OGC collection, re-linking when micro grid boundaries move, and cases that name a
 * component.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ComponentApiTest implements PostgisTest {

    /** A point in 兴华街社区: in its largest micro grid (read from PostGIS), in WGS84. */
    double LON;
    double LAT;

    @Inject
    EmbeddedServer server;
    @Inject
    JsonMapper json;
    @Inject
    DataSource dataSource;
    @Inject
    ApplicationEventPublisher<LayerChangedEvent> layerChanged;
    Http http;
    String admin;
    String ops;
    String worker;

    @BeforeAll
    void client() {
        http = new Http(server, json);
        admin = http.login("admin", DemoUsers.DEMO_PASSWORD);
        ops = http.login("ops", DemoUsers.DEMO_PASSWORD);
        worker = http.login("worker", DemoUsers.DEMO_PASSWORD);
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery("""
                SELECT ST_X(p), ST_Y(p) FROM (SELECT ST_PointOnSurface(geom) AS p FROM grid_current
                  WHERE level = 'micro' AND code LIKE '410103001004%' ORDER BY area_sqm DESC, code LIMIT 1) x""")) {
            assertTrue(rs.next());
            LON = rs.getDouble(1);
            LAT = rs.getDouble(2);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    Http.Response upload(String query, String contentType, byte[] body, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(http.base().resolve("/api/components/import" + query))
                .header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> r = HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        String type = r.headers().firstValue("content-type").orElse("");
        Object decoded = type.contains("json") && !r.body().isEmpty() ? json.readValue(r.body(), Object.class) : null;
        return new Http.Response(r.statusCode(), type, r.body(), r.headers().map(), decoded);
    }

    long count(String where) throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*) FROM component WHERE " + where)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    String at(double dLonMeters, double dLatMeters) {
        return String.format(Locale.ROOT, "%.7f,%.7f", LON + dLonMeters / (111_320 * Math.cos(Math.toRadians(LAT))), LAT + dLatMeters / 110_574.0);
    }

    @Test
    void aGbkCsvIsDetectedImportedLinkedAndServedAsLayer() throws Exception {
        String csv = "编码,类型,名称,状态,经度,纬度,告警类型,权属单位\n"
                + "T-GBK-1,消防栓,兴华街东口消火栓,正常," + at(5, 5) + ",,区消防救援大队\n"
                + "T-GBK-2,摄像头,兴华街口球机,离线," + at(-5, 5) + ",垃圾满溢、人群聚集,\n";
        Http.Response r = upload("", "text/csv", csv.getBytes(Charset.forName("GBK")), admin);
        assertEquals(200, r.status(), r.body());
        assertEquals("GBK", r.map().get("encoding"));
        assertEquals(2, ((Number) r.map().get("inserted")).intValue());
        assertEquals(1, count("code = 'T-GBK-1' AND micro_code LIKE '410103001004%' AND NOT generated"));

        Http.Response listed = http.get("/api/components?kind=camera&grid=410103001004&limit=5000", worker);
        assertEquals(200, listed.status(), listed.body());
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> items = (List<Map<String, Object>>) listed.map().get("items");
        Map<String, Object> cam = items.stream().filter(i -> "T-GBK-2".equals(i.get("code"))).findFirst().orElseThrow();
        assertEquals("offline", cam.get("status"));
        assertEquals(List.of("garbage_overflow", "crowd_gathering"), cam.get("aiAlarms"));

        int[] t = TileMath.tileAt(LON, LAT, 16);
        Http.Response tile = http.get("/tiles/components-hydrant/16/" + t[0] + "/" + t[1] + ".mvt", worker);
        assertEquals(200, tile.status());
        assertEquals(401, http.get("/tiles/components-hydrant/16/" + t[0] + "/" + t[1] + ".mvt").status());
        Http.Response ogc = http.get("/ogc/collections/components-hydrant/items?bbox=" + (LON - 0.001) + "," + (LAT - 0.001) + ","
                + (LON + 0.001) + "," + (LAT + 0.001), worker);
        assertEquals(200, ogc.status(), ogc.body());
        assertTrue(ogc.body().contains("T-GBK-1"), ogc.body());
        // Another community's worker scope does not reach it: the demo dispatcher's street does.
        assertEquals(401, http.get("/ogc/collections/components-hydrant/items").status());
    }

    @Test
    void aFileWithBadRowsIsRefusedRowByRowAndNothingIsWritten() throws Exception {
        long before = count("true");
        String csv = "code,kind,name,status,lon,lat\n"
                + "T-BAD-1,hydrant,ok,normal," + at(0, 0) + "\n"
                + "T-BAD-2,fountain,unknown kind,normal," + at(0, 0) + "\n"
                + "T-BAD-1,hydrant,duplicate,normal," + at(0, 0) + "\n"
                + "T-BAD-3,hydrant,<img src=x onerror=alert(1)>,normal," + at(0, 0) + "\n"
                + "T-BAD-4,hydrant,far,normal,113.6,95\n";
        Http.Response r = upload("", "text/csv; charset=utf-8", csv.getBytes(StandardCharsets.UTF_8), admin);
        assertEquals(400, r.status(), r.body());
        assertTrue(r.contentType().startsWith("application/problem+json"));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> errors = (List<Map<String, Object>>) r.map().get("errors");
        assertEquals(List.of("row 3, kind", "row 4, code", "row 5, name", "row 6, lat"), errors.stream().map(e -> e.get("pointer")).toList());
        assertEquals(before, count("true"));

        Http.Response wrongEncoding = upload("", "text/csv; charset=utf-8",
                ("code,kind,name,lon,lat\nT-ENC-1,路灯,东口," + at(0, 0) + "\n").getBytes(Charset.forName("GBK")), admin);
        assertEquals(400, wrongEncoding.status());
        assertEquals("/problems/unreadable-file", wrongEncoding.map().get("type"));
        assertEquals(0, count("code = 'T-ENC-1'"));

        Http.Response outside = upload("?format=geojson", "application/geo+json", """
                {"type":"FeatureCollection","features":[
                  {"type":"Feature","geometry":{"type":"Point","coordinates":[%s]},"properties":{"code":"T-OUT-1","kind":"manhole"}},
                  {"type":"Feature","geometry":{"type":"Point","coordinates":[10.0,10.0]},"properties":{"code":"T-OUT-2","kind":"manhole"}}]}"""
                .formatted(at(0, 0)).getBytes(StandardCharsets.UTF_8), admin);
        assertEquals(400, outside.status(), outside.body());
        assertTrue(outside.body().contains("/features/1") && outside.body().contains("outside every district"), outside.body());
        assertEquals(0, count("code LIKE 'T-OUT-%'"));
        assertEquals(403, upload("", "text/csv", "code,kind,lon,lat\n".getBytes(StandardCharsets.UTF_8), worker).status());
    }

    @Test
    void aStoredCodeIsRefusedUnlessTheImportUpdates() throws Exception {
        byte[] first = ("code,kind,status,lon,lat\nT-DUP-1,street_light,normal," + at(20, 0) + "\n").getBytes(StandardCharsets.UTF_8);
        assertEquals(200, upload("", "text/csv", first, ops).status());
        byte[] again = ("code,kind,status,lon,lat\nT-DUP-2,street_light,normal," + at(25, 0) + "\nT-DUP-1,street_light,fault," + at(20, 0) + "\n")
                .getBytes(StandardCharsets.UTF_8);
        Http.Response refused = upload("", "text/csv", again, ops);
        assertEquals(400, refused.status(), refused.body());
        assertTrue(refused.body().contains("already stored"), refused.body());
        assertEquals(0, count("code = 'T-DUP-2'"));
        Http.Response updated = upload("?update=true", "text/csv", again, ops);
        assertEquals(200, updated.status(), updated.body());
        assertEquals(1, ((Number) updated.map().get("updated")).intValue());
        assertEquals(1, count("code = 'T-DUP-1' AND status = 'fault'"));
    }

    @Test
    void aCaseNamesAComponentWithin50MetresAndShowsIt() throws Exception {
        assertEquals(200, upload("", "text/csv",
                ("code,kind,name,lon,lat\nT-CASE-1,manhole,东口污水井盖," + at(40, 0) + "\n").getBytes(StandardCharsets.UTF_8), admin).status());
        long id;
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT id FROM component WHERE code = 'T-CASE-1'")) {
            rs.next();
            id = rs.getLong(1);
        }
        String near = at(40, 30);
        String body = """
                {"category":"SRHJ-01","title":"井盖破损","description":"东口井盖松动","source":"hotline_12345",
                 "location":{"lon":%s,"lat":%s},"componentId":%d}""";
        String[] p = near.split(",");
        Http.Response created = http.postJson("/api/cases", body.formatted(p[0], p[1], id), ops);
        assertEquals(201, created.status(), created.body());
        Object caseId = created.map().get("id");
        Http.Response detail = http.get("/api/cases/" + caseId, ops);
        @SuppressWarnings("unchecked")
        Map<String, Object> component = (Map<String, Object>) detail.map().get("component");
        assertNotNull(component, detail.body());
        assertEquals("T-CASE-1", component.get("code"));
        assertEquals("井盖", component.get("kindName"));

        String[] far = at(40, 80).split(",");
        Http.Response tooFar = http.postJson("/api/cases", body.formatted(far[0], far[1], id), ops);
        assertEquals(422, tooFar.status(), tooFar.body());
        assertTrue(tooFar.body().contains("/componentId") && tooFar.body().contains("80 m"), tooFar.body());
        Http.Response missing = http.postJson("/api/cases", body.formatted(p[0], p[1], 987654321L), ops);
        assertEquals(422, missing.status(), missing.body());
        Http.Response notANumber = http.postJson("/api/cases", body.replace("%d", "\"x\"").formatted(p[0], p[1]), ops);
        assertEquals(400, notANumber.status(), notANumber.body());
    }

    /**
     * A tiny district of its own at lon 101.5, lat 25 (no other test goes there): two micro grids side
     * by side; their shared edge moves 0.0006° (about 60 m) west, and the component that was 30 m
     * inside the western grid goes to the eastern one, while one deep inside the western grid stays.
     */
    @Test
    void componentsAreRelinkedWhenMicroGridBoundariesMove() throws Exception {
        String d = "419925";
        String l3 = d + "001001001";
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
            st.execute("DELETE FROM component WHERE district_code = '" + d + "'");
            st.execute("DELETE FROM grid WHERE district_code = '" + d + "'");
            grid(st, d, d, "district", null, 101.5, 101.504);
            grid(st, d, d + "001", "l1", d, 101.5, 101.504);
            grid(st, d, d + "001001", "l2", d + "001", 101.5, 101.504);
            grid(st, d, l3, "l3", d + "001001", 101.5, 101.504);
            grid(st, d, l3 + "001", "micro", l3, 101.5, 101.502);
            grid(st, d, l3 + "002", "micro", l3, 101.502, 101.504);
        }
        String csv = "code,kind,lon,lat\nT-RL-EDGE,street_light,101.5017,25.001\nT-RL-DEEP,street_light,101.5005,25.001\n";
        Http.Response r = upload("", "text/csv", csv.getBytes(StandardCharsets.UTF_8), admin);
        assertEquals(200, r.status(), r.body());
        assertEquals(1, count("code = 'T-RL-EDGE' AND micro_code = '" + l3 + "001'"));
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
            st.execute("UPDATE grid SET valid_to = now() WHERE district_code = '" + d + "' AND level = 'micro' AND valid_to IS NULL");
            grid(st, d, l3 + "001", "micro", l3, 101.5, 101.5014, 2);
            grid(st, d, l3 + "002", "micro", l3, 101.5014, 101.504, 2);
        }
        layerChanged.publishEvent(LayerChangedEvent.within(LayerRegistry.gridLayerId("micro"), new Envelope(101.5, 101.504, 25.0, 25.002)));
        assertEquals(1, count("code = 'T-RL-EDGE' AND micro_code = '" + l3 + "002'"));
        assertEquals(1, count("code = 'T-RL-DEEP' AND micro_code = '" + l3 + "001'"));
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
            st.execute("DELETE FROM component WHERE district_code = '" + d + "'");
            st.execute("DELETE FROM grid WHERE district_code = '" + d + "'");
        }
        layerChanged.publishEvent(LayerChangedEvent.within(LayerRegistry.gridLayerId("micro"), new Envelope(101.5, 101.504, 25.0, 25.002)));
    }

    @Test
    void aComponentsStatusIsSetInScopeAuditedAndValidated() throws Exception {
        long mine;
        long elsewhere;
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
            ResultSet rs = st.executeQuery("SELECT min(id) FROM component WHERE micro_code LIKE '410103001004%' AND status = 'normal'");
            rs.next();
            mine = rs.getLong(1);
            rs = st.executeQuery("SELECT min(id) FROM component WHERE micro_code LIKE '410103%' AND micro_code NOT LIKE '410103001004%'");
            rs.next();
            elsewhere = rs.getLong(1);
        }
        assertTrue(mine > 0 && elsewhere > 0, "demo components inside and outside the worker's community");
        String path = "/api/components/" + mine + "/status";

        Http.Response set = http.exchange("PUT", path, "{\"status\":\"fault\"}", worker, Map.of());
        assertEquals(200, set.status(), set.body());
        assertEquals("fault", set.map().get("status"));
        assertEquals(1, count("id = " + mine + " AND status = 'fault'"));
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
                "SELECT actor, detail::text FROM audit_log WHERE action = 'component.status' ORDER BY id DESC LIMIT 1")) {
            assertTrue(rs.next());
            assertEquals("worker", rs.getString(1));
            assertTrue(rs.getString(2).contains("normal") && rs.getString(2).contains("fault"), rs.getString(2));
        }

        for (String bad : new String[] {"{\"status\":\"broken\"}", "{}", "{\"status\":3}", "{\"status\":"}) {
            Http.Response r = http.exchange("PUT", path, bad, worker, Map.of());
            assertEquals(400, r.status(), bad + " → " + r.body());
            assertTrue(r.contentType().startsWith("application/problem+json"), r.contentType());
        }
        assertEquals(404, http.exchange("PUT", "/api/components/" + elsewhere + "/status", "{\"status\":\"fault\"}", worker, Map.of())
                .status(), "another community's component is not the worker's to change");
        assertEquals(0, count("id = " + elsewhere + " AND status = 'fault' AND updated_at > now() - interval '1 minute'"));
        String analyst = http.login("analyst", DemoUsers.DEMO_PASSWORD);
        assertEquals(403, http.exchange("PUT", path, "{\"status\":\"normal\"}", analyst, Map.of()).status());
        assertEquals(1, count("id = " + mine + " AND status = 'fault'"), "nothing changed by the refused requests");
        assertEquals(200, http.exchange("PUT", path, "{\"status\":\"normal\"}", ops, Map.of()).status());
    }

    private static void grid(Statement st, String d, String code, String level, String parent, double x0, double x1) throws SQLException {
        grid(st, d, code, level, parent, x0, x1, 1);
    }

    private static void grid(Statement st, String d, String code, String level, String parent, double x0, double x1, int version)
            throws SQLException {
        String geom = String.format(Locale.ROOT, "ST_Multi(ST_MakeEnvelope(%.7f, 25.0, %.7f, 25.002, 4326))", x0, x1);
        st.execute(String.format(Locale.ROOT, """
                INSERT INTO grid (district_code, code, version, level, parent_code, name, generated, valid_from, area_sqm, geom)
                VALUES ('%s', '%s', %d, '%s', %s, '部件测试%s', true, now() - interval '1 day' + %d * interval '1 hour', ST_Area(%s::geography), %s)""",
                d, code, version, level, parent == null ? "NULL" : "'" + parent + "'", level, version, geom, geom));
    }
}
