package cn.yiwang.layers.ogc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import javax.sql.DataSource;

import cn.yiwang.layers.LayerScope;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;

/**
 * SQL of OGC API – Features over the collections of {@link OgcCollections}. Each collection's
 * statements are assembled once, at construction, from the named templates below and the
 * collection's constant identifiers (quoted); requests only bind values. Features are rendered to
 * GeoJSON text inside PostGIS ({@code ST_AsGeoJSON}, 7 decimals ≈ 1 cm). The bbox filter stays in
 * EPSG:4326 ({@code &&} against an envelope) so the GiST index is used, then keeps only geometries
 * that really intersect it. Collection extents are computed with {@code ST_Extent} on first use and
 * cached until {@link OgcExtentInvalidator} hears that the collection changed; an empty extent
 * (empty table) is not cached, so rows loaded after start-up are picked up. A scoped collection
 * adds the caller's {@link LayerScope} condition to every statement and caches extents per scope
 * key. Thread-safe.
 */
@Singleton
public class OgcFeatureRepository {

    /** Every geometry column served is EPSG:4326 (lon/lat, as CRS84). */
    static final int WGS84_SRID = 4326;

    /** A request's filters and page; {@code null} filters do not filter ({@code scope}: public collections). */
    public record Query(@Nullable double[] bbox, @Nullable DatetimeInterval datetime, int limit, int offset,
                        @Nullable LayerScope scope) {

        public Query(@Nullable double[] bbox, @Nullable DatetimeInterval datetime, int limit, int offset) {
            this(bbox, datetime, limit, offset, null);
        }
    }

    /** A page of features as the text of a GeoJSON array, how many it holds and how many matched. */
    public record FeaturePage(String featuresJson, int returned, long matched) {
    }

    /**
     * The extent of a collection: bbox {@code [minLon, minLat, maxLon, maxLat]} ({@code null} when
     * the collection is empty) and the first and last time ({@code null} without time or rows).
     * {@code ST_Extent} works on the stored single-precision boxes, so the bbox may be larger than
     * the geometries by a few metres; it never cuts them.
     */
    public record Extent(@Nullable double[] bbox, @Nullable Instant firstTime, @Nullable Instant lastTime) {
    }

    /**
     * A feature as JSON text. The geometry is concatenated as the text {@code ST_AsGeoJSON} made
     * rather than cast to {@code json} and printed again: for a page of 1,000 micro grids that
     * parse is a fifth of the query time.
     */
    private static final String FEATURE_JSON =
            "'{\"type\":\"Feature\",\"id\":' || to_json(%s::text)::text || ',\"geometry\":' || %s"
            + " || ',\"properties\":' || json_build_object(%s)::text || '}'";
    private static final String GEOMETRY_JSON = "coalesce(ST_AsGeoJSON(%s, 7), 'null')";
    private static final String NO_GEOMETRY = "'null'";
    private static final String UTC_RFC3339 = "to_char(%s AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"')";
    private static final String ROUNDED = "round(%s::numeric, %d)";

    /**
     * The number matched, and the page concatenated by PostgreSQL, in one round trip: JDBC moves one
     * value instead of one row per feature. The filter's values are bound twice, count then page.
     */
    private static final String PAGE =
            "SELECT (SELECT count(*) FROM %2$s WHERE %3$s), count(*), coalesce(string_agg(%1$s, ',' ORDER BY %4$s), '') "
            + "FROM (SELECT * FROM %2$s WHERE %3$s ORDER BY %4$s LIMIT ? OFFSET ?) AS page";
    private static final String ONE = "SELECT %s FROM %s WHERE %s AND %s::text = ? ORDER BY %s LIMIT 1";
    private static final String EXTENT =
            "SELECT ST_XMin(e), ST_YMin(e), ST_XMax(e), ST_YMax(e), t0, t1 "
            + "FROM (SELECT ST_Extent(%s) AS e, min(%s) AS t0, max(%s) AS t1 FROM %s WHERE %s) AS x";
    private static final String SELECTOR = "%s = ?";
    private static final String ALL_ROWS = "TRUE";
    private static final String BBOX =
            "%1$s && ST_MakeEnvelope(?, ?, ?, ?, %2$d) AND ST_Intersects(%1$s, ST_MakeEnvelope(?, ?, ?, ?, %2$d))";
    private static final String TIME_FROM = "%s >= ?";
    private static final String TIME_TO = "%s <= ?";
    private static final String NO_TIME = "NULL::timestamptz";

    /** The statements and fragments of one collection, identifiers already quoted. */
    private record Statements(String featureWithGeometry, String featureWithoutGeometry, String source,
                              String baseWhere, String order, String idColumn, String bbox,
                              @Nullable String timeFrom, @Nullable String timeTo, String extent) {
    }

    private final DataSource dataSource;
    private final Map<String, Statements> statements = new LinkedHashMap<>();
    /** Collection id, or id + {@value #SCOPE_SEPARATOR} + scope key → extent. */
    private final Map<String, Extent> extents = new ConcurrentHashMap<>();
    private static final String SCOPE_SEPARATOR = "@";

    public OgcFeatureRepository(DataSource dataSource) {
        this.dataSource = dataSource;
        for (OgcCollection c : OgcCollections.ALL) {
            statements.put(c.id(), compile(c));
        }
    }

    /** One page of features in the collection's order, and the number of all matches. */
    public FeaturePage page(OgcCollection collection, Query query, boolean withGeometry) {
        Statements s = statements(collection);
        List<Object> args = new ArrayList<>();
        String where = where(collection, s, query, args);
        List<Object> all = new ArrayList<>(args);
        all.addAll(args);
        all.add(query.limit());
        all.add(query.offset());
        String feature = withGeometry ? s.featureWithGeometry() : s.featureWithoutGeometry();
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement(String.format(PAGE, feature, s.source(), where, s.order()))) {
            bind(ps, all);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new FeaturePage("[" + rs.getString(3) + "]", rs.getInt(2), rs.getLong(1));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("listing " + collection.id() + " failed", e);
        }
    }

    /** The feature with this id as GeoJSON text; the first in the collection's order if several share it. */
    public Optional<String> feature(OgcCollection collection, String id, boolean withGeometry) {
        return feature(collection, id, withGeometry, null);
    }

    /** The same, among the rows {@code scope} sees ({@code null}: all). */
    public Optional<String> feature(OgcCollection collection, String id, boolean withGeometry, @Nullable LayerScope scope) {
        Statements s = statements(collection);
        List<Object> args = new ArrayList<>();
        String where = where(collection, s, new Query(null, null, 1, 0, scope), args);
        args.add(id);
        String feature = withGeometry ? s.featureWithGeometry() : s.featureWithoutGeometry();
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement(String.format(ONE, feature, s.source(), where, s.idColumn(), s.order()))) {
            bind(ps, args);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("reading " + collection.id() + " feature failed", e);
        }
    }

    /** The collection's extent, cached after the first non-empty answer. */
    public Extent extent(OgcCollection collection) {
        return extent(collection, null);
    }

    /** The extent of the rows {@code scope} sees ({@code null}: all), cached per scope key. */
    public Extent extent(OgcCollection collection, @Nullable LayerScope scope) {
        String key = scope == null ? collection.id() : collection.id() + SCOPE_SEPARATOR + scope.key();
        Extent cached = extents.get(key);
        if (cached != null) {
            return cached;
        }
        Extent computed = computeExtent(collection, scope);
        if (computed.bbox() != null) {
            extents.put(key, computed);
        }
        return computed;
    }

    /** Forgets the cached extents of one collection (after its geometries changed); unknown ids are ignored. */
    public void invalidateExtent(String collectionId) {
        extents.remove(collectionId);
        extents.keySet().removeIf(k -> k.startsWith(collectionId + SCOPE_SEPARATOR));
    }

    private Extent computeExtent(OgcCollection collection, @Nullable LayerScope scope) {
        Statements s = statements(collection);
        List<Object> args = new ArrayList<>();
        if (collection.selectorValue() != null) {
            args.add(collection.selectorValue());
        }
        String sql = s.extent().formatted(scope == null ? "" : " AND (" + scope.sqlCondition() + ")");
        if (scope != null) {
            args.addAll(scope.sqlArgs());
        }
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, args);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                double[] bbox = null;
                if (rs.getObject(1) != null) {
                    bbox = new double[] {rs.getDouble(1), rs.getDouble(2), rs.getDouble(3), rs.getDouble(4)};
                }
                return new Extent(bbox, instant(rs.getObject(5, OffsetDateTime.class)), instant(rs.getObject(6, OffsetDateTime.class)));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("computing the extent of " + collection.id() + " failed", e);
        }
    }

    private Statements statements(OgcCollection collection) {
        Statements s = statements.get(collection.id());
        if (s == null) {
            throw new IllegalArgumentException("not a registered collection: " + collection.id());
        }
        return s;
    }

    private static Statements compile(OgcCollection c) {
        String properties = c.properties().stream()
                .map(p -> literal(p.name()) + ", " + expression(p))
                .collect(Collectors.joining(", "));
        String id = quote(c.idColumn());
        String geometry = quote(c.geometryColumn());
        String source = quote(c.table());
        String baseWhere = c.selectorColumn() == null ? ALL_ROWS : String.format(SELECTOR, quote(c.selectorColumn()));
        String order = c.orderColumns().stream().map(OgcFeatureRepository::quote).collect(Collectors.joining(", "));
        String time = c.timeColumn() == null ? null : quote(c.timeColumn());
        return new Statements(
                String.format(FEATURE_JSON, id, String.format(GEOMETRY_JSON, geometry), properties),
                String.format(FEATURE_JSON, id, NO_GEOMETRY, properties),
                source, baseWhere, order, id,
                String.format(BBOX, geometry, WGS84_SRID),
                time == null ? null : String.format(TIME_FROM, time),
                time == null ? null : String.format(TIME_TO, time),
                // The extent keeps a %s after its condition for a scope's.
                String.format(EXTENT, geometry, time == null ? NO_TIME : time, time == null ? NO_TIME : time, source, baseWhere + "%s"));
    }

    private static String expression(OgcProperty p) {
        String column = quote(p.column());
        return switch (p.type()) {
            case NUMBER -> p.decimals() >= 0 ? String.format(ROUNDED, column, p.decimals()) : column;
            case DATETIME -> String.format(UTC_RFC3339, column);
            default -> column;
        };
    }

    private static String where(OgcCollection c, Statements s, Query q, List<Object> args) {
        List<String> clauses = new ArrayList<>();
        clauses.add(s.baseWhere());
        if (c.selectorValue() != null) {
            args.add(c.selectorValue());
        }
        if (q.bbox() != null) {
            clauses.add(s.bbox());
            for (int i = 0; i < 2; i++) {
                for (double v : q.bbox()) {
                    args.add(v);
                }
            }
        }
        if (q.scope() != null) {
            clauses.add("(" + q.scope().sqlCondition() + ")");
            args.addAll(q.scope().sqlArgs());
        }
        DatetimeInterval t = q.datetime();
        if (t != null && c.hasTime()) {
            if (t.start() != null) {
                clauses.add(s.timeFrom());
                args.add(OffsetDateTime.ofInstant(t.start(), ZoneOffset.UTC));
            }
            if (t.end() != null) {
                clauses.add(s.timeTo());
                args.add(OffsetDateTime.ofInstant(t.end(), ZoneOffset.UTC));
            }
        }
        return String.join(" AND ", clauses);
    }

    /** A PostgreSQL string literal. */
    static String literal(String text) {
        return "'" + text.replace("'", "''") + "'";
    }

    /** A PostgreSQL quoted identifier. */
    static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }

    private static Instant instant(@Nullable OffsetDateTime t) {
        return t == null ? null : t.toInstant();
    }

    private static void bind(PreparedStatement ps, List<Object> args) throws SQLException {
        for (int i = 0; i < args.size(); i++) {
            ps.setObject(i + 1, args.get(i));
        }
    }
}
