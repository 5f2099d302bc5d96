package cn.yiwang.analytics;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.io.ParseException;
import org.locationtech.jts.io.WKBReader;
import org.locationtech.jts.io.WKBWriter;

import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;

/**
 * The SQL of the analytics API, over {@code case_record c} filtered by a {@link CaseSelectionSql}.
 * Reads only non-personal columns: never reporter name or phone, title, description, address or
 * photos. Every method is one read-only round trip (two for the page); thread-safe.
 */
@Singleton
public class CaseAnalyticsRepository {

    /**
     * Additive figures of one group ({@code key} null for the total); rates are derived in {@link CaseAnalyticsService}.
     * {@code returned} and {@code reopened} count cases returned (回退) or re-opened at least once.
     */
    public record Figures(@Nullable String key, long count, long closed, long due, long deferred, long onTime,
                          double closeSeconds, long rated, long satisfied, long returned, long reopened) {

        /** No cases. */
        public static Figures none(@Nullable String key) {
            return new Figures(key, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
        }

        public Figures plus(Figures o) {
            return new Figures(key, count + o.count, closed + o.closed, due + o.due, deferred + o.deferred, onTime + o.onTime,
                    closeSeconds + o.closeSeconds, rated + o.rated, satisfied + o.satisfied, returned + o.returned, reopened + o.reopened);
        }

        Figures withKey(@Nullable String newKey) {
            return new Figures(newKey, count, closed, due, deferred, onTime, closeSeconds, rated, satisfied, returned, reopened);
        }
    }

    /** A grid code's level and whether it has a current version. */
    public record GridRef(String code, String level, boolean current) {
    }

    /** A case in the list: only what an analyst may see. */
    public record Item(long id, String code, String category, String status, String channel, String urgency, boolean overdue,
                       boolean sankua, Instant reportedAt, @Nullable Instant closedAt, @Nullable String micro, @Nullable String l3,
                       @Nullable String l2, @Nullable String l1, @Nullable String department, @Nullable Double lon, @Nullable Double lat) {
    }

    /** One cluster of the same sub-category found by DBSCAN. */
    public record Cluster(String category, long[] ids, String[] codes, Instant[] reportedAt, double[] lons, double[] lats,
                          String[] grids, String[] departments) {
    }

    private static final long EXTENT_TTL_MILLIS = 60_000;

    private final DataSource dataSource;
    private volatile Envelope extent;
    private volatile long extentReadAt;

    public CaseAnalyticsRepository(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * A pooled connection in a read-only transaction with JIT compilation off: these queries cost
     * enough for PostgreSQL's JIT to start (above jit_above_cost), which then spends more time
     * compiling (over 100 ms) than the query needs. The pool rolls the transaction back and resets
     * the connection when it is closed.
     */
    private Connection analyticsConnection() throws SQLException {
        Connection c = dataSource.getConnection();
        try {
            c.setAutoCommit(false);
            try (Statement st = c.createStatement()) {
                st.execute("SET LOCAL jit = off");
            }
            return c;
        } catch (SQLException | RuntimeException e) {
            c.close();
            throw e;
        }
    }

    /** The extent of all current grids (lon/lat), read at most once a minute; the whole world when there are none. */
    public Envelope dataExtent() {
        long now = System.currentTimeMillis();
        Envelope e = extent;
        if (e != null && now - extentReadAt < EXTENT_TTL_MILLIS) {
            return e;
        }
        String sql = "SELECT ST_XMin(x), ST_YMin(x), ST_XMax(x), ST_YMax(x) FROM (SELECT ST_Extent(geom) AS x FROM grid"
                + " WHERE valid_to IS NULL AND level = 'district') t";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
            rs.next();
            rs.getDouble(1);
            e = rs.wasNull() ? new Envelope(-180, 180, -90, 90) : new Envelope(rs.getDouble(1), rs.getDouble(3), rs.getDouble(2), rs.getDouble(4));
        } catch (SQLException ex) {
            throw new IllegalStateException("reading the data extent failed", ex);
        }
        extent = e;
        extentReadAt = now;
        return e;
    }

    /** The known codes among {@code codes} (any version) with their level. */
    public Map<String, GridRef> grids(List<String> codes) {
        String sql = "SELECT code, min(level), bool_or(valid_to IS NULL) FROM grid WHERE code = ANY (?) GROUP BY code";
        Map<String, GridRef> out = new HashMap<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setArray(1, c.createArrayOf("text", codes.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), new GridRef(rs.getString(1), rs.getString(2), rs.getBoolean(3)));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("looking up grid codes failed", e);
        }
        return out;
    }

    /**
     * Figures for the whole selection (key null, first) and, when {@code keyExpr} is given, per value
     * of that SQL expression over {@code c}, ordered by key. One scan (GROUPING SETS).
     */
    public List<Figures> figures(CaseSelectionSql sel, @Nullable String keyExpr) {
        String key = keyExpr == null ? "NULL::text" : "(" + keyExpr + ")::text";
        String sql = "SELECT " + key + " AS k, " + (keyExpr == null ? "1" : "GROUPING(" + keyExpr + ")") + " AS total,"
                + " count(*) AS n,"
                + " count(c.closed_at) AS closed,"
                + " count(*) FILTER (WHERE c.deadline_at < now()) AS due,"
                + " count(*) FILTER (WHERE c.deadline_at < now() AND c.deferred_count > 0) AS deferred,"
                + " count(*) FILTER (WHERE c.deadline_at < now() AND c.deferred_count = 0 AND c.handled_at <= c.deadline_at) AS on_time,"
                + " coalesce(sum(extract(epoch FROM c.closed_at - c.created_at)), 0) AS close_s,"
                + " count(c.satisfaction) AS rated,"
                + " count(*) FILTER (WHERE c.satisfaction >= 4) AS satisfied,"
                + " count(*) FILTER (WHERE c.return_count > 0) AS returned,"
                + " count(*) FILTER (WHERE c.reopen_count > 0) AS reopened"
                + " FROM case_record c" + sel.clause()
                + (keyExpr == null ? "" : " GROUP BY GROUPING SETS ((" + keyExpr + "), ()) ORDER BY 2 DESC, 1 NULLS LAST");
        List<Figures> out = new ArrayList<>();
        try (Connection c = analyticsConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            sel.bind(c, ps);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    boolean total = rs.getInt("total") == 1;
                    out.add(new Figures(total ? null : rs.getString("k"), rs.getLong("n"), rs.getLong("closed"), rs.getLong("due"),
                            rs.getLong("deferred"), rs.getLong("on_time"), rs.getDouble("close_s"), rs.getLong("rated"),
                            rs.getLong("satisfied"), rs.getLong("returned"), rs.getLong("reopened")));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("aggregating cases failed", e);
        }
        if (out.isEmpty() || out.get(0).key() != null) {
            // GROUPING SETS yields the total row even when empty; without grouping an empty table still counts 0.
            out.add(0, Figures.none(null));
        }
        return out;
    }

    private static final String ITEM_COLUMNS = "SELECT c.id, c.code, c.category_code, c.status, c.source, c.urgency, c.overdue, c.sankua,"
            + " c.created_at, c.closed_at, c.grid_code, c.l3_code, c.l2_code, c.l1_code, c.department_code, ST_X(c.geom) AS lon,"
            + " ST_Y(c.geom) AS lat FROM case_record c";

    /** One page of the selection, newest first. */
    public List<Item> page(CaseSelectionSql sel, int limit, int offset) {
        String sql = ITEM_COLUMNS + sel.clause() + " ORDER BY c.created_at DESC, c.id DESC LIMIT ? OFFSET ?";
        try (Connection c = analyticsConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            int i = sel.bind(c, ps);
            ps.setInt(i++, limit);
            ps.setInt(i, offset);
            return items(ps);
        } catch (SQLException e) {
            throw new IllegalStateException("listing cases failed", e);
        }
    }

    /** The cases of {@code ids} (a page the in-memory index chose), newest first. */
    public List<Item> items(long[] ids) {
        if (ids.length == 0) {
            return List.of();
        }
        String sql = ITEM_COLUMNS + " WHERE c.id = ANY (?) ORDER BY c.created_at DESC, c.id DESC";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            Long[] boxed = new Long[ids.length];
            for (int i = 0; i < ids.length; i++) {
                boxed[i] = ids[i];
            }
            ps.setArray(1, c.createArrayOf("bigint", boxed));
            return items(ps);
        } catch (SQLException e) {
            throw new IllegalStateException("listing cases failed", e);
        }
    }

    private static List<Item> items(PreparedStatement ps) throws SQLException {
        List<Item> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                Timestamp closed = rs.getTimestamp("closed_at");
                double lon = rs.getDouble("lon");
                boolean noGeom = rs.wasNull();
                out.add(new Item(rs.getLong("id"), rs.getString("code"), rs.getString("category_code"), rs.getString("status"),
                        rs.getString("source"), rs.getString("urgency"), rs.getBoolean("overdue"), rs.getBoolean("sankua"),
                        rs.getTimestamp("created_at").toInstant(), closed == null ? null : closed.toInstant(),
                        rs.getString("grid_code"), rs.getString("l3_code"), rs.getString("l2_code"), rs.getString("l1_code"),
                        rs.getString("department_code"), noGeom ? null : lon, noGeom ? null : rs.getDouble("lat")));
            }
        }
        return out;
    }

    /** The points of the selection as {lon…}, {lat…}. */
    public double[][] points(CaseSelectionSql sel) {
        String sql = "SELECT ST_X(c.geom), ST_Y(c.geom) FROM case_record c" + sel.clause() + " AND c.geom IS NOT NULL";
        double[] lon = new double[1024];
        double[] lat = new double[1024];
        int n = 0;
        try (Connection c = analyticsConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            sel.bind(c, ps);
            ps.setFetchSize(10_000);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if (n == lon.length) {
                        lon = java.util.Arrays.copyOf(lon, n * 2);
                        lat = java.util.Arrays.copyOf(lat, n * 2);
                    }
                    lon[n] = rs.getDouble(1);
                    lat[n] = rs.getDouble(2);
                    n++;
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("reading case points failed", e);
        }
        return new double[][] {java.util.Arrays.copyOf(lon, n), java.util.Arrays.copyOf(lat, n)};
    }

    /**
     * The area to lay hexagons over (lon/lat): the polygon or buffer cut to the scope grid, the
     * grids' (latest) geometry, the district, or the scope grid. Null when none is known.
     */
    public @Nullable Geometry studyArea(CaseSelection.Area area, String scopeCode) {
        String scopeGeom = "(SELECT geom FROM grid WHERE code = ? AND valid_to IS NULL LIMIT 1)";
        String sql;
        List<Object> args = new ArrayList<>();
        if (area instanceof CaseSelection.Polygonal p) {
            sql = "SELECT ST_AsBinary(ST_Intersection(ST_GeomFromWKB(?, 4326), " + scopeGeom + "))";
            args.add(new WKBWriter().write(p.geometry()));
            args.add(scopeCode);
        } else if (area instanceof CaseSelection.Buffer b) {
            sql = "SELECT ST_AsBinary(ST_Intersection(ST_Buffer(ST_GeomFromWKB(?, 4326)::geography, ?)::geometry, " + scopeGeom + "))";
            args.add(new WKBWriter().write(b.geometry()));
            args.add(b.meters());
            args.add(scopeCode);
        } else if (area instanceof CaseSelection.Grids g) {
            // A union, not a collection: neighbouring grids share edges, and a collection of them is an invalid
            // MultiPolygon on which the hexagons' share inside cannot be computed.
            sql = "SELECT ST_AsBinary(ST_Union(geom)) FROM (SELECT DISTINCT ON (code) geom FROM grid WHERE code = ANY (?)"
                    + " ORDER BY code, (valid_to IS NULL) DESC, version DESC) x";
            args.add(g.codes().toArray(String[]::new));
        } else {
            String code = area instanceof CaseSelection.District d ? d.code() : scopeCode;
            sql = "SELECT ST_AsBinary(geom) FROM grid WHERE code = ? ORDER BY (valid_to IS NULL) DESC, version DESC LIMIT 1";
            args.add(code);
        }
        try (Connection c = analyticsConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            CaseSelectionSql.bind(c, ps, args, 1);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next() || rs.getBytes(1) == null) {
                    return null;
                }
                return new WKBReader().read(rs.getBytes(1));
            }
        } catch (SQLException | ParseException e) {
            throw new IllegalStateException("reading the study area failed", e);
        }
    }

    /** The latitude of a grid's centre (its latest version), or null when unknown. */
    public @Nullable Double latitudeOf(String code) {
        String sql = "SELECT ST_Y(ST_Centroid(ST_Envelope(geom))) FROM grid WHERE code = ? ORDER BY (valid_to IS NULL) DESC, version DESC LIMIT 1";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, code);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getDouble(1) : null;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("reading a grid's latitude failed", e);
        }
    }

    /**
     * Clusters of the same sub-category: DBSCAN ({@code ST_ClusterDBSCAN}) per category on Web
     * Mercator coordinates scaled by cos(latitude0), i.e. metres on the ground near latitude0 (the
     * scale error is under 0.5 % across a 50 km city), so {@code radiusMeters} is a ground distance.
     * A case belongs to a cluster when it is a core case (at least {@code minCases} cases, itself
     * included, within the radius) or within the radius of one. Largest first, then most recent.
     */
    public List<Cluster> clusters(CaseSelectionSql sel, double latitude0, double radiusMeters, int minCases, int maxClusters) {
        double scale = Math.cos(Math.toRadians(latitude0));
        String sql = "WITH s AS (SELECT c.id, c.code, c.category_code, c.grid_code, c.department_code, c.created_at, c.geom,"
                + " ST_ClusterDBSCAN(ST_Scale(ST_Transform(c.geom, 3857), ?, ?), eps => ?, minpoints => ?)"
                + " OVER (PARTITION BY c.category_code) AS cid"
                + " FROM case_record c" + sel.clause() + " AND c.geom IS NOT NULL)"
                + " SELECT category_code, array_agg(id ORDER BY created_at, id), array_agg(code ORDER BY created_at, id),"
                + " array_agg(created_at ORDER BY created_at, id), array_agg(ST_X(geom) ORDER BY created_at, id),"
                + " array_agg(ST_Y(geom) ORDER BY created_at, id),"
                + " array_remove(array_agg(DISTINCT grid_code), NULL), array_remove(array_agg(DISTINCT department_code), NULL)"
                + " FROM s WHERE cid IS NOT NULL GROUP BY category_code, cid"
                + " ORDER BY count(*) DESC, max(created_at) DESC, category_code LIMIT ?";
        List<Cluster> out = new ArrayList<>();
        try (Connection c = analyticsConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setDouble(1, scale);
            ps.setDouble(2, scale);
            ps.setDouble(3, radiusMeters);
            ps.setInt(4, minCases);
            int i = CaseSelectionSql.bind(c, ps, sel.args, 5);
            ps.setInt(i, maxClusters);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Long[] ids = (Long[]) rs.getArray(2).getArray();
                    Timestamp[] ts = (Timestamp[]) rs.getArray(4).getArray();
                    Double[] lons = (Double[]) rs.getArray(5).getArray();
                    Double[] lats = (Double[]) rs.getArray(6).getArray();
                    long[] idv = new long[ids.length];
                    Instant[] at = new Instant[ts.length];
                    double[] lo = new double[lons.length];
                    double[] la = new double[lats.length];
                    for (int k = 0; k < ids.length; k++) {
                        idv[k] = ids[k];
                        at[k] = ts[k].toInstant();
                        lo[k] = lons[k];
                        la[k] = lats[k];
                    }
                    out.add(new Cluster(rs.getString(1), idv, strings(rs.getArray(3)), at, lo, la, strings(rs.getArray(7)),
                            strings(rs.getArray(8))));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("finding recurring problems failed", e);
        }
        return out;
    }

    /**
     * Per sub-category, the number of cases reported in each of the {@code weeks} weeks before
     * {@code asOf}: index 0 is [asOf − 7 d, asOf), index 1 the week before, and so on.
     */
    public Map<String, int[]> weekly(CaseSelectionSql sel, Instant asOf, int weeks) {
        String sql = "SELECT c.category_code, floor(extract(epoch FROM (?::timestamptz - c.created_at)) / 604800)::int AS w, count(*)"
                + " FROM case_record c" + sel.clause() + " AND c.created_at >= ?::timestamptz - make_interval(weeks => ?)"
                + " AND c.created_at < ?::timestamptz GROUP BY 1, 2";
        Map<String, int[]> out = new LinkedHashMap<>();
        try (Connection c = analyticsConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            Timestamp t = Timestamp.from(asOf);
            ps.setTimestamp(1, t);
            int i = CaseSelectionSql.bind(c, ps, sel.args, 2);
            ps.setTimestamp(i++, t);
            ps.setInt(i++, weeks);
            ps.setTimestamp(i, t);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    int w = rs.getInt(2);
                    if (w >= 0 && w < weeks) {
                        out.computeIfAbsent(rs.getString(1), k -> new int[weeks])[w] = rs.getInt(3);
                    }
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("counting weekly cases failed", e);
        }
        return out;
    }

    private static String[] strings(Array a) throws SQLException {
        Object[] raw = (Object[]) a.getArray();
        String[] out = new String[raw.length];
        for (int i = 0; i < raw.length; i++) {
            out[i] = String.valueOf(raw[i]);
        }
        return out;
    }
}
