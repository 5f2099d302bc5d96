package cn.yiwang.analytics;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantReadWriteLock;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import cn.yiwang.calendar.CalendarConfiguration;
import cn.yiwang.security.Role;
import io.micronaut.context.event.StartupEvent;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.runtime.event.annotation.EventListener;
import jakarta.inject.Singleton;

/**
 * Answers the aggregate parts of the analytics API (totals and groups, the hot-spot points, which
 * cases make a page) from a {@link CaseAnalyticIndex} of all analysable cases, when the selection
 * is expressible there: polygons, grids and districts by their routed codes, the whole scope, any
 * time range and attribute filter. Buffers (geodesic distance) and grids by their current geometry
 * go to SQL, as do requests while the first load runs, and everything when
 * {@code yiwang.analytics.memory-index} is false. The scope rule is {@code CaseQuery.scope}'s.
 *
 * <p>Staying current: migration V26 stamps every written {@code case_record} row with the writing
 * transaction's id and notes deletions. Before each answer the service reads, in one
 * repeatable-read snapshot, the oldest transaction still running ({@code pg_snapshot_xmin}) and the
 * rows and deletions stamped at or after the previous such id: every transaction older than it had
 * finished before the previous read, so nothing is missed, whoever wrote it (the application on
 * any instance, a bulk UPDATE, a test fixture), and the answer is that of the database at that
 * snapshot. A truncation reloads everything. Thread-safe: one refresh at a time, answers under a
 * read lock.
 */
@Singleton
public class CaseAnalyticIndexService {

    private static final Logger LOG = LoggerFactory.getLogger(CaseAnalyticIndexService.class);
    private static final String COLUMNS = "SELECT id, ST_X(geom), ST_Y(geom), created_at, closed_at, deadline_at, handled_at,"
            + " deferred_count, satisfaction, overdue, sankua, category_code, status, source, urgency, department_code, grid_code,"
            + " l3_code, l2_code, l1_code, district_code, special_code, created_by, neighbour_codes,"
            + " parent_id IS NULL AND merged_into IS NULL, return_count > 0, reopen_count > 0 FROM case_record";
    private static final String XMIN = "SELECT pg_snapshot_xmin(pg_current_snapshot())::text";
    private static final int FETCH_SIZE = 10_000;

    private final DataSource dataSource;
    private final boolean configured;
    private final ZoneId zone;
    private final CaseAnalyticIndex index = new CaseAnalyticIndex();
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    /** One load or refresh at a time. */
    private final Object refreshMutex = new Object();
    /** The oldest transaction running at the last read: rows stamped from it on are read again. */
    private String watermark;
    private volatile boolean loaded;
    private volatile boolean enabled = true;
    /** Answers given from the index (the rest came from SQL). */
    private final AtomicLong answers = new AtomicLong();

    public CaseAnalyticIndexService(DataSource dataSource, AnalyticsConfiguration config, CalendarConfiguration calendar) {
        this.dataSource = dataSource;
        this.configured = config.memoryIndex();
        this.zone = ZoneId.of(calendar.zone());
    }

    /** Loads the index in the background, so that start-up does not wait; until then answers come from SQL. */
    @EventListener
    void onStartup(StartupEvent event) {
        if (!configured) {
            return;
        }
        Thread loader = new Thread(() -> {
            try {
                ensureLoaded();
            } catch (RuntimeException e) {
                LOG.warn("Loading the analytics index failed; analytics answer from SQL until the next try", e);
            }
        }, "case-analytic-index-load");
        loader.setDaemon(true);
        loader.start();
    }

    /** Switches the index off (SQL answers everything) or on again; for the tests comparing both paths. */
    void setEnabled(boolean on) {
        enabled = on;
    }

    /** Loads the index now if it is not (for tests and benchmarks that must not race the background load). */
    void ensureLoaded() {
        synchronized (refreshMutex) {
            if (!loaded) {
                load();
            }
        }
    }

    /** How many answers came from the index so far. */
    long answers() {
        return answers.get();
    }

    /** Cases in the index and the bytes its columns hold. */
    long[] sizeAndBytes() {
        lock.readLock().lock();
        try {
            return new long[] {index.size(), index.bytes()};
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Figures as {@link CaseAnalyticsRepository#figures}, or empty when the index cannot answer. */
    Optional<List<CaseAnalyticsRepository.Figures>> figures(CaseSelectionSql sel, @Nullable String groupBy) {
        Optional<CaseAnalyticIndex.Query> q = query(sel);
        if (q.isEmpty()) {
            return Optional.empty();
        }
        CaseAnalyticIndex.GroupKey key = groupBy == null ? null : groupKey(groupBy);
        long now = micros(Instant.now());
        lock.readLock().lock();
        try {
            return Optional.of(index.figures(q.get(), key, now, zone));
        } finally {
            lock.readLock().unlock();
        }
    }

    /** The located cases' points, or empty when the index cannot answer. */
    Optional<double[][]> points(CaseSelectionSql sel) {
        Optional<CaseAnalyticIndex.Query> q = query(sel);
        if (q.isEmpty()) {
            return Optional.empty();
        }
        lock.readLock().lock();
        try {
            return Optional.of(index.points(q.get()));
        } finally {
            lock.readLock().unlock();
        }
    }

    /** The ids of one page, newest first, or empty when the index cannot answer. */
    Optional<long[]> page(CaseSelectionSql sel, int limit, int offset) {
        Optional<CaseAnalyticIndex.Query> q = query(sel);
        if (q.isEmpty()) {
            return Optional.empty();
        }
        lock.readLock().lock();
        try {
            return Optional.of(index.page(q.get(), limit, offset));
        } finally {
            lock.readLock().unlock();
        }
    }

    /** The selection as an index query, after catching up with the database; empty when SQL must answer. */
    private Optional<CaseAnalyticIndex.Query> query(CaseSelectionSql sel) {
        if (!configured || !enabled || !loaded) {
            return Optional.empty();
        }
        Optional<CaseAnalyticIndex.Query> q = translate(sel);
        if (q.isPresent()) {
            refresh();
            answers.incrementAndGet();
        }
        return q;
    }

    static Optional<CaseAnalyticIndex.Query> translate(CaseSelectionSql sel) {
        CaseSelection s = sel.selection;
        Role role = sel.caller.role();
        if (role == Role.DEPARTMENT) {
            return Optional.empty();
        }
        boolean desk = role == Role.OPS || role == Role.ADMIN;
        CaseAnalyticIndex.Scope scope = new CaseAnalyticIndex.Scope(sel.caller.scope(), sel.caller.username(), desk, !desk);
        org.locationtech.jts.geom.Geometry polygon = null;
        Map<CaseAnalyticIndex.GridColumn, Set<String>> grids = null;
        CaseSelection.Area area = s.area();
        if (area instanceof CaseSelection.Polygonal p) {
            polygon = p.geometry();
        } else if (area instanceof CaseSelection.Buffer) {
            return Optional.empty();
        } else if (area instanceof CaseSelection.Grids || area instanceof CaseSelection.District) {
            if (s.boundaries() == CaseSelection.Boundaries.CURRENT) {
                return Optional.empty();
            }
            List<String> codes = area instanceof CaseSelection.Grids g ? g.codes() : List.of(((CaseSelection.District) area).code());
            grids = new EnumMap<>(CaseAnalyticIndex.GridColumn.class);
            for (String code : codes) {
                String level = area instanceof CaseSelection.District ? "district" : sel.levels.get(code);
                CaseAnalyticIndex.GridColumn column = level == null ? null : switch (level) {
                    case "district" -> CaseAnalyticIndex.GridColumn.DISTRICT;
                    case "l1" -> CaseAnalyticIndex.GridColumn.L1;
                    case "l2" -> CaseAnalyticIndex.GridColumn.L2;
                    case "l3" -> CaseAnalyticIndex.GridColumn.L3;
                    case "micro" -> CaseAnalyticIndex.GridColumn.MICRO;
                    case "special" -> CaseAnalyticIndex.GridColumn.SPECIAL;
                    default -> null;
                };
                if (column != null) {
                    grids.computeIfAbsent(column, c -> new HashSet<>()).add(code);
                }
            }
        }
        CaseAnalyticIndex.Clock clock = s.time() != null && "closed".equals(s.time().field())
                ? CaseAnalyticIndex.Clock.CLOSED : CaseAnalyticIndex.Clock.REPORTED;
        long from = s.time() == null || s.time().from() == null ? CaseAnalyticIndex.NONE : micros(s.time().from());
        long to = s.time() == null || s.time().to() == null ? CaseAnalyticIndex.NONE : micros(s.time().to());
        return Optional.of(new CaseAnalyticIndex.Query(scope, polygon, area instanceof CaseSelection.WholeScope, grids, clock, from, to,
                clock == CaseAnalyticIndex.Clock.CLOSED, s.categories().isEmpty() ? null : Set.copyOf(sel.categoryCodes),
                set(s.statuses()), set(s.channels()), set(s.urgencies()), s.overdue(), s.sankua()));
    }

    private static @Nullable Set<String> set(List<String> values) {
        return values.isEmpty() ? null : Set.copyOf(values);
    }

    static CaseAnalyticIndex.GroupKey groupKey(String groupBy) {
        return switch (groupBy) {
            case "district" -> CaseAnalyticIndex.GroupKey.DISTRICT;
            case "l1" -> CaseAnalyticIndex.GroupKey.L1;
            case "l2" -> CaseAnalyticIndex.GroupKey.L2;
            case "l3" -> CaseAnalyticIndex.GroupKey.L3;
            case "micro" -> CaseAnalyticIndex.GroupKey.MICRO;
            case "category", "topCategory" -> CaseAnalyticIndex.GroupKey.CATEGORY;
            case "channel" -> CaseAnalyticIndex.GroupKey.CHANNEL;
            case "urgency" -> CaseAnalyticIndex.GroupKey.URGENCY;
            case "status" -> CaseAnalyticIndex.GroupKey.STATUS;
            case "day" -> CaseAnalyticIndex.GroupKey.DAY;
            case "week" -> CaseAnalyticIndex.GroupKey.WEEK;
            case "month" -> CaseAnalyticIndex.GroupKey.MONTH;
            case "hourOfWeekday" -> CaseAnalyticIndex.GroupKey.HOUR_OF_WEEKDAY;
            default -> throw new IllegalArgumentException(groupBy);
        };
    }

    // -------------------------------------------------------------------------------- the database

    private void load() {
        long t0 = System.nanoTime();
        List<CaseAnalyticIndex.Row> rows = new ArrayList<>();
        String xmin;
        try (Connection c = snapshotConnection()) {
            xmin = xmin(c);
            try (PreparedStatement ps = c.prepareStatement(COLUMNS)) {
                ps.setFetchSize(FETCH_SIZE);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        rows.add(row(rs));
                    }
                }
            }
            try (Statement st = c.createStatement()) {
                // Deletions older than a day were seen by every running index long ago.
                st.execute("DELETE FROM case_record_deleted WHERE deleted_at < now() - interval '1 day'");
            }
            c.commit();
        } catch (SQLException e) {
            throw new IllegalStateException("loading the analytics index failed", e);
        }
        lock.writeLock().lock();
        try {
            index.load(rows);
            watermark = xmin;
            loaded = true;
        } finally {
            lock.writeLock().unlock();
        }
        long[] sb = sizeAndBytes();
        LOG.info("Analytics index: {} cases loaded in {} ms, ~{} MB of columns", sb[0], (System.nanoTime() - t0) / 1_000_000,
                sb[1] / (1024 * 1024));
    }

    /** Reads what changed since the last read and applies it. */
    private void refresh() {
        synchronized (refreshMutex) {
            List<CaseAnalyticIndex.Row> changed = new ArrayList<>();
            List<Long> deleted = new ArrayList<>();
            String xmin;
            try (Connection c = snapshotConnection()) {
                xmin = xmin(c);
                try (PreparedStatement ps = c.prepareStatement(COLUMNS + " WHERE change_xid >= ?::text::xid8")) {
                    ps.setString(1, watermark);
                    ps.setFetchSize(FETCH_SIZE);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            changed.add(row(rs));
                        }
                    }
                }
                try (PreparedStatement ps = c.prepareStatement("SELECT case_id FROM case_record_deleted WHERE change_xid >= ?::text::xid8")) {
                    ps.setString(1, watermark);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            deleted.add(rs.getLong(1));
                        }
                    }
                }
                c.commit();
            } catch (SQLException e) {
                throw new IllegalStateException("refreshing the analytics index failed", e);
            }
            if (deleted.contains(-1L)) {
                loaded = false;
                load();
                return;
            }
            if (changed.isEmpty() && deleted.isEmpty() && xmin.equals(watermark)) {
                return;
            }
            lock.writeLock().lock();
            try {
                for (CaseAnalyticIndex.Row r : changed) {
                    index.upsert(r);
                }
                for (long id : deleted) {
                    index.remove(id);
                }
                if (index.needsCompaction()) {
                    index.load(index.rows());
                }
                watermark = xmin;
            } finally {
                lock.writeLock().unlock();
            }
        }
    }

    /** A connection in a read-only repeatable-read transaction: every statement sees one snapshot. */
    private Connection snapshotConnection() throws SQLException {
        Connection c = dataSource.getConnection();
        try {
            c.setAutoCommit(false);
            c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            return c;
        } catch (SQLException | RuntimeException e) {
            c.close();
            throw e;
        }
    }

    private static String xmin(Connection c) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(XMIN)) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static CaseAnalyticIndex.Row row(ResultSet rs) throws SQLException {
        double lon = rs.getDouble(2);
        boolean noGeom = rs.wasNull();
        double lat = rs.getDouble(3);
        int satisfaction = rs.getInt(9);
        boolean unrated = rs.wasNull();
        Array n = rs.getArray(24);
        String[] neighbours = n == null ? new String[0] : (String[]) n.getArray();
        return new CaseAnalyticIndex.Row(rs.getLong(1), noGeom ? null : lon, noGeom ? null : lat, micros(rs.getTimestamp(4)),
                micros(rs.getTimestamp(5)), micros(rs.getTimestamp(6)), micros(rs.getTimestamp(7)), rs.getInt(8),
                unrated ? null : satisfaction, rs.getBoolean(10), rs.getBoolean(11), rs.getString(12), rs.getString(13), rs.getString(14),
                rs.getString(15), rs.getString(16), rs.getString(17), rs.getString(18), rs.getString(19), rs.getString(20),
                rs.getString(21), rs.getString(22), rs.getString(23), neighbours, rs.getBoolean(25), rs.getBoolean(26), rs.getBoolean(27));
    }

    private static long micros(@Nullable Timestamp t) {
        if (t == null) {
            return CaseAnalyticIndex.NONE;
        }
        return Math.floorDiv(t.getTime(), 1000L) * 1_000_000L + t.getNanos() / 1000;
    }

    static long micros(Instant t) {
        return t.getEpochSecond() * 1_000_000L + t.getNano() / 1000;
    }
}
