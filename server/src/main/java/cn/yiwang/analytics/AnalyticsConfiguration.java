package cn.yiwang.analytics;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;

/**
 * Limits of the analytics API ({@code yiwang.analytics}).
 *
 * @param maxGridCodes   most grid codes in one {@code area.codes} (larger requests are a 400 naming the limit)
 * @param maxPageSize    most cases in one page of the GeoJSON list
 * @param maxHexCells    most H3 cells a hot-spot study area may cover (choose a coarser resolution beyond)
 * @param maxPolygonVertices most vertices of a drawn polygon
 * @param maxClusters    most recurring spots returned, best ranked first
 * @param memoryIndex    answer totals, groups, hot-spot points and the choice of a page from the in-memory
 *                       index of all cases ({@link CaseAnalyticIndexService}, ~110 bytes a case) instead of SQL
 */
@ConfigurationProperties("yiwang.analytics")
public record AnalyticsConfiguration(
        @Bindable(defaultValue = "1000") int maxGridCodes,
        @Bindable(defaultValue = "1000") int maxPageSize,
        @Bindable(defaultValue = "200000") int maxHexCells,
        @Bindable(defaultValue = "100000") int maxPolygonVertices,
        @Bindable(defaultValue = "200") int maxClusters,
        @Bindable(defaultValue = "true") boolean memoryIndex) {
}
