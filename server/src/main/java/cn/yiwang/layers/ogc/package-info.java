/**
 * OGC API – Features Part 1 (Core, GeoJSON, HTML, OpenAPI 3.0) at {@code /ogc}, so GDAL, QGIS and
 * other standard clients can read the grids and buildings. The design in three parts:
 * {@link cn.yiwang.layers.ogc.OgcCollections} is the registry (one record per collection: table,
 * id, properties, time column, public or not); {@link cn.yiwang.layers.ogc.OgcFeatureRepository}
 * turns each registry entry into fixed SQL once, renders features to GeoJSON inside PostGIS and only
 * binds request values; {@link cn.yiwang.layers.ogc.OgcController} negotiates JSON or HTML and
 * builds absolute links from the request's own address, which clients follow as given.
 */
package cn.yiwang.layers.ogc;
