package cn.yiwang.planner;

import java.util.List;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;

/**
 * {@code yiwang.planner}: boundary drafts, validation and commit.
 *
 * @param areaToleranceSqm    overlaps, gaps and escapes up to this area (m²) are floating-point
 *                            noise, not problems; also the tolerance of the PostGIS check at commit
 * @param minSliverAreaSqm    a grid (or a gap, for repair) smaller than this (m²) is a sliver
 * @param maxHouseholds       a micro grid with more households than this is over the standard
 *                            (DOMAIN: 50–70 households); 0 disables the check
 * @param spikeAngleDegrees   a boundary vertex turning back by less than this angle is a spike
 * @param maxBodyBytes        largest request body of the planner API; more is a 413
 * @param maxFeatures         most children one draft may hold
 * @param maxVerticesPerGrid  most vertices of one child's boundary
 * @param maxVerticesPerDraft most vertices of a whole draft
 * @param nearParentDegrees   every child must lie within the parent's bbox grown by this (degrees):
 *                            a polygon on the other side of the world is bad input, not a problem
 * @param endpointToleranceMeters how far a reshaped edge's ends may be from the shared edge's ends
 * @param overrideRoles       roles that may commit over non-blocking problems (logged)
 */
@ConfigurationProperties("yiwang.planner")
public record PlannerConfiguration(
        @Bindable(defaultValue = "0.01") double areaToleranceSqm,
        @Bindable(defaultValue = "20") double minSliverAreaSqm,
        @Bindable(defaultValue = "70") int maxHouseholds,
        @Bindable(defaultValue = "1") double spikeAngleDegrees,
        @Bindable(defaultValue = "8388608") int maxBodyBytes,
        @Bindable(defaultValue = "2000") int maxFeatures,
        @Bindable(defaultValue = "20000") int maxVerticesPerGrid,
        @Bindable(defaultValue = "200000") int maxVerticesPerDraft,
        @Bindable(defaultValue = "0.05") double nearParentDegrees,
        @Bindable(defaultValue = "2") double endpointToleranceMeters,
        @Bindable(defaultValue = "admin") List<String> overrideRoles) {

    GridDraftValidator.Rules rules() {
        return new GridDraftValidator.Rules(areaToleranceSqm, minSliverAreaSqm, maxHouseholds, spikeAngleDegrees);
    }

    DraftGeoJson.Limits limits() {
        return new DraftGeoJson.Limits(maxFeatures, maxVerticesPerGrid, maxVerticesPerDraft);
    }
}
