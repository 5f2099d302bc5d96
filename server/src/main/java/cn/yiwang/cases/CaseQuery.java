package cn.yiwang.cases;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import javax.sql.DataSource;

import cn.yiwang.security.Caller;
import cn.yiwang.security.Role;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;

/** Lists cases within the caller's scope with filters; newest first. */
@Singleton
public class CaseQuery {

    /** Filters of {@code GET /api/cases}; empty lists and nulls mean "any". */
    public record Filter(List<String> statuses, List<String> categories, @Nullable String gridPrefix, List<String> sources,
                         @Nullable Boolean overdue, @Nullable Boolean sankua, boolean mine, @Nullable double[] bbox,
                         int limit, int offset) {
    }

    public record Result(List<CaseState> items, long total) {
    }

    private final DataSource dataSource;
    private final CaseRepository repository;

    public CaseQuery(DataSource dataSource, CaseRepository repository) {
        this.dataSource = dataSource;
        this.repository = repository;
    }

    public Result list(Filter f, Caller caller) {
        List<String> where = new ArrayList<>();
        List<Object> args = new ArrayList<>();
        scope(caller, where, args);
        if (!f.statuses().isEmpty()) {
            where.add("status = ANY (?)");
            args.add(f.statuses().toArray(String[]::new));
        }
        if (!f.categories().isEmpty()) {
            where.add("category_code = ANY (?)");
            args.add(f.categories().toArray(String[]::new));
        }
        if (!f.sources().isEmpty()) {
            where.add("source = ANY (?)");
            args.add(f.sources().toArray(String[]::new));
        }
        if (f.gridPrefix() != null) {
            where.add("grid_code LIKE ?");
            args.add(like(f.gridPrefix()));
        }
        if (f.overdue() != null) {
            where.add("overdue = ?");
            args.add(f.overdue());
        }
        if (f.sankua() != null) {
            where.add("sankua = ?");
            args.add(f.sankua());
        }
        if (f.mine()) {
            where.add(caller.role() == Role.DEPARTMENT ? "handler_kind = 'department'" : "assignee_id = ?");
            if (caller.role() != Role.DEPARTMENT) {
                args.add(caller.userId());
            }
        }
        if (f.bbox() != null) {
            where.add("geom && ST_MakeEnvelope(?, ?, ?, ?, 4326)");
            for (double d : f.bbox()) {
                args.add(d);
            }
        }
        return run(" WHERE " + String.join(" AND ", where), args, f.limit(), f.offset());
    }

    /**
     * The open cases (not rejected, merged, closed or evaluated) in the caller's scope, by the same
     * rule as {@link #list}, whose point lies in the footprint of building {@code buildingId}
     * ({@code ST_Covers}: a point on the outline is in); newest first, at most {@code limit}.
     * {@code total} counts them all. An unknown building has none.
     */
    public Result openInBuilding(String buildingId, Caller caller, int limit) {
        List<String> where = new ArrayList<>();
        List<Object> args = new ArrayList<>();
        scope(caller, where, args);
        where.add("status = ANY (?)");
        args.add(Arrays.stream(CaseStatus.values()).filter(CaseStatus::isOpen).map(CaseStatus::key).toArray(String[]::new));
        // The building's geometry once, as the one the building API shows for that id.
        where.add("ST_Covers((SELECT b.geom FROM building b WHERE b.id = ? ORDER BY b.district_code LIMIT 1), geom)");
        args.add(buildingId);
        return run(" WHERE " + String.join(" AND ", where), args, limit, 0);
    }

    /**
     * Scope: the same rule as CaseService.visible, in SQL over unqualified {@code case_record}
     * columns; adds one condition to {@code where} and its values to {@code args}. Public so that
     * analytics cuts its answers by exactly this rule.
     */
    public static void scope(Caller caller, List<String> where, List<Object> args) {
        if (caller.role() == Role.DEPARTMENT) {
            where.add("department_code = ? AND (grid_code IS NULL OR grid_code LIKE ?)");
            args.add(caller.departmentCode() == null ? "" : caller.departmentCode());
            args.add(like(caller.scope()));
        } else if (caller.role() == Role.OPS || caller.role() == Role.ADMIN) {
            where.add("(grid_code LIKE ? OR grid_code IS NULL OR created_by = ?)");
            args.add(like(caller.scope()));
            args.add(caller.username());
        } else {
            where.add("(grid_code LIKE ? OR created_by = ? OR EXISTS (SELECT 1 FROM unnest(neighbour_codes) n WHERE n LIKE ?))");
            args.add(like(caller.scope()));
            args.add(caller.username());
            args.add(like(caller.scope()));
        }
    }

    private Result run(String cond, List<Object> args, int limit, int offset) {
        try (Connection c = dataSource.getConnection()) {
            long total;
            try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM case_record" + cond)) {
                bind(c, ps, args);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    total = rs.getLong(1);
                }
            }
            List<CaseState> items = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(CaseRepository.SELECT_STATE + cond + " ORDER BY created_at DESC, id DESC LIMIT ? OFFSET ?")) {
                int i = bind(c, ps, args);
                ps.setInt(i++, limit);
                ps.setInt(i, offset);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        items.add(repository.map(rs));
                    }
                }
            }
            return new Result(items, total);
        } catch (SQLException e) {
            throw new IllegalStateException("listing cases failed", e);
        }
    }

    private static String like(String prefix) {
        return prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
    }

    private static int bind(Connection c, PreparedStatement ps, List<Object> args) throws SQLException {
        int i = 1;
        for (Object a : args) {
            if (a instanceof String[] arr) {
                ps.setArray(i++, c.createArrayOf("text", arr));
            } else {
                ps.setObject(i++, a);
            }
        }
        return i;
    }
}
