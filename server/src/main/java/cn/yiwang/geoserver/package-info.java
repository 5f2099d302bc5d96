/**
 * Publishing Yiwang's layers on an operator's GeoServer through its REST API: workspace
 * {@code yiwang}, a PostGIS store that logs in with a read-only database role, one feature type per
 * {@code gs_*} view of {@code sql/}, and the SLD 1.0 styles of {@code data/styles}. Re-running
 * updates what exists (PUT) and creates what is missing (POST). GeoServer itself is not shipped.
 */
package cn.yiwang.geoserver;
