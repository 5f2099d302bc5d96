package cn.yiwang.layers.cases;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.locationtech.jts.geom.Envelope;

import cn.yiwang.layers.LayerDefinition;
import cn.yiwang.layers.LayerRegistry;
import cn.yiwang.layers.LayerScope;
import cn.yiwang.layers.tiles.MvtTileBuilder;
import cn.yiwang.layers.tiles.TileRepository;
import cn.yiwang.layers.tiles.TileSource;
import jakarta.inject.Singleton;

/**
 * Tiles of the {@code cases} layer. From zoom {@value #POINT_MIN_ZOOM}, a tile whose visible cases
 * number at most {@value #MAX_POINTS_PER_TILE} holds one point per case with its attributes
 * ({@code id}, {@code code}, {@code status}, {@code statusGroup}, {@code category},
 * {@code topCategory}, {@code urgency}, {@code overdue}, {@code floor}), encoded by PostGIS from the
 * view {@code case_layer} filtered by the caller's scope. Every other tile holds clusters: the tile
 * is cut into 16 × 16 cells and each cell with visible cases becomes one point at their mean
 * position with {@code count}, the counts per status group ({@code pending}, {@code working},
 * {@code handled}, {@code closed}, {@code void}; they sum to {@code count}), {@code overdueCount},
 * {@code urgentCount} and the dominant {@code statusGroup} — counted in memory by
 * {@link CaseCellIndex}. So a tile has at most 256 clusters or 2,000 points (~120 KB) whatever the
 * number of cases. Thread-safe.
 */
@Singleton
public class CaseTileSource implements TileSource {

    /** The first zoom at which tiles may hold single cases. */
    public static final int POINT_MIN_ZOOM = 14;
    /** Above this many visible cases a tile holds clusters, at any zoom. */
    public static final int MAX_POINTS_PER_TILE = 2000;
    /** Cluster cells per tile side: {@code 2^CELL_BITS}. */
    public static final int CELL_BITS = 4;

    private final CaseCellIndexService cells;
    private final TileRepository repository;

    public CaseTileSource(CaseCellIndexService cells, TileRepository repository) {
        this.cells = cells;
        this.repository = repository;
    }

    @Override
    public String layerId() {
        return LayerRegistry.CASES;
    }

    @Override
    public byte[] mvt(LayerDefinition layer, LayerScope scope, int z, int x, int y) {
        CaseScopeRule rule = CaseScopeRule.parse(scope.key());
        CaseCellIndex index = cells.index();
        if (z >= POINT_MIN_ZOOM && index.count(z, x, y, rule, MAX_POINTS_PER_TILE) <= MAX_POINTS_PER_TILE) {
            return repository.mvt(layer, scope, z, x, y, 0);
        }
        return clusterTile(layer.id(), index.clusters(z, x, y, CELL_BITS, TileRepository.EXTENT, rule));
    }

    @Override
    public Optional<Envelope> extent(LayerDefinition layer, LayerScope scope) {
        return Optional.ofNullable(cells.index().extent(CaseScopeRule.parse(scope.key())));
    }

    static byte[] clusterTile(String layerName, List<CaseCellIndex.Cluster> clusters) {
        MvtTileBuilder tile = new MvtTileBuilder(layerName, TileRepository.EXTENT);
        CaseStatusGroup[] groups = CaseStatusGroup.values();
        for (CaseCellIndex.Cluster c : clusters) {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("count", c.count());
            for (CaseStatusGroup g : groups) {
                p.put(g.key(), c.byGroup()[g.ordinal()]);
            }
            p.put("overdueCount", c.overdue());
            p.put("urgentCount", c.urgent());
            p.put("statusGroup", c.dominantGroup().key());
            tile.addPoint(null, c.x(), c.y(), p);
        }
        return tile.build();
    }
}
