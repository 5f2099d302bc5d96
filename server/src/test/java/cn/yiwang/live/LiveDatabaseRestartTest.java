package cn.yiwang.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import cn.yiwang.db.EmbeddedPostgis;
import cn.yiwang.db.PostgresBinaries;
import cn.yiwang.security.DemoUsers;
import cn.yiwang.testing.Http;
import cn.yiwang.testing.TestPostgis;
import io.micronaut.context.ApplicationContext;
import io.micronaut.json.JsonMapper;
import io.micronaut.runtime.server.EmbeddedServer;

/**
 * PostgreSQL restarts (fast shutdown: every session cut) while a console's stream is open. The
 * stream stays up, the server's LISTEN connection comes back by itself, intake works again once the
 * database is back (a client retrying with its {@code Idempotency-Key} gets exactly one case), and
 * every case event of the log after the restart reaches the stream once, none lost. On a cluster of
 * its own, so the shared test cluster is never restarted under other tests.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LiveDatabaseRestartTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    EmbeddedPostgis cluster;
    EmbeddedPostgis.ConnectionInfo db;
    EmbeddedServer server;
    JsonMapper json;
    Http http;
    String ops;
    LiveFixtures.Spot spot;

    @BeforeAll
    void start() throws Exception {
        cluster = new EmbeddedPostgis(new EmbeddedPostgis.Options(TestPostgis.tempDir("yiwang-restart-pg"), "yiwang", false),
                PostgresBinaries.locate());
        db = cluster.start();
        Map<String, Object> props = new HashMap<>(TestPostgis.properties());
        props.put("datasources.default.url", db.jdbcUrl());
        props.put("datasources.default.username", db.user());
        props.put("datasources.default.password", db.password());
        server = ApplicationContext.builder().properties(props).environments("test").run(EmbeddedServer.class);
        json = server.getApplicationContext().getBean(JsonMapper.class);
        http = new Http(server, json);
        ops = http.login("ops", DemoUsers.DEMO_PASSWORD);
        try (Connection c = connect()) {
            String community = single(c, "SELECT scope_code FROM app_user WHERE username = 'worker'");
            spot = LiveFixtures.spot(server.getApplicationContext().getBean(javax.sql.DataSource.class), community, 2);
        }
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.getApplicationContext().close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void aDatabaseRestartDuringALiveSessionLosesNoEvent() throws Exception {
        LiveListener listener = server.getApplicationContext().getBean(LiveListener.class);
        try (SseClient stream = SseClient.open(server.getURI(), "/api/live?topics=cases", ops, null, json)) {
            stream.next(WAIT);
            List<SseClient.Message> seen = new ArrayList<>();
            long before = createCase("before");
            SseClient.Message first = collect(stream, seen, before, "the case made before the restart");
            long connectsBefore = listener.connects();

            cluster.restart();

            List<Long> after = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                after.add(createCase("after-" + i));
            }
            for (long id : after) {
                collect(stream, seen, id, "case " + id + " made after the restart");
            }
            assertTrue(listener.connects() > connectsBefore, "the LISTEN connection was opened again");

            // Every case event the log holds after the first one reached the stream, in order, none twice.
            List<Long> logged = new ArrayList<>();
            try (Connection c = connect(); PreparedStatement ps = c.prepareStatement(
                    "SELECT id FROM live_event WHERE topic = 'cases' AND id > ? ORDER BY id")) {
                ps.setLong(1, Long.parseLong(first.id()));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        logged.add(rs.getLong(1));
                    }
                }
            }
            assertTrue(logged.size() >= after.size(), "the log holds the events of the cases made after the restart: " + logged);
            List<Long> delivered = new ArrayList<>();
            for (SseClient.Message m : seen) {
                if (m.id() != null && Long.parseLong(m.id()) > Long.parseLong(first.id()) && m.type().startsWith("case.")) {
                    delivered.add(Long.parseLong(m.id()));
                }
            }
            assertEquals(logged, delivered.subList(0, Math.min(delivered.size(), logged.size())), "events after the restart, by id");
            assertEquals(logged.size(), delivered.stream().distinct().count(), "each event once");
        }
    }

    /** Takes events off the stream into {@code seen} until the case.created of {@code caseId}; returns that one. */
    private static SseClient.Message collect(SseClient stream, List<SseClient.Message> seen, long caseId, String what)
            throws InterruptedException {
        long end = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < end) {
            SseClient.Message m = stream.next(Duration.ofMillis(Math.max(1, (end - System.nanoTime()) / 1_000_000)));
            if (m == null) {
                continue;
            }
            seen.add(m);
            if (m.type().equals("case.created") && m.data() != null && caseId == ((Number) m.data().get("id")).longValue()) {
                return m;
            }
        }
        throw new AssertionError("no " + what + " within " + WAIT + "; seen " + seen.size() + " events");
    }

    /**
     * Creates a case as a client would after an outage: the same request with the same
     * {@code Idempotency-Key} until it is answered 201 (a database that is still coming back
     * answers 503), at most {@link #WAIT}; returns the case id.
     */
    private long createCase(String tag) throws InterruptedException {
        String key = "restart-" + tag + "-" + UUID.randomUUID();
        String body = String.format(Locale.ROOT, """
                {"category":"SRHJ-01","title":"数据库重启测试 %s","description":"现场情况描述","source":"hotline_12345",
                 "location":{"lon":%.8f,"lat":%.8f,"crs":"wgs84","accuracy":5}}""", tag, spot.lon(), spot.lat());
        long deadline = System.nanoTime() + WAIT.toNanos();
        List<String> answers = new ArrayList<>();
        while (true) {
            Http.Response r = http.postJson("/api/cases", body, ops, "Idempotency-Key", key);
            if (r.status() == 201) {
                return ((Number) r.map().get("id")).longValue();
            }
            answers.add(r.status() + " " + r.contentType());
            assertTrue(r.status() == 503, "while the database comes back the answer is 503, got " + r.status() + ": " + r.body());
            assertTrue(System.nanoTime() < deadline, "no case after " + WAIT + ": " + answers);
            Thread.sleep(200); // the client's retry pause, as Retry-After asks
        }
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
    }

    private static String single(Connection c, String sql) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
            return rs.next() ? rs.getString(1) : null;
        }
    }
}
