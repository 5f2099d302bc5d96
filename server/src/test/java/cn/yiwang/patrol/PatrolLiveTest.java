package cn.yiwang.patrol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Map;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import cn.yiwang.live.LiveTestClient;
import cn.yiwang.security.DemoUsers;
import cn.yiwang.testing.Http;
import cn.yiwang.testing.PostgisTest;
import io.micronaut.json.JsonMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;

/** Live positions on {@code /api/live}: one event per worker per 5 s, carrying the newest fix, grid and insideOwnGrid. */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PatrolLiveTest implements PostgisTest {

    @Inject
    EmbeddedServer server;
    @Inject
    JsonMapper json;
    @Inject
    DataSource dataSource;

    @Test
    void positionsOfAWorkerAreThrottledToOneEventPer5sAndTheNewestWins() throws Exception {
        // A demo worker nobody else in the tests uses: the one on duty for the largest level-3 code.
        String own = PatrolFixtures.single(dataSource, "SELECT max(grid_code) FROM grid_duty");
        String username = "gw" + own;
        String device = PatrolFixtures.single(dataSource, "SELECT d.device_id FROM patrol_device d JOIN app_user u ON u.id = d.user_id"
                + " WHERE u.username = ?", username);
        PatrolFixtures.Spot inside = PatrolFixtures.spot(dataSource, own, 0);
        PatrolFixtures.Spot outside = PatrolFixtures.spot(dataSource, own.substring(0, 9), 0);
        Http http = new Http(server, json);
        String token = http.login(username, DemoUsers.DEMO_PASSWORD);
        Instant t = Instant.now().minusSeconds(60).truncatedTo(ChronoUnit.SECONDS);
        try (LiveTestClient stream = LiveTestClient.open(server.getURI(), "?topics=patrol&scope=" + own, token, json)) {
            assertEquals("ready", stream.nextType(Duration.ofSeconds(10)));
            assertEquals(200, http.get(fix(device, inside, t)).status());
            Map<String, Object> first = stream.awaitType("patrol.position", Duration.ofSeconds(10));
            Instant firstSeen = Instant.now();
            assertEquals(username, first.get("worker"));
            assertEquals(Boolean.TRUE, first.get("insideOwnGrid"));
            assertEquals(own, first.get("ownGrid"));
            assertEquals(inside.micro(), first.get("grid"));

            for (int i = 1; i <= 3; i++) {
                assertEquals(200, http.get(fix(device, i == 3 ? outside : inside, t.plusSeconds(i))).status());
            }
            Map<String, Object> second = stream.awaitType("patrol.position", Duration.ofSeconds(15));
            long gapMillis = Duration.between(firstSeen, Instant.now()).toMillis();
            // Three fixes arrived at once; the stream got one event, the newest, no sooner than the throttle allows.
            assertEquals(t.plusSeconds(3).toString(), second.get("fixedAt"));
            assertEquals(Boolean.FALSE, second.get("insideOwnGrid"), "the last fix lies in another level-3 grid of the street");
            assertNotEquals(own, second.get("grid"));
            assertEquals(true, gapMillis >= 4_000, "second event " + gapMillis + " ms after the first");
            assertNotEquals("patrol.position", stream.nextType(Duration.ofSeconds(2)), "no event for the fixes already sent");
        }
    }

    private static String fix(String device, PatrolFixtures.Spot s, Instant at) {
        return String.format(Locale.ROOT, "/osmand?id=%s&lat=%.7f&lon=%.7f&timestamp=%d", device, s.lat(), s.lon(), at.getEpochSecond());
    }
}
