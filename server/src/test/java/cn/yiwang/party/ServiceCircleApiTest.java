package cn.yiwang.party;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import javax.sql.DataSource;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import cn.yiwang.security.DemoUsers;
import cn.yiwang.testing.Http;
import cn.yiwang.testing.PostgisTest;
import io.micronaut.json.JsonMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;

/**
 * The 15-minute service circle on a hand-checked example: shops planted at known geodesic distances
 * from a centre far from the demo data (lon 101.0, lat 26.0). At 80 m/min with a detour factor of 1.3,
 * 15 minutes reach 15 × 80 / 1.3 = 923.1 m in a straight line: the pharmacy at 500 m (8.1 min) and
 * the convenience store at 900 m (14.6 min) are in, the wet market at 950 m (15.4 min) and the
 * kindergarten at 2 km are out; at 5 minutes (307.7 m) nothing is.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ServiceCircleApiTest implements PostgisTest {

    static final double LON = 101.0;
    static final double LAT = 26.0;

    @Inject
    EmbeddedServer server;
    @Inject
    JsonMapper json;
    @Inject
    DataSource dataSource;
    Http http;
    String ops;

    @BeforeAll
    void plant() throws SQLException {
        http = new Http(server, json);
        ops = http.login("ops", DemoUsers.DEMO_PASSWORD);
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
            st.execute("DELETE FROM service_point WHERE code LIKE 'SC-TEST-%'");
            plant(st, "SC-TEST-PHARMACY", "shop", "pharmacy", "测试药店", 500, 90);
            plant(st, "SC-TEST-STORE", "shop", "convenience_store", "测试便利店", 900, 0);
            plant(st, "SC-TEST-MARKET", "shop", "wet_market", "测试菜市场", 950, 200);
            plant(st, "SC-TEST-KINDER", "service", "kindergarten", "测试幼儿园", 2000, 300);
        }
    }

    /** A point {@code meters} from the centre on {@code azimuthDegrees}, on the ellipsoid (ST_Project). */
    static void plant(Statement st, String code, String category, String kind, String name, double meters, double azimuthDegrees) throws SQLException {
        // district_code 410103 so the ops center's scope (二七区) reaches it.
        st.execute(String.format(Locale.ROOT, """
                INSERT INTO service_point (district_code, code, category, kind, name, generated, geom)
                VALUES ('410103', '%s', '%s', '%s', '%s', false,
                        ST_Project(ST_SetSRID(ST_MakePoint(%.6f, %.6f), 4326)::geography, %.3f, radians(%.3f))::geometry)""",
                code, category, kind, name, LON, LAT, meters, azimuthDegrees));
    }

    @AfterAll
    void remove() throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
            st.execute("DELETE FROM service_point WHERE code LIKE 'SC-TEST-%'");
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> kind(Http.Response r, String kind) {
        return ((List<Map<String, Object>>) r.map().get("byKind")).stream().filter(k -> kind.equals(k.get("kind"))).findFirst().orElseThrow();
    }

    @Test
    void fifteenMinutesReachThePharmacyAndTheStoreButNotTheMarketOrTheKindergarten() {
        Http.Response r = http.get("/api/service-circle?lon=" + LON + "&lat=" + LAT + "&minutes=15", ops);
        assertEquals(200, r.status(), r.body());
        assertEquals("straight-line", r.map().get("method"));
        assertEquals(1.3, ((Number) r.map().get("detourFactor")).doubleValue());
        assertEquals(923.1, ((Number) r.map().get("radiusMeters")).doubleValue(), 0.05);
        assertEquals(2, ((Number) r.map().get("total")).intValue(), r.body());
        @SuppressWarnings("unchecked")
        Map<String, Object> pharmacy = ((List<Map<String, Object>>) kind(r, "pharmacy").get("items")).get(0);
        assertEquals("SC-TEST-PHARMACY", pharmacy.get("code"));
        assertEquals(500.0, ((Number) pharmacy.get("distanceMeters")).doubleValue(), 0.5);
        assertEquals(8.1, ((Number) pharmacy.get("walkMinutes")).doubleValue(), 0.05);
        assertEquals(1, ((Number) kind(r, "convenience_store").get("count")).intValue());
        assertEquals(0, ((Number) kind(r, "wet_market").get("count")).intValue());
        assertEquals(0, ((Number) kind(r, "kindergarten").get("count")).intValue());
        @SuppressWarnings("unchecked")
        List<String> missing = (List<String>) r.map().get("missingKinds");
        assertTrue(missing.contains("wet_market") && !missing.contains("pharmacy"), missing.toString());
    }

    @Test
    void fiveMinutesReachNothingAndTwentyFiveReachTheKindergarten() {
        assertEquals(0, ((Number) http.get("/api/service-circle?lon=" + LON + "&lat=" + LAT + "&minutes=5", ops).map().get("total")).intValue());
        // 25 min → 1538.5 m: pharmacy, store, market; the kindergarten at 2 km needs 32.5 min.
        assertEquals(3, ((Number) http.get("/api/service-circle?lon=" + LON + "&lat=" + LAT + "&minutes=25", ops).map().get("total")).intValue());
        assertEquals(4, ((Number) http.get("/api/service-circle?lon=" + LON + "&lat=" + LAT + "&minutes=33", ops).map().get("total")).intValue());
    }

    @Test
    void badParametersAreProblems() {
        Http.Response r = http.get("/api/service-circle?lon=abc&lat=" + LAT, ops);
        assertEquals(400, r.status());
        assertTrue(r.body().contains("lon"), r.body());
        assertEquals(400, http.get("/api/service-circle?lon=" + LON + "&lat=" + LAT + "&minutes=90", ops).status());
        assertEquals(400, http.get("/api/service-circle?lon=" + LON + "&lat=95", ops).status());
        assertEquals(401, http.get("/api/service-circle?lon=" + LON + "&lat=" + LAT).status());
    }
}
