/**
 * Coordinate-system handling for Chinese map data. Clients send points in whatever system their map
 * SDK uses - GCJ-02 from Amap, Tencent Maps and WeChat mini programs, BD-09 from Baidu, WGS84 from raw
 * GPS, CGCS2000 (EPSG:4490) from official survey data - while the server stores everything as WGS84
 * longitude/latitude (EPSG:4326). The design is deliberately small: {@link cn.yiwang.geo.CoordinateSystem}
 * names and parses the systems, and {@link cn.yiwang.geo.ChinaCoordinateTransformer} is a stateless,
 * dependency-free (JDK only, no framework annotations) set of static functions that convert one
 * (lon, lat) point in degrees to or from WGS84, so it can be called from controllers, importers and
 * tests alike without wiring. Conversion is meant to happen once, at the boundary where data enters
 * or leaves the server (request parsing, file import, responses to map clients), so that everything
 * stored and computed on is WGS84. CGCS2000 is treated as equal to WGS84 (centimetre-level
 * difference); GCJ-02 and BD-09 use their widely published closed-form forward formulas, and their
 * inverses are solved iteratively to about 1e-12 degrees instead of with the common one-step
 * approximations, which are off by up to several metres for GCJ-02.
 */
package cn.yiwang.geo;
