package cn.yiwang.cases;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
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
import cn.yiwang.security.DemoUsers;
import cn.yiwang.testing.Http;
import cn.yiwang.testing.PostgisTest;
import io.micronaut.context.event.ApplicationEventPublisher;
import io.micronaut.json.JsonMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;

@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CaseRerouteTest implements PostgisTest {

    @Inject
    EmbeddedServer server;
    @Inject
    JsonMapper json;
    @Inject
    DataSource dataSource;
    @Inject
    CaseRepository repository;
    @Inject
    ApplicationEventPublisher<LayerChangedEvent> publisher;
    @Inject
    CaseRerouter rerouter;

    Http http;
    String dispatcher;

    @BeforeAll
    void setUp() {
        http = new Http(server, json);
        dispatcher = http.login("dispatcher", DemoUsers.DEMO_PASSWORD);
    }

    /** Two neighbouring micro grids of one level-3 grid under 淮河路街道, and a point inside each. */
    Object[] pair(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT a.code, b.code, ST_X(pa), ST_Y(pa), ST_X(pb), ST_Y(pb),
                       ST_XMin(u), ST_YMin(u), ST_XMax(u), ST_YMax(u)
                FROM grid_current a JOIN grid_current b ON b.level = 'micro' AND b.parent_code = a.parent_code AND b.code > a.code
                  AND ST_Touches(a.geom, b.geom)
                CROSS JOIN LATERAL (SELECT ST_PointOnSurface(ST_Buffer(a.geom::geography, -10)::geometry) AS pa,
                                           ST_PointOnSurface(ST_Buffer(b.geom::geography, -10)::geometry) AS pb,
                                           ST_Envelope(ST_Union(a.geom, b.geom)) AS u) x
                WHERE a.level = 'micro' AND a.code LIKE '410103001%' AND NOT ST_IsEmpty(pa) AND NOT ST_IsEmpty(pb)
                ORDER BY a.code, b.code LIMIT 1""");
             ResultSet rs = ps.executeQuery()) {
            assertTrue(rs.next());
            return new Object[] {rs.getString(1), rs.getString(2), rs.getDouble(3), rs.getDouble(4), rs.getDouble(5), rs.getDouble(6),
                new Envelope(rs.getDouble(7), rs.getDouble(9), rs.getDouble(8), rs.getDouble(10))};
        }
    }

    /** Swaps the current geometries of two grids (a boundary re-cut in its simplest form). */
    static void swap(Connection c, String a, String b) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                UPDATE grid g SET geom = o.geom, area_sqm = o.area_sqm
                FROM (SELECT code, geom, area_sqm FROM grid WHERE valid_to IS NULL AND code IN (?, ?)) o
                WHERE g.valid_to IS NULL AND g.code IN (?, ?) AND o.code <> g.code""")) {
            ps.setString(1, a);
            ps.setString(2, b);
            ps.setString(3, a);
            ps.setString(4, b);
            assertEquals(2, ps.executeUpdate());
        }
    }

    Map<String, Object> create(double lon, double lat) {
        Http.Response r = http.postJson("/api/cases", String.format(Locale.ROOT, """
                {"category":"SRHJ-07","title":"边界调整测试","source":"hotline_12345","location":{"lon":%.8f,"lat":%.8f}}""", lon, lat),
                dispatcher);
        assertEquals(201, r.status(), r.body());
        return r.map();
    }

    static String micro(Map<String, Object> view) {
        return ((Map<?, ?>) ((List<?>) view.get("grids")).get(0)).get("code").toString();
    }

    @Test
    void aBoundaryChangeMovesOnlyTheCasesInTheChangedArea() throws SQLException {
        Object[] p;
        try (Connection c = dataSource.getConnection()) {
            p = pair(c);
        }
        String a = (String) p[0];
        String b = (String) p[1];
        Envelope area = (Envelope) p[6];
        Map<String, Object> inA = create((Double) p[2], (Double) p[3]);
        Map<String, Object> inB = create((Double) p[4], (Double) p[5]);
        Map<String, Object> elsewhere = create(area.getMaxX() + 0.02, area.getMaxY() + 0.01);
        assertEquals(a, micro(inA));
        assertEquals(b, micro(inB));
        try {
            try (Connection c = dataSource.getConnection()) {
                swap(c, a, b);
            }
            publisher.publishEvent(new LayerChangedEvent(LayerRegistry.gridLayerId("micro"), List.of(area), false));
            Map<String, Object> movedA = http.get("/api/cases/" + inA.get("id"), dispatcher).map();
            Map<String, Object> movedB = http.get("/api/cases/" + inB.get("id"), dispatcher).map();
            assertEquals(b, micro(movedA));
            assertEquals(a, micro(movedB));
            assertEquals(((Number) inA.get("version")).intValue() + 1, movedA.get("version"));
            Map<String, Object> untouched = http.get("/api/cases/" + elsewhere.get("id"), dispatcher).map();
            assertEquals(elsewhere.get("version"), untouched.get("version"));
            List<Object> events = http.get("/api/cases/" + inA.get("id") + "/events", dispatcher).list();
            Map<?, ?> last = (Map<?, ?>) events.get(events.size() - 1);
            assertEquals("rerouted", last.get("type"));
            assertEquals("system", last.get("actor"));
            try (Connection c = dataSource.getConnection()) {
                for (Object id : List.of(inA.get("id"), inB.get("id"))) {
                    long caseId = ((Number) id).longValue();
                    assertEquals(repository.find(c, caseId, false).orElseThrow(), CaseProjector.replay(repository.events(c, caseId)));
                }
            }
            assertEquals(0, rerouter.rerouteAll().changed(), "a second run finds nothing to move");
        } finally {
            try (Connection c = dataSource.getConnection()) {
                swap(c, a, b);
            }
            publisher.publishEvent(new LayerChangedEvent(LayerRegistry.gridLayerId("micro"), List.of(area), false));
        }
        assertEquals(a, micro(http.get("/api/cases/" + inA.get("id"), dispatcher).map()));
    }
}
