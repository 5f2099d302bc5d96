package cn.yiwang.layers.tiles;

import java.util.Optional;

import org.locationtech.jts.geom.Envelope;

import cn.yiwang.layers.LayerDefinition;
import cn.yiwang.layers.LayerScope;

/**
 * Generates the tiles of one scoped layer whose tiles are not simply the {@code ST_AsMVT} of its
 * source (the cases layer aggregates at low zoom). A bean; {@link TileService} caches what it makes
 * under the scope's key and {@link TileInvalidator} drops it on a {@code LayerChangedEvent} as for
 * every layer. Implementations are thread-safe.
 */
public interface TileSource {

    /** The {@link cn.yiwang.layers.LayerRegistry} id of the layer. */
    String layerId();

    /**
     * The encoded tile {@code z/x/y} as seen from {@code scope} (an empty array: nothing in the
     * tile). It must depend on nothing but the scope's key, the coordinates and the data.
     */
    byte[] mvt(LayerDefinition layer, LayerScope scope, int z, int x, int y);

    /** The lon/lat bounding box of what {@code scope} sees, empty when nothing. */
    Optional<Envelope> extent(LayerDefinition layer, LayerScope scope);
}
