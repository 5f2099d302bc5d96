package cn.yiwang.party;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.inject.Singleton;

/**
 * SQL for volunteer tasks and claims, on the caller's connection so that each change and its audit
 * entry commit together. Capacity holds under concurrency because a claim is a conditional
 * {@code UPDATE … SET claimed = claimed + 1 WHERE claimed < capacity}: concurrent claims on one task
 * queue on its row lock, and each re-checks the condition on the row as the previous one left it
 * (PostgreSQL re-evaluates the WHERE clause of a waiting UPDATE under READ COMMITTED). The
 * primary key (task, user) makes a second claim by the same user fail.
 */
@Singleton
public class VolunteerRepository {

    /** A task as the API shows it; {@code myClaim}: the caller's claim, null when none. */
    @Serdeable
    public record Task(long id, String gridCode, String title, String place, Instant startsAt, Instant endsAt, int points, double hours,
                       int capacity, int claimed, String status, String postedBy, Instant postedAt, @Nullable Claim myClaim) {
    }

    @Serdeable
    public record Claim(long taskId, String username, Instant claimedAt, @Nullable Instant completedAt, @Nullable String confirmedBy,
                        int points) {
    }

    private static final String TASK_COLUMNS = """
            t.id, t.grid_code, t.title, t.place, t.starts_at, t.ends_at, t.points, t.hours, t.capacity, t.claimed, t.status,
            t.posted_by, t.posted_at, c.username, c.claimed_at, c.completed_at, c.confirmed_by, c.points""";

    public long insert(Connection c, String grid, String title, String place, Instant startsAt, Instant endsAt, int points, double hours,
                       int capacity, String postedBy) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO volunteer_task (grid_code, title, place, starts_at, ends_at, points, hours, capacity, posted_by)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id""")) {
            ps.setString(1, grid);
            ps.setString(2, title);
            ps.setString(3, place);
            ps.setTimestamp(4, Timestamp.from(startsAt));
            ps.setTimestamp(5, Timestamp.from(endsAt));
            ps.setInt(6, points);
            ps.setDouble(7, hours);
            ps.setInt(8, capacity);
            ps.setString(9, postedBy);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /**
     * Tasks visible from a scope: posted inside it, or posted on a grid that contains it (a street's task
     * is open to its communities' users).
     */
    public List<Task> list(Connection c, String scope, String username, @Nullable String status, boolean mine, int limit) throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT " + TASK_COLUMNS + """
                 FROM volunteer_task t LEFT JOIN volunteer_claim c ON c.task_id = t.id AND c.username = ?
                WHERE (t.grid_code LIKE ? OR ? LIKE t.grid_code || '%')""");
        List<Object> args = new ArrayList<>(List.of(username, scope + "%", scope));
        if (status != null) {
            sql.append(" AND t.status = ?");
            args.add(status);
        }
        if (mine) {
            sql.append(" AND (c.username IS NOT NULL OR t.posted_by = ?)");
            args.add(username);
        }
        sql.append(" ORDER BY t.status = 'open' DESC, t.starts_at DESC, t.id DESC LIMIT ?");
        args.add(limit);
        List<Task> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
            for (int i = 0; i < args.size(); i++) {
                ps.setObject(i + 1, args.get(i));
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(task(rs));
                }
            }
        }
        return out;
    }

    public Optional<Task> find(Connection c, long id, String username) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + TASK_COLUMNS
                + " FROM volunteer_task t LEFT JOIN volunteer_claim c ON c.task_id = t.id AND c.username = ? WHERE t.id = ?")) {
            ps.setString(1, username);
            ps.setLong(2, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(task(rs)) : Optional.empty();
            }
        }
    }

    /** Inserts the claim; false when this user already claimed the task. */
    public boolean insertClaim(Connection c, long taskId, String username) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO volunteer_claim (task_id, username) VALUES (?, ?) ON CONFLICT DO NOTHING")) {
            ps.setLong(1, taskId);
            ps.setString(2, username);
            return ps.executeUpdate() == 1;
        }
    }

    /** Takes one place if the task is open, not over and not full; false otherwise. */
    public boolean takePlace(Connection c, long taskId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                UPDATE volunteer_task SET claimed = claimed + 1
                WHERE id = ? AND status = 'open' AND claimed < capacity AND ends_at > now()""")) {
            ps.setLong(1, taskId);
            return ps.executeUpdate() == 1;
        }
    }

    /** Confirms a claim's completion and credits the task's points; false when there is no unconfirmed claim. */
    public boolean confirm(Connection c, long taskId, String username, String confirmedBy) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                UPDATE volunteer_claim c SET completed_at = now(), confirmed_by = ?, points = t.points
                FROM volunteer_task t WHERE t.id = c.task_id AND c.task_id = ? AND c.username = ? AND c.completed_at IS NULL""")) {
            ps.setString(1, confirmedBy);
            ps.setLong(2, taskId);
            ps.setString(3, username);
            return ps.executeUpdate() == 1;
        }
    }

    public List<Claim> claims(Connection c, long taskId) throws SQLException {
        List<Claim> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT task_id, username, claimed_at, completed_at, confirmed_by, points FROM volunteer_claim
                WHERE task_id = ? ORDER BY claimed_at, username""")) {
            ps.setLong(1, taskId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Timestamp done = rs.getTimestamp(4);
                    out.add(new Claim(rs.getLong(1), rs.getString(2), rs.getTimestamp(3).toInstant(), done == null ? null : done.toInstant(),
                            rs.getString(5), rs.getInt(6)));
                }
            }
        }
        return out;
    }

    /** {points, completed claims, open claims} of a user. */
    public long[] points(Connection c, String username) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT coalesce(sum(points), 0), count(completed_at), count(*) - count(completed_at) FROM volunteer_claim WHERE username = ?""")) {
            ps.setString(1, username);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new long[] {rs.getLong(1), rs.getLong(2), rs.getLong(3)};
            }
        }
    }

    private static Task task(ResultSet rs) throws SQLException {
        String claimer = rs.getString(14);
        Claim claim = null;
        if (claimer != null) {
            Timestamp done = rs.getTimestamp(16);
            claim = new Claim(rs.getLong(1), claimer, rs.getTimestamp(15).toInstant(), done == null ? null : done.toInstant(),
                    rs.getString(17), rs.getInt(18));
        }
        return new Task(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getTimestamp(5).toInstant(),
                rs.getTimestamp(6).toInstant(), rs.getInt(7), rs.getDouble(8), rs.getInt(9), rs.getInt(10), rs.getString(11),
                rs.getString(12), rs.getTimestamp(13).toInstant(), claim);
    }
}
