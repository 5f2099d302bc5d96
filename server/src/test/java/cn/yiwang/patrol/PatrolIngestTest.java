package cn.yiwang.patrol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import javax.sql.DataSource;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import cn.yiwang.geo.ChinaCoordinateTransformer;
import cn.yiwang.security.DemoUsers;
import cn.yiwang.testing.Http;
import cn.yiwang.testing.PostgisTest;
import io.micronaut.json.JsonMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;

/** Every ingestion path against the real PostGIS: OsmAnd (query, form, JSON), batches, GPX, bad input, scope. */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PatrolIngestTest implements PostgisTest {

    private static final String DEVICE = "demo-device-worker";

    @Inject
    EmbeddedServer server;
    @Inject
    JsonMapper json;
    @Inject
    DataSource dataSource;

    Http http;
    String workerToken;
    String workerId;
    PatrolFixtures.Spot inOwnGrid;
    /** A base time per run, so reruns on the same database never collide with earlier fixes. */
    Instant base;

    @BeforeAll
    void setUp() throws Exception {
        http = new Http(server, json);
        workerToken = http.login("worker", DemoUsers.DEMO_PASSWORD);
        workerId = PatrolFixtures.single(dataSource, "SELECT id FROM app_user WHERE username = 'worker'");
        String ownGrid = PatrolFixtures.single(dataSource, "SELECT min(grid_code) FROM grid_duty WHERE user_id = ?", Long.parseLong(workerId));
        inOwnGrid = PatrolFixtures.spot(dataSource, ownGrid, 0);
        base = Instant.now().minus(2, ChronoUnit.HOURS).minusMillis(ThreadLocalRandom.current().nextLong(3_600_000)).truncatedTo(ChronoUnit.SECONDS);
    }

    private int count(String device, Instant at) throws Exception {
        return Integer.parseInt(PatrolFixtures.single(dataSource,
                "SELECT count(*) FROM patrol_point WHERE device_id = ? AND fixed_at = ?", device, java.sql.Timestamp.from(at)));
    }

    private List<String> row(String device, Instant at) throws Exception {
        List<List<String>> rows = PatrolFixtures.rows(dataSource, "SELECT lon, lat, speed_mps, bearing_deg, altitude_m, accuracy_m, battery_pct,"
                + " source, attributes::text, user_id, district_code FROM patrol_point WHERE device_id = ? AND fixed_at = ?",
                device, java.sql.Timestamp.from(at));
        assertEquals(1, rows.size(), "rows of " + device + " at " + at);
        return rows.get(0);
    }

    @Test
    void traccarClientsQueryFormPostIsStoredWithSpeedConvertedFromKnots() throws Exception {
        Instant at = base.plusSeconds(1);
        String query = String.format(Locale.ROOT, "id=%s&timestamp=%d&lat=%.7f&lon=%.7f&speed=10.0&bearing=87.5&altitude=101.2"
                + "&accuracy=8.0&batt=76.0&charge=true", DEVICE, at.getEpochSecond(), inOwnGrid.lat(), inOwnGrid.lon());
        // Byte for byte what Traccar Client for Android sends: a POST with the fix in the query and an empty body.
        String request = "POST /osmand?" + query + " HTTP/1.1\r\n"
                + "Content-Length: 0\r\n"
                + "User-Agent: Dalvik/2.1.0 (Linux; U; Android 13; Pixel 6 Build/TQ3A.230901.001)\r\n"
                + "Host: " + server.getHost() + ":" + server.getPort() + "\r\n"
                + "Connection: close\r\n"
                + "Accept-Encoding: gzip\r\n\r\n";
        assertEquals(200, PatrolFixtures.raw(server.getURI(), request));
        List<String> r = row(DEVICE, at);
        assertEquals(inOwnGrid.lon(), Double.parseDouble(r.get(0)), 1e-7);
        assertEquals(inOwnGrid.lat(), Double.parseDouble(r.get(1)), 1e-7);
        assertEquals(10 * 1852.0 / 3600.0, Double.parseDouble(r.get(2)), 1e-4, "10 knots in m/s");
        assertEquals(87.5, Double.parseDouble(r.get(3)), 1e-4);
        assertEquals(101.2, Double.parseDouble(r.get(4)), 1e-3);
        assertEquals(8.0, Double.parseDouble(r.get(5)), 1e-4);
        assertEquals(76.0, Double.parseDouble(r.get(6)), 1e-4);
        assertEquals("osmand", r.get(7));
        assertEquals("{\"charge\": \"true\"}", r.get(8), "unknown keys are kept as attributes");
        assertEquals(workerId, r.get(9));
        assertEquals("410103", r.get(10));
    }

    @Test
    void getWithDeviceidLocationAndSpacedTimestampIsStored() throws Exception {
        Instant at = base.plusSeconds(2);
        String spaced = LocalDateTime.ofInstant(at, ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss"));
        Http.Response r = http.get(String.format(Locale.ROOT, "/osmand?deviceid=%s&location=%.7f,%.7f&timestamp=%s", DEVICE,
                inOwnGrid.lat(), inOwnGrid.lon(), spaced.replace(" ", "%20")));
        assertEquals(200, r.status(), r.body());
        assertEquals(inOwnGrid.lon(), Double.parseDouble(row(DEVICE, at).get(0)), 1e-7);
    }

    @Test
    void formBodyWithMillisecondTimestampIsStored() throws Exception {
        Instant at = base.plusSeconds(3);
        Http.Response r = http.postRaw("/osmand", "application/x-www-form-urlencoded", String.format(Locale.ROOT,
                "id=%s&lat=%.7f&lon=%.7f&timestamp=%d&heading=12", DEVICE, inOwnGrid.lat(), inOwnGrid.lon(), at.toEpochMilli()));
        assertEquals(200, r.status(), r.body());
        assertEquals(12.0, Double.parseDouble(row(DEVICE, at).get(3)), 1e-6);
    }

    @Test
    void traccarClient9JsonIsStoredWithUnknownSpeedAsNull() throws Exception {
        Instant at = base.plusSeconds(4).plusMillis(250);
        String body = String.format(Locale.ROOT, """
                {"location":{"event":"motionchange","is_moving":true,"uuid":"5f0c0e0e-3b3a-4d0f-9d55-0b1b8f7d2d11",\
                "timestamp":"%s","odometer":1523.4,"coords":{"latitude":%.7f,"longitude":%.7f,"accuracy":4.9,"speed":-1,\
                "speed_accuracy":-1,"heading":-1,"heading_accuracy":-1,"altitude":110.3,"ellipsoidal_altitude":110.3,\
                "altitude_accuracy":3.1,"age":52},"activity":{"type":"walking","confidence":100},\
                "battery":{"is_charging":false,"level":0.85},"extras":{}},"device_id":"%s"}""",
                at, inOwnGrid.lat(), inOwnGrid.lon(), DEVICE);
        String request = "POST /osmand HTTP/1.1\r\n"
                + "Host: " + server.getHost() + ":" + server.getPort() + "\r\n"
                + "Content-Type: application/json\r\n"
                + "Content-Length: " + body.getBytes(java.nio.charset.StandardCharsets.UTF_8).length + "\r\n"
                + "Connection: close\r\n"
                + "Accept-Encoding: gzip\r\n"
                + "User-Agent: okhttp/4.12.0\r\n\r\n" + body;
        assertEquals(200, PatrolFixtures.raw(server.getURI(), request));
        List<String> r = row(DEVICE, at);
        assertNull(r.get(2), "speed -1 means unknown");
        assertNull(r.get(3), "heading -1 means unknown");
        assertEquals(4.9, Double.parseDouble(r.get(5)), 1e-4);
        assertEquals(85.0, Double.parseDouble(r.get(6)), 1e-4);
        assertEquals("traccar_json", r.get(7));
        Map<?, ?> attributes = json.readValue(r.get(8), Map.class);
        assertEquals(Boolean.TRUE, attributes.get("motion"));
        assertEquals("walking", attributes.get("activity"));
        assertEquals(Boolean.FALSE, attributes.get("charge"));
    }

    @Test
    void theSameDeviceAndTimeIsStoredOnce() throws Exception {
        Instant at = base.plusSeconds(5);
        String q = String.format(Locale.ROOT, "/osmand?id=%s&lat=%.7f&lon=%.7f&timestamp=%d", DEVICE, inOwnGrid.lat(), inOwnGrid.lon(), at.getEpochSecond());
        assertEquals(200, http.get(q).status());
        assertEquals(200, http.get(q).status());
        String batch = String.format(Locale.ROOT, "{\"deviceId\":\"%s\",\"points\":[{\"time\":\"%s\",\"lon\":%.7f,\"lat\":%.7f},"
                + "{\"time\":\"%s\",\"lon\":%.7f,\"lat\":%.7f}]}", DEVICE, at, inOwnGrid.lon(), inOwnGrid.lat(), at, inOwnGrid.lon(), inOwnGrid.lat());
        Http.Response r = http.postJson("/api/patrol/points", batch, workerToken);
        assertEquals(200, r.status(), r.body());
        assertEquals(1, count(DEVICE, at));
    }

    @Test
    void aLatePointGoesIntoItsOwnOlderDayPartitionAndOutOfOrderPointsLeaveTheNewestAsLatest() throws Exception {
        Instant newest = Instant.now().minusSeconds(30).truncatedTo(ChronoUnit.SECONDS).plusMillis(ThreadLocalRandom.current().nextInt(1000));
        Instant older = newest.minusSeconds(20);
        Instant late = base.minus(5, ChronoUnit.DAYS);
        String body = String.format(Locale.ROOT, "{\"deviceId\":\"%s\",\"points\":[{\"time\":\"%s\",\"lon\":%.7f,\"lat\":%.7f},"
                        + "{\"time\":\"%s\",\"lon\":%.7f,\"lat\":%.7f},{\"time\":\"%s\",\"lon\":%.7f,\"lat\":%.7f}]}", DEVICE,
                newest, inOwnGrid.lon(), inOwnGrid.lat(), older, inOwnGrid.lon() + 0.0001, inOwnGrid.lat(), late, inOwnGrid.lon(), inOwnGrid.lat());
        Http.Response r = http.postJson("/api/patrol/points", body, workerToken);
        assertEquals(200, r.status(), r.body());
        assertEquals(3, ((Number) r.map().get("accepted")).intValue());
        String day = late.atZone(ZoneId.of("Asia/Shanghai")).toLocalDate().format(DateTimeFormatter.BASIC_ISO_DATE);
        assertEquals("patrol_point_" + day, PatrolFixtures.single(dataSource,
                "SELECT tableoid::regclass::text FROM patrol_point WHERE device_id = ? AND fixed_at = ?", DEVICE, java.sql.Timestamp.from(late)));
        assertEquals(1, count(DEVICE, older));
        // A later request with an older fix does not move the latest position back.
        Http.Response again = http.get(String.format(Locale.ROOT, "/osmand?id=%s&lat=%.7f&lon=%.7f&timestamp=%d", DEVICE,
                inOwnGrid.lat(), inOwnGrid.lon() + 0.0002, older.minusSeconds(5).getEpochSecond()));
        assertEquals(200, again.status());
        Instant latest = java.sql.Timestamp.valueOf(PatrolFixtures.single(dataSource,
                "SELECT fixed_at AT TIME ZONE 'UTC' FROM patrol_latest WHERE device_id = ?", DEVICE)).toLocalDateTime().toInstant(ZoneOffset.UTC);
        assertTrue(!latest.isBefore(newest), "latest " + latest + " is at least " + newest);
    }

    @Test
    void gcj02PointsAreStoredInWgs84() throws Exception {
        Instant at = base.plusSeconds(6);
        double[] gcj = ChinaCoordinateTransformer.wgs84ToGcj02(inOwnGrid.lon(), inOwnGrid.lat());
        Http.Response r = http.get(String.format(Locale.ROOT, "/osmand?id=%s&lat=%.9f&lon=%.9f&timestamp=%d&crs=gcj02", DEVICE,
                gcj[1], gcj[0], at.getEpochSecond()));
        assertEquals(200, r.status(), r.body());
        List<String> row = row(DEVICE, at);
        assertEquals(inOwnGrid.lon(), Double.parseDouble(row.get(0)), 1e-6);
        assertEquals(inOwnGrid.lat(), Double.parseDouble(row.get(1)), 1e-6);
        assertTrue(Math.abs(gcj[0] - inOwnGrid.lon()) > 1e-3, "the GCJ-02 offset is real here");
    }

    @Test
    void anUnknownDeviceIs404WithAHintAndNothingIsStored() throws Exception {
        Instant at = base.plusSeconds(7);
        Http.Response r = http.get(String.format(Locale.ROOT, "/osmand?id=no-such-phone&lat=34.7&lon=113.6&timestamp=%d", at.getEpochSecond()));
        assertEquals(404, r.status());
        assertTrue(r.contentType().startsWith("application/problem+json"), r.contentType());
        assertTrue(r.body().contains("no-such-phone") && r.body().contains("demo-device-1"), r.body());
        assertEquals(0, count("no-such-phone", at));
    }

    @Test
    void badPositionsAre400ProblemsNamingTheField() throws Exception {
        long now = Instant.now().getEpochSecond();
        Map<String, String> cases = Map.of(
                "lat=34.7&lon=113.6&timestamp=" + (now + 3600), "timestamp",
                "lat=34.7&lon=113.6&timestamp=946684799", "timestamp",
                "lat=NaN&lon=113.6&timestamp=" + now, "lat",
                "lat=95&lon=113.6&timestamp=" + now, "lat",
                "lat=34.7&lon=-181&timestamp=" + now, "lon",
                "lat=34.7&lon=113.6&timestamp=yesterday", "timestamp");
        for (Map.Entry<String, String> c : cases.entrySet()) {
            Http.Response r = http.get("/osmand?id=" + DEVICE + "&" + c.getKey());
            assertEquals(400, r.status(), c.getKey() + ": " + r.body());
            assertTrue(r.contentType().startsWith("application/problem+json"));
            assertEquals(c.getValue(), ((Map<?, ?>) ((List<?>) r.map().get("errors")).get(0)).get("parameter"), r.body());
        }
        assertEquals("0", PatrolFixtures.single(dataSource, "SELECT count(*) FROM patrol_point WHERE device_id = ? AND (lat > 90 OR fixed_at > now() + interval '10 minutes' OR fixed_at < '2000-01-01')", DEVICE));
    }

    @Test
    void aBatchWithBadPointsStoresTheGoodOnesAndReportsTheBadOnesByIndex() throws Exception {
        Instant at = base.plusSeconds(8);
        String body = String.format(Locale.ROOT, """
                {"deviceId":"%s","points":[
                  {"time":"%s","lon":%.7f,"lat":%.7f,"accuracy":5},
                  {"time":"%s","lon":%.7f,"lat":"north"},
                  {"time":"2199-01-01T00:00:00Z","lon":%.7f,"lat":%.7f},
                  {"time":"%s","lon":%.7f,"lat":%.7f,"deviceId":"nobody-s-phone"},
                  {"time":"%s","lon":%.7f,"lat":%.7f}]}""", DEVICE,
                at, inOwnGrid.lon(), inOwnGrid.lat(), at.plusSeconds(1), inOwnGrid.lon(), inOwnGrid.lon(), inOwnGrid.lat(),
                at.plusSeconds(2), inOwnGrid.lon(), inOwnGrid.lat(), at.plusSeconds(3), inOwnGrid.lon(), inOwnGrid.lat());
        Http.Response r = http.postJson("/api/patrol/points", body, workerToken);
        assertEquals(200, r.status(), r.body());
        assertEquals(2, ((Number) r.map().get("accepted")).intValue());
        List<?> invalid = (List<?>) r.map().get("invalid");
        assertEquals(List.of(1, 2, 3), invalid.stream().map(i -> ((Number) ((Map<?, ?>) i).get("index")).intValue()).toList());
        assertTrue(((Map<?, ?>) invalid.get(0)).get("reason").toString().startsWith("lat:"), r.body());
        assertTrue(((Map<?, ?>) invalid.get(2)).get("reason").toString().contains("unknown device"), r.body());
        assertEquals(1, count(DEVICE, at));
        assertEquals(0, count(DEVICE, at.plusSeconds(1)));
        assertEquals(1, count(DEVICE, at.plusSeconds(3)));
    }

    @Test
    void aBatchWithoutAnyGoodPointIs422WithPointers() {
        Http.Response r = http.postJson("/api/patrol/points", "{\"deviceId\":\"" + DEVICE + "\",\"points\":[{\"lon\":1}]}", workerToken);
        assertEquals(422, r.status(), r.body());
        assertEquals("/points/0", ((Map<?, ?>) ((List<?>) r.map().get("errors")).get(0)).get("pointer"));
    }

    @Test
    void aWorkerCannotPostPointsOfAnotherWorkersDevice() throws Exception {
        Instant at = base.plusSeconds(9);
        String other = PatrolFixtures.single(dataSource, "SELECT device_id FROM patrol_device d JOIN app_user u ON u.id = d.user_id"
                + " WHERE u.username <> 'worker' ORDER BY device_id LIMIT 1");
        assertNotNull(other);
        String body = String.format(Locale.ROOT, "{\"deviceId\":\"%s\",\"points\":[{\"time\":\"%s\",\"lon\":%.7f,\"lat\":%.7f}]}",
                other, at, inOwnGrid.lon(), inOwnGrid.lat());
        Http.Response r = http.postJson("/api/patrol/points", body, workerToken);
        assertEquals(403, r.status(), r.body());
        assertTrue(r.contentType().startsWith("application/problem+json"));
        assertEquals(0, count(other, at));
        // The ops center may feed points of workers in its scope.
        Http.Response ops = http.postJson("/api/patrol/points", body, http.login("ops", DemoUsers.DEMO_PASSWORD));
        assertEquals(200, ops.status(), ops.body());
        assertEquals(1, count(other, at));
    }

    @Test
    void aGpxTrackIsStored() throws Exception {
        Instant at = base.plusSeconds(10);
        String gpx = String.format(Locale.ROOT, """
                <?xml version="1.0" encoding="UTF-8"?>
                <gpx version="1.1" creator="test" xmlns="http://www.topografix.com/GPX/1/1">
                 <trk><name>巡查</name><trkseg>
                  <trkpt lat="%.7f" lon="%.7f"><ele>100.5</ele><time>%s</time></trkpt>
                  <trkpt lat="%.7f" lon="%.7f"><ele>101.0</ele><time>%s</time></trkpt>
                 </trkseg></trk></gpx>""", inOwnGrid.lat(), inOwnGrid.lon(), at, inOwnGrid.lat(), inOwnGrid.lon(), at.plusSeconds(5));
        Http.Response r = http.postRaw("/api/patrol/gpx?deviceId=" + DEVICE, "application/gpx+xml", gpx, "Authorization", "Bearer " + workerToken);
        assertEquals(200, r.status(), r.body());
        assertEquals(2, ((Number) r.map().get("accepted")).intValue());
        assertEquals("gpx", row(DEVICE, at.plusSeconds(5)).get(7));
    }

    @Test
    void aGpxWithAnExternalEntityIsRefusedAndNothingIsStored() throws Exception {
        Instant at = base.plusSeconds(11);
        String gpx = String.format(Locale.ROOT, """
                <?xml version="1.0" encoding="UTF-8"?>
                <!DOCTYPE gpx [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
                <gpx version="1.1" creator="&xxe;"><trk><trkseg>
                  <trkpt lat="%.7f" lon="%.7f"><time>%s</time><name>&xxe;</name></trkpt>
                </trkseg></trk></gpx>""", inOwnGrid.lat(), inOwnGrid.lon(), at);
        Http.Response r = http.postRaw("/api/patrol/gpx?deviceId=" + DEVICE, "application/gpx+xml", gpx, "Authorization", "Bearer " + workerToken);
        assertEquals(400, r.status(), r.body());
        assertTrue(r.contentType().startsWith("application/problem+json"));
        assertTrue(r.body().contains("DOCTYPE"), r.body());
        assertTrue(!r.body().contains("root:"), "no file content leaks");
        assertEquals(0, count(DEVICE, at));
    }

    @Test
    void anonymousCallersCannotPostBatches() {
        assertEquals(401, http.postJson("/api/patrol/points", "{\"points\":[]}", null).status());
    }
}
