package cn.yiwang.patrol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

import javax.sql.DataSource;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import cn.yiwang.security.DemoUsers;
import cn.yiwang.testing.Http;
import cn.yiwang.testing.PostgisTest;
import io.micronaut.context.annotation.Property;
import io.micronaut.json.JsonMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;

/** A tiny ingestion queue and GPX limit: overload is 503 + Retry-After with nothing stored, a large GPX 413. */
@MicronautTest
@Property(name = "yiwang.patrol.queue-points", value = "5")
@Property(name = "yiwang.patrol.max-gpx-bytes", value = "20000")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PatrolOverloadTest implements PostgisTest {

    private static final String DEVICE = "demo-device-worker";

    @Inject
    EmbeddedServer server;
    @Inject
    JsonMapper json;
    @Inject
    DataSource dataSource;

    Http http;
    String token;
    Instant base;

    @BeforeAll
    void setUp() {
        http = new Http(server, json);
        token = http.login("worker", DemoUsers.DEMO_PASSWORD);
        base = Instant.now().minus(4, ChronoUnit.HOURS).minusMillis(ThreadLocalRandom.current().nextLong(3_600_000)).truncatedTo(ChronoUnit.SECONDS);
    }

    private String batch(Instant from, int n) {
        StringBuilder sb = new StringBuilder("{\"deviceId\":\"" + DEVICE + "\",\"points\":[");
        for (int i = 0; i < n; i++) {
            sb.append(i == 0 ? "" : ",").append(String.format(Locale.ROOT, "{\"time\":\"%s\",\"lon\":113.64,\"lat\":34.72}", from.plusSeconds(i)));
        }
        return sb.append("]}").toString();
    }

    private int stored(Instant from, int n) throws Exception {
        return Integer.parseInt(PatrolFixtures.single(dataSource, "SELECT count(*) FROM patrol_point WHERE device_id = ? AND fixed_at >= ? AND fixed_at < ?",
                DEVICE, java.sql.Timestamp.from(from), java.sql.Timestamp.from(from.plusSeconds(n))));
    }

    @Test
    void aRequestLargerThanTheFreeQueueIs503WithRetryAfterAndNothingIsStored() throws Exception {
        Http.Response r = http.postJson("/api/patrol/points", batch(base, 10), token);
        assertEquals(503, r.status(), r.body());
        assertTrue(r.contentType().startsWith("application/problem+json"), r.contentType());
        assertEquals("1", r.header("Retry-After"));
        assertEquals(0, stored(base, 10), "nothing of a refused request is half-stored");

        Http.Response small = http.postJson("/api/patrol/points", batch(base.plusSeconds(100), 3), token);
        assertEquals(200, small.status(), small.body());
        assertEquals(3, stored(base.plusSeconds(100), 3), "an acknowledged request is stored");
    }

    @Test
    void aGpxAboveTheLimitIs413() {
        String gpx = "<gpx version=\"1.1\">" + "<!-- padding -->".repeat(2000) + "</gpx>";
        Http.Response r = http.postRaw("/api/patrol/gpx?deviceId=" + DEVICE, "application/gpx+xml", gpx, "Authorization", "Bearer " + token);
        assertEquals(413, r.status(), r.body());
        assertTrue(r.contentType().startsWith("application/problem+json"), r.contentType());
    }
}
