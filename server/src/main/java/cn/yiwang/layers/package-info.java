/**
 * Map layers: the {@link cn.yiwang.layers.LayerRegistry} (one entry per layer: source SQL, zooms,
 * attributes, style), the catalog {@code GET /api/layers}, and {@link cn.yiwang.layers.LayerChangedEvent},
 * which whoever changes features publishes after committing so that caches drop what went stale.
 * Vector tiles live in {@code tiles}, OGC API – Features in {@code ogc}.
 */
package cn.yiwang.layers;
