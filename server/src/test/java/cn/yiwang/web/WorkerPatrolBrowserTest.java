package cn.yiwang.web;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Locale;
import java.util.Map;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import cn.yiwang.patrol.PatrolFixtures;
import cn.yiwang.testing.BrowserScript;
import cn.yiwang.testing.PostgisTest;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;

/**
 * 开始巡查 / 结束巡查 on the phone page in headless Chromium (web/test/browser/workerPatrol.mjs): the
 * browser's positions during the patrol reach patrol_point through the page's batches.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WorkerPatrolBrowserTest implements PostgisTest {

    @Inject
    EmbeddedServer server;
    @Inject
    DataSource dataSource;

    @Test
    void aStartedPatrolSendsTheBrowsersPositionsAndStops() throws Exception {
        String own = PatrolFixtures.single(dataSource, "SELECT min(g.grid_code) FROM grid_duty g JOIN app_user u ON u.id = g.user_id"
                + " WHERE u.username = 'worker'");
        PatrolFixtures.Spot spot = PatrolFixtures.spot(dataSource, own, 3);
        String out = BrowserScript.run(server, "test/browser/workerPatrol.mjs", 240, Map.of(
                "PATROL_LON", String.format(Locale.ROOT, "%.7f", spot.lon()),
                "PATROL_LAT", String.format(Locale.ROOT, "%.7f", spot.lat())));
        assertTrue(out.contains("worker patrol OK"), out);
    }
}
