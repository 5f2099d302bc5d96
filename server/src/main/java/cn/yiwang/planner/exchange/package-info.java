/**
 * Grid boundaries in and out of files, with no framework and no SQL: readers for GeoJSON, GeoPackage
 * (mil.nga's library) and zipped Shapefiles (our own .shp/.shx/.dbf/.prj reader, {@link ShapefileReader}),
 * the source CRS found from the file ({@link SourceCrsDetector}: EPSG:4490/4326/3857 and the CGCS2000
 * Gauss-Krüger 3° zones) and transformed to lon/lat with proj4j ({@link CrsTransformer}), the attribute
 * mapping, and the GeoPackage writer of an export. Every refusal is an {@link ImportRefusedException}
 * naming where in the file it is, thrown before anything is stored.
 */
package cn.yiwang.planner.exchange;
