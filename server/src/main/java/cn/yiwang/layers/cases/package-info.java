/**
 * The cases map layer: which cases a caller sees ({@link cn.yiwang.layers.cases.CaseScopeRule},
 * one rule for SQL and memory), the tiles ({@link cn.yiwang.layers.cases.CaseTileSource}: one
 * point per case where a tile holds few, else 16 × 16 counted clusters) and the in-memory Z-order
 * index the clusters are counted from ({@link cn.yiwang.layers.cases.CaseCellIndex}, kept current
 * by {@link cn.yiwang.layers.cases.CaseCellIndexService} from case events). The index exists
 * because counting a z12 tile's ~170,000 cases of a million inside PostgreSQL costs hundreds of
 * milliseconds, and counting them from primitive arrays a few.
 */
package cn.yiwang.layers.cases;
