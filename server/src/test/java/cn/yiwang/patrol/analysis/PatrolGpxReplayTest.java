package cn.yiwang.patrol.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
 * A real recorded track (gpx-parse's TomTom run, see data/patrol/PROVENANCE.md) moved into Erqi,
 * with a wild fix planted every 1,000 fixes, uploaded through {@code POST /api/patrol/gpx} and
 * analysed: the cleaner drops exactly the planted fixes as spikes and keeps the real receiver's
 * noise, and the distance is the track's own (computed here with the haversine on the moved fixes).
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PatrolGpxReplayTest implements PostgisTest {

    private static final Pattern TRKPT = Pattern.compile(
            "<trkpt lon=\"([-0-9.]+)\" lat=\"([-0-9.]+)\">\\s*<ele>([-0-9.]+)</ele>\\s*<time>([^<]+)</time>\\s*</trkpt>");
    private static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");

    @Inject
    EmbeddedServer server;
    @Inject
    JsonMapper json;
    @Inject
    DataSource dataSource;

    private record Fix(Instant at, double lon, double lat, double ele) {
    }

    static Path fixture() {
        for (String p : List.of("../data/patrol/fixtures/gpx-parse-route-1.1.gpx", "data/patrol/fixtures/gpx-parse-route-1.1.gpx")) {
            if (Files.exists(Path.of(p))) {
                return Path.of(p);
            }
        }
        throw new AssertionError("data/patrol/fixtures/gpx-parse-route-1.1.gpx is missing");
    }

    @Test
    @SuppressWarnings("unchecked")
    void realTrackMovedToErqiLosesExactlyThePlantedSpikes() throws Exception {
        String gpx = Files.readString(fixture(), StandardCharsets.UTF_8);
        List<Fix> original = new ArrayList<>();
        Matcher m = TRKPT.matcher(gpx);
        while (m.find()) {
            original.add(new Fix(Instant.parse(m.group(4)), Double.parseDouble(m.group(1)), Double.parseDouble(m.group(2)),
                    Double.parseDouble(m.group(3))));
        }
        assertEquals(7745, original.size(), "the fixture as recorded");

        Http http = new Http(server, json);
        String token = http.login("worker", DemoUsers.DEMO_PASSWORD);
        String workerId = PatrolFixtures.single(dataSource, "SELECT id FROM app_user WHERE username = 'worker'");
        String own = PatrolFixtures.single(dataSource, "SELECT min(grid_code) FROM grid_duty WHERE user_id = ?", Long.parseLong(workerId));
        PatrolFixtures.Spot start = PatrolFixtures.spot(dataSource, own, 0);
        LocalDate day = LocalDate.now(ZONE).minusDays(3);
        Instant t0 = day.atTime(8, 0).atZone(ZONE).toInstant();
        double dLon = start.lon() - original.get(0).lon();
        double dLat = start.lat() - original.get(0).lat();
        long dt = t0.getEpochSecond() - original.get(0).at().getEpochSecond();

        List<Fix> moved = new ArrayList<>();
        int planted = 0;
        StringBuilder out = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<gpx version=\"1.1\" creator=\"yiwang-test\""
                + " xmlns=\"http://www.topografix.com/GPX/1/1\"><trk><name>replay</name><trkseg>\n");
        for (int i = 0; i < original.size(); i++) {
            Fix f = original.get(i);
            Fix g = new Fix(f.at().plusSeconds(dt), f.lon() + dLon, f.lat() + dLat, f.ele());
            Fix written = g;
            if (i % 1000 == 500) {
                // A wild fix ~1.1 km north, for one second.
                written = new Fix(g.at(), g.lon(), g.lat() + 0.01, g.ele());
                planted++;
            } else {
                moved.add(g);
            }
            out.append(String.format(Locale.ROOT, "<trkpt lon=\"%.7f\" lat=\"%.7f\"><ele>%.1f</ele><time>%s</time></trkpt>\n",
                    written.lon(), written.lat(), written.ele(), written.at()));
        }
        out.append("</trkseg></trk></gpx>\n");
        assertEquals(8, planted);

        Http.Response up = http.postRaw("/api/patrol/gpx?deviceId=demo-device-worker", "application/gpx+xml", out.toString(),
                "Authorization", "Bearer " + token);
        assertEquals(200, up.status(), up.body());
        assertEquals(7745, ((Number) up.map().get("accepted")).intValue());

        Http.Response r = http.get("/api/patrol/days/worker/" + day + "?refresh=true", token);
        assertEquals(200, r.status(), r.body());
        Map<String, Object> d = r.map();
        assertEquals(7745, ((Number) d.get("fixes")).intValue());
        Map<String, Object> dropped = (Map<String, Object>) ((Map<String, Object>) d.get("detail")).get("dropped");
        assertEquals(Map.of("spike", 8), dropped.get("byReason"), "the real run never exceeds 8 m/s; only the planted fixes go");
        assertEquals(7745 - 8, ((Number) d.get("keptFixes")).intValue());
        List<Map<String, Object>> first = (List<Map<String, Object>>) dropped.get("first");
        assertEquals(original.get(500).at().plusSeconds(dt).toString(), first.get(0).get("at"));

        double expected = 0;
        for (int i = 1; i < moved.size(); i++) {
            expected += haversine(moved.get(i - 1), moved.get(i));
        }
        double distance = ((Number) d.get("distanceMeters")).doubleValue();
        // Legs inside stops (standing at a crossing for 3 minutes) are not distance: the track's own length is an upper bound.
        assertTrue(distance <= expected + 1 && distance >= expected * 0.97, "distance " + distance + " vs track length " + expected);
        assertEquals(Instant.parse(original.get(original.size() - 1).at().plusSeconds(dt).toString()).toString(), d.get("lastFixAt"));
    }

    private static double haversine(Fix a, Fix b) {
        double r = 6_371_008.8;
        double p1 = Math.toRadians(a.lat());
        double p2 = Math.toRadians(b.lat());
        double h = Math.pow(Math.sin((p2 - p1) / 2), 2)
                + Math.cos(p1) * Math.cos(p2) * Math.pow(Math.sin(Math.toRadians(b.lon() - a.lon()) / 2), 2);
        return 2 * r * Math.asin(Math.sqrt(h));
    }
}
