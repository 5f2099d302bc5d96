package cn.yiwang.live;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;


import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;

/**
 * LISTENs for new live events on a connection of its own (outside the pool), in a thread of its own, and hands what
 * it reads from the log to the {@link LiveHub} and, for boundary changes made by another instance,
 * to the {@link LayerChangeRelay}. A notification only says "something after id n exists": the
 * thread always reads every row after the last id it saw, so notifications that arrive together,
 * or are lost while the connection is down, cost nothing. When the connection breaks (database
 * restart, backend terminated) it reconnects with exponential backoff (0.1 s doubling up to
 * {@code max-reconnect-backoff-seconds}), LISTENs again and first reads everything after the last
 * id it saw, so no event is lost. Starts with the application (it must see everything appended
 * from then on) at the newest id of the log.
 */
@Context
public class LiveListener {

    private static final Logger LOG = LoggerFactory.getLogger(LiveListener.class);
    private static final int BATCH = 1000;

    private final String url;
    private final Properties credentials = new Properties();
    private final LiveEventLog log;
    private final LiveHub hub;
    private final LayerChangeRelay relay;
    private final LiveConfiguration config;
    private final AtomicLong lastSeen = new AtomicLong();
    private final AtomicLong connects = new AtomicLong();
    private volatile int backendPid;
    private volatile boolean running = true;
    private Thread thread;

    public LiveListener(@Value("${datasources.default.url}") String url,
                        @Nullable @Value("${datasources.default.username:}") String user,
                        @Nullable @Value("${datasources.default.password:}") String password,
                        LiveEventLog log, LiveHub hub, LayerChangeRelay relay, LiveConfiguration config) {
        this.url = url;
        if (user != null && !user.isEmpty()) {
            credentials.setProperty("user", user);
        }
        if (password != null && !password.isEmpty()) {
            credentials.setProperty("password", password);
        }
        credentials.setProperty("ApplicationName", "yiwang-live-listen");
        this.log = log;
        this.hub = hub;
        this.relay = relay;
        this.config = config;
    }

    @PostConstruct
    void start() {
        lastSeen.set(log.latestId());
        thread = new Thread(this::run, "live-listen");
        thread.setDaemon(true);
        thread.start();
    }

    /** The last id handed to the hub. */
    public long lastSeen() {
        return lastSeen.get();
    }

    /** The PostgreSQL backend process of the LISTEN connection (for operators and the reconnect test). */
    public int backendPid() {
        return backendPid;
    }

    /** How many times the LISTEN connection has been opened (1 after start, more after reconnects). */
    public long connects() {
        return connects.get();
    }

    private void run() {
        long backoffMillis = 100;
        while (running) {
            // Its own connection, outside the pool: it is held for good and must not shrink the pool.
            try (Connection c = DriverManager.getConnection(url, credentials)) {
                c.setAutoCommit(true);
                try (Statement st = c.createStatement()) {
                    st.execute("LISTEN " + LiveEventLog.CHANNEL);
                    try (java.sql.ResultSet rs = st.executeQuery("SELECT pg_backend_pid()")) {
                        rs.next();
                        backendPid = rs.getInt(1);
                    }
                }
                PGConnection pg = c.unwrap(PGConnection.class);
                connects.incrementAndGet();
                backoffMillis = 100;
                catchUp(c);
                while (running) {
                    // Notifications that arrived while the last read ran are already queued on the
                    // connection; the timed call would block until new bytes come, so take those first.
                    PGNotification[] notes = pg.getNotifications();
                    if (notes == null || notes.length == 0) {
                        notes = pg.getNotifications(config.listenPollMillis());
                    }
                    if (notes != null && notes.length > 0 && newest(notes) > lastSeen.get()) {
                        catchUp(c);
                    }
                }
            } catch (SQLException | RuntimeException e) {
                if (!running) {
                    break;
                }
                LOG.warn("Live event LISTEN connection lost ({}); reconnecting in {} ms", e.getMessage(), backoffMillis);
                try {
                    Thread.sleep(backoffMillis);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    break;
                }
                backoffMillis = Math.min(backoffMillis * 2, config.maxReconnectBackoffSeconds() * 1000L);
            }
        }
    }

    private static long newest(PGNotification[] notes) {
        long max = -1;
        for (PGNotification n : notes) {
            try {
                max = Math.max(max, Long.parseLong(n.getParameter()));
            } catch (NumberFormatException e) {
                // Not ours: read the log anyway.
                max = Long.MAX_VALUE;
            }
        }
        return max;
    }

    private void catchUp(Connection c) throws SQLException {
        while (true) {
            List<LiveEvent> batch = log.after(c, lastSeen.get(), BATCH);
            if (batch.isEmpty()) {
                return;
            }
            for (LiveEvent e : batch) {
                if (!e.origin().equals(log.origin())) {
                    if (e.topic() == LiveTopic.GRIDS) {
                        relay.republish(e);
                    } else if (e.topic() == LiveTopic.CASES) {
                        relay.republishCase(e);
                    }
                }
            }
            hub.dispatch(batch);
            lastSeen.set(batch.get(batch.size() - 1).id());
            if (batch.size() < BATCH) {
                return;
            }
        }
    }

    @PreDestroy
    void stop() {
        running = false;
        if (thread != null) {
            thread.interrupt();
            // getNotifications returns within listen-poll-millis, then the loop sees running == false.
            try {
                thread.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
