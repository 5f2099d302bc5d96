package cn.yiwang.patrol.track;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import javax.sql.DataSource;

import cn.yiwang.patrol.PatrolConfiguration;
import cn.yiwang.patrol.PatrolPrivacyConfiguration;
import jakarta.inject.Singleton;

/**
 * Today's tracks of the workers of a scope, simplified for the big screen: one line per worker from
 * today's fixes (the partitions' zone), Douglas–Peucker simplified in PostGIS ({@code ST_Simplify})
 * with {@code today-tolerance-meters} (converted to degrees of latitude, which over-simplifies
 * east–west by cos φ — invisible at screen scale) and written with 5 decimals (≈ 1 m): a day's walk
 * of 2,880 fixes becomes a few hundred vertices, a few KB. A worker belongs to the scope when their
 * own level-3 grid (else their scope) lies inside it. The answer per scope is kept for
 * {@code today-cache-seconds}. Thread-safe.
 */
@Singleton
public class TodayTracks {

    private static final double METERS_PER_DEGREE_LAT = 111_320.0;

    static final String SQL = """
            WITH w AS (
                SELECT u.id, u.username, u.display_name,
                       coalesce((SELECT min(g.grid_code) FROM grid_duty g WHERE g.user_id = u.id AND g.on_duty), u.scope_code) AS own
                FROM app_user u WHERE NOT u.disabled)
            SELECT w.username, w.display_name, w.own, t.fixes, t.first_at, t.last_at, ST_AsGeoJSON(ST_Simplify(t.line, ?), 5)
            FROM (SELECT p.user_id, count(*) AS fixes, min(p.fixed_at) AS first_at, max(p.fixed_at) AS last_at,
                         ST_MakeLine(ST_MakePoint(p.lon, p.lat) ORDER BY p.fixed_at) AS line
                  FROM patrol_point p
                  WHERE p.fixed_at >= ? AND p.fixed_at < ? AND p.district_code = ANY (?)
                  GROUP BY p.user_id HAVING count(*) >= 2) t
            JOIN w ON w.id = t.user_id
            WHERE w.own LIKE ? ESCAPE '\\'
            ORDER BY w.username""";

    private record Cached(String json, int workers, long atMillis) {
    }

    /** A GeoJSON FeatureCollection and how many workers it holds. */
    public record Result(String geoJson, int workers) {
    }

    private final DataSource dataSource;
    private final ZoneId zone;
    private final PatrolPrivacyConfiguration config;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    public TodayTracks(DataSource dataSource, PatrolConfiguration patrol, PatrolPrivacyConfiguration config) {
        this.dataSource = dataSource;
        this.zone = ZoneId.of(patrol.zoneId());
        this.config = config;
    }

    public Result read(String scope) {
        long now = System.currentTimeMillis();
        Cached c = cache.get(scope);
        if (c == null || now - c.atMillis() >= config.todayCacheSeconds() * 1000L) {
            c = compute(scope, now);
            cache.put(scope, c);
        }
        return new Result(c.json(), c.workers());
    }

    private Cached compute(String scope, long nowMillis) {
        LocalDate today = LocalDate.now(zone);
        Instant from = today.atStartOfDay(zone).toInstant();
        Instant to = today.plusDays(1).atStartOfDay(zone).toInstant();
        // The shard key: the districts a scope can reach (a city scope reaches all of its districts).
        String[] districts = scope.length() >= 6 ? new String[] {scope.substring(0, 6)} : districtsUnder(scope);
        StringBuilder sb = new StringBuilder("{\"type\":\"FeatureCollection\",\"day\":\"").append(today)
                .append("\",\"scope\":\"").append(scope).append("\",\"toleranceMeters\":").append(config.todayToleranceMeters())
                .append(",\"features\":[");
        int n = 0;
        try (Connection conn = dataSource.getConnection(); PreparedStatement ps = conn.prepareStatement(SQL)) {
            ps.setDouble(1, config.todayToleranceMeters() / METERS_PER_DEGREE_LAT);
            ps.setTimestamp(2, Timestamp.from(from));
            ps.setTimestamp(3, Timestamp.from(to));
            ps.setArray(4, conn.createArrayOf("text", districts));
            ps.setString(5, scope.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%");
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if (n++ > 0) {
                        sb.append(',');
                    }
                    sb.append("{\"type\":\"Feature\",\"id\":");
                    TrackJsonWriter.string(sb, rs.getString(1));
                    sb.append(",\"properties\":{\"worker\":");
                    TrackJsonWriter.string(sb, rs.getString(1));
                    sb.append(",\"name\":");
                    TrackJsonWriter.string(sb, rs.getString(2));
                    sb.append(",\"ownGrid\":");
                    TrackJsonWriter.string(sb, rs.getString(3));
                    sb.append(",\"fixes\":").append(rs.getLong(4));
                    sb.append(",\"firstAt\":\"").append(rs.getTimestamp(5).toInstant()).append('"');
                    sb.append(",\"lastAt\":\"").append(rs.getTimestamp(6).toInstant()).append("\"},\"geometry\":");
                    sb.append(rs.getString(7)).append('}');
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("reading today's tracks of " + scope + " failed", e);
        }
        sb.append("]}");
        return new Cached(sb.toString(), n, nowMillis);
    }

    private String[] districtsUnder(String scope) {
        try (Connection conn = dataSource.getConnection(); PreparedStatement ps = conn.prepareStatement(
                "SELECT code FROM grid_current WHERE level = 'district' AND code LIKE ? || '%'")) {
            ps.setString(1, scope);
            java.util.List<String> out = new java.util.ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
            return out.toArray(String[]::new);
        } catch (SQLException e) {
            throw new IllegalStateException("reading the districts of " + scope + " failed", e);
        }
    }
}
