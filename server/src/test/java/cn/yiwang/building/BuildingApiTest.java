package cn.yiwang.building;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

import javax.sql.DataSource;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import cn.yiwang.geo.ChinaCoordinateTransformer;
import cn.yiwang.geo.CoordinateSystem;
import cn.yiwang.layers.LayerChangedEvent;
import cn.yiwang.layers.LayerRegistry;
import cn.yiwang.security.DemoUsers;
import cn.yiwang.testing.Http;
import cn.yiwang.testing.PostgisTest;
import io.micronaut.context.event.ApplicationEventListener;
import io.micronaut.json.JsonMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BuildingApiTest implements PostgisTest {

    /** Erqi's old town (the README's example point). */
    static final double LON = 113.64;
    static final double LAT = 34.72;

    @Inject
    EmbeddedServer server;
    @Inject
    JsonMapper json;
    @Inject
    DataSource dataSource;
    @Inject
    LayerChanges layerChanges;
    Http http;
    String planner;

    @BeforeAll
    void client() {
        http = new Http(server, json);
        planner = http.login("planner", DemoUsers.DEMO_PASSWORD);
    }

    /** A w × h metre rectangle (counter-clockwise) at (lon, lat) in WGS84, as GeoJSON ring text in {@code crs}. */
    static String ring(double lon, double lat, double widthMeters, double heightMeters, CoordinateSystem crs) {
        double dLon = widthMeters / (111_320 * Math.cos(Math.toRadians(lat)));
        double dLat = heightMeters / 110_574.0;
        double[][] corners = {{lon, lat}, {lon + dLon, lat}, {lon + dLon, lat + dLat}, {lon, lat + dLat}, {lon, lat}};
        List<String> positions = new ArrayList<>();
        for (double[] c : corners) {
            double[] p = ChinaCoordinateTransformer.fromWgs84(crs, c[0], c[1]);
            positions.add(String.format(Locale.ROOT, "[%.10f,%.10f]", p[0], p[1]));
        }
        return "[" + String.join(",", positions) + "]";
    }

    static String feature(String id, String geometryType, String coordinates, String extraProperties) {
        return "{\"type\":\"Feature\",\"properties\":{\"id\":\"" + id + "\",\"use\":\"residential\",\"floors\":6"
                + extraProperties + "},\"geometry\":{\"type\":\"" + geometryType + "\",\"coordinates\":" + coordinates + "}}";
    }

    static String good(String id, double lon, double lat) {
        return feature(id, "Polygon", "[" + ring(lon, lat, 20, 30, CoordinateSystem.WGS84) + "]", "");
    }

    static String collection(String... features) {
        return "{\"type\":\"FeatureCollection\",\"features\":[" + String.join(",", features) + "]}";
    }

    long count() throws SQLException {
        return number("SELECT count(*) FROM building");
    }

    long number(String sql, Object... args) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> props(Http.Response r) {
        return (Map<String, Object>) r.map().get("properties");
    }

    @SuppressWarnings("unchecked")
    static List<List<List<Number>>> polygonCoordinates(Http.Response r) {
        return (List<List<List<Number>>>) ((Map<String, Object>) r.map().get("geometry")).get("coordinates");
    }

    @Test
    void gcj02ImportIsConvertedStoredAndReadBack() throws SQLException {
        String body = collection(
                feature("gcj-1", "Polygon", "[" + ring(LON, LAT, 20, 30, CoordinateSystem.GCJ02) + "]",
                        ",\"name\":\"1号楼\",\"compound\":\"测试小区\",\"households\":24"),
                feature("gcj-2", "MultiPolygon", "[[" + ring(LON + 0.0005, LAT, 15, 15, CoordinateSystem.GCJ02) + "]]",
                        ",\"use\":\"commercial\",\"floors\":3,\"height\":12.5"));
        Http.Response r = http.postJson("/api/buildings/import?crs=gcj02", body, planner);
        assertEquals(200, r.status(), r.body());
        assertEquals(2, ((Number) r.map().get("features")).intValue());
        assertEquals(2, ((Number) r.map().get("inserted")).intValue() + ((Number) r.map().get("updated")).intValue());
        assertEquals(List.of("410103"), r.map().get("districts"));
        assertEquals("gcj02", r.map().get("crs"));

        Http.Response one = http.get("/api/buildings/gcj-1", planner);
        assertEquals(200, one.status(), one.body());
        assertTrue(one.contentType().startsWith("application/geo+json"), one.contentType());
        assertEquals("gcj-1", one.map().get("id"));
        Map<String, Object> p = props(one);
        assertEquals("1号楼", p.get("name"));
        assertEquals("测试小区", p.get("compound"));
        assertEquals("residential", p.get("use"));
        assertEquals(6, ((Number) p.get("floors")).intValue());
        assertEquals(18.0, ((Number) p.get("heightM")).doubleValue());
        assertEquals(24, ((Number) p.get("households")).intValue());
        assertEquals(Boolean.FALSE, p.get("generated"));
        List<Number> first = polygonCoordinates(one).get(0).get(0);
        assertEquals(LON, first.get(0).doubleValue(), 1e-6, "GCJ-02 input converted back to WGS84");
        assertEquals(LAT, first.get(1).doubleValue(), 1e-6);

        Map<String, Object> second = props(http.get("/api/buildings/gcj-2", planner));
        assertEquals(12.5, ((Number) second.get("heightM")).doubleValue());
        assertEquals("commercial", second.get("use"));
    }

    @Test
    void importedBuildingsGetTheMicroGridCoveringTheirPointOnSurface() throws SQLException {
        Http.Response r = http.postJson("/api/buildings/import", collection(good("micro-1", LON + 0.001, LAT + 0.001)), planner);
        assertEquals(200, r.status(), r.body());
        String micro = (String) props(http.get("/api/buildings/micro-1", planner)).get("microCode");
        assertNotNull(micro);
        assertEquals(1, number("""
                SELECT count(*) FROM building b JOIN grid_current g ON g.level = 'micro' AND g.code = b.micro_code
                WHERE b.id = ? AND ST_Covers(g.geom, ST_PointOnSurface(b.geom))""", "micro-1"));
    }

    @Test
    void importingAnIdAgainUpdatesIt() throws SQLException {
        String first = collection(good("upsert-1", LON + 0.002, LAT));
        assertEquals(200, http.postJson("/api/buildings/import", first, planner).status());
        long before = count();
        Http.Response again = http.postJson("/api/buildings/import", first.replace("\"floors\":6", "\"floors\":9"), planner);
        assertEquals(200, again.status(), again.body());
        assertEquals(0, ((Number) again.map().get("inserted")).intValue());
        assertEquals(1, ((Number) again.map().get("updated")).intValue());
        assertEquals(before, count());
        assertEquals(9, ((Number) props(http.get("/api/buildings/upsert-1", planner)).get("floors")).intValue());
    }

    @Test
    void aGeneratedBuildingReadAndImportedBackIsNoLongerGenerated() throws Exception {
        String id;
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT id FROM building WHERE generated AND use = 'commercial' ORDER BY id LIMIT 1");
             ResultSet rs = ps.executeQuery()) {
            assertTrue(rs.next(), "the demo has commercial buildings");
            id = rs.getString(1);
        }
        Http.Response read = http.get("/api/buildings/" + id, planner);
        assertEquals(Boolean.TRUE, props(read).get("generated"));
        Http.Response r = http.postJson("/api/buildings/import", collection(read.body()), planner);
        assertEquals(200, r.status(), r.body());
        assertEquals(1, ((Number) r.map().get("updated")).intValue());
        Map<String, Object> after = props(http.get("/api/buildings/" + id, planner));
        assertEquals(Boolean.FALSE, after.get("generated"));
        assertEquals(props(read).get("heightM"), after.get("heightM"));
        assertEquals(props(read).get("microCode"), after.get("microCode"));
    }

    @Test
    void geoJsonMediaTypeIsAccepted() throws Exception {
        HttpRequest request = HttpRequest.newBuilder(server.getURI().resolve("/api/buildings/import"))
                .header("Content-Type", "application/geo+json").header("Authorization", "Bearer " + planner)
                .POST(HttpRequest.BodyPublishers.ofString(collection(good("geojson-1", LON + 0.003, LAT)), StandardCharsets.UTF_8))
                .build();
        HttpResponse<String> r = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
    }

    @Test
    void theImportIsAuditedWithTheImporter() throws SQLException {
        long before = number("SELECT count(*) FROM audit_log WHERE action = 'building.import' AND actor = 'planner'");
        assertEquals(200, http.postJson("/api/buildings/import", collection(good("audit-1", LON + 0.004, LAT)), planner).status());
        assertEquals(before + 1, number("""
                SELECT count(*) FROM audit_log WHERE action = 'building.import' AND actor = 'planner' AND role = 'planner'
                AND target = 'district:410103'"""));
    }

    /** Records the layer-change events the import publishes. */
    @Singleton
    static class LayerChanges implements ApplicationEventListener<LayerChangedEvent> {
        final List<LayerChangedEvent> seen = new java.util.concurrent.CopyOnWriteArrayList<>();

        @Override
        public void onApplicationEvent(LayerChangedEvent event) {
            seen.add(event);
        }
    }

    @Test
    void anImportTellsTheLayerCachesThatTheBuildingsChanged() {
        int before = layerChanges.seen.size();
        assertEquals(200, http.postJson("/api/buildings/import", collection(good("layer-1", LON + 0.0095, LAT)), planner).status());
        List<LayerChangedEvent> events = layerChanges.seen.subList(before, layerChanges.seen.size());
        assertTrue(events.stream().anyMatch(e -> e.layerId().equals(LayerRegistry.BUILDINGS) && e.wholeLayer()), events.toString());
    }

    @Test
    void buildingsAtAPointAreTheFootprintsCoveringIt() {
        assertEquals(200, http.postJson("/api/buildings/import", collection(good("at-1", LON + 0.005, LAT)), planner).status());
        Http.Response r = http.get(String.format(Locale.ROOT, "/api/buildings/at?lon=%.6f&lat=%.6f", LON + 0.00505, LAT + 0.00005), planner);
        assertEquals(200, r.status(), r.body());
        List<?> features = (List<?>) r.map().get("features");
        assertEquals(List.of("at-1"), features.stream().map(f -> ((Map<?, ?>) f).get("id")).toList());
    }

    static Stream<Arguments> badImports() {
        String ok = good("bad-0", LON + 0.006, LAT);
        String nowhere = good("bad-1", 100.0, 20.0);
        String bowtie = "[[[113.64,34.72],[113.6402,34.7203],[113.6402,34.72],[113.64,34.7203],[113.64,34.72]]]";
        String latTooBig = "[[[113.64,34.72],[113.6402,95.0],[113.6402,34.7203],[113.64,34.72]]]";
        String infinite = "[[[113.64,34.72],[1e999,34.72],[113.6402,34.7203],[113.64,34.72]]]";
        String rect = ring(LON + 0.007, LAT, 20, 30, CoordinateSystem.WGS84);
        StringBuilder many = new StringBuilder("{\"type\":\"FeatureCollection\",\"features\":[");
        for (int i = 0; i <= BuildingGeoJsonReader.MAX_FEATURES; i++) {
            many.append(i == 0 ? "" : ",").append("{\"type\":\"Feature\"}");
        }
        many.append("]}");
        return Stream.of(
                Arguments.of("empty body", "/api/buildings/import", "", ""),
                Arguments.of("malformed JSON", "/api/buildings/import", "{\"type\":\"FeatureCollection\",\"features\":[" + ok, ""),
                Arguments.of("NaN coordinate", "/api/buildings/import",
                        collection(ok, feature("bad-1", "Polygon", "[[[113.64,34.72],[NaN,34.72],[113.6402,34.7203],[113.64,34.72]]]", "")), ""),
                Arguments.of("infinite coordinate", "/api/buildings/import",
                        collection(ok, feature("bad-1", "Polygon", infinite, "")), "/features/1/geometry/coordinates/0/1/0"),
                Arguments.of("latitude 95", "/api/buildings/import",
                        collection(ok, feature("bad-1", "Polygon", latTooBig, "")), "/features/1/geometry/coordinates/0/1/1"),
                Arguments.of("point geometry", "/api/buildings/import",
                        collection(ok, feature("bad-1", "Point", "[113.64,34.72]", "")), "/features/1/geometry/type"),
                Arguments.of("two-part multipolygon", "/api/buildings/import",
                        collection(ok, feature("bad-1", "MultiPolygon", "[[" + rect + "],[" + rect + "]]", "")), "/features/1/geometry/coordinates"),
                Arguments.of("self-intersecting polygon", "/api/buildings/import",
                        collection(ok, feature("bad-1", "Polygon", bowtie, "")), "/features/1/geometry"),
                Arguments.of("unknown use", "/api/buildings/import",
                        collection(ok, good("bad-1", LON + 0.008, LAT).replace("residential", "castle")), "/features/1/properties/use"),
                Arguments.of("floors 0", "/api/buildings/import",
                        collection(ok, good("bad-1", LON + 0.008, LAT).replace("\"floors\":6", "\"floors\":0")), "/features/1/properties/floors"),
                Arguments.of("floors 201", "/api/buildings/import",
                        collection(ok, good("bad-1", LON + 0.008, LAT).replace("\"floors\":6", "\"floors\":201")), "/features/1/properties/floors"),
                Arguments.of("duplicate id", "/api/buildings/import",
                        collection(ok, good("bad-0", LON + 0.008, LAT)), "/features/1/properties/id"),
                Arguments.of("outside every district", "/api/buildings/import", collection(ok, nowhere), "/features/1/geometry"),
                Arguments.of("not a FeatureCollection", "/api/buildings/import", ok, "/type"),
                Arguments.of("no features", "/api/buildings/import", collection(), "/features"),
                Arguments.of("more than 50,000 features", "/api/buildings/import", many.toString(), "/features"));
    }

    @ParameterizedTest(name = "{0} → 400 naming {3}, nothing written")
    @MethodSource("badImports")
    void badImportIsRefusedWholeAndNamesThePlace(String label, String path, String body, String pointer) throws SQLException {
        long before = count();
        Http.Response r = http.postJson(path, body, planner);
        assertEquals(400, r.status(), r.body());
        assertTrue(r.contentType().startsWith("application/problem+json"), r.contentType());
        assertEquals("/problems/invalid-body", r.map().get("type"));
        List<?> errors = (List<?>) r.map().get("errors");
        assertEquals(pointer, ((Map<?, ?>) errors.get(0)).get("pointer"), r.body());
        String detail = (String) r.map().get("detail");
        assertTrue(detail.contains("Nothing was imported") || detail.startsWith("The body"), detail);
        assertFalse(detail.contains("Exception") || detail.contains("[Source"), detail);
        assertEquals(before, count(), "nothing written");
        assertEquals(404, http.get("/api/buildings/bad-0", planner).status());
    }

    @Test
    void jsonSyntaxErrorNamesLineAndColumnWithoutParserInternals() {
        Http.Response r = http.postJson("/api/buildings/import", "{\"type\":\"FeatureCollection\",\n\"features\":[NaN]}", planner);
        assertEquals(400, r.status(), r.body());
        String detail = (String) r.map().get("detail");
        assertTrue(detail.contains("'NaN'") && detail.contains("(line 2, column"), detail);
        assertFalse(detail.contains("Source") || detail.contains("enable"), detail);
    }

    @Test
    void unknownCrsIs400NamingTheParameter() throws SQLException {
        long before = count();
        Http.Response r = http.postJson("/api/buildings/import?crs=utm50", collection(good("crs-1", LON, LAT)), planner);
        assertEquals(400, r.status(), r.body());
        assertEquals("crs", ((Map<?, ?>) ((List<?>) r.map().get("errors")).get(0)).get("parameter"));
        assertEquals(before, count());
    }

    @Test
    void importWithoutTokenIs401() throws SQLException {
        long before = count();
        Http.Response r = http.postJson("/api/buildings/import", collection(good("anon-1", LON, LAT)), null);
        assertEquals(401, r.status(), r.body());
        assertTrue(r.contentType().startsWith("application/problem+json"), r.contentType());
        assertEquals(before, count());
    }

    @Test
    void importAsGridWorkerIs403() throws SQLException {
        long before = count();
        String worker = http.login("worker", DemoUsers.DEMO_PASSWORD);
        Http.Response r = http.postJson("/api/buildings/import", collection(good("worker-1", LON, LAT)), worker);
        assertEquals(403, r.status(), r.body());
        assertTrue(r.contentType().startsWith("application/problem+json"), r.contentType());
        assertEquals(before, count());
    }

    @Test
    void adminMayImport() {
        String admin = http.login("admin", DemoUsers.DEMO_PASSWORD);
        assertEquals(200, http.postJson("/api/buildings/import", collection(good("admin-1", LON + 0.009, LAT)), admin).status());
    }

    @Test
    void readingABuildingNeedsATokenEvenWithPublicGridRead() {
        Http.Response r = http.get("/api/buildings/410103001001001001-B01");
        assertEquals(401, r.status(), r.body());
        assertEquals(401, http.get("/api/buildings/at?lon=113.64&lat=34.72").status());
    }

    @Test
    void anyRoleMayReadABuilding() {
        String worker = http.login("worker", DemoUsers.DEMO_PASSWORD);
        Http.Response r = http.get("/api/buildings/410103001001001001-B01", worker);
        assertEquals(200, r.status(), r.body());
        assertEquals("410103001001001001", props(r).get("microCode"));
        assertEquals("Polygon", ((Map<?, ?>) r.map().get("geometry")).get("type"));
    }

    @Test
    void unknownBuildingIs404Problem() {
        Http.Response r = http.get("/api/buildings/no-such-building", planner);
        assertEquals(404, r.status());
        assertTrue(r.contentType().startsWith("application/problem+json"), r.contentType());
    }

    @Test
    void malformedIdIs400NamingTheParameter() {
        Http.Response r = http.get("/api/buildings/a%20b", planner);
        assertEquals(400, r.status(), r.body());
        assertEquals("id", ((Map<?, ?>) ((List<?>) r.map().get("errors")).get(0)).get("parameter"));
    }
}
