package cn.yiwang.patrol;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import cn.yiwang.db.Transactions;
import cn.yiwang.geo.CoordinateSystem;
import cn.yiwang.grid.GridSummary;
import cn.yiwang.layers.LayerChangedEvent;
import cn.yiwang.layers.LayerRegistry;
import cn.yiwang.live.LiveEvent;
import cn.yiwang.live.LiveEventLog;
import cn.yiwang.live.LiveTopic;
import cn.yiwang.routing.RouteResult;
import cn.yiwang.routing.RoutingService;
import io.micronaut.context.event.ApplicationEventPublisher;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;

/**
 * Live positions: the latest fix of every worker, in memory and in {@code patrol_latest} (written in
 * the writer's transaction, so it survives restarts and feeds the {@code patrol-positions} layer).
 * After a commit the moved workers are marked; every {@code live-flush-millis} the marked ones whose
 * last event is at least {@code live-throttle-seconds} old get a {@code patrol.position} event (topic
 * {@code patrol}), all in one transaction, and the tiles of the layer
 * are dropped (all of them), at most every {@code tile-refresh-seconds}. A worker moving faster than the throttle
 * is shown at the newest position when their turn comes. Thread-safe.
 */
@Singleton
public class PatrolPositions {

    private static final Logger LOG = LoggerFactory.getLogger(PatrolPositions.class);
    private static final int MAX_EVENTS_PER_FLUSH = 5_000;

    private static final String UPSERT = """
            INSERT INTO patrol_latest AS l (user_id, username, display_name, device_id, fixed_at, lon, lat, geom, grid, grid_code,
                                            inside_own_grid, speed_mps, accuracy_m, updated_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ST_SetSRID(ST_MakePoint(?, ?), 4326), ?, ?, ?, ?, ?, now())
            ON CONFLICT (user_id) DO UPDATE SET device_id = EXCLUDED.device_id, fixed_at = EXCLUDED.fixed_at,
                lon = EXCLUDED.lon, lat = EXCLUDED.lat, geom = EXCLUDED.geom, grid = EXCLUDED.grid, grid_code = EXCLUDED.grid_code,
                inside_own_grid = EXCLUDED.inside_own_grid, speed_mps = EXCLUDED.speed_mps, accuracy_m = EXCLUDED.accuracy_m,
                username = EXCLUDED.username, display_name = EXCLUDED.display_name, updated_at = now()
            WHERE l.fixed_at < EXCLUDED.fixed_at""";

    private final RoutingService routing;
    private final LiveEventLog log;
    private final DataSource dataSource;
    private final ApplicationEventPublisher<LayerChangedEvent> layerEvents;
    private final long throttleMillis;
    private final long tileRefreshMillis;
    private final Map<Long, PatrolPosition> latest = new ConcurrentHashMap<>();
    private final Map<Long, Long> lastEventMillis = new ConcurrentHashMap<>();
    private final Map<Long, PatrolPosition> pending = new ConcurrentHashMap<>();
    private volatile boolean tilesDirty;
    private volatile long lastTileDropMillis;

    public PatrolPositions(RoutingService routing, LiveEventLog log, DataSource dataSource,
                           ApplicationEventPublisher<LayerChangedEvent> layerEvents, PatrolConfiguration config) {
        this.routing = routing;
        this.log = log;
        this.dataSource = dataSource;
        this.layerEvents = layerEvents;
        this.throttleMillis = config.liveThrottleSeconds() * 1000L;
        this.tileRefreshMillis = config.tileRefreshSeconds() * 1000L;
    }

    /** Where a fix is, for the live view: its micro grid and whether it is inside the worker's own grid. */
    public PatrolPosition locate(PatrolDevices.Device device, PatrolFix fix) {
        String micro = null;
        boolean inside = false;
        try {
            RouteResult r = routing.route(fix.lon(), fix.lat(), CoordinateSystem.WGS84, null);
            micro = r.micro();
            if (device.ownGrid() != null) {
                for (GridSummary g : r.chain()) {
                    if (g.code().equals(device.ownGrid()) && (r.snappedMeters() == null || r.snappedMeters() == 0)) {
                        inside = true;
                    }
                }
            }
        } catch (IllegalArgumentException e) {
            // A valid WGS84 point far from every grid: no grid, not inside.
        }
        return new PatrolPosition(device.userId(), device.username(), device.displayName(), device.deviceId(), fix.fixedAt(),
                fix.lon(), fix.lat(), micro, device.ownGrid(), device.visibilityGrid(), inside, fix.speedMps(), fix.accuracyM());
    }

    /** Writes the positions into {@code patrol_latest} on the writer's transaction (older fixes leave rows alone). */
    void upsert(Connection c, Collection<PatrolPosition> positions) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(UPSERT)) {
            for (PatrolPosition p : positions) {
                ps.setLong(1, p.userId());
                ps.setString(2, p.username());
                ps.setString(3, p.displayName());
                ps.setString(4, p.deviceId());
                ps.setTimestamp(5, Timestamp.from(p.fixedAt()));
                ps.setDouble(6, p.lon());
                ps.setDouble(7, p.lat());
                ps.setDouble(8, p.lon());
                ps.setDouble(9, p.lat());
                ps.setString(10, p.grid());
                ps.setString(11, p.visibilityGrid());
                ps.setBoolean(12, p.insideOwnGrid());
                setDouble(ps, 13, p.speedMps());
                setDouble(ps, 14, p.accuracyM());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** The positions of a committed batch: newer ones replace what is known and wait for the next flush. */
    void committed(Collection<PatrolPosition> positions) {
        for (PatrolPosition p : positions) {
            PatrolPosition merged = latest.merge(p.userId(), p, (old, now) -> now.fixedAt().isAfter(old.fixedAt()) ? now : old);
            if (merged == p) {
                pending.put(p.userId(), p);
                tilesDirty = true;
            }
        }
    }

    /** The latest position of a worker known to this instance. */
    public @Nullable PatrolPosition latest(long userId) {
        return latest.get(userId);
    }

    @Scheduled(fixedDelay = "${yiwang.patrol.live-flush-millis:1000}ms", initialDelay = "2s")
    void flush() {
        long now = System.currentTimeMillis();
        List<PatrolPosition> due = new ArrayList<>();
        for (PatrolPosition p : pending.values()) {
            Long last = lastEventMillis.get(p.userId());
            if ((last == null || now - last >= throttleMillis) && due.size() < MAX_EVENTS_PER_FLUSH) {
                due.add(p);
            }
        }
        if (!due.isEmpty()) {
            try {
                Transactions.inTransaction(dataSource, "appending patrol positions to the live log", c -> {
                    for (PatrolPosition p : due) {
                        log.append(c, LiveEvent.Draft.of(LiveTopic.PATROL, "patrol.position", p.visibilityGrid(), json(p)));
                    }
                    return null;
                });
                for (PatrolPosition p : due) {
                    lastEventMillis.put(p.userId(), now);
                    pending.remove(p.userId(), p);
                }
            } catch (RuntimeException e) {
                LOG.warn("Sending {} patrol positions to the live stream failed; retrying on the next flush", due.size(), e);
            }
        }
        dropTiles(now);
    }

    /**
     * Drops the layer's tiles, whole: a moved dot leaves one tile and enters another at every zoom,
     * and with thousands of workers moving per second per-tile bookkeeping would cost more than
     * re-rendering a layer of one point per worker. Throttled to every {@code tile-refresh-seconds}.
     */
    private void dropTiles(long now) {
        if (!tilesDirty || now - lastTileDropMillis < tileRefreshMillis) {
            return;
        }
        tilesDirty = false;
        lastTileDropMillis = now;
        layerEvents.publishEvent(LayerChangedEvent.wholeLayer(LayerRegistry.PATROL_POSITIONS));
    }

    static String json(PatrolPosition p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("worker", p.username());
        m.put("name", p.displayName());
        m.put("userId", p.userId());
        m.put("deviceId", p.deviceId());
        m.put("fixedAt", p.fixedAt().toString());
        m.put("lon", p.lon());
        m.put("lat", p.lat());
        m.put("grid", p.grid());
        m.put("ownGrid", p.ownGrid());
        m.put("insideOwnGrid", p.insideOwnGrid());
        m.put("speed", p.speedMps());
        m.put("accuracy", p.accuracyM());
        return JsonText.object(m);
    }

    private static void setDouble(PreparedStatement ps, int i, @Nullable Double v) throws SQLException {
        if (v == null) {
            ps.setNull(i, Types.REAL);
        } else {
            ps.setDouble(i, v);
        }
    }
}
