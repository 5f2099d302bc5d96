package cn.yiwang.layers.tiles;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

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

/**
 * The {@code patrol-blind-spots} layer: a micro grid a worker stood in today leaves the layer once the
 * day is analysed (its tiles are dropped), an unvisited one stays; scoped like patrol, never anonymous.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PatrolBlindSpotTileTest implements PostgisTest {

    @Inject
    EmbeddedServer server;
    @Inject
    JsonMapper json;
    @Inject
    DataSource dataSource;

    private static Set<String> ids(TileClient.Fetched f) {
        if (f.status() == 204) {
            return Set.of();
        }
        assertEquals(200, f.status());
        return MvtDecoder.layer(f.bytes(), "patrol-blind-spots").features().stream().map(x -> (String) x.properties().get("fid"))
                .collect(Collectors.toSet());
    }

    @Test
    void visitedMicroGridLeavesTheLayerAndAnUnvisitedOneStays() throws Exception {
        String grid = PatrolFixtures.single(dataSource, "SELECT grid_code FROM grid_duty ORDER BY grid_code DESC OFFSET 6 LIMIT 1");
        String idleGrid = PatrolFixtures.single(dataSource, "SELECT grid_code FROM grid_duty ORDER BY grid_code DESC OFFSET 8 LIMIT 1");
        String device = PatrolFixtures.single(dataSource, "SELECT d.device_id FROM patrol_device d JOIN app_user u ON u.id = d.user_id"
                + " WHERE u.username = ? ORDER BY d.device_id LIMIT 1", "gw" + grid);
        PatrolFixtures.Spot visited = PatrolFixtures.spot(dataSource, grid, 0);
        PatrolFixtures.Spot idle = PatrolFixtures.spot(dataSource, idleGrid, 0);
        Http http = new Http(server, json);
        String ops = http.login("ops", DemoUsers.DEMO_PASSWORD);
        TileClient tiles = new TileClient(server.getURI());
        int[] tv = TileMath.tileAt(visited.lon(), visited.lat(), 15);
        int[] ti = TileMath.tileAt(idle.lon(), idle.lat(), 15);
        String visitedPath = "/tiles/patrol-blind-spots/15/" + tv[0] + "/" + tv[1] + ".mvt";
        String idlePath = "/tiles/patrol-blind-spots/15/" + ti[0] + "/" + ti[1] + ".mvt";
        Map<String, String> auth = Map.of("Authorization", "Bearer " + ops);
        assertTrue(ids(tiles.get(visitedPath, auth)).contains("micro:" + visited.micro()), "nobody has been there yet");

        // Five minutes standing in the micro grid, a few minutes ago.
        Instant t0 = Instant.now().minus(10, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS);
        StringBuilder body = new StringBuilder("{\"deviceId\":\"" + device + "\",\"points\":[");
        for (int i = 0; i < 30; i++) {
            body.append(i == 0 ? "" : ",").append(String.format(Locale.ROOT, "{\"time\":\"%s\",\"lon\":%.7f,\"lat\":%.7f,\"accuracy\":5}",
                    t0.plusSeconds(10L * i), visited.lon(), visited.lat()));
        }
        body.append("]}");
        assertEquals(200, http.postJson("/api/patrol/points", body.toString(), ops).status());
        LocalDate today = LocalDate.ofInstant(t0, ZoneId.of("Asia/Shanghai"));
        assertEquals(200, http.postJson("/api/admin/patrol/analyse?date=" + today + "&grid=" + grid, "", ops).status());

        assertFalse(ids(tiles.get(visitedPath, auth)).contains("micro:" + visited.micro()), "visited today");
        assertTrue(ids(tiles.get(idlePath, auth)).contains("micro:" + idle.micro()));
        assertEquals(401, tiles.get(idlePath).status(), "never anonymous");
        String worker = http.login("worker", DemoUsers.DEMO_PASSWORD);
        assertFalse(ids(tiles.get(idlePath, Map.of("Authorization", "Bearer " + worker))).contains("micro:" + idle.micro()),
                "another community's blind spots are not the demo worker's");
        List<String> kinds = MvtDecoder.layer(tiles.get(idlePath, auth).bytes(), "patrol-blind-spots").features().stream()
                .map(x -> (String) x.properties().get("kind")).distinct().sorted().toList();
        assertTrue(kinds.contains("micro"), kinds.toString());
    }
}
