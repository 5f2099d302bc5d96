package cn.yiwang.patrol.track;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;

import javax.sql.DataSource;

import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;

/**
 * The SQL of track reads. Fixes are read by {@code (user_id, fixed_at)} — the index every partition
 * has — with the time bounds as values, so only the partitions of the asked days are scanned.
 * Thread-safe.
 */
@Singleton
public class TrackRepository {

    /** A user whose track may be read, with the grid that decides who sees it. */
    public record Worker(long id, String username, String displayName, String role, String scope, @Nullable String ownGrid) {

        public String visibilityGrid() {
            return ownGrid != null ? ownGrid : scope;
        }
    }

    /** A grid and its boundary as GeoJSON text (EPSG:4326). */
    public record Grid(String code, String name, String boundaryGeoJson) {
    }

    /**
     * A worker's fixes in time order as parallel arrays: epoch seconds, WGS84 degrees, accuracy (m) and
     * speed (m/s), {@code NaN} where unknown.
     */
    public record Fixes(int count, long[] epochSeconds, double[] lon, double[] lat, float[] accuracyM, float[] speedMps) {
    }

    static final String WORKER = """
            SELECT u.id, u.username, u.display_name, u.role, u.scope_code,
                   (SELECT min(g.grid_code) FROM grid_duty g WHERE g.user_id = u.id AND g.on_duty)
            FROM app_user u WHERE u.username = ?""";
    static final String GRID = "SELECT code, name, ST_AsGeoJSON(geom, 6) FROM grid_current WHERE code = ?";
    static final String FIXES = """
            SELECT floor(extract(epoch FROM fixed_at))::bigint, lon, lat, accuracy_m, speed_mps FROM patrol_point
            WHERE user_id = ? AND fixed_at >= ? AND fixed_at < ? ORDER BY fixed_at, device_id""";

    private final DataSource dataSource;

    public TrackRepository(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public @Nullable Worker worker(String username) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(WORKER)) {
            ps.setString(1, username);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                return new Worker(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("reading user '" + username + "' failed", e);
        }
    }

    public @Nullable Grid grid(String code) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(GRID)) {
            ps.setString(1, code);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? new Grid(rs.getString(1), rs.getString(2), rs.getString(3)) : null;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("reading grid " + code + " failed", e);
        }
    }

    /** The fixes of {@code userId} with {@code from <= fixed_at < to}, oldest first. */
    public Fixes fixes(long userId, Instant from, Instant to) {
        int n = 0;
        long[] t = new long[1024];
        double[] lon = new double[1024];
        double[] lat = new double[1024];
        float[] acc = new float[1024];
        float[] speed = new float[1024];
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(FIXES)) {
            ps.setLong(1, userId);
            ps.setTimestamp(2, Timestamp.from(from));
            ps.setTimestamp(3, Timestamp.from(to));
            ps.setFetchSize(5000);
            c.setAutoCommit(false);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if (n == t.length) {
                        int size = n * 2;
                        t = Arrays.copyOf(t, size);
                        lon = Arrays.copyOf(lon, size);
                        lat = Arrays.copyOf(lat, size);
                        acc = Arrays.copyOf(acc, size);
                        speed = Arrays.copyOf(speed, size);
                    }
                    t[n] = rs.getLong(1);
                    lon[n] = rs.getDouble(2);
                    lat[n] = rs.getDouble(3);
                    float a = rs.getFloat(4);
                    acc[n] = rs.wasNull() ? Float.NaN : a;
                    float s = rs.getFloat(5);
                    speed[n] = rs.wasNull() ? Float.NaN : s;
                    n++;
                }
            }
            c.commit();
        } catch (SQLException e) {
            throw new IllegalStateException("reading the track of user " + userId + " failed", e);
        }
        return new Fixes(n, t, lon, lat, acc, speed);
    }
}
