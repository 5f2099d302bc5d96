package cn.yiwang.grid;

import cn.yiwang.layers.LayerChangedEvent;
import cn.yiwang.layers.LayerRegistry;
import io.micronaut.context.event.ApplicationEventListener;
import io.micronaut.core.order.Ordered;
import jakarta.inject.Singleton;

/**
 * When micro or special grid boundaries change, swaps in the grid catalog with the new geometries
 * ({@link GridService#reloadFor}: nothing when the publisher already applied them) before any other
 * listener runs: the cases are re-routed against it, and the micro grid tiles built from its
 * polygons are invalidated only once it holds the new boundaries, so a tile generated in between
 * cannot be cached with the old ones.
 */
@Singleton
public class GridIndexRefresher implements ApplicationEventListener<LayerChangedEvent>, Ordered {

    private final GridService grids;

    public GridIndexRefresher(GridService grids) {
        this.grids = grids;
    }

    @Override
    public boolean supports(LayerChangedEvent event) {
        return event.layerId().equals(LayerRegistry.gridLayerId("micro")) || event.layerId().equals(LayerRegistry.gridLayerId("special"));
    }

    @Override
    public void onApplicationEvent(LayerChangedEvent event) {
        if (event.wholeLayer() || !event.changedEnvelopes().isEmpty()) {
            grids.reloadFor(event);
        }
    }

    @Override
    public int getOrder() {
        return HIGHEST_PRECEDENCE;
    }
}
