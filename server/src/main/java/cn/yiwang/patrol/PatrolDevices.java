package cn.yiwang.patrol;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import javax.sql.DataSource;

import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;

/**
 * Device id → the worker it belongs to ({@code patrol_device}), cached in memory for
 * {@link #CACHE_MILLIS} so that ingestion does not ask the database per point; a device that is
 * unknown is asked again every time (registration takes effect at once). Thread-safe.
 */
@Singleton
public class PatrolDevices {

    static final long CACHE_MILLIS = 60_000;

    /**
     * A registered device and its worker.
     *
     * @param districtCode the first 6 digits of the worker's scope: the shard key of their points
     * @param ownGrid      the level-3 grid the worker is on duty for (the smallest code), null when none
     * @param scope        the worker's grid scope
     */
    public record Device(String deviceId, long userId, String username, String displayName, String districtCode,
                         @Nullable String ownGrid, String scope) {

        /** The grid that decides who sees this worker's positions: their own grid, else their scope. */
        public String visibilityGrid() {
            return ownGrid != null ? ownGrid : scope;
        }
    }

    private record Entry(Device device, long loadedAtMillis) {
    }

    private static final String SELECT = """
            SELECT d.device_id, u.id, u.username, u.display_name, u.scope_code,
                   (SELECT min(g.grid_code) FROM grid_duty g WHERE g.user_id = u.id AND g.on_duty)
            FROM patrol_device d JOIN app_user u ON u.id = d.user_id
            WHERE d.device_id = ANY (?) AND NOT d.disabled AND NOT u.disabled""";

    private final DataSource dataSource;
    private final Map<String, Entry> cache = new ConcurrentHashMap<>();

    public PatrolDevices(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** The known devices among {@code ids}; unknown ids are simply absent. */
    public Map<String, Device> find(Collection<String> ids) {
        Map<String, Device> found = new HashMap<>();
        List<String> missing = new java.util.ArrayList<>();
        long now = System.currentTimeMillis();
        for (String id : ids) {
            Entry e = cache.get(id);
            if (e != null && now - e.loadedAtMillis() < CACHE_MILLIS) {
                found.put(id, e.device());
            } else if (!found.containsKey(id)) {
                missing.add(id);
            }
        }
        if (!missing.isEmpty()) {
            for (Device d : load(missing)) {
                cache.put(d.deviceId(), new Entry(d, now));
                found.put(d.deviceId(), d);
            }
        }
        return found;
    }

    /** Forgets everything cached (after devices were reassigned). */
    public void invalidate() {
        cache.clear();
    }

    private List<Device> load(List<String> ids) {
        List<Device> devices = new java.util.ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(SELECT)) {
            ps.setArray(1, c.createArrayOf("text", ids.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String scope = rs.getString(5);
                    devices.add(new Device(rs.getString(1), rs.getLong(2), rs.getString(3), rs.getString(4),
                            scope.length() >= 6 ? scope.substring(0, 6) : scope, rs.getString(6), scope));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("reading patrol devices failed", e);
        }
        return devices;
    }
}
