package cn.yiwang.layers.tiles;

import java.util.Objects;

/**
 * One tile of one layer as seen from one scope: the cache key. {@code scope} is the
 * {@link cn.yiwang.layers.LayerScope#key()} of a non-public layer (callers of one key share tiles,
 * callers of different keys never do) and empty for public layers. Immutable.
 */
public record TileKey(String layerId, String scope, int z, int x, int y) {

    public TileKey {
        Objects.requireNonNull(layerId, "layerId");
        Objects.requireNonNull(scope, "scope");
    }

    /** A tile of a public layer. */
    public TileKey(String layerId, int z, int x, int y) {
        this(layerId, "", z, x, y);
    }

    @Override
    public String toString() {
        return layerId + (scope.isEmpty() ? "" : "@" + scope) + "/" + z + "/" + x + "/" + y;
    }
}
