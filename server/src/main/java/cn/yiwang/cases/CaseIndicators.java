package cn.yiwang.cases;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import cn.yiwang.security.Caller;
import cn.yiwang.security.Role;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.inject.Singleton;

/**
 * The official supervision indicators per grid (at a level) or per department over a period, as
 * digital city management reports them:
 * <ul>
 * <li>closure rate (结案率) = closed / received, over the cases received in the period;</li>
 * <li>on-time closure rate (按期结案率) = handled on time / (due − deferred), over the cases whose
 * deadline fell in the period; a deferred (缓办) case leaves the denominator;</li>
 * <li>rework rate (返工率) = cases sent back at least once / cases handled;</li>
 * <li>satisfaction (满意率) = ratings 4 or 5 / ratings; plus the average rating.</li>
 * </ul>
 * Limited to the caller's scope (department users: their department).
 */
@Singleton
public class CaseIndicators {

    /** Grouping keys: the grid level column, or the department. */
    public static final Map<String, String> GROUPS = Map.of("district", "district_code", "l1", "l1_code", "l2", "l2_code",
            "l3", "l3_code", "micro", "grid_code", "department", "department_code");

    /** One group's figures; rates are null when their denominator is 0. */
    @Serdeable
    public record Row(@Nullable String key, long received, long closed, @Nullable Double closureRate, long due, long deferred,
                      long onTime, @Nullable Double onTimeRate, long handled, long reworked, @Nullable Double reworkRate,
                      long rated, @Nullable Double satisfactionRate, @Nullable Double averageSatisfaction, long overdueOpen,
                      long sankua) {
    }

    private final DataSource dataSource;

    public CaseIndicators(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public List<Row> compute(String groupBy, Instant from, Instant to, Caller caller) {
        String col = GROUPS.get(groupBy);
        if (col == null) {
            throw new IllegalArgumentException("groupBy must be one of " + GROUPS.keySet().stream().sorted().toList());
        }
        String scope = caller.role() == Role.DEPARTMENT ? "department_code = ? AND (grid_code IS NULL OR grid_code LIKE ?)"
                : "grid_code LIKE ?";
        String sql = "SELECT " + col + " AS k,"
                + " count(*) FILTER (WHERE created_at >= ? AND created_at < ?) AS received,"
                + " count(*) FILTER (WHERE created_at >= ? AND created_at < ? AND closed_at IS NOT NULL) AS closed,"
                + " count(*) FILTER (WHERE deadline_at >= ? AND deadline_at < ?) AS due,"
                + " count(*) FILTER (WHERE deadline_at >= ? AND deadline_at < ? AND deferred_count > 0) AS deferred,"
                + " count(*) FILTER (WHERE deadline_at >= ? AND deadline_at < ? AND deferred_count = 0 AND handled_at <= deadline_at) AS on_time,"
                + " count(*) FILTER (WHERE handled_at >= ? AND handled_at < ?) AS handled,"
                + " count(*) FILTER (WHERE handled_at >= ? AND handled_at < ? AND rework_count > 0) AS reworked,"
                + " count(satisfaction) FILTER (WHERE evaluated_at >= ? AND evaluated_at < ?) AS rated,"
                + " count(*) FILTER (WHERE evaluated_at >= ? AND evaluated_at < ? AND satisfaction >= 4) AS satisfied,"
                + " avg(satisfaction) FILTER (WHERE evaluated_at >= ? AND evaluated_at < ?) AS avg_satisfaction,"
                + " count(*) FILTER (WHERE overdue AND " + CaseRerouter.OPEN + ") AS overdue_open,"
                + " count(*) FILTER (WHERE sankua AND created_at >= ? AND created_at < ?) AS sankua"
                + " FROM case_record WHERE parent_id IS NULL AND merged_into IS NULL AND " + scope
                + " GROUP BY 1 ORDER BY 1 NULLS LAST";
        List<Row> rows = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            int i = 1;
            for (int k = 0; k < 11; k++) {
                ps.setTimestamp(i++, Timestamp.from(from));
                ps.setTimestamp(i++, Timestamp.from(to));
            }
            if (caller.role() == Role.DEPARTMENT) {
                ps.setString(i++, caller.departmentCode() == null ? "" : caller.departmentCode());
            }
            ps.setString(i, caller.scope().replace("%", "\\%").replace("_", "\\_") + "%");
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long received = rs.getLong("received");
                    long closed = rs.getLong("closed");
                    long due = rs.getLong("due");
                    long deferred = rs.getLong("deferred");
                    long onTime = rs.getLong("on_time");
                    long handled = rs.getLong("handled");
                    long reworked = rs.getLong("reworked");
                    long rated = rs.getLong("rated");
                    double avg = rs.getDouble("avg_satisfaction");
                    boolean noAvg = rs.wasNull();
                    rows.add(new Row(rs.getString("k"), received, closed, rate(closed, received), due, deferred, onTime,
                            rate(onTime, due - deferred), handled, reworked, rate(reworked, handled), rated,
                            rate(rs.getLong("satisfied"), rated), noAvg ? null : Math.round(avg * 100) / 100.0,
                            rs.getLong("overdue_open"), rs.getLong("sankua")));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("computing indicators failed", e);
        }
        return rows;
    }

    static @Nullable Double rate(long part, long whole) {
        return whole <= 0 ? null : Math.round(10_000.0 * part / whole) / 10_000.0;
    }
}
