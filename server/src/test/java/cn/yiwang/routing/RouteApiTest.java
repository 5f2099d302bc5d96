package cn.yiwang.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.Point;

import cn.yiwang.data.GridGenerator;
import cn.yiwang.data.GridLevel;
import cn.yiwang.data.GridRecord;
import cn.yiwang.geo.ChinaCoordinateTransformer;
import cn.yiwang.geo.CoordinateSystem;
import cn.yiwang.grid.GridService;
import cn.yiwang.testing.Http;
import cn.yiwang.testing.PostgisTest;
import io.micronaut.json.JsonMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;

/** {@code POST /api/route} and {@link RoutingService} on the Erqi demo grids in the real PostGIS. */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RouteApiTest implements PostgisTest {

    /** Inside Erqi's old town. */
    static final double LON = 113.64;
    static final double LAT = 34.72;

    @Inject
    EmbeddedServer server;
    @Inject
    JsonMapper json;
    @Inject
    RoutingService routing;
    @Inject
    GridService grids;
    @Inject
    ResponsibilityLookup responsibility;
    @Inject
    javax.sql.DataSource dataSource;
    @Inject
    cn.yiwang.cases.DutyRoster roster;
    Http http;
    String token;
    List<GridRecord> erqi;

    @BeforeAll
    void client() {
        http = new Http(server, json);
        token = http.login("dispatcher", "yiwang-demo");
        erqi = GridGenerator.erqi(GridGenerator.DEFAULT_SEED);
    }

    private Http.Response post(String body) {
        return http.postJson("/api/route", body, token);
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> results(Http.Response r) {
        return (List<Map<String, Object>>) r.map().get("results");
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> list(Map<String, Object> m, String key) {
        return (List<Map<String, Object>>) m.get(key);
    }

    private static double num(Object o) {
        return ((Number) o).doubleValue();
    }

    private static String points(double[]... lonLats) {
        return "[" + java.util.Arrays.stream(lonLats)
                .map(p -> String.format(Locale.ROOT, "{\"lon\":%.12f,\"lat\":%.12f}", p[0], p[1]))
                .collect(Collectors.joining(",")) + "]";
    }

    @Test
    void routesABatchInOrderWithTheWholeChain() {
        Http.Response r = post("{\"points\":[{\"id\":\"a\",\"lon\":" + LON + ",\"lat\":" + LAT + ",\"category\":\"SRHJ-01\"},"
                + "{\"id\":7,\"lon\":121.47,\"lat\":31.23}]}");
        assertEquals(200, r.status(), r.body());
        assertTrue(r.contentType().startsWith("application/json"), r.contentType());
        List<Map<String, Object>> results = results(r);
        assertEquals(2, results.size());
        Map<String, Object> a = results.get(0);
        assertEquals("a", a.get("id"));
        assertEquals("SRHJ-01", a.get("category"), "category is echoed");
        assertEquals(Boolean.TRUE, a.get("assigned"));
        assertNull(a.get("queue"));
        assertEquals(0.0, num(a.get("snappedMeters")));
        List<Map<String, Object>> chain = list(a, "chain");
        assertEquals(List.of("micro", "l3", "l2", "l1", "district"), chain.stream().map(c -> c.get("level")).toList());
        assertEquals(a.get("micro"), chain.get(0).get("code"));
        for (int i = 1; i < chain.size(); i++) {
            assertTrue(((String) chain.get(i - 1).get("code")).startsWith((String) chain.get(i).get("code")), "codes nest");
        }
        assertEquals("410103", chain.get(4).get("code"));
        assertEquals(a.get("micro"), ((Map<?, ?>) a.get("primary")).get("code"), "no special grid here: the micro grid is primary");
        // Agrees with the read API's locator.
        assertEquals(a.get("micro"), grids.at(LON, LAT, CoordinateSystem.WGS84).chain().get(0).code());
        Map<String, Object> shanghai = results.get(1);
        assertEquals("7", shanghai.get("id"), "numeric ids are echoed as text");
        assertEquals(Boolean.FALSE, shanghai.get("assigned"));
        assertEquals("unassigned", shanghai.get("queue"));
        assertNull(shanghai.get("micro"));
        assertNull(shanghai.get("primary"));
        assertEquals(List.of(), shanghai.get("chain"));
    }

    @Test
    void aGcj02PointRoutesLikeItsWgs84Equivalent() {
        SplittableRandom random = new SplittableRandom(3);
        List<double[]> wgs = new ArrayList<>();
        List<double[]> gcj = new ArrayList<>();
        List<double[]> bd = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            double lon = 113.55 + random.nextDouble() * 0.12;
            double lat = 34.62 + random.nextDouble() * 0.12;
            wgs.add(new double[] {lon, lat});
            gcj.add(ChinaCoordinateTransformer.wgs84ToGcj02(lon, lat));
            bd.add(ChinaCoordinateTransformer.fromWgs84(CoordinateSystem.BD09, lon, lat));
        }
        List<Map<String, Object>> fromWgs = results(post("{\"points\":" + points(wgs.toArray(double[][]::new)) + "}"));
        List<Map<String, Object>> fromGcj = results(post("{\"crs\":\"gcj02\",\"points\":" + points(gcj.toArray(double[][]::new)) + "}"));
        List<Map<String, Object>> fromBd = results(post("{\"crs\":\"BD-09\",\"points\":" + points(bd.toArray(double[][]::new)) + "}"));
        int assigned = 0;
        for (int i = 0; i < wgs.size(); i++) {
            assertEquals(fromWgs.get(i).get("micro"), fromGcj.get(i).get("micro"), "point " + i);
            assertEquals(fromWgs.get(i).get("micro"), fromBd.get(i).get("micro"), "point " + i);
            Map<?, ?> back = (Map<?, ?>) fromGcj.get(i).get("wgs84");
            assertEquals(wgs.get(i)[0], num(back.get("lon")), 1e-9);
            assertEquals(wgs.get(i)[1], num(back.get("lat")), 1e-9);
            assertEquals("gcj02", ((Map<?, ?>) fromGcj.get(i).get("input")).get("crs"));
            assigned += Boolean.TRUE.equals(fromWgs.get(i).get("assigned")) ? 1 : 0;
        }
        assertTrue(assigned > 100, "assigned " + assigned);
        // Read as if WGS84, the GCJ-02 coordinates (hundreds of metres off) land elsewhere for most points.
        List<Map<String, Object>> naive = results(post("{\"points\":" + points(gcj.toArray(double[][]::new)) + "}"));
        long differ = IntStream.range(0, wgs.size()).filter(i -> !java.util.Objects.equals(naive.get(i).get("micro"), fromWgs.get(i).get("micro"))).count();
        assertTrue(differ > 100, "the conversion matters: " + differ);
    }

    @Test
    void aPerPointCrsOverridesTheBatchCrs() {
        double[] gcj = ChinaCoordinateTransformer.wgs84ToGcj02(LON, LAT);
        Http.Response r = post(String.format(Locale.ROOT, "{\"crs\":\"gcj02\",\"points\":[{\"lon\":%s,\"lat\":%s},"
                + "{\"lon\":%s,\"lat\":%s,\"crs\":\"wgs84\"}]}", gcj[0], gcj[1], LON, LAT));
        assertEquals(200, r.status(), r.body());
        assertEquals(results(r).get(0).get("micro"), results(r).get(1).get("micro"));
        assertEquals("wgs84", ((Map<?, ?>) results(r).get(1).get("input")).get("crs"));
    }

    @Test
    void aPointJustOutsideTheDistrictSnapsAndAFarOneGoesToTheUnassignedQueue() {
        Geometry district = erqi.stream().filter(g -> g.level() == GridLevel.DISTRICT).findFirst().orElseThrow().geometry();
        double west = district.getEnvelopeInternal().getMinX();
        // West of the westmost vertex, at its latitude: 50 m and 2 km outside.
        Coordinate westmost = java.util.Arrays.stream(district.getCoordinates()).filter(c -> c.x == west).findFirst().orElseThrow();
        double metersPerDegreeLon = 111_320.0 * Math.cos(Math.toRadians(westmost.y));
        RouteResult near = routing.route(west - 50 / metersPerDegreeLon, westmost.y, CoordinateSystem.WGS84, null);
        assertTrue(near.assigned());
        assertEquals(50, near.snappedMeters(), 1.0);
        assertNull(near.queue());
        RouteResult far = routing.route(west - 2000 / metersPerDegreeLon, westmost.y, CoordinateSystem.WGS84, null);
        assertFalse(far.assigned());
        assertEquals(RouteResult.UNASSIGNED_QUEUE, far.queue());
        assertNull(far.snappedMeters());
        assertNull(near.nearDistrictBoundary(), "50 m is beyond the default 30 m reach");
        RouteResult closer = routing.route(west - 20 / metersPerDegreeLon, westmost.y, CoordinateSystem.WGS84, null);
        assertEquals(20, closer.snappedMeters(), 1.0);
        assertEquals(20, closer.nearDistrictBoundary(), 1.0, "20 m outside the outline: flagged");
    }

    @Test
    void pointsNearTheDistrictOutlineAreFlagged() {
        Geometry district = erqi.stream().filter(g -> g.level() == GridLevel.DISTRICT).findFirst().orElseThrow().geometry();
        Point centre = district.getInteriorPoint();
        Coordinate[] ring = district.getCoordinates();
        int flagged = 0;
        for (int i = 0; i < ring.length - 1; i += 10) {
            // 10 m from the outline, towards the interior point.
            Coordinate c = ring[i];
            double kx = 111_320.0 * Math.cos(Math.toRadians(c.y));
            double dx = (centre.getX() - c.x) * kx;
            double dy = (centre.getY() - c.y) * 111_320.0;
            double len = Math.hypot(dx, dy);
            double lon = c.x + dx / len * 10 / kx;
            double lat = c.y + dy / len * 10 / 111_320.0;
            RouteResult r = routing.route(lon, lat, CoordinateSystem.WGS84, null);
            assertNotNull(r.nearDistrictBoundary(), "10 m from the outline at " + lon + "," + lat);
            assertTrue(r.nearDistrictBoundary() <= 10.01, "distance " + r.nearDistrictBoundary());
            assertEquals(List.of(), r.nearDistricts(), "Erqi alone: only its own outline");
            flagged++;
        }
        assertTrue(flagged > 10);
        assertNull(routing.route(LON, LAT, CoordinateSystem.WGS84, null).nearDistrictBoundary(), "old town, far from the outline");
    }

    @Test
    void aPointInsideASpecialGridNamesItAsPrimary() {
        GridRecord special = erqi.stream().filter(g -> g.level() == GridLevel.SPECIAL).findFirst().orElseThrow();
        Point inside = special.geometry().getInteriorPoint();
        RouteResult r = routing.route(inside.getX(), inside.getY(), CoordinateSystem.WGS84, null);
        assertEquals(special.code(), r.primary().code());
        assertEquals("special", r.primary().level());
        assertEquals(List.of(special.code()), r.special().stream().map(s -> s.code()).toList());
        assertTrue(r.assigned());
        assertEquals("micro", r.chain().get(0).level(), "the micro grid chain is still there");
    }

    @Test
    void anAccuracyCircleAcrossABoundaryListsTheNeighbourWithItsProbability() {
        // Find a micro grid boundary in the old town: a vertex shared by grids, then a point 5 m inside one of them.
        GridIndex index = (GridIndex) grids.catalog().locator();
        SplittableRandom random = new SplittableRandom(9);
        int checked = 0;
        for (int i = 0; i < 400 && checked < 40; i++) {
            double lon = LON + (random.nextDouble() - 0.5) * 0.02;
            double lat = LAT + (random.nextDouble() - 0.5) * 0.02;
            RouteResult r = routing.route(lon, lat, CoordinateSystem.WGS84, 30.0);
            if (!r.assigned() || r.alternatives().isEmpty()) {
                continue;
            }
            checked++;
            double total = r.probability();
            double previous = r.probability();
            for (RouteResult.Alternative a : r.alternatives()) {
                assertTrue(a.probability() <= previous + 1e-12, "the routed grid is the most likely: " + r);
                assertFalse(a.code().equals(r.micro()));
                total += a.probability();
                previous = a.probability();
            }
            assertTrue(total <= 1 + 1e-5, "shares add up to at most the circle: " + total);
            List<GridIndex.Share> shares = index.circleShares(lon, lat, 30.0);
            assertEquals(index.code(shares.get(0).id()), r.micro(), "routed to the grid with the largest share");
            assertEquals(shares.get(0).fraction(), r.probability(), 1e-6);
        }
        assertTrue(checked >= 20, "circles crossing a boundary: " + checked);
        RouteResult exact = routing.route(LON, LAT, CoordinateSystem.WGS84, null);
        assertNull(exact.probability());
        assertEquals(List.of(), exact.alternatives());
    }

    @Test
    void theServiceRejectsBadCoordinatesWithIllegalArgumentException() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> routing.route(200, 34, CoordinateSystem.WGS84, null))
                .getMessage().startsWith("lon:"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> routing.route(113, Double.NaN, CoordinateSystem.WGS84, null))
                .getMessage().startsWith("lat:"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> routing.route(2.35, 48.85, CoordinateSystem.GCJ02, null))
                .getMessage().startsWith("crs:"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> routing.route(LON, LAT, CoordinateSystem.WGS84, -1.0))
                .getMessage().startsWith("accuracy:"));
        assertFalse(routing.route(2.35, 48.85, CoordinateSystem.WGS84, null).assigned(), "WGS84 anywhere on earth is fine");
    }

    @Test
    void theBatchWriterGivesTheSameJsonAsMicronautSerialisation() throws Exception {
        List<RoutePoint> points = List.of(
                new RoutePoint("in", LON, LAT, CoordinateSystem.WGS84, 25.0, "LLJF-01"),
                new RoutePoint("dept", LON + 0.001, LAT, CoordinateSystem.WGS84, null, "JTSS-01"),
                new RoutePoint(null, 121.47, 31.23, CoordinateSystem.GCJ02, null, null),
                new RoutePoint("special", erqi.stream().filter(g -> g.level() == GridLevel.SPECIAL).findFirst().orElseThrow()
                        .geometry().getInteriorPoint().getX(), 34.7, CoordinateSystem.WGS84, 0.0, null));
        List<RouteResult> results = routing.routeAll(points, responsibility);
        assertNotNull(results.get(0).assignee(), "the comparison covers an assignee");
        assertNotNull(results.get(1).department(), "and a department");
        Object expected = json.readValue(json.writeValueAsString(Map.of("results", results)), Object.class);
        Object actual = json.readValue(new RouteJsonWriter().write(results), Object.class);
        assertEquals(expected, actual);
    }

    @Test
    void eachPointGetsTheOnDutyWorkerOfItsGridAndByCategoryTheDepartment() throws java.sql.SQLException {
        Http.Response r = post("{\"category\":\"JTSS-01\",\"points\":[{\"id\":\"light\",\"lon\":" + LON + ",\"lat\":" + LAT + "},"
                + "{\"id\":\"noise\",\"lon\":" + LON + ",\"lat\":" + LAT + ",\"category\":\"LLJF-01\"},"
                + "{\"id\":\"far\",\"lon\":121.47,\"lat\":31.23}]}");
        assertEquals(200, r.status(), r.body());
        List<Map<String, Object>> results = results(r);
        Map<String, Object> light = results.get(0);
        assertEquals("JTSS-01", light.get("category"), "the batch's category applies to points without their own");
        Map<?, ?> assignee = (Map<?, ?>) light.get("assignee");
        assertEquals(onDutyInStore(list(light, "chain")), assignee.get("username"), "the on-duty worker nearest up the chain");
        assertNotNull(assignee.get("id"));
        assertEquals("department", light.get("handlerKind"), "a dark traffic light is the traffic police's job");
        assertEquals("traffic_police", ((Map<?, ?>) light.get("department")).get("code"));
        assertNotNull(((Map<?, ?>) light.get("department")).get("name"));
        Map<String, Object> noise = results.get(1);
        assertEquals("LLJF-01", noise.get("category"), "a point's own category wins over the batch's");
        assertEquals(assignee, noise.get("assignee"), "same place, same worker");
        assertEquals("grid_worker", noise.get("handlerKind"), "renovation noise may be settled by the grid worker (自处置)");
        assertEquals("property_company", ((Map<?, ?>) noise.get("department")).get("code"));
        Map<String, Object> far = results.get(2);
        assertNull(far.get("assignee"), "nobody is on duty outside every grid");
        assertEquals("department", far.get("handlerKind"));
    }

    @Test
    void aRosterReloadReachesTheNextBatch() throws java.sql.SQLException {
        // Each grid chain remembers its on-duty worker for the roster it was found in: a new duty
        // on the micro grid must still show in the very next batch after the roster reloads.
        String body = "{\"points\":[{\"id\":\"a\",\"lon\":" + LON + ",\"lat\":" + LAT + "},{\"id\":\"b\",\"lon\":" + LON + ",\"lat\":" + LAT + "}]}";
        Map<String, Object> first = results(post(body)).get(0);
        String micro = (String) first.get("micro");
        String before = (String) ((Map<?, ?>) first.get("assignee")).get("username");
        String other = before.equals("analyst") ? "planner" : "analyst";
        try (java.sql.Connection c = dataSource.getConnection()) {
            try (java.sql.PreparedStatement ps = c.prepareStatement("INSERT INTO grid_duty (grid_code, user_id, since) "
                    + "SELECT ?, id, timestamptz '2000-01-01 00:00+08' FROM app_user WHERE username = ?")) {
                ps.setString(1, micro);
                ps.setString(2, other);
                assertEquals(1, ps.executeUpdate());
            }
            try {
                roster.reload();
                for (Map<String, Object> r : results(post(body))) {
                    assertEquals(other, ((Map<?, ?>) r.get("assignee")).get("username"), "point " + r.get("id") + " after the reload");
                }
            } finally {
                try (java.sql.PreparedStatement ps = c.prepareStatement(
                        "DELETE FROM grid_duty WHERE grid_code = ? AND user_id = (SELECT id FROM app_user WHERE username = ?)")) {
                    ps.setString(1, micro);
                    ps.setString(2, other);
                    ps.executeUpdate();
                }
                roster.reload();
            }
        }
        assertEquals(before, ((Map<?, ?>) results(post(body)).get(1).get("assignee")).get("username"));
    }

    /** The roster as stored: the first grid of the chain (micro first) with an on-duty user. */
    private String onDutyInStore(List<Map<String, Object>> chain) throws java.sql.SQLException {
        try (java.sql.Connection c = dataSource.getConnection();
             java.sql.PreparedStatement ps = c.prepareStatement("""
                     SELECT u.username FROM grid_duty d JOIN app_user u ON u.id = d.user_id
                     WHERE d.grid_code = ? AND d.on_duty AND NOT u.disabled ORDER BY d.since, d.user_id LIMIT 1""")) {
            for (Map<String, Object> grid : chain) {
                ps.setString(1, (String) grid.get("code"));
                try (java.sql.ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        return rs.getString(1);
                    }
                }
            }
        }
        return null;
    }

    @Test
    void aRenamedDepartmentShowsInTheNextBatch() {
        // Answers share one department object per code and the writer renders each object once:
        // an admin's rename must still reach the very next batch.
        String admin = http.login("admin", "yiwang-demo");
        String body = "{\"category\":\"JTSS-01\",\"points\":[{\"id\":\"a\",\"lon\":" + LON + ",\"lat\":" + LAT + "},"
                + "{\"id\":\"b\",\"lon\":" + LON + ",\"lat\":" + LAT + "}]}";
        Map<?, ?> before = (Map<?, ?>) results(post(body)).get(0).get("department");
        String original = (String) before.get("name");
        Http.Response dept = http.get("/api/departments/traffic_police", admin);
        String renamed = original + "（测试）";
        Http.Response put = http.exchange("PUT", "/api/admin/departments/traffic_police", "{\"nameZh\":\"" + renamed + "\"}", admin,
                Map.of("If-Match", dept.header("ETag")));
        assertEquals(200, put.status(), put.body());
        try {
            for (Map<String, Object> r : results(post(body))) {
                assertEquals(renamed, ((Map<?, ?>) r.get("department")).get("name"), "point " + r.get("id"));
            }
            Http.Response compact = http.postJson("/api/route?view=compact", body, token);
            assertEquals("traffic_police", results(compact).get(1).get("department"));
        } finally {
            Http.Response back = http.exchange("PUT", "/api/admin/departments/traffic_police", "{\"nameZh\":\"" + original + "\"}", admin,
                    Map.of("If-Match", put.header("ETag")));
            assertEquals(200, back.status(), back.body());
        }
        assertEquals(original, ((Map<?, ?>) results(post(body)).get(1).get("department")).get("name"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void theCompactViewCarriesTheSameAnswerAsCodes() {
        Point special = erqi.stream().filter(g -> g.level() == GridLevel.SPECIAL).findFirst().orElseThrow()
                .geometry().getInteriorPoint();
        String body = "{\"category\":\"JTSS-01\",\"points\":[{\"id\":\"a\",\"lon\":" + LON + ",\"lat\":" + LAT + ",\"accuracy\":40},"
                + "{\"id\":\"s\",\"lon\":" + special.getX() + ",\"lat\":" + special.getY() + "},{\"id\":\"far\",\"lon\":121.47,\"lat\":31.23}]}";
        List<Map<String, Object>> full = results(post(body));
        Http.Response r = http.postJson("/api/route?view=compact", body, token);
        assertEquals(200, r.status(), r.body());
        List<Map<String, Object>> compact = results(r);
        assertEquals(full.size(), compact.size());
        for (int i = 0; i < full.size(); i++) {
            Map<String, Object> f = full.get(i);
            Map<String, Object> c = compact.get(i);
            String at = "point " + f.get("id");
            for (String same : List.of("id", "assigned", "queue", "micro", "snappedMeters", "probability", "alternatives",
                    "nearDistrictBoundary", "nearDistricts", "handlerKind")) {
                assertEquals(f.get(same), c.get(same), at + ": " + same);
            }
            assertEquals(codes(list(f, "chain")), c.get("chain"), at);
            assertEquals(codes(list(f, "special")), c.get("special"), at);
            assertEquals(f.get("primary") == null ? null : ((Map<String, Object>) f.get("primary")).get("code"), c.get("primary"), at);
            assertEquals(f.get("assignee") == null ? null : ((Map<String, Object>) f.get("assignee")).get("username"), c.get("assignee"), at);
            assertEquals(f.get("department") == null ? null : ((Map<String, Object>) f.get("department")).get("code"), c.get("department"), at);
            assertFalse(c.containsKey("input") || c.containsKey("wgs84"), at + ": the compact view does not echo the input");
        }
        assertFalse(list(compact.get(0), "alternatives").isEmpty(), "the comparison covers alternatives");
        assertFalse(((List<?>) compact.get(1).get("special")).isEmpty(), "and a special grid");
        assertEquals("unassigned", compact.get(2).get("queue"), "and the unassigned queue");
        int fullSize = post(body).body().length();
        assertTrue(r.body().length() * 2 < fullSize, "compact (" + r.body().length() + " chars) is much smaller than full (" + fullSize + ")");

        Http.Response bad = http.postJson("/api/route?view=short", body, token);
        assertProblem(bad, 400, null, "view");
    }

    private static List<Object> codes(List<Map<String, Object>> summaries) {
        return summaries.stream().map(m -> m.get("code")).collect(java.util.stream.Collectors.toList());
    }

    @Test
    void withoutACategoryThereIsNoDepartmentButStillTheWorker() {
        Map<String, Object> a = results(post("{\"points\":[{\"lon\":" + LON + ",\"lat\":" + LAT + "}]}")).get(0);
        assertNull(a.get("category"));
        assertNull(a.get("handlerKind"));
        assertNull(a.get("department"));
        assertNotNull(a.get("assignee"));
    }

    @Test
    void routingAgreesWithIntakeOnWorkerAndDepartment() {
        String ops = http.login("ops", "yiwang-demo");
        for (String category : List.of("SRHJ-01", "JTSS-01", "GGAQ-02")) {
            Map<String, Object> routed = results(post("{\"points\":[{\"lon\":" + (LON + 0.003) + ",\"lat\":" + LAT
                    + ",\"category\":\"" + category + "\"}]}")).get(0);
            Http.Response created = http.postJson("/api/cases", "{\"category\":\"" + category + "\",\"title\":\"路由一致性\","
                    + "\"description\":\"测试\",\"source\":\"hotline_12345\",\"location\":{\"lon\":" + (LON + 0.003) + ",\"lat\":" + LAT + "}}", ops);
            assertEquals(201, created.status(), created.body());
            Map<String, Object> c = created.map();
            assertEquals(((Map<?, ?>) c.get("assignee")).get("id"), ((Map<?, ?>) routed.get("assignee")).get("id"), category);
            assertEquals(((Map<?, ?>) c.get("department")).get("code"), ((Map<?, ?>) routed.get("department")).get("code"), category);
            assertEquals(c.get("handlerKind"), routed.get("handlerKind"), category);
        }
    }

    @Test
    void anUnknownCategoryIsABadRequestNamingThePoint() {
        Http.Response r = post("{\"points\":[{\"lon\":" + LON + ",\"lat\":" + LAT + ",\"category\":\"SRHJ-01\"},"
                + "{\"lon\":" + LON + ",\"lat\":" + LAT + ",\"category\":\"环境卫生\"}]}");
        assertEquals(400, r.status(), r.body());
        assertTrue(r.contentType().startsWith("application/problem+json"), r.contentType());
        assertTrue(r.body().contains("/points/1/category"), r.body());
        assertTrue(r.body().contains("环境卫生"), r.body());
        Http.Response root = post("{\"category\":\"nope\",\"points\":[{\"lon\":" + LON + ",\"lat\":" + LAT + "}]}");
        assertEquals(400, root.status(), root.body());
        assertTrue(root.body().contains("points[0].category"), root.body());
    }

    @Test
    void aBatchOfTenThousandPointsIsAccepted() {
        SplittableRandom random = new SplittableRandom(1);
        StringBuilder body = new StringBuilder("{\"crs\":\"gcj02\",\"points\":[");
        for (int i = 0; i < 10_000; i++) {
            body.append(i == 0 ? "" : ",").append(String.format(Locale.ROOT, "{\"id\":\"p%d\",\"lon\":%.6f,\"lat\":%.6f,\"accuracy\":%.1f}",
                    i, 113.55 + random.nextDouble() * 0.12, 34.62 + random.nextDouble() * 0.12, 5 + random.nextDouble() * 25));
        }
        Http.Response r = post(body.append("]}").toString());
        assertEquals(200, r.status(), r.body().length() > 500 ? r.body().substring(0, 500) : r.body());
        List<Map<String, Object>> results = results(r);
        assertEquals(10_000, results.size());
        // Routed in spatial order on several threads, answered in input order: each answer is the
        // one a single-point route gives for the point sent at that place.
        SplittableRandom again = new SplittableRandom(1);
        for (int i = 0; i < 10_000; i++) {
            double lon = Double.parseDouble(String.format(Locale.ROOT, "%.6f", 113.55 + again.nextDouble() * 0.12));
            double lat = Double.parseDouble(String.format(Locale.ROOT, "%.6f", 34.62 + again.nextDouble() * 0.12));
            double accuracy = Double.parseDouble(String.format(Locale.ROOT, "%.1f", 5 + again.nextDouble() * 25));
            Map<String, Object> got = results.get(i);
            assertEquals("p" + i, got.get("id"));
            RouteResult one = routing.route(lon, lat, CoordinateSystem.GCJ02, accuracy);
            assertEquals(one.micro(), got.get("micro"), "p" + i);
            assertEquals(one.probability(), got.get("probability") == null ? null : ((Number) got.get("probability")).doubleValue(), "p" + i);
        }
    }

    static String bodyWithBadPointAt(int index, String bad) {
        List<String> pts = new ArrayList<>();
        for (int i = 0; i < index; i++) {
            pts.add("{\"lon\":113.64,\"lat\":34.72}");
        }
        pts.add(bad);
        return "{\"points\":[" + String.join(",", pts) + "]}";
    }

    @ParameterizedTest(name = "{0} → {1} naming {2}")
    @CsvSource(delimiter = '|', value = {
        "{\"points\": [                                                   |400|''|not valid JSON",
        "[1, 2]                                                           |400|''|JSON object",
        "{}                                                               |400|/points|points: is required",
        "{\"points\": []}                                                 |400|/points|points: is empty",
        "{\"points\": {}}                                                 |400|/points|must be an array",
        "{\"points\": [{\"lon\": \"NaN\", \"lat\": 34.72}]}               |400|/points/0/lon|points[0].lon: must be a number, got the string \"NaN\"",
        "{\"points\": [{\"lon\": 200, \"lat\": 34.72}]}                   |400|/points/0/lon|points[0].lon: 200 is not a longitude",
        "{\"points\": [{\"lon\": 1e400, \"lat\": 34.72}]}                 |400|/points/0/lon|not a finite number",
        "{\"points\": [{\"lon\": 113.64}]}                                |400|/points/0/lat|points[0].lat: is required",
        "{\"points\": [{\"lon\": 113.64, \"lat\": true}]}                 |400|/points/0/lat|got a boolean",
        "{\"crs\": \"mercator\", \"points\": [{\"lon\": 113.64, \"lat\": 34.72}]}|400|/crs|'mercator' is not supported",
        "{\"points\": [{\"lon\": 113.64, \"lat\": 34.72, \"crs\": \"utm\"}]}|400|/points/0/crs|points[0].crs: 'utm' is not supported",
        "{\"points\": [{\"lon\": 113.64, \"lat\": 34.72, \"accuracy\": -5}]}|400|/points/0/accuracy|points[0].accuracy: -5",
        "{\"crs\": \"gcj02\", \"points\": [{\"lon\": 2.35, \"lat\": 48.85}]}|400|/points/0|outside China",
        "{\"points\": [17]}                                               |400|/points/0|must be an object",
    })
    void everyBadInputIsAProblemNamingTheField(String body, int status, String pointer, String detail) {
        Http.Response r = post(body.trim());
        assertProblem(r, status, pointer.trim(), detail.trim());
    }

    private static void assertProblem(Http.Response r, int status, String pointer, String detail) {
        assertEquals(status, r.status(), r.body());
        assertTrue(r.contentType().startsWith("application/problem+json"), r.contentType());
        assertEquals(status, ((Number) r.map().get("status")).intValue());
        List<?> errors = (List<?>) r.map().get("errors");
        assertNotNull(errors, r.body());
        Map<?, ?> first = (Map<?, ?>) errors.get(0);
        assertEquals(pointer, first.get("pointer"), r.body());
        assertTrue(String.valueOf(first.get("detail")).contains(detail), r.body());
        assertTrue(String.valueOf(r.map().get("detail")).contains(detail) || status == 413, r.body());
        assertFalse(r.body().contains("Exception") || r.body().contains("at [Source"), r.body());
    }

    @Test
    void theBadPointIsNamedByItsIndex() {
        assertProblem(post(bodyWithBadPointAt(17, "{\"lon\":113.64,\"lat\":95}")), 400, "/points/17/lat", "points[17].lat: 95");
    }

    @Test
    void everyBadFieldIsListed() {
        Http.Response r = post("{\"points\":[{\"lon\":200,\"lat\":34.7},{\"lon\":113.6,\"lat\":34.7},{\"lat\":34.7},{\"lon\":1,\"lat\":\"x\"}]}");
        assertEquals(400, r.status());
        List<?> errors = (List<?>) r.map().get("errors");
        assertEquals(List.of("/points/3/lat", "/points/0/lon", "/points/2/lon"),
                errors.stream().map(e -> ((Map<?, ?>) e).get("pointer")).toList(), r.body());
        assertTrue(String.valueOf(r.map().get("detail")).contains("and 2 more"), r.body());
    }

    @Test
    void moreThanTenThousandPointsIsTooLarge() {
        String pts = IntStream.range(0, 10_001).mapToObj(i -> "{\"lon\":113.64,\"lat\":34.72}").collect(Collectors.joining(","));
        assertProblem(post("{\"points\":[" + pts + "]}"), 413, "/points", "more than 10000 points");
    }

    @Test
    void aPointInTheSeaOrAnotherProvinceIsJustUnassigned() {
        Http.Response r = post("{\"crs\":\"gcj02\",\"points\":[{\"lon\":122.5,\"lat\":30.5},{\"lon\":116.39,\"lat\":39.9}]}");
        assertEquals(200, r.status(), r.body());
        for (Map<String, Object> result : results(r)) {
            assertEquals(Boolean.FALSE, result.get("assigned"));
            assertEquals("unassigned", result.get("queue"));
        }
    }

    @Test
    void routingNeedsAToken() {
        Http.Response r = http.postJson("/api/route", "{\"points\":[{\"lon\":113.64,\"lat\":34.72}]}", null);
        assertEquals(401, r.status(), r.body());
        assertTrue(r.contentType().startsWith("application/problem+json"), r.contentType());
    }

    @Test
    void everyRoleMayRoute() {
        for (String user : List.of("admin", "ops", "dispatcher", "worker", "dept", "planner", "analyst")) {
            String t = http.login(user, "yiwang-demo");
            assertEquals(200, http.postJson("/api/route", "{\"points\":[{\"lon\":113.64,\"lat\":34.72}]}", t).status(), user);
        }
    }
}
