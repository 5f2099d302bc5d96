package cn.yiwang.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
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

/**
 * The simulator's patrols against a real server: a backfilled working day of five demo workers goes
 * in through the ingestion API and is analysed, and each walker's day shows a real patrol of their
 * own grid (both shifts, most of the grid covered, the planted bad fixes dropped).
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SimulatorPatrolTest implements PostgisTest {

    @Inject
    EmbeddedServer server;
    @Inject
    JsonMapper json;
    @Inject
    DataSource dataSource;

    @Test
    @SuppressWarnings("unchecked")
    void backfilledWorkingDayIsIngestedAndAnalysed() throws Exception {
        ZoneId zone = ZoneId.of("Asia/Shanghai");
        SimClient client = new SimClient(server.getURI(), DemoUsers.DEMO_PASSWORD, json);
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        PatrolSimulator sim = new PatrolSimulator(client, zone, new PrintStream(log, true, StandardCharsets.UTF_8));
        assertEquals(5, sim.load(5, 3));
        // The day before "now" must be a weekday: workers do not patrol at weekends.
        Instant now = Instant.now();
        while (!PatrolSimulator.onDuty(LocalDate.ofInstant(now, zone).minusDays(1))) {
            now = now.minus(java.time.Duration.ofDays(1));
        }
        sim.backfill(1, now);
        // Two shifts of 3.5 h at one fix per 10 s, five workers.
        assertEquals(5 * 2 * 1260, sim.posted(), log.toString(StandardCharsets.UTF_8));
        assertEquals(0, sim.failed());
        // A Sunday is skipped: the server would refuse those fixes as off duty.
        Instant monday = Instant.now();
        while (LocalDate.ofInstant(monday, zone).minusDays(1).getDayOfWeek() != java.time.DayOfWeek.SUNDAY) {
            monday = monday.minus(java.time.Duration.ofDays(1));
        }
        long before = sim.posted();
        sim.backfill(1, monday);
        assertEquals(before, sim.posted(), "nothing walked on a Sunday");
        LocalDate day = LocalDate.ofInstant(now, zone).minusDays(1);
        String first = PatrolFixtures.single(dataSource, "SELECT u.username FROM patrol_device d JOIN app_user u ON u.id = d.user_id"
                + " WHERE d.device_id = 'demo-device-1'");
        Http http = new Http(server, json);
        String ops = http.login("ops", DemoUsers.DEMO_PASSWORD);
        Http.Response r = http.get("/api/patrol/days/" + first + "/" + day, ops);
        assertEquals(200, r.status(), r.body());
        Map<String, Object> d = r.map();
        assertEquals(2520, ((Number) d.get("fixes")).intValue());
        assertTrue(((Number) d.get("durationSeconds")).intValue() >= 6 * 3600, "two shifts with one lunch gap: " + d.get("durationSeconds"));
        assertEquals(1, ((Number) d.get("idleGaps")).intValue(), "the lunch break");
        assertTrue(((Number) d.get("coverageShare")).doubleValue() > 0.5, "lanes 40 m apart over the grid: " + d.get("coverageShare"));
        assertTrue(((Number) d.get("insideShare")).doubleValue() > 0.8, String.valueOf(d.get("insideShare")));
        Map<String, Object> dropped = (Map<String, Object>) ((Map<String, Object>) d.get("detail")).get("dropped");
        assertTrue(((Number) dropped.get("total")).intValue() > 0, "the generator plants poor and wild fixes");
        List<String> reasons = List.copyOf(((Map<String, Object>) dropped.get("byReason")).keySet());
        assertTrue(reasons.contains("poor_accuracy"), reasons.toString());
    }
}
