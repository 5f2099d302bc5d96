package cn.yiwang.layers.tiles;

/**
 * A rectangle of tiles at one zoom, both corners inclusive ({@code minX..maxX × minY..maxY}).
 * Immutable.
 */
public record TileRange(int z, int minX, int minY, int maxX, int maxY) {

    public TileRange {
        if (minX > maxX || minY > maxY) {
            throw new IllegalArgumentException("empty tile range " + minX + ".." + maxX + " × " + minY + ".." + maxY);
        }
    }

    public boolean contains(int z, int x, int y) {
        return z == this.z && x >= minX && x <= maxX && y >= minY && y <= maxY;
    }

    /** How many tiles the range holds. */
    public long count() {
        return (long) (maxX - minX + 1) * (maxY - minY + 1);
    }
}
