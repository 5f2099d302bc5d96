package cn.yiwang.open311;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import javax.sql.DataSource;

import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;

/**
 * Reads cases as public service requests: only the columns Open311 shows (never the reporter),
 * only the listed channels. Lon/lat come from {@code geom} (EPSG:4326); newest first.
 */
@Singleton
public class ServiceRequestRepository {

    /** One case as GET requests shows it. */
    public record Row(String code, String status, String categoryCode, String description, @Nullable String departmentCode,
                      Instant createdAt, Instant updatedAt, @Nullable Instant deadlineAt, @Nullable String address,
                      @Nullable Double lat, @Nullable Double lon, @Nullable String photo) {
    }

    /**
     * What to list.
     *
     * @param codes      case codes; when not empty they override every other filter (as the spec says)
     * @param categories sub-category codes; empty = all
     * @param statuses   our status keys; empty = all
     * @param from       earliest {@code created_at}, inclusive
     * @param to         latest {@code created_at}, inclusive
     */
    public record Filter(List<String> codes, List<String> categories, List<String> statuses, Instant from, Instant to,
                         List<String> sources, int limit) {
    }

    /**
     * A case merged into another (a duplicate) shows the outcome of the case it joined: its status,
     * handling department, deadline and last change, so every merged reporter follows the one fix.
     */
    static final String SELECT = """
            SELECT r.code, COALESCE(t.status, r.status) AS status, r.category_code, r.description,
                   COALESCE(t.department_code, r.department_code) AS department_code, r.created_at,
                   GREATEST(r.updated_at, t.updated_at) AS updated_at, COALESCE(t.deadline_at, r.deadline_at) AS deadline_at,
                   r.address, ST_Y(r.geom) AS lat, ST_X(r.geom) AS lon, r.photos[1] AS photo
            FROM case_record r LEFT JOIN case_record t ON t.id = r.merged_into
            WHERE r.source = ANY (?)""";

    private final DataSource dataSource;

    public ServiceRequestRepository(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public List<Row> list(Filter f) {
        StringBuilder sql = new StringBuilder(SELECT);
        List<Object> args = new ArrayList<>();
        args.add(f.sources().toArray(String[]::new));
        if (!f.codes().isEmpty()) {
            sql.append(" AND r.code = ANY (?)");
            args.add(f.codes().toArray(String[]::new));
        } else {
            sql.append(" AND r.created_at >= ? AND r.created_at <= ?");
            args.add(Timestamp.from(f.from()));
            args.add(Timestamp.from(f.to()));
            if (!f.categories().isEmpty()) {
                sql.append(" AND r.category_code = ANY (?)");
                args.add(f.categories().toArray(String[]::new));
            }
            if (!f.statuses().isEmpty()) {
                sql.append(" AND COALESCE(t.status, r.status) = ANY (?)");
                args.add(f.statuses().toArray(String[]::new));
            }
        }
        sql.append(" ORDER BY r.created_at DESC, r.id DESC LIMIT ?");
        args.add(f.limit());
        List<Row> rows = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql.toString())) {
            for (int i = 0; i < args.size(); i++) {
                Object a = args.get(i);
                if (a instanceof String[] arr) {
                    ps.setArray(i + 1, c.createArrayOf("text", arr));
                } else {
                    ps.setObject(i + 1, a);
                }
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(map(rs));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("listing service requests failed", e);
        }
        return rows;
    }

    /** The code of the case an earlier POST stored under this idempotency key. */
    public Optional<String> caseOfIdempotencyKey(String actor, String key) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement(
                     "SELECT r.code FROM idempotency_key k JOIN case_record r ON r.id = k.case_id WHERE k.actor = ? AND k.key = ?")) {
            ps.setString(1, actor);
            ps.setString(2, key);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("reading idempotency keys failed", e);
        }
    }

    private static Row map(ResultSet rs) throws SQLException {
        double lat = rs.getDouble("lat");
        Double latValue = rs.wasNull() ? null : lat;
        double lon = rs.getDouble("lon");
        Double lonValue = rs.wasNull() ? null : lon;
        Timestamp deadline = rs.getTimestamp("deadline_at");
        return new Row(rs.getString("code"), rs.getString("status"), rs.getString("category_code"), rs.getString("description"),
                rs.getString("department_code"), rs.getTimestamp("created_at").toInstant(), rs.getTimestamp("updated_at").toInstant(),
                deadline == null ? null : deadline.toInstant(), rs.getString("address"), latValue, lonValue, rs.getString("photo"));
    }
}
