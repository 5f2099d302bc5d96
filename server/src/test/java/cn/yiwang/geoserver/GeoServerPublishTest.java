package cn.yiwang.geoserver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import cn.yiwang.db.EmbeddedPostgis;
import cn.yiwang.testing.PostgisTest;
import cn.yiwang.testing.TestPostgis;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;

/**
 * {@code ./yiwang geoserver-publish} against a stand-in that follows GeoServer's REST contract
 * (GeoServer itself cannot be installed here; see {@link GeoServerStandIn}).
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GeoServerPublishTest implements PostgisTest {

    static GeoServerPublish.Target target() {
        EmbeddedPostgis.ConnectionInfo c = TestPostgis.connection();
        return new GeoServerPublish.Target(c.jdbcUrl(), c.user(), c.password(), "127.0.0.1", c.port(), "yiwang");
    }

    @Test
    void firstRunCreatesWorkspaceStoreStylesAndLayers() throws Exception {
        try (GeoServerStandIn gs = new GeoServerStandIn("admin", "geoserver")) {
            GeoServerPublish.run(gs.url(), "admin", "geoserver", target(), Map.of());
            assertEquals(Set.of("yiwang"), gs.workspaces.keySet());
            Map<String, String> store = gs.stores.get("yiwang:yiwang-postgis");
            assertEquals("postgis", store.get("dbtype"));
            assertEquals(ReadOnlyRole.NAME, store.get("user"));
            assertEquals("gt_pk_metadata", store.get("Primary key metadata table"));
            assertEquals(GeoServerLayer.ALL.stream().map(l -> "yiwang:" + l.name()).collect(Collectors.toSet()), gs.featureTypes.keySet());
            assertEquals(GeoServerLayer.ALL.size(), gs.styles.size());
            assertEquals("yiwang:patrol-tracks-today", gs.layerStyles.get("yiwang:patrol_tracks_today"));
            assertEquals("yiwang:grid-micro", gs.layerStyles.get("yiwang:grids_micro"));
            assertEquals("yiwang:cases-open", gs.layerStyles.get("yiwang:cases_open"));
            assertTrue(gs.calls.stream().noneMatch(c -> c.method().equals("PUT") && c.path().contains("/featuretypes/")),
                    "nothing existed, so nothing was updated");
        }
    }

    @Test
    void casesAndTracksAreReadableOnlyByTheirRolesWhileGridsStayPublic() throws Exception {
        try (GeoServerStandIn gs = new GeoServerStandIn("admin", "geoserver")) {
            GeoServerPublisher.Report report = GeoServerPublish.run(gs.url(), "admin", "geoserver", target(), Map.of());
            assertEquals("ROLE_YIWANG_PATROL", gs.layerRules.get("yiwang.patrol_tracks_today.r"));
            assertEquals("ROLE_YIWANG_CASES", gs.layerRules.get("yiwang.cases_open.r"));
            assertEquals("*", gs.layerRules.get("*.*.r"), "GeoServer's own rules are left alone");
            Set<String> anonymous = Set.of();
            assertTrue(!gs.canRead("yiwang", "patrol_tracks_today", anonymous), "tracks are personal data");
            assertTrue(!gs.canRead("yiwang", "cases_open", Set.of("ROLE_YIWANG_PATROL")));
            assertTrue(gs.canRead("yiwang", "patrol_tracks_today", Set.of("ROLE_YIWANG_PATROL")));
            assertTrue(gs.canRead("yiwang", "grids_micro", anonymous), "grids stay public");
            assertTrue(report.actions().contains("created layer rule yiwang.patrol_tracks_today.r=ROLE_YIWANG_PATROL"), report.actions().toString());

            // An operator loosened the tracks rule by hand; the next run puts the configured role back,
            // and the roles can be configured.
            gs.layerRules.put("yiwang.patrol_tracks_today.r", "*");
            GeoServerPublisher.Report again = GeoServerPublish.run(gs.url(), "admin", "geoserver", target(),
                    Map.of("GEOSERVER_CASES_ROLE", "ROLE_OPS,ROLE_ANALYST"));
            assertEquals("ROLE_YIWANG_PATROL", gs.layerRules.get("yiwang.patrol_tracks_today.r"));
            assertEquals("ROLE_OPS,ROLE_ANALYST", gs.layerRules.get("yiwang.cases_open.r"));
            assertTrue(gs.canRead("yiwang", "cases_open", Set.of("ROLE_ANALYST")));
            assertTrue(again.actions().contains("updated layer rule yiwang.patrol_tracks_today.r=ROLE_YIWANG_PATROL"), again.actions().toString());

            // A third run with the same settings changes no rule.
            int before = gs.calls.size();
            GeoServerPublish.run(gs.url(), "admin", "geoserver", target(), Map.of("GEOSERVER_CASES_ROLE", "ROLE_OPS,ROLE_ANALYST"));
            assertTrue(gs.calls.subList(before, gs.calls.size()).stream()
                    .noneMatch(c -> c.path().contains("/acl/") && !c.method().equals("GET")), "no rule written again");
        }
    }

    @Test
    void aRoleListThatIsNotRoleNamesStopsBeforeAnyRuleIsWritten() throws Exception {
        try (GeoServerStandIn gs = new GeoServerStandIn("admin", "geoserver")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> GeoServerPublish.run(gs.url(), "admin",
                    "geoserver", target(), Map.of("GEOSERVER_TRACKS_ROLE", "ROLE_A; *.*.r=*")));
            assertTrue(e.getMessage().contains("GEOSERVER_TRACKS_ROLE"), e.getMessage());
            assertEquals(2, gs.layerRules.size(), "only GeoServer's defaults");
        }
    }

    @Test
    void secondRunUpdatesInsteadOfCreating() throws Exception {
        try (GeoServerStandIn gs = new GeoServerStandIn("admin", "geoserver")) {
            GeoServerPublish.run(gs.url(), "admin", "geoserver", target(), Map.of());
            int before = gs.calls.size();
            GeoServerPublisher.Report again = GeoServerPublish.run(gs.url(), "admin", "geoserver", target(), Map.of());
            List<GeoServerStandIn.Call> second = gs.calls.subList(before, gs.calls.size());
            assertTrue(second.stream().noneMatch(c -> c.method().equals("POST")), second.toString());
            assertTrue(again.actions().stream().noneMatch(a -> a.startsWith("created")), again.actions().toString());
            assertEquals(GeoServerLayer.ALL.size(), gs.featureTypes.size());
            // The role's password changed; the store was updated with it and still logs in (the stand-in connected).
            assertTrue(second.stream().anyMatch(c -> c.method().equals("PUT") && c.path().endsWith("/datastores/yiwang-postgis")));
        }
    }

    @Test
    void stylesAreSld10WithTheConsoleColours() {
        String micro = GeoServerPublisher.style("grid-micro");
        assertTrue(micro.contains("version=\"1.0.0\"") && micro.contains("#7d7d7d"), "micro grid stroke as in web/src/levels.js");
        assertTrue(GeoServerPublisher.style("grid-l1").contains("#c0392b"));
        String cases = GeoServerPublisher.style("cases-open");
        for (var group : List.of(cn.yiwang.layers.cases.CaseStatusGroup.PENDING, cn.yiwang.layers.cases.CaseStatusGroup.WORKING,
                cn.yiwang.layers.cases.CaseStatusGroup.HANDLED)) {
            assertTrue(cases.contains("<ogc:Literal>" + group.key() + "</ogc:Literal>") && cases.contains(group.color()),
                    "open cases coloured by status group as in the console: " + group);
        }
    }

    @Test
    void theOpenCasesViewHasNoPersonalColumnAndNoClosedCase() throws Exception {
        try (GeoServerStandIn gs = new GeoServerStandIn("admin", "geoserver")) {
            GeoServerPublish.run(gs.url(), "admin", "geoserver", target(), Map.of());
            Map<String, String> p = gs.stores.get("yiwang:yiwang-postgis");
            try (Connection c = DriverManager.getConnection(TestPostgis.connection().jdbcUrl(), p.get("user"), p.get("passwd"));
                 Statement st = c.createStatement()) {
                List<String> columns = new java.util.ArrayList<>();
                try (var rs = st.executeQuery("SELECT * FROM gs_cases_open LIMIT 0")) {
                    for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                        columns.add(rs.getMetaData().getColumnName(i));
                    }
                }
                assertTrue(columns.containsAll(List.of("id", "code", "status", "status_group", "category_code", "urgency", "geom")), columns.toString());
                for (String personal : List.of("reporter_name", "reporter_phone", "description", "title", "address", "photos")) {
                    assertTrue(!columns.contains(personal), personal + " must not be published: " + columns);
                }
                try (var rs = st.executeQuery("SELECT count(*) FROM gs_cases_open WHERE status IN ('closed', 'evaluated', 'rejected', 'merged')")) {
                    rs.next();
                    assertEquals(0, rs.getInt(1));
                }
                assertThrows(SQLException.class, () -> st.executeQuery("SELECT reporter_phone FROM case_record").close());
            }
        }
    }

    @Test
    void todaysPatrolTracksAreOneLinePerWorkerReadableByTheReadOnlyRole() throws Exception {
        String device;
        long user;
        try (Connection c = DriverManager.getConnection(TestPostgis.connection().jdbcUrl(), TestPostgis.connection().user(),
                TestPostgis.connection().password()); Statement st = c.createStatement()) {
            try (var rs = st.executeQuery("SELECT device_id, user_id FROM patrol_device WHERE device_id = 'demo-device-500'")) {
                rs.next();
                device = rs.getString(1);
                user = rs.getLong(2);
            }
            st.execute("SELECT patrol_ensure_partition((now() AT TIME ZONE 'Asia/Shanghai')::date, 'Asia/Shanghai')");
            st.execute("SELECT patrol_ensure_partition((now() AT TIME ZONE 'Asia/Shanghai')::date - 1, 'Asia/Shanghai')");
            // Three fixes today (inserted out of order), one yesterday that must not be part of today's line.
            st.execute("INSERT INTO patrol_point (district_code, device_id, user_id, fixed_at, lon, lat, source) VALUES "
                    + "('410103', '" + device + "', " + user + ", now() - interval '1 minute', 113.6402, 34.7502, 'api'), "
                    + "('410103', '" + device + "', " + user + ", now() - interval '3 minutes', 113.6400, 34.7500, 'api'), "
                    + "('410103', '" + device + "', " + user + ", now() - interval '2 minutes', 113.6401, 34.7501, 'api'), "
                    + "('410103', '" + device + "', " + user + ", now() - interval '30 hours', 113.9500, 34.8000, 'api') "
                    + "ON CONFLICT DO NOTHING");
        }
        try (GeoServerStandIn gs = new GeoServerStandIn("admin", "geoserver")) {
            GeoServerPublish.run(gs.url(), "admin", "geoserver", target(), Map.of());
            Map<String, String> p = gs.stores.get("yiwang:yiwang-postgis");
            try (Connection c = DriverManager.getConnection(TestPostgis.connection().jdbcUrl(), p.get("user"), p.get("passwd"));
                 Statement st = c.createStatement();
                 var rs = st.executeQuery("SELECT fixes, GeometryType(geom), ST_XMax(geom) FROM gs_patrol_tracks_today WHERE id = " + user)) {
                assertTrue(rs.next(), "the worker's track of today");
                assertTrue(rs.getInt(1) >= 3, "at least the three fixes of today: " + rs.getInt(1));
                assertEquals("LINESTRING", rs.getString(2));
                assertTrue(rs.getDouble(3) < 113.9, "yesterday's fix far east is not part of today's line");
                assertTrue(!rs.next(), "one line per worker");
            }
        }
    }

    @Test
    void wrongAdminPasswordStopsWithAClearMessage() throws Exception {
        try (GeoServerStandIn gs = new GeoServerStandIn("admin", "geoserver")) {
            GeoServerPublisher.PublishException e = assertThrows(GeoServerPublisher.PublishException.class,
                    () -> GeoServerPublish.run(gs.url(), "admin", "wrong", target(), Map.of()));
            assertTrue(e.getMessage().contains("401") && e.getMessage().contains("password"), e.getMessage());
            assertTrue(gs.workspaces.isEmpty());
        }
    }

    @Test
    void theGeoServerRoleCanReadTheViewsButChangeNothing() throws Exception {
        try (GeoServerStandIn gs = new GeoServerStandIn("admin", "geoserver")) {
            GeoServerPublish.run(gs.url(), "admin", "geoserver", target(), Map.of());
            Map<String, String> p = gs.stores.get("yiwang:yiwang-postgis");
            try (Connection c = DriverManager.getConnection(TestPostgis.connection().jdbcUrl(), p.get("user"), p.get("passwd"));
                 Statement st = c.createStatement()) {
                try (var rs = st.executeQuery("SELECT count(*) FROM gs_grids_micro")) {
                    rs.next();
                    assertEquals(5657, rs.getInt(1));
                }
                SQLException denied = assertThrows(SQLException.class, () -> st.execute("DELETE FROM grid"));
                assertTrue(denied.getMessage().contains("permission denied"), denied.getMessage());
                assertThrows(SQLException.class, () -> st.executeQuery("SELECT * FROM app_user").close());
            }
        }
    }
}
