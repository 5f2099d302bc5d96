package cn.yiwang.layers.tiles;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import cn.yiwang.patrol.PatrolFixtures;
import cn.yiwang.security.DemoUsers;
import cn.yiwang.testing.Http;
import cn.yiwang.testing.PostgisTest;
import io.micronaut.json.JsonMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;

/** The {@code patrol-positions} layer: the worker's latest fix, coloured by insideOwnGrid, only for callers whose scope holds them. */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PatrolPositionsTileTest implements PostgisTest {

    @Inject
    EmbeddedServer server;
    @Inject
    JsonMapper json;
    @Inject
    DataSource dataSource;

    @Test
    void theTileHoldsTheWorkerInsideTheirOwnGridForTheirScopeOnly() throws Exception {
        // The worker of the second-largest level-3 code (PatrolLiveTest uses the largest).
        String own = PatrolFixtures.single(dataSource, "SELECT grid_code FROM grid_duty ORDER BY grid_code DESC OFFSET 1 LIMIT 1");
        String username = "gw" + own;
        String device = PatrolFixtures.single(dataSource, "SELECT d.device_id FROM patrol_device d JOIN app_user u ON u.id = d.user_id"
                + " WHERE u.username = ?", username);
        PatrolFixtures.Spot inside = PatrolFixtures.spot(dataSource, own, 0);
        Http http = new Http(server, json);
        Instant at = Instant.now().minusSeconds(5).truncatedTo(ChronoUnit.SECONDS);
        assertEquals(200, http.get(String.format(Locale.ROOT, "/osmand?id=%s&lat=%.7f&lon=%.7f&timestamp=%d", device,
                inside.lat(), inside.lon(), at.getEpochSecond())).status());

        int[] t = TileMath.tileAt(inside.lon(), inside.lat(), 16);
        String path = "/tiles/patrol-positions/16/" + t[0] + "/" + t[1] + ".mvt";
        TileClient tiles = new TileClient(server.getURI());
        String ops = http.login("ops", DemoUsers.DEMO_PASSWORD);
        TileClient.Fetched f = tiles.get(path, Map.of("Authorization", "Bearer " + ops));
        assertEquals(200, f.status());
        List<MvtDecoder.Feature> mine = MvtDecoder.layer(f.bytes(), "patrol-positions").features().stream()
                .filter(x -> username.equals(x.properties().get("worker"))).toList();
        assertEquals(1, mine.size());
        assertEquals(MvtDecoder.POINT, mine.get(0).type());
        assertEquals(Boolean.TRUE, mine.get(0).properties().get("insideOwnGrid"));
        assertEquals(own, mine.get(0).properties().get("ownGrid"));
        assertEquals(at.toString(), mine.get(0).properties().get("fixedAt"));

        assertEquals(401, tiles.get(path).status(), "never anonymous");
        // The demo worker's scope is another community: the dot is not theirs to see.
        String worker = http.login("worker", DemoUsers.DEMO_PASSWORD);
        assertTrue(!own.startsWith(PatrolFixtures.single(dataSource, "SELECT scope_code FROM app_user WHERE username = 'worker'")));
        TileClient.Fetched other = tiles.get(path, Map.of("Authorization", "Bearer " + worker));
        assertTrue(other.status() == 204 || MvtDecoder.layer(other.bytes(), "patrol-positions").features().stream()
                .noneMatch(x -> username.equals(x.properties().get("worker"))), "status " + other.status());
    }
}
