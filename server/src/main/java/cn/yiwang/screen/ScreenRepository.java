package cn.yiwang.screen;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import javax.sql.DataSource;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.inject.Singleton;

/**
 * The big screen's reads, each a few statements over {@code case_record} limited to one scope by the
 * grid-code prefix index ({@code grid_code LIKE 'scope%'}). Counted are top-level cases (no task case of a
 * consultation, nothing merged into another). Times are {@code timestamptz}; "today" comes from
 * {@link ScreenDay}. Thread-safe (stateless).
 */
@Singleton
public class ScreenRepository {

    /** Open: still in the loop. */
    static final String OPEN = "status NOT IN ('closed', 'evaluated', 'rejected', 'merged')";
    static final String TOP_LEVEL = "parent_id IS NULL AND merged_into IS NULL";

    /** Today's figures of a scope; rates are null when their denominator is 0. */
    @Serdeable
    public record Figures(long received, long closed, long closedOfReceived, @Nullable Double closureRate, long dueSoFar,
                          long onTime, @Nullable Double onTimeRate, long rated, @Nullable Double satisfactionRate, long overdue,
                          long sankua, long open) {
    }

    /** One child grid of the scope with its figures today. */
    @Serdeable
    public record RankRow(String code, String name, long received, long closed, @Nullable Double closureRate, long overdue) {
    }

    /** Cases received today by top category. */
    @Serdeable
    public record CategoryCount(String code, String name, long count) {
    }

    /** Everything the panels show for one scope. {@code today} / {@code yesterday}: cases received per local hour. */
    @Serdeable
    public record Summary(String scope, String level, @Nullable String name, String day, Figures figures, List<Long> today,
                          List<Long> yesterday, @Nullable String rankingLevel, List<RankRow> ranking, List<CategoryCount> categories) {
    }

    /**
     * The marker set, column by column (index i of every list is one case). {@code statuses} and
     * {@code urgencies} are the keys the small-integer columns index. {@code lastEventId}: the newest live event
     * when the set was read; a stream resumed from it replays every change after the snapshot.
     */
    @Serdeable
    public record Markers(String scope, long lastEventId, int count, boolean truncated, List<String> statuses, List<String> urgencies,
                          List<Long> id, List<Double> lon, List<Double> lat, List<Integer> status, List<Integer> urgency,
                          List<Boolean> overdue, List<Long> created, List<Ticker> latest) {
    }

    /** A ticker line: the newest cases. */
    @Serdeable
    public record Ticker(long id, String code, @Nullable String category, @Nullable String grid, String createdAt) {
    }

    /** Time-lapse: case creations ({@code kind} 0) and closures (1) in order, seconds since {@code from}. */
    @Serdeable
    public record Replay(String scope, String from, String to, int count, boolean truncated, List<Integer> t, List<Integer> kind,
                         List<Long> id, List<Double> lon, List<Double> lat) {
    }

    public static final List<String> STATUSES = List.of("reported", "accepted", "rejected", "merged", "registered", "dispatched",
            "in_progress", "handled", "verified", "verification_failed", "closed", "evaluated", "returned", "extension_requested",
            "escalated", "suspended", "consulting");
    public static final List<String> URGENCIES = List.of("normal", "urgent", "critical");

    private final DataSource dataSource;

    public ScreenRepository(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** The level and name of a current grid, empty when there is none. */
    public Optional<String[]> grid(String code) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT level, name FROM grid_current WHERE code = ? AND level <> 'special' LIMIT 1")) {
            ps.setString(1, code);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new String[] {rs.getString(1), rs.getString(2)}) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("reading grid " + code + " failed", e);
        }
    }

    private static final String FIGURES = """
            SELECT count(*) FILTER (WHERE created_at >= ? AND created_at < ?) AS received,
                   count(*) FILTER (WHERE closed_at >= ? AND closed_at < ?) AS closed,
                   count(*) FILTER (WHERE created_at >= ? AND created_at < ? AND closed_at IS NOT NULL) AS closed_of_received,
                   count(*) FILTER (WHERE deadline_at >= ? AND deadline_at < ? AND deferred_count = 0) AS due,
                   count(*) FILTER (WHERE deadline_at >= ? AND deadline_at < ? AND deferred_count = 0 AND handled_at <= deadline_at) AS on_time,
                   count(satisfaction) FILTER (WHERE evaluated_at >= ? AND evaluated_at < ?) AS rated,
                   count(*) FILTER (WHERE evaluated_at >= ? AND evaluated_at < ? AND satisfaction >= 4) AS satisfied,
                   count(*) FILTER (WHERE overdue AND %1$s) AS overdue,
                   count(*) FILTER (WHERE sankua AND %1$s) AS sankua,
                   count(*) FILTER (WHERE %1$s) AS open
            FROM case_record WHERE %2$s AND grid_code LIKE ?""".formatted(OPEN, TOP_LEVEL);

    private static final String HOURLY = """
            SELECT floor(extract(epoch FROM created_at - ?) / 3600)::int AS h, count(*) FROM case_record
            WHERE %s AND grid_code LIKE ? AND created_at >= ? AND created_at < ? GROUP BY 1""".formatted(TOP_LEVEL);

    /** Children of the scope (all of them, also those without cases), joined with their figures; %s is the child column. */
    private static final String RANKING = """
            SELECT g.code, g.name, coalesce(x.received, 0), coalesce(x.closed, 0), coalesce(x.closed_of_received, 0), coalesce(x.overdue, 0)
            FROM grid_current g LEFT JOIN (
              SELECT %1$s AS k,
                     count(*) FILTER (WHERE created_at >= ? AND created_at < ?) AS received,
                     count(*) FILTER (WHERE closed_at >= ? AND closed_at < ?) AS closed,
                     count(*) FILTER (WHERE created_at >= ? AND created_at < ? AND closed_at IS NOT NULL) AS closed_of_received,
                     count(*) FILTER (WHERE overdue AND %2$s) AS overdue
              FROM case_record WHERE %3$s AND grid_code LIKE ? GROUP BY 1) x ON x.k = g.code
            WHERE g.parent_code = ? AND g.level <> 'special'
            ORDER BY 3 DESC, 6 DESC, g.code""";

    private static final String CATEGORIES = """
            SELECT t.code, t.name_zh, count(*) FROM case_record c
            JOIN category k ON k.code = c.category_code JOIN top_category t ON t.code = k.top_code
            WHERE c.parent_id IS NULL AND c.merged_into IS NULL AND c.grid_code LIKE ? AND c.created_at >= ? AND c.created_at < ?
            GROUP BY 1, 2 ORDER BY 3 DESC, 1 LIMIT ?""";

    public Summary summary(ScreenScope scope, @Nullable String name, ScreenDay day, String localDate, int maxCategories) {
        try (Connection c = dataSource.getConnection()) {
            Figures figures;
            try (PreparedStatement ps = c.prepareStatement(FIGURES)) {
                int i = 1;
                i = period(ps, i, day.today(), day.tomorrow());
                i = period(ps, i, day.today(), day.tomorrow());
                i = period(ps, i, day.today(), day.tomorrow());
                i = period(ps, i, day.today(), day.now());
                i = period(ps, i, day.today(), day.now());
                i = period(ps, i, day.today(), day.tomorrow());
                i = period(ps, i, day.today(), day.tomorrow());
                ps.setString(i, scope.like());
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    long received = rs.getLong("received");
                    long closedOfReceived = rs.getLong("closed_of_received");
                    long due = rs.getLong("due");
                    long onTime = rs.getLong("on_time");
                    long rated = rs.getLong("rated");
                    figures = new Figures(received, rs.getLong("closed"), closedOfReceived, rate(closedOfReceived, received), due, onTime,
                            rate(onTime, due), rated, rate(rs.getLong("satisfied"), rated), rs.getLong("overdue"), rs.getLong("sankua"),
                            rs.getLong("open"));
                }
            }
            Long[] hours = new Long[48];
            java.util.Arrays.fill(hours, 0L);
            try (PreparedStatement ps = c.prepareStatement(HOURLY)) {
                ps.setTimestamp(1, Timestamp.from(day.yesterday()));
                ps.setString(2, scope.like());
                ps.setTimestamp(3, Timestamp.from(day.yesterday()));
                ps.setTimestamp(4, Timestamp.from(day.tomorrow()));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        int h = rs.getInt(1);
                        if (h >= 0 && h < 48) {
                            hours[h] = rs.getLong(2);
                        }
                    }
                }
            }
            // The local day may have 23 or 25 hours elsewhere; yesterday's first 24 and today's are what the chart shows.
            int yesterdayHours = (int) java.time.Duration.between(day.yesterday(), day.today()).toHours();
            List<Long> yesterday = List.of(hours).subList(0, Math.min(24, yesterdayHours));
            List<Long> today = List.of(hours).subList(yesterdayHours, Math.min(48, yesterdayHours + 24));
            List<RankRow> ranking = new ArrayList<>();
            if (scope.childColumn() != null) {
                try (PreparedStatement ps = c.prepareStatement(RANKING.formatted(scope.childColumn(), OPEN, TOP_LEVEL))) {
                    int i = 1;
                    i = period(ps, i, day.today(), day.tomorrow());
                    i = period(ps, i, day.today(), day.tomorrow());
                    i = period(ps, i, day.today(), day.tomorrow());
                    ps.setString(i++, scope.like());
                    ps.setString(i, scope.code());
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            long received = rs.getLong(3);
                            ranking.add(new RankRow(rs.getString(1), rs.getString(2), received, rs.getLong(4), rate(rs.getLong(5), received),
                                    rs.getLong(6)));
                        }
                    }
                }
            }
            List<CategoryCount> categories = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(CATEGORIES)) {
                ps.setString(1, scope.like());
                ps.setTimestamp(2, Timestamp.from(day.today()));
                ps.setTimestamp(3, Timestamp.from(day.tomorrow()));
                ps.setInt(4, maxCategories);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        categories.add(new CategoryCount(rs.getString(1), rs.getString(2), rs.getLong(3)));
                    }
                }
            }
            String rankingLevel = scope.childColumn() == null ? null : childLevel(scope.level());
            return new Summary(scope.code(), scope.level(), name, localDate, figures, today, yesterday, rankingLevel, ranking, categories);
        } catch (SQLException e) {
            throw new IllegalStateException("computing the screen summary of " + scope.code() + " failed", e);
        }
    }

    private static String childLevel(String level) {
        return switch (level) {
            case "city" -> "district";
            case "district" -> "l1";
            case "l1" -> "l2";
            case "l2" -> "l3";
            default -> "micro";
        };
    }

    private static final String MARKERS = """
            SELECT id, ST_X(geom), ST_Y(geom), status, urgency, overdue, extract(epoch FROM created_at)::bigint
            FROM case_record WHERE %s AND geom IS NOT NULL AND (grid_code LIKE ? OR (? AND grid_code IS NULL))
              AND (%s OR created_at >= ? OR closed_at >= ?)
            ORDER BY created_at DESC, id DESC LIMIT ?""".formatted(TOP_LEVEL, OPEN);

    private static final String LATEST = """
            SELECT c.id, c.code, k.name_zh, g.name, c.created_at FROM case_record c
            LEFT JOIN category k ON k.code = c.category_code
            LEFT JOIN grid_current g ON g.code = c.l2_code
            WHERE c.parent_id IS NULL AND c.merged_into IS NULL AND (c.grid_code LIKE ? OR (? AND c.grid_code IS NULL))
            ORDER BY c.created_at DESC, c.id DESC LIMIT ?""";

    /**
     * The open cases of the scope plus those received or closed today, newest first, at most {@code limit}
     * ({@code truncated} then). {@code withUnassigned}: also the cases routed to no grid (the ops center's queue).
     */
    public Markers markers(ScreenScope scope, boolean withUnassigned, ScreenDay day, int limit, int latest) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            // One snapshot for the event id and the cases, so a change is either in the set or replayed after it.
            c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            try {
                long lastEventId;
                try (PreparedStatement ps = c.prepareStatement("SELECT coalesce(max(id), 0) FROM live_event"); ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    lastEventId = rs.getLong(1);
                }
                List<Long> ids = new ArrayList<>();
                List<Double> lons = new ArrayList<>();
                List<Double> lats = new ArrayList<>();
                List<Integer> statuses = new ArrayList<>();
                List<Integer> urgencies = new ArrayList<>();
                List<Boolean> overdue = new ArrayList<>();
                List<Long> created = new ArrayList<>();
                boolean truncated = false;
                try (PreparedStatement ps = c.prepareStatement(MARKERS)) {
                    ps.setString(1, scope.like());
                    ps.setBoolean(2, withUnassigned);
                    ps.setTimestamp(3, Timestamp.from(day.today()));
                    ps.setTimestamp(4, Timestamp.from(day.today()));
                    ps.setInt(5, limit + 1);
                    ps.setFetchSize(5000);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            if (ids.size() == limit) {
                                truncated = true;
                                break;
                            }
                            ids.add(rs.getLong(1));
                            lons.add(Math.round(rs.getDouble(2) * 1e6) / 1e6);
                            lats.add(Math.round(rs.getDouble(3) * 1e6) / 1e6);
                            statuses.add(STATUSES.indexOf(rs.getString(4)));
                            urgencies.add(URGENCIES.indexOf(rs.getString(5)));
                            overdue.add(rs.getBoolean(6));
                            created.add(rs.getLong(7));
                        }
                    }
                }
                List<Ticker> tickers = new ArrayList<>();
                try (PreparedStatement ps = c.prepareStatement(LATEST)) {
                    ps.setString(1, scope.like());
                    ps.setBoolean(2, withUnassigned);
                    ps.setInt(3, latest);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            tickers.add(new Ticker(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                                    rs.getTimestamp(5).toInstant().toString()));
                        }
                    }
                }
                c.commit();
                return new Markers(scope.code(), lastEventId, ids.size(), truncated, STATUSES, URGENCIES, ids, lons, lats, statuses,
                        urgencies, overdue, created, tickers);
            } finally {
                c.rollback();
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("reading the screen markers of " + scope.code() + " failed", e);
        }
    }

    private static final String REPLAY = """
            SELECT * FROM (
              SELECT created_at AS at, 0 AS kind, id, ST_X(geom) AS lon, ST_Y(geom) AS lat FROM case_record
              WHERE %1$s AND geom IS NOT NULL AND (grid_code LIKE ? OR (? AND grid_code IS NULL)) AND created_at >= ? AND created_at < ?
              UNION ALL
              SELECT closed_at, 1, id, ST_X(geom), ST_Y(geom) FROM case_record
              WHERE %1$s AND geom IS NOT NULL AND (grid_code LIKE ? OR (? AND grid_code IS NULL)) AND closed_at >= ? AND closed_at < ?
            ) e ORDER BY at, kind, id LIMIT ?""".formatted(TOP_LEVEL);

    /** Creations and closures in {@code [from, to)}, oldest first, at most {@code limit}. */
    public Replay replay(ScreenScope scope, boolean withUnassigned, java.time.Instant from, java.time.Instant to, int limit) {
        List<Integer> t = new ArrayList<>();
        List<Integer> kind = new ArrayList<>();
        List<Long> ids = new ArrayList<>();
        List<Double> lons = new ArrayList<>();
        List<Double> lats = new ArrayList<>();
        boolean truncated = false;
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(REPLAY)) {
            int i = 1;
            for (int k = 0; k < 2; k++) {
                ps.setString(i++, scope.like());
                ps.setBoolean(i++, withUnassigned);
                i = period(ps, i, from, to);
            }
            ps.setInt(i, limit + 1);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if (ids.size() == limit) {
                        truncated = true;
                        break;
                    }
                    t.add((int) java.time.Duration.between(from, rs.getTimestamp(1).toInstant()).toSeconds());
                    kind.add(rs.getInt(2));
                    ids.add(rs.getLong(3));
                    lons.add(Math.round(rs.getDouble(4) * 1e6) / 1e6);
                    lats.add(Math.round(rs.getDouble(5) * 1e6) / 1e6);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("reading the replay of " + scope.code() + " failed", e);
        }
        return new Replay(scope.code(), from.toString(), to.toString(), ids.size(), truncated, t, kind, ids, lons, lats);
    }

    private static int period(PreparedStatement ps, int i, java.time.Instant from, java.time.Instant to) throws SQLException {
        ps.setTimestamp(i, Timestamp.from(from));
        ps.setTimestamp(i + 1, Timestamp.from(to));
        return i + 2;
    }

    static @Nullable Double rate(long part, long whole) {
        return whole <= 0 ? null : Math.round(10_000.0 * part / whole) / 10_000.0;
    }
}
