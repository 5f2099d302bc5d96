package cn.yiwang.layers.tiles;

/** One tile of one layer: the cache key. Immutable. */
public record TileKey(String layerId, int z, int x, int y) {

    @Override
    public String toString() {
        return layerId + "/" + z + "/" + x + "/" + y;
    }
}
