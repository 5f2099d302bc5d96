/**
 * Mapbox Vector Tiles and TileJSON for the layers of the registry, encoded by PostGIS
 * ({@code ST_TileEnvelope} + {@code ST_AsMVTGeom} + {@code ST_AsMVT}) and kept in a byte-bounded
 * LRU cache.
 *
 * <p>Invalidation design: a tile's content depends only on the features whose bounding box meets
 * the tile grown by its buffer (64 of 4096 units), because that is both the database filter and the
 * clip. So a change confined to some lon/lat envelopes can only alter the tiles, at each zoom,
 * whose grown rectangle touches one of them — {@link cn.yiwang.layers.tiles.TileMath#range} computes
 * exactly those, and {@link cn.yiwang.layers.tiles.TileCache} drops exactly those. A per-layer
 * generation counter keeps a tile generated from the old rows (a query racing the change) out of
 * the cache.
 */
package cn.yiwang.layers.tiles;
