package cn.yiwang.grid;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;

/**
 * {@code yiwang.grids}: grid API settings.
 *
 * @param snapMeters     a point outside every micro grid is given to the nearest one within this
 *                       distance in metres (0 disables snapping); farther away it is unassigned
 * @param maxPageSize    the largest {@code limit} a grid listing honours; larger values are clamped
 * @param loadDemoData   generate and load the demo hierarchy when the grid table is empty
 * @param demoDataset    which one: {@code erqi} (二七区, the default) or {@code city} (all 12
 *                       Zhengzhou districts, 69,926 grids; for benchmarks)
 */
@ConfigurationProperties("yiwang.grids")
public record GridsConfiguration(
        @Bindable(defaultValue = "200") double snapMeters,
        @Bindable(defaultValue = "10000") int maxPageSize,
        @Bindable(defaultValue = "true") boolean loadDemoData,
        @Bindable(defaultValue = "erqi") String demoDataset) {
}
