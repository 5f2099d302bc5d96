package cn.yiwang.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import cn.yiwang.security.DemoUsers;
import cn.yiwang.testing.PostgisTest;
import io.micronaut.json.JsonMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;

/** The simulator against the real server: a short burst, stopped as Ctrl-C stops it. */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SimulatorApiTest implements PostgisTest {

    @Inject
    EmbeddedServer server;
    @Inject
    JsonMapper json;
    @Inject
    DataSource dataSource;

    /** The statuses of the closed loop the burst must go through. */
    private static final Set<String> LOOP = Set.of("reported", "accepted", "registered", "dispatched", "in_progress", "handled",
            "verified", "closed");

    /** The statuses simulated cases have reached so far, from their events. */
    private Set<String> reached() {
        Set<String> reached = new HashSet<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("""
                     SELECT DISTINCT e.to_status FROM case_event e JOIN case_record r ON r.id = e.case_id WHERE r.description LIKE ?""")) {
            ps.setString(1, "%" + CaseDraft.SIMULATED_MARK);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    reached.add(rs.getString(1));
                }
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
        return reached;
    }

    @Test
    void aShortBurstCreatesCasesAcrossChannelsAndMovesThemThroughTheClosedLoop() throws Exception {
        // 600 cases a minute for ~15 s, workflow 20,000× faster than life: a day's handling in about four seconds.
        SimulatorOptions options = SimulatorOptions.parse(new String[] {"--url", server.getURI().toString(), "--rate", "600",
            "--speed", "20000", "--seed", "20261122", "--threads", "4", "--patrol-workers", "0"}, 0);
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        Simulator simulator = new Simulator(options, new SimClient(options.url(), DemoUsers.DEMO_PASSWORD, json), Clock.systemUTC(),
                new PrintStream(printed, true, StandardCharsets.UTF_8));
        // At least 15 s, then until some case went all the way round (closed or evaluated) and some grid
        // worker settled a report on the spot, at most 3 minutes: a loaded machine needs longer.
        SimulationStats stats = runUntil(simulator, Duration.ofSeconds(15), Duration.ofMinutes(3), st -> st.createdTotal() >= 40
                && st.actions().getOrDefault("self_handle", 0L) > 0 && reached().containsAll(LOOP));
        String out = printed.toString(StandardCharsets.UTF_8);

        assertEquals(0, stats.errors(), out);
        assertTrue(stats.createdTotal() >= 40, out);
        Map<Channel, Long> byChannel = stats.createdByChannel();
        assertTrue(byChannel.keySet().containsAll(Set.of(Channel.PATROL, Channel.HOTLINE_12345, Channel.CITIZEN_APP)), byChannel.toString());
        assertTrue(out.contains("by channel:") && out.contains("by status (last seen):"), out);

        Set<String> reached = new HashSet<>();
        Set<String> actors = new HashSet<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("""
                     SELECT e.to_status, e.actor FROM case_event e JOIN case_record r ON r.id = e.case_id
                     WHERE r.description LIKE ?""")) {
            ps.setString(1, "%" + CaseDraft.SIMULATED_MARK);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    reached.add(rs.getString(1));
                    actors.add(rs.getString(2));
                }
            }
        }
        assertTrue(reached.containsAll(LOOP), "statuses reached: " + reached);
        // Desk steps by the dispatcher or ops, handling by departments' demo handlers and grid workers.
        assertTrue(actors.contains("ops") && actors.stream().anyMatch(a -> a.startsWith("gw")), actors.toString());
        assertTrue(actors.stream().anyMatch(a -> a.equals("dept") || a.startsWith("dept_")), actors.toString());

        // Photos: uploaded with reports and handlings, and some grid workers settled their own reports on the spot.
        assertTrue(stats.photos() > 0, out);
        assertTrue(stats.actions().getOrDefault("self_handle", 0L) > 0, out);
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("""
                     SELECT count(*) FILTER (WHERE cardinality(r.photos) > 0),
                            count(*) FILTER (WHERE e.type = 'self_handle' AND e.actor = r.created_by AND e.actor LIKE 'gw%'
                                             AND cardinality(e.attachments) > 0 AND r.source = 'patrol'),
                            count(*) FILTER (WHERE e.type = 'handle' AND cardinality(e.attachments) > 0)
                     FROM case_record r JOIN case_event e ON e.case_id = r.id WHERE r.description LIKE ?""")) {
            ps.setString(1, "%" + CaseDraft.SIMULATED_MARK);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                assertTrue(rs.getLong(1) > 0, "cases reported with photos");
                assertTrue(rs.getLong(2) > 0, "self-handled by the reporting grid worker with a photo");
                assertTrue(rs.getLong(3) > 0, "handled with a photo of the result");
            }
        }
    }

    @Test
    void aBackfillCreatesItsHistoryAndCatchesUpWithNow() {
        // 40 cases over the last day, steps in simulated time: all that was due before now happens at once,
        // as fast as the server takes the steps (seconds here, longer on a loaded machine: at most 3 minutes).
        SimulatorOptions options = SimulatorOptions.parse(new String[] {"--url", server.getURI().toString(), "--backfill-days", "1",
            "--backfill-per-day", "40", "--duration", "180s", "--rate", "1", "--seed", "7", "--threads", "4", "--patrol-workers", "0"}, 0);
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        Simulator simulator = new Simulator(options, new SimClient(options.url(), DemoUsers.DEMO_PASSWORD, json), Clock.systemUTC(),
                new PrintStream(printed, true, StandardCharsets.UTF_8));
        SimulationStats stats = assertTimeoutPreemptively(Duration.ofMinutes(4), () -> runUntil(simulator, Duration.ofSeconds(1),
                Duration.ofMinutes(3), st -> st.createdTotal() >= 40
                        && st.byStatus().getOrDefault("closed", 0L) + st.byStatus().getOrDefault("evaluated", 0L) >= 20));
        String out = printed.toString(StandardCharsets.UTF_8);
        assertEquals(0, stats.errors(), out);
        assertTrue(out.contains("(40 by the backfill)"), out);
        Map<String, Long> byStatus = stats.byStatus();
        long finished = byStatus.getOrDefault("closed", 0L) + byStatus.getOrDefault("evaluated", 0L);
        assertTrue(finished >= 20, "most of a day's history is finished: " + byStatus);
    }

    /**
     * Runs the simulator on this thread and asks it to stop once {@code least} has passed and
     * {@code done} holds for its running figures, or at {@code most}, whichever comes first.
     */
    private static SimulationStats runUntil(Simulator simulator, Duration least, Duration most,
                                            java.util.function.Predicate<SimulationStats> done) throws InterruptedException {
        long start = System.nanoTime();
        ScheduledExecutorService watcher = Executors.newSingleThreadScheduledExecutor();
        watcher.scheduleWithFixedDelay(() -> {
            long elapsed = System.nanoTime() - start;
            if (elapsed >= most.toNanos() || elapsed >= least.toNanos() && done.test(simulator.stats())) {
                simulator.requestStop();
            }
        }, 250, 250, TimeUnit.MILLISECONDS);
        try {
            return simulator.run();
        } finally {
            watcher.shutdownNow();
        }
    }
}
