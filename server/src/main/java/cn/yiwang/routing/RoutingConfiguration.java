package cn.yiwang.routing;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;

/**
 * {@code yiwang.routing}: routing settings. The snap distance for points outside every grid is
 * {@code yiwang.grids.snap-meters} (default 200 m), shared with {@code /api/grids/at}.
 *
 * @param districtBoundaryMeters a point this close to a district boundary (or the outer outline) is
 *                               flagged {@code nearDistrictBoundary} (三跨), in metres
 * @param maxBatchPoints         the most points one {@code POST /api/route} may carry; more is a 413
 * @param maxAccuracyMeters      accuracy circles up to this radius (metres) are split between the
 *                               grids they cross; a vaguer fix is routed by its point alone
 * @param maxAlternatives        at most this many alternative grids are listed per point
 */
@ConfigurationProperties("yiwang.routing")
public record RoutingConfiguration(
        @Bindable(defaultValue = "30") double districtBoundaryMeters,
        @Bindable(defaultValue = "10000") int maxBatchPoints,
        @Bindable(defaultValue = "1000") double maxAccuracyMeters,
        @Bindable(defaultValue = "8") int maxAlternatives) {
}
