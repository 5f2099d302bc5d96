package cn.yiwang.live;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalLong;
import java.util.UUID;

import javax.sql.DataSource;

import cn.yiwang.db.Transactions;
import jakarta.inject.Singleton;

/**
 * The {@code live_event} table: append (with NOTIFY of the new id on {@link #CHANNEL}), read after an
 * id, purge by age. Appends serialise on a transaction-scoped advisory lock so that ids become
 * visible in id order (see the package note). Thread-safe.
 */
@Singleton
public class LiveEventLog {

    /** The NOTIFY channel; the payload is the decimal id of the appended row (far below the 8,000-byte limit). */
    public static final String CHANNEL = "yiwang_live";

    private static final String INSERT = """
            INSERT INTO live_event (topic, type, grid_code, neighbour_codes, department_code, actor, instruction_id, origin, payload)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb) RETURNING id""";
    private static final String SELECT = """
            SELECT id, topic, type, grid_code, neighbour_codes, department_code, actor, instruction_id, origin,
                   json_build_object('id', id, 'type', type, 'topic', topic, 'at', created_at, 'data', payload)::text
            FROM live_event""";

    private final DataSource dataSource;
    private final String origin = "yiwang-" + UUID.randomUUID().toString().substring(0, 8);

    public LiveEventLog(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** This server instance's name in {@code live_event.origin}: unique per running application context. */
    public String origin() {
        return origin;
    }

    /** Appends in a transaction of its own; every instance is notified once it commits. */
    public long append(LiveEvent.Draft draft) {
        return Transactions.inTransaction(dataSource, "appending a live event", c -> append(c, draft));
    }

    /**
     * Appends several events in one transaction (one lock, one notification): the batch writer's
     * path, so that a burst of case changes costs one commit rather than one each. Returns the last id
     * (0 for an empty list).
     */
    public long appendAll(List<LiveEvent.Draft> drafts) {
        if (drafts.isEmpty()) {
            return 0;
        }
        return Transactions.inTransaction(dataSource, "appending live events", c -> {
            lock(c);
            long last = 0;
            for (LiveEvent.Draft d : drafts) {
                last = insert(c, d);
            }
            notify(c, last);
            return last;
        });
    }

    /**
     * Appends on the caller's transaction: the event exists, and is announced, if and only if that
     * transaction commits. Holds the log's advisory lock until then, so call it last.
     */
    public long append(Connection c, LiveEvent.Draft draft) throws SQLException {
        lock(c);
        long id = insert(c, draft);
        notify(c, id);
        return id;
    }

    private static void lock(Connection c) throws SQLException {
        try (PreparedStatement lock = c.prepareStatement("SELECT pg_advisory_xact_lock(live_event_lock_key())")) {
            lock.execute();
        }
    }

    private long insert(Connection c, LiveEvent.Draft draft) throws SQLException {
        long id;
        try (PreparedStatement ps = c.prepareStatement(INSERT)) {
            ps.setString(1, draft.topic().key());
            ps.setString(2, draft.type());
            ps.setString(3, draft.gridCode());
            ps.setArray(4, c.createArrayOf("text", draft.neighbourCodes().toArray()));
            ps.setString(5, draft.departmentCode());
            ps.setString(6, draft.actor());
            if (draft.instructionId() == null) {
                ps.setNull(7, java.sql.Types.BIGINT);
            } else {
                ps.setLong(7, draft.instructionId());
            }
            ps.setString(8, origin);
            ps.setString(9, draft.payloadJson());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                id = rs.getLong(1);
            }
        }
        return id;
    }

    private static void notify(Connection c, long id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT pg_notify(?, ?)")) {
            ps.setString(1, CHANNEL);
            ps.setString(2, Long.toString(id));
            ps.execute();
        }
    }

    /** Events with an id above {@code afterId}, oldest first, at most {@code limit}. */
    public List<LiveEvent> after(long afterId, int limit) {
        try (Connection c = dataSource.getConnection()) {
            return after(c, afterId, limit);
        } catch (SQLException e) {
            throw new IllegalStateException("reading the live event log failed", e);
        }
    }

    /** As {@link #after(long, int)} on a given connection (the LISTEN connection reads on its own). */
    public List<LiveEvent> after(Connection c, long afterId, int limit) throws SQLException {
        List<LiveEvent> events = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(SELECT + " WHERE id > ? ORDER BY id LIMIT ?")) {
            ps.setLong(1, afterId);
            ps.setInt(2, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    events.add(read(rs));
                }
            }
        }
        return events;
    }

    /** The newest id, 0 when the log is empty. */
    public long latestId() {
        return scalar("SELECT coalesce(max(id), 0) FROM live_event").orElse(0);
    }

    /** The oldest id still in the log; empty when the log is empty. */
    public OptionalLong oldestId() {
        return scalar("SELECT min(id) FROM live_event");
    }

    /** Number of events with an id above {@code afterId} (bounded by {@code cap + 1}, to decide on a replay). */
    public long countAfter(long afterId, int cap) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM (SELECT 1 FROM live_event WHERE id > ? LIMIT ?) s")) {
            ps.setLong(1, afterId);
            ps.setInt(2, cap + 1);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("reading the live event log failed", e);
        }
    }

    /** Deletes events older than {@code retention}; returns how many. */
    public int purgeOlderThan(Duration retention) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("DELETE FROM live_event WHERE created_at < clock_timestamp() - ? * interval '1 second'")) {
            ps.setLong(1, retention.toSeconds());
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("purging the live event log failed", e);
        }
    }

    private OptionalLong scalar(String sql) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement(sql);
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            long v = rs.getLong(1);
            return rs.wasNull() ? OptionalLong.empty() : OptionalLong.of(v);
        } catch (SQLException e) {
            throw new IllegalStateException("reading the live event log failed", e);
        }
    }

    private static LiveEvent read(ResultSet rs) throws SQLException {
        Array neighbours = rs.getArray(5);
        List<String> codes = neighbours == null ? List.of() : Arrays.stream((Object[]) neighbours.getArray()).map(String::valueOf).toList();
        long instruction = rs.getLong(8);
        Long instructionId = rs.wasNull() ? null : instruction;
        return new LiveEvent(rs.getLong(1), LiveTopic.fromKey(rs.getString(2)), rs.getString(3), rs.getString(4), codes,
                rs.getString(6), rs.getString(7), instructionId, rs.getString(9), rs.getString(10));
    }
}
