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
 * 巡查回放 in headless Chromium (web/test/browser/playback.mjs): the script posts a worker's fixes,
 * opens the playback as the dispatcher, and checks the drawn track and the marker under the slider.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PatrolPlaybackBrowserTest implements PostgisTest {

    @Inject
    EmbeddedServer server;
    @Inject
    DataSource dataSource;

    @Test
    void playbackDrawsTheTrackAndMovesTheMarkerWithTheSlider() throws Exception {
        String own = PatrolFixtures.single(dataSource, "SELECT min(g.grid_code) FROM grid_duty g JOIN app_user u ON u.id = g.user_id"
                + " WHERE u.username = 'worker'");
        PatrolFixtures.Spot spot = PatrolFixtures.spot(dataSource, own, 2);
        String out = BrowserScript.run(server, "test/browser/playback.mjs", 240, Map.of(
                "PATROL_LON", String.format(Locale.ROOT, "%.7f", spot.lon()),
                "PATROL_LAT", String.format(Locale.ROOT, "%.7f", spot.lat())));
        assertTrue(out.contains("playback OK"), out);
    }
}
