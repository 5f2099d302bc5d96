package cn.yiwang.layers.tiles;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import javax.sql.DataSource;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.locationtech.jts.geom.Envelope;

import cn.yiwang.cases.CaseStatus;
import cn.yiwang.cases.CasesMovedEvent;
import cn.yiwang.layers.cases.CaseStatusGroup;
import cn.yiwang.security.DemoUsers;
import cn.yiwang.testing.Http;
import cn.yiwang.testing.PostgisTest;
import io.micronaut.context.event.ApplicationEventPublisher;
import io.micronaut.json.JsonMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;

/**
 * The {@code cases} tile layer through HTTP, decoded: case points with their attributes at high
 * zoom, clusters whose counts add up to the cases in the tile at low zoom, each caller seeing only
 * their scope (a tile cached for one scope is never served to another), and precise invalidation
 * when a case is created. Expected numbers come from PostGIS at the time of the request, since
 * other test classes add cases to the shared database.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CaseTileTest implements PostgisTest {

    private static final String LAYER = "cases";
    private static final Set<String> POINT_ATTRIBUTES = Set.of("id", "code", "status", "statusGroup", "category", "topCategory",
            "urgency", "overdue", "floor");
    private static final Set<String> CLUSTER_ATTRIBUTES = Set.of("count", "pending", "working", "handled", "closed", "void",
            "overdueCount", "urgentCount", "statusGroup");

    @Inject
    EmbeddedServer server;
    @Inject
    JsonMapper json;
    @Inject
    DataSource dataSource;
    @Inject
    ApplicationEventPublisher<CasesMovedEvent> moved;
    Http http;
    TileClient tiles;
    String ops;
    String worker;
    String dispatcher;
    /** A case in the demo worker's community (兴华街社区) and one in another street office. */
    Map<String, Object> own;
    Map<String, Object> other;
    double[] ownPoint;
    double[] otherPoint;

    @BeforeAll
    void setUp() throws SQLException {
        http = new Http(server, json);
        tiles = new TileClient(server.getURI());
        ops = http.login("ops", DemoUsers.DEMO_PASSWORD);
        worker = http.login("worker", DemoUsers.DEMO_PASSWORD);
        dispatcher = http.login("dispatcher", DemoUsers.DEMO_PASSWORD);
        ownPoint = point("410103001004", 3);
        otherPoint = point("410103003", 5);
        own = create(ops, ownPoint, "SRHJ-01", ",\"urgency\":\"urgent\"", 12);
        other = create(ops, otherPoint, "SRHJ-01", "", 0);
    }

    /** A point well inside the n-th micro grid under {@code prefix}. */
    double[] point(String prefix, int n) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("""
                SELECT ST_X(p), ST_Y(p) FROM (
                  SELECT ST_PointOnSurface(ST_Buffer(geom::geography, -15)::geometry) AS p FROM grid_current
                  WHERE level = 'micro' AND code LIKE ? ORDER BY code OFFSET ? LIMIT 1) x""")) {
            ps.setString(1, prefix + "%");
            ps.setInt(2, n);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new double[] {rs.getDouble(1), rs.getDouble(2)};
            }
        }
    }

    Map<String, Object> create(String token, double[] p, String category, String extra, int floor) {
        String body = String.format(Locale.ROOT, """
                {"category":"%s","title":"图层测试","description":"私密的描述","source":"hotline_12345",
                 "location":{"lon":%.8f,"lat":%.8f,"crs":"wgs84"%s},
                 "reporter":{"name":"张三丰","phone":"13812345678"}%s}""", category, p[0], p[1],
                floor == 0 ? "" : ",\"floor\":" + floor, extra);
        Http.Response r = http.postJson("/api/cases", body, token);
        assertEquals(201, r.status(), r.body());
        return r.map();
    }

    TileClient.Fetched tile(String token, int z, int[] t) {
        return tiles.get("/tiles/" + LAYER + "/" + z + "/" + t[0] + "/" + t[1] + ".mvt", Map.of("Authorization", "Bearer " + token));
    }

    static List<MvtDecoder.Feature> features(TileClient.Fetched f) {
        if (f.status() == 204) {
            return List.of();
        }
        assertEquals(200, f.status());
        return MvtDecoder.layer(f.bytes(), LAYER).features();
    }

    /** The cases a scope condition admits in tile z/x/y, counted by PostGIS. */
    long casesInTile(int z, int[] t, String scopeCondition, String arg) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT count(*) FROM case_layer WHERE ST_Intersects(ST_Transform(geom, 3857), ST_TileEnvelope(?, ?, ?)) AND (" + scopeCondition + ")")) {
            ps.setInt(1, z);
            ps.setInt(2, t[0]);
            ps.setInt(3, t[1]);
            ps.setString(4, arg);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    @Test
    void atHighZoomEachCaseIsAPointWithItsAttributesAndNoPersonalData() {
        int[] t = TileMath.tileAt(ownPoint[0], ownPoint[1], 16);
        TileClient.Fetched f = tile(ops, 16, t);
        List<MvtDecoder.Feature> mine = features(f).stream().filter(x -> own.get("code").equals(x.properties().get("code"))).toList();
        assertEquals(1, mine.size());
        MvtDecoder.Feature p = mine.get(0);
        assertEquals(MvtDecoder.POINT, p.type());
        assertEquals(((Number) own.get("id")).longValue(), p.properties().get("id"));
        assertEquals(own.get("status"), p.properties().get("status"));
        assertEquals(CaseStatusGroup.ofKey((String) own.get("status")).key(), p.properties().get("statusGroup"));
        assertEquals("SRHJ-01", p.properties().get("category"));
        assertEquals("SRHJ", p.properties().get("topCategory"));
        assertEquals("urgent", p.properties().get("urgency"));
        assertEquals(false, p.properties().get("overdue"));
        assertEquals(12L, p.properties().get("floor"));
        for (MvtDecoder.Feature x : features(f)) {
            assertTrue(POINT_ATTRIBUTES.containsAll(x.properties().keySet()), x.properties().toString());
        }
        assertFalse(new String(f.bytes(), java.nio.charset.StandardCharsets.UTF_8).contains("张三丰"), "no reporter in tiles");
        assertEquals("private, max-age=60", f.header("Cache-Control"));
    }

    @Test
    void atLowZoomClustersCountEveryVisibleCaseOfTheTile() throws SQLException {
        for (int z : new int[] {10, 12, 13}) {
            int[] t = TileMath.tileAt(ownPoint[0], ownPoint[1], z);
            List<MvtDecoder.Feature> clusters = features(tile(ops, z, t));
            assertFalse(clusters.isEmpty(), "z" + z);
            long sum = 0;
            for (MvtDecoder.Feature c : clusters) {
                assertEquals(MvtDecoder.POINT, c.type());
                assertEquals(CLUSTER_ATTRIBUTES, c.properties().keySet(), "z" + z);
                long count = (Long) c.properties().get("count");
                long byGroup = 0;
                for (CaseStatusGroup g : CaseStatusGroup.values()) {
                    byGroup += (Long) c.properties().get(g.key());
                }
                assertEquals(count, byGroup, "status groups add up to the cluster's count");
                sum += count;
            }
            assertEquals(casesInTile(z, t, "grid_code LIKE ? OR grid_code IS NULL", "410103%"), sum, "z" + z);
            assertTrue(clusters.size() <= 256);
        }
    }

    @Test
    void aCommunityWorkerSeesNoCaseOfAnotherCommunity() throws SQLException {
        int z = 10;
        int[] t = TileMath.tileAt(ownPoint[0], ownPoint[1], z);
        assertEquals(List.of(t[0], t[1]), List.of(TileMath.tileAt(otherPoint[0], otherPoint[1], z)[0],
                TileMath.tileAt(otherPoint[0], otherPoint[1], z)[1]), "both cases in one z10 tile");
        // The ops center's tile first, so that a cache shared across scopes would hand it to the worker.
        long opsSum = features(tile(ops, z, t)).stream().mapToLong(c -> (Long) c.properties().get("count")).sum();
        TileClient.Fetched workerTile = tile(worker, z, t);
        assertEquals("miss", workerTile.cacheStatus(), "the worker's scope has its own cache entry");
        long workerSum = features(workerTile).stream().mapToLong(c -> (Long) c.properties().get("count")).sum();
        assertEquals(casesInTile(z, t, "grid_code LIKE ?", "410103001004%"), workerSum);
        assertTrue(workerSum >= 1 && workerSum < opsSum, "worker " + workerSum + ", ops " + opsSum);
        // At high zoom the other street office's case is in the ops center's tile only.
        int[] h = TileMath.tileAt(otherPoint[0], otherPoint[1], 16);
        assertTrue(features(tile(ops, 16, h)).stream().anyMatch(f -> other.get("code").equals(f.properties().get("code"))));
        for (String token : List.of(worker, dispatcher)) {
            assertTrue(features(tile(token, 16, h)).stream().noneMatch(f -> other.get("code").equals(f.properties().get("code"))));
        }
        int[] w = TileMath.tileAt(otherPoint[0], otherPoint[1], 12);
        assertEquals(casesInTile(12, w, "grid_code LIKE ?", "410103001004%"),
                features(tile(worker, 12, w)).stream().mapToLong(c -> (Long) c.properties().get("count")).sum());
    }

    @Test
    void creatingACaseRefreshesTheTilesHoldingItAndNoOthers() throws SQLException {
        double[] p = point("410103001004", 7);
        int[] t16 = TileMath.tileAt(p[0], p[1], 16);
        int[] t12 = TileMath.tileAt(p[0], p[1], 12);
        int[] far = TileMath.tileAt(otherPoint[0], otherPoint[1], 16);
        assertNotEquals(List.of(t16[0], t16[1]), List.of(far[0], far[1]));
        List<MvtDecoder.Feature> before16 = features(tile(ops, 16, t16));
        long before12 = features(tile(ops, 12, t12)).stream().mapToLong(c -> (Long) c.properties().get("count")).sum();
        tile(ops, 16, far);
        assertEquals("hit", tile(ops, 16, t16).cacheStatus());
        assertEquals("hit", tile(ops, 12, t12).cacheStatus());
        assertEquals("hit", tile(ops, 16, far).cacheStatus());

        Map<String, Object> created = create(ops, p, "SRHJ-01", "", 0);

        TileClient.Fetched after16 = tile(ops, 16, t16);
        assertEquals("miss", after16.cacheStatus());
        assertEquals(before16.size() + 1, features(after16).size());
        assertTrue(features(after16).stream().anyMatch(f -> created.get("code").equals(f.properties().get("code"))));
        TileClient.Fetched after12 = tile(ops, 12, t12);
        assertEquals("miss", after12.cacheStatus());
        assertEquals(before12 + 1, features(after12).stream().mapToLong(c -> (Long) c.properties().get("count")).sum());
        assertEquals("hit", tile(ops, 16, far).cacheStatus(), "a tile far from the new case stays cached");
    }

    @Test
    void casesReRoutedInBulkLeaveTheTilesOfTheirFormerScope() throws SQLException {
        double[] p = point("410103001004", 2);
        Map<String, Object> c = create(ops, p, "SRHJ-01", "", 0);
        int[] t = TileMath.tileAt(p[0], p[1], 16);
        assertTrue(features(tile(worker, 16, t)).stream().anyMatch(f -> c.get("code").equals(f.properties().get("code"))));
        assertEquals("hit", tile(worker, 16, t).cacheStatus());
        String grid = setGrid(c, "410103003001001");
        try {
            // What the re-router publishes after its commit: the area, not one event per case.
            moved.publishEvent(new CasesMovedEvent(List.of(new Envelope(p[0] - 0.001, p[0] + 0.001, p[1] - 0.001, p[1] + 0.001)), false));
            TileClient.Fetched after = tile(worker, 16, t);
            assertEquals("miss", after.cacheStatus());
            assertTrue(features(after).stream().noneMatch(f -> c.get("code").equals(f.properties().get("code"))));
            int[] z10 = TileMath.tileAt(p[0], p[1], 10);
            assertEquals(casesInTile(10, z10, "grid_code LIKE ?", "410103001004%"),
                    features(tile(worker, 10, z10)).stream().mapToLong(f -> (Long) f.properties().get("count")).sum());
        } finally {
            setGrid(c, grid);
            moved.publishEvent(new CasesMovedEvent(List.of(), true));
        }
    }

    /** Sets a case's micro grid as a re-routing would; returns the previous one. */
    private String setGrid(Map<String, Object> c, String gridCode) throws SQLException {
        try (Connection conn = dataSource.getConnection();
             PreparedStatement ps = conn.prepareStatement("UPDATE case_record r SET grid_code = ? FROM case_record o"
                     + " WHERE r.id = o.id AND r.id = ? RETURNING o.grid_code")) {
            ps.setString(1, gridCode);
            ps.setLong(2, ((Number) c.get("id")).longValue());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }

    @Test
    void aStatusChangeRecoloursTheCase() {
        Map<String, Object> c = create(ops, point4(9), "SRHJ-01", "", 0);
        int[] t = TileMath.tileAt(((Number) ((Map<?, ?>) c.get("location")).get("lon")).doubleValue(),
                ((Number) ((Map<?, ?>) c.get("location")).get("lat")).doubleValue(), 17);
        assertEquals("pending", statusGroupOf(c, t));
        Http.Response r = http.postJson("/api/cases/" + c.get("id") + "/actions/reject",
                "{\"version\":" + c.get("version") + ",\"comment\":\"不属于受理范围\"}", ops);
        assertEquals(200, r.status(), r.body());
        assertEquals("void", statusGroupOf(c, t));
    }

    private double[] point4(int n) {
        try {
            return point("410103001004", n);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private String statusGroupOf(Map<String, Object> c, int[] t) {
        return features(tile(ops, 17, t)).stream().filter(f -> c.get("code").equals(f.properties().get("code")))
                .map(f -> (String) f.properties().get("statusGroup")).findFirst().orElseThrow();
    }

    @Test
    void anonymousCallersGetProblemJson401() {
        int[] t = TileMath.tileAt(ownPoint[0], ownPoint[1], 12);
        TileClient.Fetched f = tiles.tile(LAYER, 12, t[0], t[1]);
        assertEquals(401, f.status());
        assertTrue(f.header("Content-Type").startsWith("application/problem+json"), f.header("Content-Type"));
        assertEquals(401, tiles.get("/tiles/cases.json").status());
    }

    @Test
    void tileJsonBoundsAreThoseOfTheCallersCases() throws SQLException {
        Map<String, Object> doc = http.get("/tiles/cases.json", worker).map();
        @SuppressWarnings("unchecked")
        List<Number> b = (List<Number>) doc.get("bounds");
        double[] expected = new double[4];
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT min(ST_X(geom)), min(ST_Y(geom)), max(ST_X(geom)), max(ST_Y(geom)) FROM case_layer WHERE grid_code LIKE ?")) {
            ps.setString(1, "410103001004%");
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                for (int i = 0; i < 4; i++) {
                    expected[i] = rs.getDouble(i + 1);
                }
            }
        }
        for (int i = 0; i < 4; i++) {
            // The index keeps positions to 2^-31 of the world (~2 cm).
            assertEquals(expected[i], b.get(i).doubleValue(), 1e-6, "bounds[" + i + "] " + b);
        }
        assertTrue(doc.toString().contains("overdueCount"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void theCatalogListsCasesAsALiveLayerForLoggedInUsersOnly() {
        List<Object> layers = (List<Object>) http.get("/api/layers", worker).map().get("layers");
        Map<?, ?> cases = layers.stream().map(l -> (Map<?, ?>) l).filter(l -> LAYER.equals(l.get("id"))).findFirst().orElseThrow();
        assertEquals(Map.of("zh", "事件", "en", "Cases"), cases.get("title"));
        assertEquals(true, cases.get("live"));
        assertEquals(false, cases.get("publicRead"));
        assertEquals("point", cases.get("geometryType"));
        List<Object> anonymous = (List<Object>) http.get("/api/layers").map().get("layers");
        assertTrue(anonymous.stream().noneMatch(l -> LAYER.equals(((Map<?, ?>) l).get("id"))));
    }

    @Test
    void theSqlStatusGroupsAgreeWithTheConsoles() throws SQLException {
        List<String> mismatches = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("SELECT case_status_group(?)")) {
            for (CaseStatus s : CaseStatus.values()) {
                ps.setString(1, s.key());
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    if (!CaseStatusGroup.of(s).key().equals(rs.getString(1))) {
                        mismatches.add(s.key() + ": " + rs.getString(1));
                    }
                }
            }
        }
        assertEquals(List.of(), mismatches);
    }
}
