package cn.yiwang.planner.exchange;

/**
 * What one import may hold: features, vertices of one grid and of the whole file, and for a zip its
 * entries and their total uncompressed bytes (a zip bomb is refused while inflating, before the limit
 * is passed).
 */
public record ImportLimits(int maxFeatures, int maxVerticesPerGrid, int maxVerticesTotal, int maxZipEntries, long maxUncompressedBytes) {
}
