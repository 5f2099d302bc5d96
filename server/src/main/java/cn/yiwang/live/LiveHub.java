package cn.yiwang.live;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.micronaut.http.sse.Event;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;

/**
 * This instance's open streams: hands each event from the log to every stream whose filter accepts
 * it (the SSE frame is built once per event and shared), sends heartbeats, and ends streams stuck
 * after an overflow. Delivery never waits for a client: a stream only queues (bounded). Thread-safe.
 */
@Singleton
public class LiveHub {

    private static final Logger LOG = LoggerFactory.getLogger(LiveHub.class);
    private static final int RECIPIENT_CACHE_SIZE = 64;

    private final Set<LiveStream> streams = ConcurrentHashMap.newKeySet();
    private final DataSource dataSource;
    private final LiveConfiguration config;
    private final ScheduledExecutorService ticker;
    private final Map<Long, Set<Long>> recipients = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, Set<Long>> eldest) {
            return size() > RECIPIENT_CACHE_SIZE;
        }
    };

    public LiveHub(DataSource dataSource, LiveConfiguration config) {
        this.dataSource = dataSource;
        this.config = config;
        this.ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "live-heartbeat");
            t.setDaemon(true);
            return t;
        });
        long period = Math.max(1, config.heartbeatSeconds());
        ticker.scheduleAtFixedRate(this::tick, period, period, TimeUnit.SECONDS);
    }

    /** A new stream, registered at once (in replay mode) so nothing published from now on is missed. */
    public LiveStream open(LiveFilter filter) {
        LiveStream[] self = new LiveStream[1];
        self[0] = new LiveStream(filter, config.bufferEvents(), () -> streams.remove(self[0]));
        streams.add(self[0]);
        return self[0];
    }

    /** Number of open streams on this instance. */
    public int size() {
        return streams.size();
    }

    /** Delivers events (in id order) to the local streams that accept them. */
    public void dispatch(List<LiveEvent> events) {
        for (LiveEvent e : events) {
            Event<String> sse = toSse(e);
            for (LiveStream s : streams) {
                try {
                    if (s.filter().accepts(e, this::recipients)) {
                        s.offer(e, sse);
                    }
                } catch (RuntimeException ex) {
                    LOG.warn("Delivering live event {} to a stream failed", e.id(), ex);
                }
            }
        }
    }

    /** The SSE frame of a log event: {@code id:} and the JSON envelope as {@code data:}. */
    public static Event<String> toSse(LiveEvent e) {
        return Event.of(e.json()).id(Long.toString(e.id()));
    }

    /** The user ids an instruction is addressed to (cached: receipts never change their recipients). */
    public Set<Long> recipients(long instructionId) {
        synchronized (recipients) {
            Set<Long> cached = recipients.get(instructionId);
            if (cached != null) {
                return cached;
            }
        }
        Set<Long> ids = new HashSet<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT user_id FROM instruction_receipt WHERE instruction_id = ?")) {
            ps.setLong(1, instructionId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getLong(1));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("reading the recipients of instruction " + instructionId + " failed", e);
        }
        Set<Long> frozen = Set.copyOf(ids);
        synchronized (recipients) {
            recipients.put(instructionId, frozen);
        }
        return frozen;
    }

    private void tick() {
        for (LiveStream s : streams) {
            try {
                s.tick(TimeUnit.SECONDS.toNanos(config.stuckCloseSeconds()));
            } catch (RuntimeException e) {
                LOG.warn("Heartbeat failed", e);
            }
        }
    }

    @PreDestroy
    void close() {
        ticker.shutdownNow();
        for (LiveStream s : streams) {
            s.shutdown();
        }
    }
}
