package cn.yiwang.layers.cases;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import javax.sql.DataSource;

import org.locationtech.jts.geom.Envelope;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import cn.yiwang.cases.CaseChangedElsewhereEvent;
import cn.yiwang.cases.CaseChangedEvent;
import cn.yiwang.cases.CaseColumn;
import cn.yiwang.cases.CaseState;
import cn.yiwang.cases.CasesMovedEvent;
import cn.yiwang.layers.LayerChangedEvent;
import cn.yiwang.layers.LayerRegistry;
import io.micronaut.context.event.ApplicationEventPublisher;
import io.micronaut.context.event.StartupEvent;
import io.micronaut.runtime.event.annotation.EventListener;
import jakarta.inject.Singleton;

/**
 * Keeps this instance's {@link CaseCellIndex} equal to {@code case_record}: loads every located case
 * (in the background at start-up, or at the first tile that needs it), then re-reads a case on each
 * {@link CaseChangedEvent} and the cases of the moved areas on a {@link CasesMovedEvent}, and only
 * then publishes the {@link LayerChangedEvent} of the {@code cases} layer for the changed points, so
 * the tile cache drops exactly the tiles that show them, at every zoom and in every scope. Events
 * arrive after their transaction committed, so the re-read sees the change; a change that commits
 * while the first load runs is re-read once the load finishes.
 *
 * <p>Another server instance sharing the database does not see this instance's events: its copy
 * (and its tile cache) catch up only at its next start. Fanning events out across instances
 * belongs to the live-event stream (LISTEN/NOTIFY). Thread-safe.
 */
@Singleton
public class CaseCellIndexService {

    private static final Logger LOG = LoggerFactory.getLogger(CaseCellIndexService.class);
    private static final String COLUMNS = "SELECT id, ST_X(geom), ST_Y(geom), status, urgency, overdue, grid_code, department_code, version FROM case_record";
    private static final String ONE = COLUMNS + " WHERE id = ? AND geom IS NOT NULL";
    private static final String ALL = COLUMNS + " WHERE geom IS NOT NULL";
    private static final String WITHIN = COLUMNS + " WHERE geom && ST_MakeEnvelope(?, ?, ?, ?, 4326)";
    private static final int FETCH_SIZE = 10_000;

    private final DataSource dataSource;
    private final ApplicationEventPublisher<LayerChangedEvent> publisher;
    private final CaseCellIndex index = new CaseCellIndex();
    /** Guards {@code loading} and {@code changedWhileLoading}. */
    private final Object loadLock = new Object();
    /** Held while loading: one load at a time. */
    private final Object loadMutex = new Object();
    private final Set<Long> changedWhileLoading = new LinkedHashSet<>();
    private volatile boolean loaded;
    private boolean loading;
    /** Cases were moved in bulk while the first load ran: load once more. */
    private boolean movedWhileLoading;

    public CaseCellIndexService(DataSource dataSource, ApplicationEventPublisher<LayerChangedEvent> publisher) {
        this.dataSource = dataSource;
        this.publisher = publisher;
    }

    /** Starts the first load in the background so that the first tile does not wait for it. */
    @EventListener
    void onStartup(StartupEvent event) {
        Thread loader = new Thread(() -> {
            try {
                index();
            } catch (RuntimeException e) {
                LOG.warn("Loading the cases map index failed; the first case tile retries", e);
            }
        }, "case-cell-index-load");
        loader.setDaemon(true);
        loader.start();
    }

    /** The index, loaded. */
    public CaseCellIndex index() {
        if (!loaded) {
            loadOnce();
        }
        return index;
    }

    /**
     * A case changed here: the state the event carries is used as it is (no read), else the row is
     * read. Either way an older version never replaces a newer one ({@link CaseCellIndex#upsert}).
     */
    @EventListener
    void onCaseChanged(CaseChangedEvent event) {
        CaseState s = event.state();
        if (s == null || !loaded) {
            changed(event.caseId());
            return;
        }
        Double lon = s.decimal(CaseColumn.LON);
        Double lat = s.decimal(CaseColumn.LAT);
        if (lon == null || lat == null) {
            return; // not on the map
        }
        index.upsert(new CaseCellIndex.Entry(s.id(), lon, lat, CaseStatusGroup.ofKey(s.status().key()), s.flag(CaseColumn.OVERDUE),
                !"normal".equals(s.text(CaseColumn.URGENCY)), s.text(CaseColumn.GRID_CODE), s.text(CaseColumn.DEPARTMENT_CODE),
                s.version()));
        publisher.publishEvent(new LayerChangedEvent(LayerRegistry.CASES, List.of(new Envelope(lon, lon, lat, lat)), false));
    }

    /** The same for a case changed on another instance (carried by the live-event log). */
    @EventListener
    void onCaseChangedElsewhere(CaseChangedElsewhereEvent event) {
        changed(event.caseId());
    }

    private void changed(long caseId) {
        if (!loaded) {
            synchronized (loadLock) {
                if (!loaded) {
                    if (loading) {
                        changedWhileLoading.add(caseId);
                    }
                    return;
                }
            }
        }
        refresh(List.of(caseId));
    }

    @EventListener
    void onCasesMoved(CasesMovedEvent event) {
        if (!loaded) {
            synchronized (loadLock) {
                if (!loaded) {
                    movedWhileLoading |= loading;
                    return; // a load still to come reads them
                }
            }
        }
        if (event.everywhere()) {
            index.load(readAll());
            publisher.publishEvent(LayerChangedEvent.wholeLayer(LayerRegistry.CASES));
            return;
        }
        for (Envelope area : event.areas()) {
            readWithin(area).forEach(index::upsert);
        }
        publisher.publishEvent(new LayerChangedEvent(LayerRegistry.CASES, event.areas(), false));
    }

    private void loadOnce() {
        synchronized (loadMutex) {
            if (!loaded) {
                load();
            }
        }
    }

    private void load() {
        synchronized (loadLock) {
            loading = true;
        }
        List<Long> again;
        boolean reload;
        boolean done = false;
        try {
            long t0 = System.nanoTime();
            index.load(readAll());
            done = true;
            LOG.info("Cases map index: {} located cases loaded in {} ms", index.size(), (System.nanoTime() - t0) / 1_000_000);
        } finally {
            synchronized (loadLock) {
                loading = false;
                loaded = done;
                again = new ArrayList<>(changedWhileLoading);
                changedWhileLoading.clear();
                reload = movedWhileLoading;
                movedWhileLoading = false;
            }
        }
        if (reload) {
            index.load(readAll());
            publisher.publishEvent(LayerChangedEvent.wholeLayer(LayerRegistry.CASES));
        } else if (!again.isEmpty()) {
            refresh(again);
        }
    }

    private void refresh(List<Long> ids) {
        List<Envelope> points = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(ONE)) {
            for (long id : ids) {
                ps.setLong(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        CaseCellIndex.Entry e = entry(rs);
                        index.upsert(e);
                        points.add(new Envelope(e.lon(), e.lon(), e.lat(), e.lat()));
                    }
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("re-reading cases " + ids + " for the map failed", e);
        }
        if (!points.isEmpty()) {
            publisher.publishEvent(new LayerChangedEvent(LayerRegistry.CASES, points, false));
        }
    }

    private List<CaseCellIndex.Entry> readAll() {
        return read(ALL, null);
    }

    private List<CaseCellIndex.Entry> readWithin(Envelope area) {
        return read(WITHIN, area);
    }

    private List<CaseCellIndex.Entry> read(String sql, Envelope area) {
        List<CaseCellIndex.Entry> entries = new ArrayList<>();
        try (Connection c = dataSource.getConnection()) {
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(false); // a cursor: PostgreSQL's driver streams only inside a transaction
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setFetchSize(FETCH_SIZE);
                if (area != null) {
                    ps.setDouble(1, area.getMinX());
                    ps.setDouble(2, area.getMinY());
                    ps.setDouble(3, area.getMaxX());
                    ps.setDouble(4, area.getMaxY());
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        entries.add(entry(rs));
                    }
                }
            } finally {
                c.rollback();
                c.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("reading cases for the map failed", e);
        }
        return entries;
    }

    private static CaseCellIndex.Entry entry(ResultSet rs) throws SQLException {
        return new CaseCellIndex.Entry(rs.getLong(1), rs.getDouble(2), rs.getDouble(3),
                CaseStatusGroup.ofKey(rs.getString(4)), rs.getBoolean(6), !"normal".equals(rs.getString(5)),
                rs.getString(7), rs.getString(8), rs.getInt(9));
    }
}
