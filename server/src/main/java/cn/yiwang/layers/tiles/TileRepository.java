package cn.yiwang.layers.tiles;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import javax.sql.DataSource;

import org.locationtech.jts.geom.Envelope;

import cn.yiwang.layers.LayerDefinition;
import cn.yiwang.layers.LayerScope;
import jakarta.inject.Singleton;

/**
 * Encodes tiles in PostGIS, in the style of Martin and pg_tileserv: the layer's source is filtered
 * in its own SRID (4326) by the bounding box of the tile grown by the buffer
 * ({@code geom && ST_Transform(ST_TileEnvelope(z, x, y, margin => …), 4326)}, which the GiST index
 * answers), projected to Web Mercator, optionally simplified, clipped and snapped to the tile grid
 * by {@code ST_AsMVTGeom}, and aggregated by {@code ST_AsMVT} into one layer named after the layer
 * id. Rows whose geometry vanishes in the tile (outside the buffer, collapsed below a tile unit)
 * are skipped by {@code ST_AsMVT} itself.
 *
 * <p>The grown tile is clipped to the Web Mercator square before it is unprojected:
 * {@code ST_TileEnvelope} does not clamp the margin in x, and a margin past ±180° wraps to the
 * other side of the world, turning the filter box inside out — tiles of the first and last column,
 * which at zooms 0–2 is every tile, would lose their features.
 *
 * <p>A scoped (non-public) layer adds the caller's {@link LayerScope} condition to the filter; it
 * names columns of the layer's source and binds its values after the tile's.
 *
 * <p>Thread-safe (one pooled connection per call).
 */
@Singleton
public class TileRepository {

    /** Tile side in MVT units. */
    public static final int EXTENT = 4096;
    /** Geometry kept beyond each tile edge, in MVT units, so strokes join across tiles. */
    public static final int BUFFER = 64;
    /** {@link #BUFFER} as a fraction of a tile side: the margin of the filter and of cache invalidation. */
    public static final double BUFFER_FRACTION = (double) BUFFER / EXTENT;
    static final int SRID_LON_LAT = 4326;
    static final int SRID_WEB_MERCATOR = 3857;

    /**
     * %1$s attributes, %2$s geometry expression, %3$s source SELECT, %8$s order column, %9$s
     * scope condition. Binds: layer name, [tolerance], z, x, y, z, x, y, [scope values].
     * {@code ST_AsMVT} aggregates in the order its input arrives.
     */
    private static final String TILE_SQL = """
            SELECT ST_AsMVT(t.*, ?, %4$d, 'geom') FROM (
              SELECT ST_AsMVTGeom(%2$s, ST_TileEnvelope(?, ?, ?), %4$d, %5$d, true) AS geom%1$s
              FROM (%3$s) AS s
              WHERE s.geom && ST_Transform(ST_ClipByBox2D(ST_TileEnvelope(?, ?, ?, margin => %6$s), ST_TileEnvelope(0, 0, 0)), %7$d)%9$s
              ORDER BY s."%8$s"
            ) AS t""";
    private static final String PROJECTED = "ST_Transform(s.geom, " + SRID_WEB_MERCATOR + ")";
    private static final String PROJECTED_SIMPLIFIED = "ST_SimplifyPreserveTopology(" + PROJECTED + ", ?)";

    /** %s source SELECT, %s scope condition. */
    private static final String EXTENT_SQL = """
            SELECT ST_XMin(e), ST_YMin(e), ST_XMax(e), ST_YMax(e)
            FROM (SELECT ST_Extent(s.geom) AS e FROM (%s) AS s WHERE TRUE%s) AS x""";

    private final DataSource dataSource;
    /** Layer id → {plain, simplified} tile SQL, formatted once per layer. */
    private final Map<String, String[]> sqlByLayer = new ConcurrentHashMap<>();

    public TileRepository(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * The encoded tile {@code z/x/y} of a layer, simplified by {@code toleranceTileUnits} (0: only
     * {@code ST_AsMVTGeom}'s snapping); an empty array when no feature reaches the tile.
     */
    public byte[] mvt(LayerDefinition layer, int z, int x, int y, double toleranceTileUnits) {
        return mvt(layer, null, z, x, y, toleranceTileUnits);
    }

    /** The same, restricted to what {@code scope} sees ({@code null}: everything, for public layers). */
    public byte[] mvt(LayerDefinition layer, LayerScope scope, int z, int x, int y, double toleranceTileUnits) {
        boolean simplify = toleranceTileUnits > 0;
        String sql = scope == null
                ? sqlByLayer.computeIfAbsent(layer.id(), id -> new String[] {tileSql(layer), tileSqlSimplified(layer)})[simplify ? 1 : 0]
                : tileSql(layer, simplify ? PROJECTED_SIMPLIFIED : PROJECTED, scope.sqlCondition());
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement(sql)) {
            int i = 1;
            ps.setString(i++, layer.id());
            if (simplify) {
                ps.setDouble(i++, toleranceTileUnits * TileMath.metersPerTileUnit(z, EXTENT));
            }
            for (int k = 0; k < 2; k++) {
                ps.setInt(i++, z);
                ps.setInt(i++, x);
                ps.setInt(i++, y);
            }
            if (scope != null) {
                for (Object v : scope.sqlArgs()) {
                    ps.setObject(i++, v);
                }
            }
            try (ResultSet rs = ps.executeQuery()) {
                byte[] bytes = rs.next() ? rs.getBytes(1) : null;
                return bytes == null ? new byte[0] : bytes;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("encoding tile " + layer.id() + "/" + z + "/" + x + "/" + y + " failed", e);
        }
    }

    /** The lon/lat bounding box of the layer's features, empty when it has none. */
    public Optional<Envelope> extent(LayerDefinition layer) {
        return extent(layer, null);
    }

    /** The lon/lat bounding box of the features {@code scope} sees ({@code null}: all), empty when none. */
    public Optional<Envelope> extent(LayerDefinition layer, LayerScope scope) {
        String sql = EXTENT_SQL.formatted(layer.sourceSql(), scope == null ? "" : " AND (" + scope.sqlCondition() + ")");
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement(sql)) {
            if (scope != null) {
                for (int i = 0; i < scope.sqlArgs().size(); i++) {
                    ps.setObject(i + 1, scope.sqlArgs().get(i));
                }
            }
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next() || rs.getObject(1) == null) {
                    return Optional.empty();
                }
                return Optional.of(new Envelope(rs.getDouble(1), rs.getDouble(3), rs.getDouble(2), rs.getDouble(4)));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("computing the extent of " + layer.id() + " failed", e);
        }
    }

    /** The unsimplified tile SQL of a layer (also timed on its own by server/bench/TileBench.java). */
    public static String tileSql(LayerDefinition layer) {
        return tileSql(layer, PROJECTED, null);
    }

    static String tileSqlSimplified(LayerDefinition layer) {
        return tileSql(layer, PROJECTED_SIMPLIFIED, null);
    }

    private static String tileSql(LayerDefinition layer, String geometry, String scopeCondition) {
        // Attribute names are checked identifiers (LayerDefinition); quoting keeps their case.
        String attributes = layer.attributes().stream()
                .map(a -> ", s.\"" + a.name() + "\"")
                .collect(Collectors.joining());
        return TILE_SQL.formatted(attributes, geometry, layer.sourceSql(), EXTENT, BUFFER,
                String.format(Locale.ROOT, "%s", BUFFER_FRACTION), SRID_LON_LAT, layer.featureOrder(),
                scopeCondition == null ? "" : " AND (" + scopeCondition + ")");
    }
}
