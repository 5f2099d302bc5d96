package cn.yiwang.planner;

import static cn.yiwang.planner.PlannerFixture.CELL;
import static cn.yiwang.planner.PlannerFixture.L3;
import static cn.yiwang.planner.PlannerFixture.LAT0;
import static cn.yiwang.planner.PlannerFixture.LON0;
import static cn.yiwang.planner.PlannerFixture.micro;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import javax.sql.DataSource;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.io.ByteOrderValues;
import org.locationtech.jts.io.WKBWriter;
import org.locationtech.jts.io.WKTReader;
import org.locationtech.proj4j.CRSFactory;
import org.locationtech.proj4j.CoordinateTransform;
import org.locationtech.proj4j.CoordinateTransformFactory;
import org.locationtech.proj4j.ProjCoordinate;

import cn.yiwang.grid.GridService;
import cn.yiwang.planner.exchange.GeoPackageGridWriter;
import cn.yiwang.planner.exchange.ShapefileBytes;
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
 * Import and export of grid boundaries through the API on the planner fixture (3 × 3 micro grids of
 * 0.002° at lon 100.5, lat 25; {@link PlannerFixture}): each format into a draft (GeoJSON, a GeoPackage
 * exported and edited with plain SQLite as QGIS would, a zipped Shapefile in a CGCS2000 Gauss-Krüger zone
 * with GBK names), export current and at a past time, and every bad input of the issue refused with a
 * problem+json naming the place and no draft left behind.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GridExchangeApiTest implements PostgisTest {

    @Inject
    EmbeddedServer server;
    @Inject
    JsonMapper json;
    @Inject
    DataSource dataSource;
    @Inject
    GridService grids;
    @Inject
    UserRepository users;
    @Inject
    PasswordHasher hasher;

    Http http;
    String planner;
    final HttpClient client = HttpClient.newHttpClient();

    record Answer(int status, String contentType, byte[] body) {
        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    @BeforeAll
    void users() {
        http = new Http(server, json);
        users.insertIfAbsent("plan419901", hasher.hash(DemoUsers.DEMO_PASSWORD), Role.PLANNER, PlannerFixture.DISTRICT, "规划测试员", true);
        planner = http.login("plan419901", DemoUsers.DEMO_PASSWORD);
    }

    @BeforeEach
    void fixture() throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            PlannerFixture.create(c);
        }
        grids.reload();
    }

    @AfterAll
    void cleanUp() throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            PlannerFixture.drop(c);
        }
        grids.reload();
    }

    // ---- helpers

    Answer send(String method, String pathAndQuery, byte[] body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.getURI() + pathAndQuery))
                .header("Authorization", "Bearer " + planner)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        if (body != null) {
            b.header("Content-Type", "application/octet-stream");
        }
        HttpResponse<byte[]> r = client.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
        return new Answer(r.statusCode(), r.headers().firstValue("content-type").orElse(""), r.body());
    }

    Answer importFile(String query, byte[] file) throws Exception {
        return send("POST", "/api/planner/imports?parent=" + L3 + "&" + query, file);
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> map(Answer a) throws Exception {
        return json.readValue(a.body(), Map.class);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> draft(Map<String, Object> result) {
        return (Map<String, Object>) result.get("draft");
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> report(Map<String, Object> result) {
        return (Map<String, Object>) result.get("report");
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> impact(Map<String, Object> draft) {
        Http.Response r = http.get("/api/planner/drafts/" + ((Number) draft.get("id")).longValue() + "/impact", planner);
        assertEquals(200, r.status(), r.body());
        return r.map();
    }

    long drafts() throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*) FROM grid_draft WHERE parent_code LIKE '" + PlannerFixture.DISTRICT + "%'")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** A refusal: 400 problem+json whose detail and errors name {@code where}; no draft was written. */
    @SuppressWarnings("unchecked")
    void assertRefused(Answer a, String where, String words, long draftsBefore) throws Exception {
        assertEquals(400, a.status(), a.text());
        assertTrue(a.contentType().startsWith("application/problem+json"), a.contentType());
        Map<String, Object> problem = map(a);
        String detail = (String) problem.get("detail");
        assertTrue(detail.contains(where) && detail.contains(words), "detail should name " + where + " and say '" + words + "': " + detail);
        List<Map<String, Object>> errors = (List<Map<String, Object>>) problem.get("errors");
        assertTrue(errors.stream().anyMatch(e -> where.equals(e.get("pointer")) || where.equals(e.get("parameter"))
                || String.valueOf(e.get("pointer")).startsWith(where)), "errors should name " + where + ": " + errors);
        assertEquals(draftsBefore, drafts(), "a refused import must not leave a draft");
    }

    static String ring(double... lonLat) {
        StringBuilder s = new StringBuilder("[[");
        for (int i = 0; i < lonLat.length; i += 2) {
            s.append(i == 0 ? "" : ",").append(String.format(Locale.ROOT, "[%.9f,%.9f]", lonLat[i], lonLat[i + 1]));
        }
        return s.append("]]").toString();
    }

    static String feature(String code, String name, String polygonCoordinates) {
        return "{\"type\":\"Feature\",\"properties\":{\"code\":\"" + code + "\",\"name\":\"" + name + "\"},"
                + "\"geometry\":{\"type\":\"Polygon\",\"coordinates\":" + polygonCoordinates + "}}";
    }

    /** The fixture's nine micro grids as GeoJSON features, micro 1 and 2 sharing an edge moved east by {@code shift}°. */
    static List<String> nine(double shift) {
        List<String> out = new ArrayList<>();
        for (int k = 1; k <= 9; k++) {
            int row = (k - 1) / 3;
            int col = (k - 1) % 3;
            double x0 = LON0 + col * CELL;
            double y0 = LAT0 + row * CELL;
            double x1 = x0 + CELL;
            double y1 = y0 + CELL;
            if (k == 1) {
                x1 += shift;
            }
            if (k == 2) {
                x0 += shift;
            }
            out.add(feature(micro(k), "微网格" + k, ring(x0, y0, x1, y0, x1, y1, x0, y1, x0, y0)));
        }
        return out;
    }

    static byte[] collection(List<String> features) {
        return ("{\"type\":\"FeatureCollection\",\"features\":[" + String.join(",", features) + "]}").getBytes(StandardCharsets.UTF_8);
    }

    // ---- each format

    @Test
    @SuppressWarnings("unchecked")
    void aGeoJsonImportBecomesADraftWhoseCommitTheExportShowsNowAndNotBefore() throws Exception {
        Instant before = Instant.now();
        Answer a = importFile("format=geojson", collection(nine(0.0005)));
        assertEquals(201, a.status(), a.text());
        Map<String, Object> result = map(a);
        assertEquals("EPSG:4326", report(result).get("crs"));
        assertEquals(9, ((Number) report(result).get("features")).intValue());
        Map<String, Object> draft = draft(result);
        assertEquals(List.of(), draft.get("problems"), "a clean tiling has no problems");
        Map<String, Object> impact = impact(draft);
        assertEquals(List.of(micro(1), micro(2)), impact.get("changed"));

        Http.Response commit = http.postJson("/api/planner/drafts/" + ((Number) draft.get("id")).longValue() + "/commit",
                "{\"reason\":\"导入测试\"}", planner);
        assertEquals(200, commit.status(), commit.body());

        Map<String, Object> now = map(send("GET", "/api/planner/export?parent=" + L3 + "&format=geojson", null));
        Map<String, Object> then = map(send("GET", "/api/planner/export?parent=" + L3 + "&format=geojson&at="
                + java.net.URLEncoder.encode(before.atOffset(java.time.ZoneOffset.ofHours(8)).toString(), StandardCharsets.UTF_8), null));
        assertEquals(9, ((List<Object>) now.get("features")).size());
        assertEquals(9, ((List<Object>) then.get("features")).size());
        assertEquals(CELL * CELL * 1.25, area(now, micro(1)), 1e-10, "the committed micro grid 1 is a quarter wider");
        assertEquals(CELL * CELL, area(then, micro(1)), 1e-10, "before the commit it was the fixture's square");
        assertEquals(0, ((List<Object>) map(send("GET", "/api/planner/export?parent=" + L3 + "&format=geojson&at="
                + Instant.now().minusSeconds(40L * 86400), null)).get("features")).size(), "nothing existed 40 days ago");
    }

    @SuppressWarnings("unchecked")
    static double area(Map<String, Object> collection, String code) throws Exception {
        for (Object o : (List<Object>) collection.get("features")) {
            Map<String, Object> f = (Map<String, Object>) o;
            if (code.equals(((Map<String, Object>) f.get("properties")).get("code"))) {
                Map<String, Object> g = (Map<String, Object>) f.get("geometry");
                return new org.locationtech.jts.io.geojson.GeoJsonReader().read(new com.fasterxml.jackson.databind.ObjectMapper()
                        .writeValueAsString(g)).getArea();
            }
        }
        throw new AssertionError(code + " not exported");
    }

    @Test
    void aGeoPackageExportEditedWithPlainSqliteImportsBackWithExactlyThatGridChanged() throws Exception {
        Answer exported = send("GET", "/api/planner/export?parent=" + L3 + "&format=gpkg", null);
        assertEquals(200, exported.status(), exported.text());
        assertTrue(exported.contentType().startsWith("application/geopackage+sqlite3"), exported.contentType());
        File file = Files.createTempFile("yiwang-roundtrip", ".gpkg").toFile();
        try {
            Files.write(file.toPath(), exported.body());
            String target = micro(5);
            try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file.getAbsolutePath())) {
                try (Statement st = c.createStatement();
                     ResultSet rs = st.executeQuery("SELECT srs_id FROM gpkg_geometry_columns WHERE table_name = 'grids' AND column_name = 'geom'")) {
                    assertTrue(rs.next(), "gpkg_geometry_columns registers the layer");
                    assertEquals(4326, rs.getInt(1));
                }
                try (Statement st = c.createStatement();
                     ResultSet rs = st.executeQuery("SELECT count(*), min(data_type) FROM gpkg_contents WHERE table_name = 'grids'")) {
                    rs.next();
                    assertEquals(1, rs.getInt(1));
                    assertEquals("features", rs.getString(2));
                }
                // Micro grid 5 (the centre) loses a 0.0005° strip along its north edge, as a QGIS vertex edit would.
                double x0 = LON0 + CELL;
                double y0 = LAT0 + CELL;
                Geometry edited = new WKTReader().read(String.format(Locale.ROOT, "MULTIPOLYGON(((%.7f %.7f, %.7f %.7f, %.7f %.7f, %.7f %.7f, %.7f %.7f)))",
                        x0, y0, x0 + CELL, y0, x0 + CELL, y0 + CELL - 0.0005, x0, y0 + CELL - 0.0005, x0, y0));
                try (PreparedStatement ps = c.prepareStatement("UPDATE grids SET geom = ? WHERE code = ?")) {
                    ps.setBytes(1, gpkgBlob(edited));
                    ps.setString(2, target);
                    assertEquals(1, ps.executeUpdate());
                }
            }
            Answer a = importFile("format=gpkg", Files.readAllBytes(file.toPath()));
            assertEquals(201, a.status(), a.text());
            Map<String, Object> result = map(a);
            assertEquals("EPSG:4326", report(result).get("crs"));
            assertEquals(GeoPackageGridWriter.TABLE, report(result).get("table"));
            Map<String, Object> impact = impact(draft(result));
            assertEquals(List.of(target), impact.get("changed"), "exactly the edited grid changed");
            assertEquals(List.of(), impact.get("created"));
            assertEquals(List.of(), impact.get("retired"));
            assertTrue(PlannerApiTest.kinds(draft(result)).contains("gap"), "the strip is a gap: " + PlannerApiTest.kinds(draft(result)));
        } finally {
            Files.deleteIfExists(file.toPath());
        }
    }

    /** A GeoPackage geometry blob: header (magic, version 0, little-endian, no envelope, SRID 4326) + WKB. */
    static byte[] gpkgBlob(Geometry g) {
        byte[] wkb = new WKBWriter(2, ByteOrderValues.LITTLE_ENDIAN).write(g);
        ByteBuffer b = ByteBuffer.allocate(8 + wkb.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 'G').put((byte) 'P').put((byte) 0).put((byte) 1).putInt(4326).put(wkb);
        return b.array();
    }

    /** The fixture's micro grids as polygons in EPSG:4543 (CGCS2000 3° Gauss-Krüger CM 102°E), projected with proj4j here. */
    static List<Polygon> projected(String proj4) {
        CRSFactory f = new CRSFactory();
        CoordinateTransform t = new CoordinateTransformFactory().createTransform(f.createFromParameters("ll", "+proj=longlat +ellps=GRS80 +no_defs"),
                f.createFromParameters("gk", proj4));
        GeometryFactory gf = new GeometryFactory();
        List<Polygon> out = new ArrayList<>();
        for (int k = 1; k <= 9; k++) {
            int row = (k - 1) / 3;
            int col = (k - 1) % 3;
            double x0 = LON0 + col * CELL;
            double y0 = LAT0 + row * CELL;
            double[][] corners = {{x0, y0}, {x0 + CELL, y0}, {x0 + CELL, y0 + CELL}, {x0, y0 + CELL}, {x0, y0}};
            Coordinate[] cs = new Coordinate[corners.length];
            for (int i = 0; i < corners.length; i++) {
                ProjCoordinate p = new ProjCoordinate();
                t.transform(new ProjCoordinate(corners[i][0], corners[i][1]), p);
                cs[i] = new Coordinate(p.x, p.y);
            }
            out.add(gf.createPolygon(cs));
        }
        return out;
    }

    static final String PRJ_CM_102 = "PROJCS[\"CGCS2000_3_Degree_GK_CM_102E\",GEOGCS[\"GCS_China_Geodetic_Coordinate_System_2000\","
            + "DATUM[\"D_China_2000\",SPHEROID[\"CGCS2000\",6378137.0,298.257222101]],PRIMEM[\"Greenwich\",0.0],"
            + "UNIT[\"Degree\",0.0174532925199433]],PROJECTION[\"Gauss_Kruger\"],PARAMETER[\"False_Easting\",500000.0],"
            + "PARAMETER[\"False_Northing\",0.0],PARAMETER[\"Central_Meridian\",102.0],PARAMETER[\"Scale_Factor\",1.0],"
            + "PARAMETER[\"Latitude_Of_Origin\",0.0],UNIT[\"Meter\",1.0]]";

    Map<String, byte[]> gaussKrugerShapefile(String prj, String cpg, Charset charset, byte ldid) {
        List<List<String>> values = new ArrayList<>();
        for (int k = 1; k <= 9; k++) {
            values.add(List.of(micro(k), "微网格" + k + "（新名）"));
        }
        return ShapefileBytes.layer("grids", projected("+proj=tmerc +lat_0=0 +lon_0=102 +k=1 +x_0=500000 +y_0=0 +ellps=GRS80 +units=m +no_defs"),
                List.of("CODE", "NAME"), values, charset, ldid, prj, cpg);
    }

    @Test
    @SuppressWarnings("unchecked")
    void aZippedShapefileInAGaussKrugerZoneWithGbkNamesImportsOntoTheSameBoundaries() throws Exception {
        Answer a = importFile("format=shp", ShapefileBytes.zip(gaussKrugerShapefile(PRJ_CM_102, "GBK", Charset.forName("GBK"), (byte) 0)));
        assertEquals(201, a.status(), a.text());
        Map<String, Object> result = map(a);
        assertEquals("EPSG:4543", report(result).get("crs"));
        assertEquals(".prj WKT", report(result).get("crsSource"));
        assertEquals("GBK", report(result).get("charset"));
        Map<String, Object> draft = draft(result);
        assertEquals(List.of(), draft.get("problems"), "the reprojected squares tile the parent again");
        List<Map<String, Object>> features = PlannerApiTest.features(draft);
        assertEquals("微网格1（新名）", ((Map<String, Object>) features.get(0).get("properties")).get("name"));
        Map<String, Object> impact = impact(draft);
        List<Map<String, Object>> figures = (List<Map<String, Object>>) impact.get("grids");
        for (Map<String, Object> g : figures) {
            double before = ((Number) ((Map<String, Object>) g.get("before")).get("areaSqm")).doubleValue();
            double after = ((Number) ((Map<String, Object>) g.get("after")).get("areaSqm")).doubleValue();
            assertEquals(before, after, 0.05, "the Gauss-Krüger round trip keeps " + g.get("code") + " to the square centimetre");
        }
        assertEquals(List.of(), impact.get("buildings"), "no building moves");
    }

    @Test
    void aShapefileWithoutPrjNeedsTheCrsParameter() throws Exception {
        Map<String, byte[]> layer = gaussKrugerShapefile(null, null, StandardCharsets.UTF_8, (byte) 0);
        long before = drafts();
        assertRefused(importFile("format=shp", ShapefileBytes.zip(layer)), "crs", "no .prj", before);
        Answer a = importFile("format=shp&crs=EPSG:4543", ShapefileBytes.zip(layer));
        assertEquals(201, a.status(), a.text());
        assertEquals("crs parameter", report(map(a)).get("crsSource"));
    }

    // ---- bad input

    @Test
    void aPolygonOfAMillionVerticesIsRefusedFromItsRecordHeader() throws Exception {
        int n = 1_000_000;
        ByteBuffer b = ByteBuffer.allocate(44 + 4 + 16 * n).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(5).putDouble(LON0).putDouble(LAT0).putDouble(LON0 + CELL).putDouble(LAT0 + CELL).putInt(1).putInt(n).putInt(0);
        for (int i = 0; i < n - 1; i++) {
            double angle = -2 * Math.PI * i / (n - 1);
            b.putDouble(LON0 + CELL / 2 + CELL / 2 * Math.cos(angle)).putDouble(LAT0 + CELL / 2 + CELL / 2 * Math.sin(angle));
        }
        b.putDouble(LON0 + CELL).putDouble(LAT0 + CELL / 2);
        Map<String, byte[]> layer = ShapefileBytes.layerOfRecords("big", List.of(b.array()), new Envelope(LON0, LON0 + CELL, LAT0, LAT0 + CELL),
                List.of("code", "name"), List.of(List.of(micro(1), "大")), StandardCharsets.UTF_8, (byte) 0, null, null, new LinkedHashMap<>());
        long before = drafts();
        assertRefused(importFile("format=shp&crs=EPSG:4490", ShapefileBytes.zip(layer)), "record 1", "1000000 vertices", before);
    }

    @Test
    void aBowTieIsRefusedWithItsLocation() throws Exception {
        List<String> features = nine(0);
        double x0 = LON0;
        double y0 = LAT0;
        features.set(0, feature(micro(1), "蝴蝶结", ring(x0, y0, x0 + CELL, y0 + CELL, x0 + CELL, y0, x0, y0 + CELL, x0, y0)));
        long before = drafts();
        Answer a = importFile("format=geojson", collection(features));
        assertRefused(a, "/features/0", "Self-intersection", before);
        assertTrue(a.text().contains(String.format(Locale.ROOT, "lon %.7f, lat %.7f", x0 + CELL / 2, y0 + CELL / 2)), a.text());
    }

    @Test
    void aPolygonOnTheOtherSideOfTheWorldIsRefused() throws Exception {
        List<String> features = nine(0);
        features.set(4, feature(micro(5), "对跖", ring(-79.5, -25, -79.498, -25, -79.498, -24.998, -79.5, -24.998, -79.5, -25)));
        long before = drafts();
        assertRefused(importFile("format=geojson", collection(features)), "/features/4", "far from the parent", before);
    }

    @Test
    void aFileThatClaimsGeoJsonButIsNotIsRefused() throws Exception {
        long before = drafts();
        assertRefused(importFile("format=geojson", "<kml><Placemark/></kml>".getBytes(StandardCharsets.UTF_8)), "file", "not JSON", before);
        assertRefused(importFile("format=geojson", ShapefileBytes.zip(Map.of("a.txt", new byte[1]))), "file", "is a zip", before);
        assertRefused(importFile("format=gpkg", collection(nine(0))), "file", "not an SQLite database", before);
        assertRefused(importFile("format=geojson", "{\"type\":\"Feature\"}".getBytes(StandardCharsets.UTF_8)), "/type", "FeatureCollection", before);
    }

    @Test
    void aZipBombAndAZipWithParentPathsAreRefused() throws Exception {
        long before = drafts();
        byte[] bomb = ShapefileBytes.zip(Map.of("grids.dbf", new byte[140_000_000]));
        assertTrue(bomb.length < 1_000_000, "the bomb is small: " + bomb.length);
        assertRefused(importFile("format=shp", bomb), "file/grids.dbf", "inflates to more than", before);
        Map<String, byte[]> evil = new LinkedHashMap<>(gaussKrugerShapefile(PRJ_CM_102, null, StandardCharsets.UTF_8, (byte) 0));
        evil.put("../../etc/cron.d/grids", new byte[] {1});
        assertRefused(importFile("format=shp", ShapefileBytes.zip(evil)), "file/../../etc/cron.d/grids", "outside the archive", before);
        Map<String, byte[]> many = new LinkedHashMap<>();
        for (int i = 0; i < 17; i++) {
            many.put("f" + i + ".txt", new byte[1]);
        }
        assertRefused(importFile("format=shp", ShapefileBytes.zip(many)), "file", "more than 16 entries", before);
    }

    @Test
    void duplicateCodesAreRefusedNamingBothFeatures() throws Exception {
        List<String> features = nine(0);
        features.set(3, features.get(3).replace(micro(4), micro(2)));
        long before = drafts();
        Answer a = importFile("format=geojson", collection(features));
        assertRefused(a, "/features/3", "repeats code " + micro(2) + " of /features/1", before);
    }

    @Test
    void importAndExportCheckRoleAndScope() throws Exception {
        String dispatcher = http.login("dispatcher", DemoUsers.DEMO_PASSWORD);
        HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(server.getURI() + "/api/planner/imports?format=geojson&parent=" + L3))
                .header("Authorization", "Bearer " + dispatcher).POST(HttpRequest.BodyPublishers.ofByteArray(collection(nine(0))))
                .header("Content-Type", "application/octet-stream").build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(403, r.statusCode(), r.body());
        Answer outside = send("GET", "/api/planner/export?parent=410103&format=geojson", null);
        assertEquals(403, outside.status(), outside.text());
        Answer badFormat = send("GET", "/api/planner/export?parent=" + L3 + "&format=kml", null);
        assertEquals(400, badFormat.status(), badFormat.text());
        assertTrue(badFormat.text().contains("format"), badFormat.text());
        assertNotNull(map(badFormat).get("errors"));
    }
}
