package cn.yiwang.routing;

import cn.yiwang.geo.CoordinateSystem;
import io.micronaut.core.annotation.Nullable;

/**
 * One point to route, as a client sent it.
 *
 * @param id             the client's own id, echoed back (may be null)
 * @param lon            longitude in {@code crs}, degrees
 * @param lat            latitude in {@code crs}, degrees
 * @param crs            the system of lon/lat (converted to WGS84, EPSG:4326, before routing)
 * @param accuracyMeters radius of the location's uncertainty circle (a phone's reported
 *                       accuracy), metres, or null
 * @param category       the case category, echoed back; the hook for per-category assignment
 */
public record RoutePoint(@Nullable String id, double lon, double lat, CoordinateSystem crs, @Nullable Double accuracyMeters,
                         @Nullable String category) {
}
