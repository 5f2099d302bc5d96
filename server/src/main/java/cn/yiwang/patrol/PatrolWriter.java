package cn.yiwang.patrol;

import java.io.IOException;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.postgresql.PGConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import cn.yiwang.db.Transactions;
import io.micronaut.context.event.ApplicationEventListener;
import io.micronaut.context.event.StartupEvent;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;

/**
 * The one write path of patrol points: a bounded queue (at most {@code queue-points} points accepted
 * and not yet committed; {@link #submit} refuses a request that does not fit, whole) drained by one
 * writer thread. The writer takes everything queued up to {@code batch-points}, drops repeats within
 * it, COPYs it straight into {@code patrol_point}, updates {@code patrol_latest}, commits, and only
 * then completes the futures of the requests in the batch: group commit, so a burst of single-point
 * OsmAnd requests costs one transaction, and an acknowledged point is a committed point. When the
 * COPY meets a fix stored before (unique violation), the batch is written again through a
 * session-local staging table and {@code INSERT … ON CONFLICT DO NOTHING}, as are the next
 * {@value #STAGED_AFTER_CONFLICT} batches, so a device's fix at a given time is stored once. A failed
 * transaction fails every request of the batch with 503 (retry); nothing was kept. Thread-safe.
 */
@Singleton
public class PatrolWriter implements ApplicationEventListener<StartupEvent> {

    private static final Logger LOG = LoggerFactory.getLogger(PatrolWriter.class);

    /** A valid fix with the device it came from. */
    public record Owned(PatrolFix fix, PatrolDevices.Device device) {
    }

    private record Submission(List<Owned> points, CompletableFuture<Void> done) {
    }

    static final String STAGE = """
            CREATE TEMP TABLE IF NOT EXISTS patrol_stage (
                district_code text, device_id text, user_id bigint, fixed_at timestamptz, lon double precision,
                lat double precision, speed_mps real, bearing_deg real, altitude_m real, accuracy_m real,
                battery_pct real, source text, attributes jsonb) ON COMMIT DELETE ROWS""";
    static final String COLUMNS = "district_code, device_id, user_id, fixed_at, lon, lat, speed_mps, bearing_deg, altitude_m,"
            + " accuracy_m, battery_pct, source, attributes";
    /** After a duplicate, this many batches go through the staging table before COPY is tried directly again. */
    static final int STAGED_AFTER_CONFLICT = 20;
    private static final String MOVE = "INSERT INTO patrol_point (" + COLUMNS + ") SELECT " + COLUMNS
            + " FROM patrol_stage ON CONFLICT DO NOTHING";

    private final DataSource dataSource;
    private final PatrolPartitions partitions;
    private final PatrolPositions positions;
    private final PatrolConfiguration config;
    private final Semaphore capacity;
    private final LinkedBlockingQueue<Submission> queue = new LinkedBlockingQueue<>();
    private volatile boolean running = true;
    /** Batches still to take the staging path after a duplicate was met (writer thread only). */
    private int stagedBatchesLeft;
    private long statPoints;
    private long statBatches;
    private long statBusyNanos;
    private long statSince = System.nanoTime();
    private Thread thread;

    public PatrolWriter(DataSource dataSource, PatrolPartitions partitions, PatrolPositions positions, PatrolConfiguration config) {
        this.dataSource = dataSource;
        this.partitions = partitions;
        this.positions = positions;
        this.config = config;
        this.capacity = new Semaphore(config.queuePoints());
    }

    @Override
    public synchronized void onApplicationEvent(StartupEvent event) {
        start();
    }

    private synchronized void start() {
        if (thread == null) {
            thread = new Thread(this::drain, "patrol-writer");
            thread.setDaemon(true);
            thread.start();
        }
    }

    /**
     * Queues the points of one request; the future completes when they are committed.
     *
     * @throws PatrolOverloadedException when they do not all fit in the queue (nothing queued)
     */
    public CompletableFuture<Void> submit(List<Owned> points) {
        if (points.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        start();
        if (points.size() > config.queuePoints() || !capacity.tryAcquire(points.size())) {
            throw new PatrolOverloadedException("The patrol store is busy (" + config.queuePoints()
                    + " points waiting to be written); nothing of this request was stored. Retry after "
                    + config.retryAfterSeconds() + " s.", config.retryAfterSeconds());
        }
        Submission s = new Submission(List.copyOf(points), new CompletableFuture<>());
        queue.add(s);
        return s.done();
    }

    /** Points accepted and not yet committed. */
    public int queued() {
        return config.queuePoints() - capacity.availablePermits();
    }

    private void drain() {
        while (running) {
            Submission first;
            try {
                first = queue.poll(500, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (first == null) {
                continue;
            }
            List<Submission> batch = new ArrayList<>();
            batch.add(first);
            int points = first.points().size();
            Submission next;
            while (points < config.batchPoints() && (next = queue.poll()) != null) {
                batch.add(next);
                points += next.points().size();
            }
            long t0 = System.nanoTime();
            try {
                write(batch);
                batch.forEach(s -> s.done().complete(null));
                report(points, System.nanoTime() - t0);
            } catch (RuntimeException e) {
                LOG.error("Writing {} patrol points failed; their requests answer 503", points, e);
                PatrolOverloadedException failure = new PatrolOverloadedException(
                        "Storing the points failed; nothing of this request was stored. Retry after "
                                + config.retryAfterSeconds() + " s.", config.retryAfterSeconds());
                batch.forEach(s -> s.done().completeExceptionally(failure));
            } finally {
                capacity.release(points);
            }
        }
    }

    /** Logs the writer's throughput and how busy it was, once a minute while points arrive. */
    private void report(int points, long nanos) {
        statPoints += points;
        statBatches++;
        statBusyNanos += nanos;
        long now = System.nanoTime();
        if (now - statSince >= 60_000_000_000L) {
            LOG.info("Patrol writer: {} points in {} transactions in the last {} s, busy {} % of the time", statPoints, statBatches,
                    (now - statSince) / 1_000_000_000L, statBusyNanos * 100 / (now - statSince));
            statPoints = 0;
            statBatches = 0;
            statBusyNanos = 0;
            statSince = now;
        }
    }

    private void write(List<Submission> batch) {
        Set<LocalDate> days = new HashSet<>();
        Map<Long, Owned> newest = new HashMap<>();
        Set<String> keys = new HashSet<>();
        StringBuilder copy = new StringBuilder(batch.size() * 160);
        for (Submission s : batch) {
            for (Owned o : s.points()) {
                // The same fix twice in one batch is written once, so that a direct COPY cannot trip over it.
                if (!keys.add(o.fix().deviceId() + '\u0000' + o.fix().fixedAt())) {
                    continue;
                }
                days.add(partitions.dayOf(o.fix().fixedAt()));
                newest.merge(o.device().userId(), o, (a, b) -> b.fix().fixedAt().isAfter(a.fix().fixedAt()) ? b : a);
                appendRow(copy, o);
            }
        }
        partitions.ensure(days);
        List<PatrolPosition> moved = new ArrayList<>(newest.size());
        for (Owned o : newest.values()) {
            moved.add(positions.locate(o.device(), o.fix()));
        }
        String rows = copy.toString();
        boolean direct = stagedBatchesLeft == 0;
        try {
            commit(rows, moved, direct);
        } catch (IllegalStateException e) {
            if (!direct || !isUniqueViolation(e)) {
                throw e;
            }
            // A fix stored before (a phone re-sending what it was not told was stored): take the
            // staging path, which skips duplicates, for this batch and a few after it.
            stagedBatchesLeft = STAGED_AFTER_CONFLICT;
            commit(rows, moved, false);
        }
        if (!direct && stagedBatchesLeft > 0) {
            stagedBatchesLeft--;
        }
        positions.committed(moved);
    }

    /**
     * One transaction: the rows COPied straight into {@code patrol_point} ({@code direct}; fails as a
     * whole on a fix already stored) or into the staging table and moved with ON CONFLICT DO NOTHING
     * (about a third slower: every row is written twice).
     */
    private void commit(String rows, List<PatrolPosition> moved, boolean direct) {
        Transactions.inTransaction(dataSource, "writing patrol points", c -> {
            if (!direct) {
                try (Statement st = c.createStatement()) {
                    st.execute(STAGE);
                }
            }
            try {
                c.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY " + (direct ? "patrol_point" : "patrol_stage")
                        + " (" + COLUMNS + ") FROM STDIN", new StringReader(rows));
            } catch (IOException e) {
                throw new SQLException("COPY of patrol points failed", e);
            }
            if (!direct) {
                try (Statement st = c.createStatement()) {
                    st.executeUpdate(MOVE);
                }
            }
            positions.upsert(c, moved);
            return null;
        });
    }

    private static boolean isUniqueViolation(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof SQLException sql && "23505".equals(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    /** One row of COPY's text format. */
    static void appendRow(StringBuilder sb, Owned o) {
        PatrolFix f = o.fix();
        text(sb, o.device().districtCode()).append('\t');
        text(sb, f.deviceId()).append('\t');
        sb.append(o.device().userId()).append('\t');
        sb.append(f.fixedAt()).append('\t');
        sb.append(f.lon()).append('\t').append(f.lat()).append('\t');
        number(sb, f.speedMps()).append('\t');
        number(sb, f.bearingDeg()).append('\t');
        number(sb, f.altitudeM()).append('\t');
        number(sb, f.accuracyM()).append('\t');
        number(sb, f.batteryPct()).append('\t');
        text(sb, f.source()).append('\t');
        if (f.attributesJson() == null) {
            sb.append("\\N");
        } else {
            text(sb, f.attributesJson());
        }
        sb.append('\n');
    }

    private static StringBuilder number(StringBuilder sb, Double v) {
        return v == null ? sb.append("\\N") : sb.append(v.doubleValue());
    }

    private static StringBuilder text(StringBuilder sb, String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\\' -> sb.append("\\\\");
                case '\t' -> sb.append("\\t");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                default -> sb.append(c);
            }
        }
        return sb;
    }

    @PreDestroy
    void stop() {
        running = false;
        if (thread != null) {
            thread.interrupt();
        }
    }
}
