package cn.yiwang.report;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;

import javax.sql.DataSource;

import jakarta.inject.Singleton;

/**
 * Patrol figures of a period from the stored worker-days ({@code patrol_day}), never from raw fixes:
 * one aggregate over the days' rows under a grid prefix, by the row's level-3 grid code cut to the
 * report level's code length, or by worker. Household visits (入户数) are the stops of the stored
 * detail whose building is residential. Read-only, one round trip; thread-safe.
 */
@Singleton
public class PatrolReportRepository {

    private static final String AGGREGATE = """
            SELECT %s AS k, count(*) AS days, sum(p.duration_s) AS duration_s, sum(p.distance_m) AS distance_m,
                   sum(p.coverage_share) AS coverage, sum(p.cases_reported) AS cases, sum(v.visits) AS visits,
                   count(*) FILTER (WHERE p.compliant) AS compliant
            FROM patrol_day p
            CROSS JOIN LATERAL (
                SELECT count(*) AS visits FROM jsonb_array_elements(coalesce(p.detail -> 'stops', '[]'::jsonb)) s
                JOIN building b ON b.id = s ->> 'buildingId' AND b.use = 'residential') v
            WHERE p.day >= ? AND p.day < ? AND p.grid_code LIKE ?
            GROUP BY 1""";

    private final DataSource dataSource;

    public PatrolReportRepository(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Figures of the days [{@code from}, {@code to}) whose grid starts with {@code gridPrefix}, by the
     * first {@code codeLength} characters of the grid code, or by username when {@code codeLength} is 0.
     * The roster fields ({@code workers}, {@code missingDays}) are left 0 for the caller to set.
     */
    public Map<String, PatrolFigures> figures(LocalDate from, LocalDate to, String gridPrefix, int codeLength) {
        String key = codeLength == 0 ? "p.username" : "left(p.grid_code, " + codeLength + ")";
        Map<String, PatrolFigures> out = new HashMap<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(String.format(AGGREGATE, key))) {
            ps.setObject(1, from);
            ps.setObject(2, to);
            ps.setString(3, like(gridPrefix));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString("k"), new PatrolFigures(0, rs.getLong("days"), 0, rs.getLong("duration_s"),
                            rs.getDouble("distance_m"), rs.getDouble("coverage"), rs.getLong("cases"), rs.getLong("visits"),
                            rs.getLong("compliant")));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("aggregating patrol days failed", e);
        }
        return out;
    }

    static String like(String prefix) {
        return prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
    }
}
