package cn.yiwang.analytics;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.io.WKBWriter;

import cn.yiwang.cases.CaseQuery;
import cn.yiwang.security.Caller;

/**
 * The WHERE clause of an analytics query over {@code case_record c}: the caller's scope (the
 * predicate of the case list, {@link CaseQuery#scope}), the area, time range and filters, with
 * bound values only. Task cases of a 会商 parent and merged duplicates are left out, as the
 * official indicators do, so that the figures agree with {@code GET /api/cases/indicators}.
 *
 * <p>Areas: a polygon by {@code ST_Intersects} on the case point (a point on the outline is in);
 * a buffer by geodesic {@code ST_DWithin} on geography after a bounding-box test that lets the GiST
 * index work; grids and districts by the codes the case was routed to ({@code routed}, so a closed
 * case stays in the grid it was handled by) or by the current grid geometry ({@code current}).
 */
final class CaseSelectionSql {

    /** Grid level → the {@code case_record} column holding the routed code of that level. */
    static final Map<String, String> LEVEL_COLUMNS = Map.of("district", "c.district_code", "l1", "c.l1_code", "l2", "c.l2_code",
            "l3", "c.l3_code", "micro", "c.grid_code", "special", "c.special_code");

    private static final double METERS_PER_DEGREE = 111_320.0;

    final List<String> where = new ArrayList<>();
    final List<Object> args = new ArrayList<>();
    /** What this clause was built from, for the in-memory index ({@link CaseAnalyticIndexService}), which answers the same selection. */
    final CaseSelection selection;
    final Caller caller;
    final Map<String, String> levels;
    final List<String> categoryCodes;

    /**
     * @param levels the level of each grid code of a {@code grids} area (looked up beforehand)
     * @param categoryCodes the sub-category codes the request's categories stand for (top codes expanded)
     */
    CaseSelectionSql(CaseSelection s, Caller caller, Map<String, String> levels, List<String> categoryCodes) {
        this.selection = s;
        this.caller = caller;
        this.levels = Map.copyOf(levels);
        this.categoryCodes = List.copyOf(categoryCodes);
        CaseQuery.scope(caller, where, args);
        where.add("c.parent_id IS NULL AND c.merged_into IS NULL");
        area(s, levels);
        if (s.time() != null) {
            if (s.time().from() != null) {
                where.add(s.time().column() + " >= ?");
                args.add(Timestamp.from(s.time().from()));
            }
            if (s.time().to() != null) {
                where.add(s.time().column() + " < ?");
                args.add(Timestamp.from(s.time().to()));
            }
            if ("closed".equals(s.time().field())) {
                where.add("c.closed_at IS NOT NULL");
            }
        }
        any("c.category_code", categoryCodes, !s.categories().isEmpty());
        any("c.status", s.statuses(), !s.statuses().isEmpty());
        any("c.source", s.channels(), !s.channels().isEmpty());
        any("c.urgency", s.urgencies(), !s.urgencies().isEmpty());
        if (s.overdue() != null) {
            where.add("c.overdue = ?");
            args.add(s.overdue());
        }
        if (s.sankua() != null) {
            where.add("c.sankua = ?");
            args.add(s.sankua());
        }
    }

    String clause() {
        return " WHERE " + String.join(" AND ", where);
    }

    /** Binds {@link #args} from parameter 1; returns the next free index. */
    int bind(Connection c, PreparedStatement ps) throws SQLException {
        return bind(c, ps, args, 1);
    }

    static int bind(Connection c, PreparedStatement ps, List<Object> values, int first) throws SQLException {
        int i = first;
        for (Object a : values) {
            if (a instanceof String[] arr) {
                ps.setArray(i++, c.createArrayOf("text", arr));
            } else {
                ps.setObject(i++, a);
            }
        }
        return i;
    }

    private void any(String column, List<String> values, boolean filtered) {
        if (filtered) {
            where.add(column + " = ANY (?)");
            args.add(values.toArray(String[]::new));
        }
    }

    private void area(CaseSelection s, Map<String, String> levels) {
        CaseSelection.Area area = s.area();
        if (area instanceof CaseSelection.Polygonal p) {
            if (p.geometry().isEmpty()) {
                where.add("false");
            } else {
                where.add("ST_Intersects(c.geom, ST_GeomFromWKB(?, 4326))");
                args.add(new WKBWriter().write(p.geometry()));
            }
        } else if (area instanceof CaseSelection.Buffer b) {
            Envelope box = metricBox(b.geometry().getEnvelopeInternal(), b.meters());
            where.add("c.geom && ST_MakeEnvelope(?, ?, ?, ?, 4326)");
            args.add(box.getMinX());
            args.add(box.getMinY());
            args.add(box.getMaxX());
            args.add(box.getMaxY());
            where.add("ST_DWithin(c.geom::geography, ST_GeomFromWKB(?, 4326)::geography, ?)");
            args.add(new WKBWriter().write(b.geometry()));
            args.add(b.meters());
        } else if (area instanceof CaseSelection.Grids g) {
            grids(g.codes(), levels, s.boundaries());
        } else if (area instanceof CaseSelection.District d) {
            grids(List.of(d.code()), Map.of(d.code(), "district"), s.boundaries());
        }
    }

    private void grids(List<String> codes, Map<String, String> levels, CaseSelection.Boundaries boundaries) {
        if (boundaries == CaseSelection.Boundaries.CURRENT) {
            where.add("EXISTS (SELECT 1 FROM grid g WHERE g.valid_to IS NULL AND g.code = ANY (?) AND ST_Intersects(g.geom, c.geom))");
            args.add(codes.toArray(String[]::new));
            return;
        }
        List<String> ors = new ArrayList<>();
        for (Map.Entry<String, String> e : LEVEL_COLUMNS.entrySet().stream().sorted(Map.Entry.comparingByKey()).toList()) {
            String[] ofLevel = codes.stream().filter(code -> e.getKey().equals(levels.get(code))).toArray(String[]::new);
            if (ofLevel.length > 0) {
                ors.add(e.getValue() + " = ANY (?)");
                args.add(ofLevel);
            }
        }
        where.add(ors.isEmpty() ? "false" : "(" + String.join(" OR ", ors) + ")");
    }

    /** A lon/lat box that holds everything within {@code meters} of {@code e} (1 % and 1 m to spare). */
    static Envelope metricBox(Envelope e, double meters) {
        double pad = meters * 1.01 + 1;
        double dLat = pad / METERS_PER_DEGREE;
        double maxAbsLat = Math.min(89.0, Math.max(Math.abs(e.getMinY()), Math.abs(e.getMaxY())) + dLat);
        double dLon = Math.min(180.0, pad / (METERS_PER_DEGREE * Math.cos(Math.toRadians(maxAbsLat))));
        return new Envelope(e.getMinX() - dLon, e.getMaxX() + dLon, e.getMinY() - dLat, e.getMaxY() + dLat);
    }
}
