package cn.yiwang.patrol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;

import javax.sql.DataSource;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
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

/**
 * Privacy on the real PostGIS with duty enforced: a fix off duty is not stored (200 for Traccar
 * Client, a problem for batches), one inside a started patrol is, one after its stop is not; the
 * district's shift counts without a patrol; retention drops old day partitions and keeps recent ones.
 */
@MicronautTest
@Property(name = "yiwang.patrol.duty-enforced", value = "true")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PatrolDutyTest implements PostgisTest {

    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    private static final String DEVICE = "demo-device-worker";

    @Inject
    EmbeddedServer server;
    @Inject
    JsonMapper json;
    @Inject
    DataSource dataSource;
    @Inject
    PatrolDuty duty;
    @Inject
    PatrolRetention retention;

    Http http;
    String workerToken;
    PatrolFixtures.Spot spot;

    @BeforeAll
    void setUp() throws Exception {
        http = new Http(server, json);
        workerToken = http.login("worker", DemoUsers.DEMO_PASSWORD);
        String own = PatrolFixtures.single(dataSource, "SELECT min(grid_code) FROM grid_duty g JOIN app_user u ON u.id = g.user_id"
                + " WHERE u.username = 'worker'");
        spot = PatrolFixtures.spot(dataSource, own, 1);
    }

    @BeforeEach
    void noShiftAndNoPatrol() throws Exception {
        shift("00:00", "00:01", "none");
        http.postJson("/api/patrol/stop", "", workerToken);
    }

    @AfterAll
    void dropShift() throws Exception {
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
            st.executeUpdate("DELETE FROM patrol_shift WHERE district_code = '410103'");
        }
        http.postJson("/api/patrol/stop", "", workerToken);
        duty.invalidate();
    }

    private void shift(String start, String end, String days) throws Exception {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("INSERT INTO patrol_shift"
                + " (district_code, starts_at, ends_at, days) VALUES ('410103', ?::time, ?::time, ?) ON CONFLICT (district_code)"
                + " DO UPDATE SET starts_at = excluded.starts_at, ends_at = excluded.ends_at, days = excluded.days")) {
            ps.setString(1, start);
            ps.setString(2, end);
            ps.setString(3, days);
            ps.executeUpdate();
        }
        duty.invalidate();
    }

    private int stored(Instant at) throws Exception {
        return Integer.parseInt(PatrolFixtures.single(dataSource, "SELECT count(*) FROM patrol_point WHERE device_id = ? AND fixed_at = ?",
                DEVICE, Timestamp.from(at)));
    }

    private Http.Response osmand(Instant at) {
        return http.get(String.format(Locale.ROOT, "/osmand?id=%s&timestamp=%d&lat=%.7f&lon=%.7f", DEVICE, at.getEpochSecond(),
                spot.lat(), spot.lon()));
    }

    private Http.Response batch(Instant at) {
        return http.postJson("/api/patrol/points", String.format(Locale.ROOT, "{\"deviceId\":\"%s\",\"points\":[{\"time\":\"%s\","
                + "\"lon\":%.7f,\"lat\":%.7f}]}", DEVICE, at, spot.lon(), spot.lat()), workerToken);
    }

    @Test
    void aFixOffDutyIsAnsweredButNotStored() throws Exception {
        Instant at = Instant.now().minusSeconds(61).truncatedTo(ChronoUnit.SECONDS);
        Http.Response r = osmand(at);
        assertEquals(200, r.status(), "Traccar Client must not retry an off-duty fix for ever: " + r.body());
        assertEquals("not stored", r.header(OsmAndController.OFF_DUTY_HEADER));
        assertEquals(0, stored(at));
        Http.Response b = batch(at);
        assertEquals(422, b.status(), b.body());
        assertTrue(b.contentType().startsWith("application/problem+json"));
        assertTrue(b.body().contains("/problems/off-duty"), b.body());
        assertEquals(0, stored(at));
        assertTrue(duty.offDutyFixes() >= 2);
    }

    @Test
    void fixesAreStoredAfterStartAndNotAfterStop() throws Exception {
        Instant begun = Instant.now();
        Http.Response started = http.postJson("/api/patrol/start", "", workerToken);
        assertEquals(200, started.status(), started.body());
        assertEquals(true, started.map().get("onPatrol"));
        Instant during = Instant.now().plusSeconds(1).truncatedTo(ChronoUnit.SECONDS);
        assertEquals(200, osmand(during).status());
        assertNull(osmand(during).header(OsmAndController.OFF_DUTY_HEADER));
        assertEquals(1, stored(during), "a fix inside the started patrol is stored");
        Http.Response stopped = http.postJson("/api/patrol/stop", "", workerToken);
        assertEquals(200, stopped.status(), stopped.body());
        assertEquals(false, stopped.map().get("onPatrol"));
        Instant after = Instant.now().plusSeconds(2).truncatedTo(ChronoUnit.SECONDS);
        assertEquals("not stored", osmand(after).header(OsmAndController.OFF_DUTY_HEADER));
        assertEquals(0, stored(after), "a fix after the stop is not stored");
        assertEquals(2, Integer.parseInt(PatrolFixtures.single(dataSource, "SELECT count(*) FROM audit_log WHERE actor = 'worker'"
                + " AND action IN ('patrol.start', 'patrol.stop') AND at >= ?", Timestamp.from(begun))), "start and stop are audited");
    }

    @Test
    void startingTwiceKeepsOnePatrolAndStoppingNoneIsAConflict() {
        Http.Response first = http.postJson("/api/patrol/start", "", workerToken);
        Http.Response second = http.postJson("/api/patrol/start", "", workerToken);
        assertEquals(first.map().get("startedAt"), second.map().get("startedAt"));
        assertEquals(200, http.postJson("/api/patrol/stop", "", workerToken).status());
        Http.Response none = http.postJson("/api/patrol/stop", "", workerToken);
        assertEquals(409, none.status());
        assertTrue(none.contentType().startsWith("application/problem+json"));
    }

    @Test
    void onlyGridWorkersStartPatrols() {
        String ops = http.login("ops", DemoUsers.DEMO_PASSWORD);
        assertEquals(403, http.postJson("/api/patrol/start", "", ops).status());
        assertEquals(401, http.postJson("/api/patrol/start", "", null).status());
    }

    @Test
    void insideTheDistrictsShiftFixesAreStoredWithoutAPatrol() throws Exception {
        LocalTime now = LocalTime.now(SHANGHAI);
        LocalTime start = now.isBefore(LocalTime.of(0, 5)) ? LocalTime.MIN : now.minusMinutes(5);
        LocalTime end = now.isAfter(LocalTime.of(23, 55)) ? LocalTime.of(23, 59, 59) : now.plusMinutes(5);
        shift(start.toString(), end.toString(), "every");
        Http.Response state = http.get("/api/patrol/duty", workerToken);
        assertEquals(true, state.map().get("inShift"), state.body());
        Instant at = Instant.now().minusSeconds(3).truncatedTo(ChronoUnit.SECONDS);
        assertEquals(200, batch(at).status());
        assertEquals(1, stored(at));
    }

    @Test
    void fixesOlderThanTheRetentionAreRefused() throws Exception {
        Instant old = Instant.now().minus(200, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
        Http.Response r = batch(old);
        assertEquals(422, r.status(), r.body());
        assertTrue(r.body().contains("retention"), r.body());
    }

    @Test
    void retentionDropsOldDayPartitionsAndKeepsRecentOnes() throws Exception {
        LocalDate today = LocalDate.now(SHANGHAI);
        LocalDate ancient = today.minusDays(400);
        LocalDate old = today.minusDays(181);
        LocalDate kept = today.minusDays(180);
        LocalDate recent = today.minusDays(10);
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("SELECT patrol_ensure_partition(?, 'Asia/Shanghai')")) {
            for (LocalDate d : List.of(ancient, old, kept, recent)) {
                ps.setObject(1, d);
                ps.execute();
            }
        }
        long uid = Long.parseLong(PatrolFixtures.single(dataSource, "SELECT id FROM app_user WHERE username = 'worker'"));
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("INSERT INTO patrol_point"
                + " (district_code, device_id, user_id, fixed_at, lon, lat, source) VALUES ('410103', ?, ?, ?, 113.6, 34.7, 'bench')"
                + " ON CONFLICT DO NOTHING")) {
            for (LocalDate d : List.of(ancient, old, kept, recent)) {
                ps.setString(1, DEVICE);
                ps.setLong(2, uid);
                ps.setTimestamp(3, Timestamp.from(d.atTime(10, 0).atZone(SHANGHAI).toInstant()));
                ps.executeUpdate();
            }
        }
        List<String> dropped = retention.dropBefore(retention.oldestKeptDay());
        assertTrue(dropped.contains(partition(ancient)), dropped.toString());
        assertTrue(dropped.contains(partition(old)), dropped.toString());
        assertFalse(dropped.contains(partition(kept)));
        for (LocalDate gone : List.of(ancient, old)) {
            assertNull(PatrolFixtures.single(dataSource, "SELECT to_regclass(?)::text", partition(gone)), partition(gone));
        }
        for (LocalDate stays : List.of(kept, recent, today)) {
            assertEquals(partition(stays), PatrolFixtures.single(dataSource, "SELECT to_regclass(?)::text", partition(stays)));
        }
        assertEquals(1, Integer.parseInt(PatrolFixtures.single(dataSource, "SELECT count(*) FROM patrol_point WHERE device_id = ?"
                + " AND fixed_at = ?", DEVICE, Timestamp.from(recent.atTime(10, 0).atZone(SHANGHAI).toInstant()))));
        assertEquals(0, Integer.parseInt(PatrolFixtures.single(dataSource, "SELECT count(*) FROM patrol_point WHERE fixed_at < ?",
                Timestamp.from(old.plusDays(1).atStartOfDay(SHANGHAI).toInstant()))));
        assertTrue(Integer.parseInt(PatrolFixtures.single(dataSource, "SELECT count(*) FROM audit_log WHERE action = 'patrol.retention_drop'"
                + " AND target = ?", partition(old))) >= 1);
    }

    private static String partition(LocalDate d) {
        return "patrol_point_" + d.toString().replace("-", "");
    }
}
