/**
 * Building footprints: storage, the GeoJSON import for real deployments, the read API, and the
 * generated Erqi demo buildings.
 *
 * <p>An import is all or nothing. The body is checked completely before anything is written: first
 * in Java ({@link cn.yiwang.building.BuildingGeoJsonReader}: structure, types, ranges, coordinates,
 * duplicate ids, polygon validity after conversion to WGS84), then by PostGIS inside the write
 * transaction (its own {@code ST_IsValid}, which the table's CHECK applies, and the district each
 * footprint falls in); any problem rolls the transaction back and is reported with a JSON pointer
 * to the feature and member. The micro grid of a building is the current micro grid covering its
 * footprint's {@code ST_PointOnSurface} (smallest code on a shared edge, as grid routing does), so
 * a footprint straddling two micro grids still belongs to exactly one.
 */
package cn.yiwang.building;
