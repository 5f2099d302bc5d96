package cn.yiwang.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Map;

import javax.sql.DataSource;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import cn.yiwang.grid.GridService;
import cn.yiwang.security.DemoUsers;
import cn.yiwang.security.PasswordHasher;
import cn.yiwang.security.Role;
import cn.yiwang.security.UserRepository;
import cn.yiwang.testing.BrowserScript;
import cn.yiwang.testing.Http;
import cn.yiwang.testing.PostgisTest;
import io.micronaut.json.JsonMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;

/**
 * The planner's page (网格调整) in headless Chromium against this embedded server on the shared
 * PostGIS: web/test/browser/planner.mjs (a draft opened by code, a concurrent commit through the API
 * shown as the page's 409 conflict, then the middle vertex of a shared edge dragged with the mouse,
 * saved without problems, previewed, committed; both neighbours and their history checked through the
 * API). The fixture is a district of its own far from the demo data (419903, at lon 101.5, lat 25): one
 * level-3 grid of 0.004° × 0.002° cut into a west and an east micro grid whose shared edge has a middle
 * vertex, with a planner {@code plan419903} scoped to it.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PlannerPageTest implements PostgisTest {

    static final String DISTRICT = "419903";
    static final String L3 = DISTRICT + "001001001";

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

    @BeforeAll
    void fixture() throws SQLException {
        users.insertIfAbsent("plan" + DISTRICT, hasher.hash(DemoUsers.DEMO_PASSWORD), Role.PLANNER, DISTRICT, "规划页面测试员", true);
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
            drop(st);
            String whole = "ST_Multi(ST_MakeEnvelope(101.5, 25.0, 101.504, 25.002, 4326))";
            insert(st, DISTRICT, "district", null, "规划页面测试区", whole);
            insert(st, DISTRICT + "001", "l1", DISTRICT, "规划页面测试街道", whole);
            insert(st, DISTRICT + "001001", "l2", DISTRICT + "001", "规划页面测试社区", whole);
            insert(st, L3, "l3", DISTRICT + "001001", "规划页面测试三级网格", whole);
            insert(st, L3 + "001", "micro", L3, "西微网格",
                    "ST_Multi(ST_GeomFromText('POLYGON((101.5 25, 101.502 25, 101.502 25.001, 101.502 25.002, 101.5 25.002, 101.5 25))', 4326))");
            insert(st, L3 + "002", "micro", L3, "东微网格",
                    "ST_Multi(ST_GeomFromText('POLYGON((101.502 25, 101.504 25, 101.504 25.002, 101.502 25.002, 101.502 25.001, 101.502 25))', 4326))");
            for (int k = 1; k <= 2; k++) {
                double lon = 101.5 + (k - 0.5) * 0.002;
                st.execute(String.format(Locale.ROOT, """
                        INSERT INTO building (district_code, id, name, use, floors, height_m, households, micro_code, generated, geom)
                        VALUES ('%s', 'PLANPAGE-%d', '规划页面测试楼%d', 'residential', 6, 18, 55, '%s%03d', true,
                                ST_MakeEnvelope(%.7f, 25.00095, %.7f, 25.00105, 4326))""", DISTRICT, k, k, L3, k, lon - 0.00005, lon + 0.00005));
            }
        }
        grids.reload();
    }

    @AfterAll
    void cleanUp() throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
            drop(st);
        }
        grids.reload();
    }

    private static void drop(Statement st) throws SQLException {
        st.execute("DELETE FROM building WHERE district_code = '" + DISTRICT + "'");
        st.execute("DELETE FROM grid WHERE district_code = '" + DISTRICT + "'");
    }

    private static void insert(Statement st, String code, String level, String parent, String name, String geom) throws SQLException {
        st.execute(String.format(Locale.ROOT, """
                INSERT INTO grid (district_code, code, level, parent_code, name, generated, valid_from, area_sqm, geom)
                VALUES ('%s', '%s', '%s', %s, '%s', true, now() - interval '30 days', ST_Area(%s::geography), %s)""",
                DISTRICT, code, level, parent == null ? "NULL" : "'" + parent + "'", name, geom, geom));
    }

    @Test
    void thePlannerPageIsServedToAnonymousCallersWithAndWithoutTheTrailingSlash() {
        Http http = new Http(server, json);
        for (String path : new String[] {"/planner", "/planner/", "/planner.html"}) {
            Http.Response page = http.get(path);
            assertEquals(200, page.status(), path + ": the page is packaged from web/dist (run ./yiwang test, which builds it first)");
            assertTrue(page.contentType().startsWith("text/html"), path + " " + page.contentType());
            assertTrue(page.body().contains("网格调整"), path + " " + page.body());
        }
    }

    @Test
    void aPlannerDragsASharedVertexSavesPreviewsAndCommitsAfterSeeingAConflict() throws Exception {
        BrowserScript.run(server, "test/browser/planner.mjs", 240, Map.of("YIWANG_PLANNER", "plan" + DISTRICT, "YIWANG_PARENT", L3));
    }
}
