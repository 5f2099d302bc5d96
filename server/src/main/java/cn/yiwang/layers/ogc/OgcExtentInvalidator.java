package cn.yiwang.layers.ogc;

import cn.yiwang.layers.LayerChangedEvent;
import io.micronaut.context.event.ApplicationEventListener;
import jakarta.inject.Singleton;

/**
 * Forgets the cached extent of a collection when its features change: the layer ids of
 * {@link LayerChangedEvent} are the collection ids ({@code grids-micro}, {@code buildings}). The
 * next request computes the extent again with {@code ST_Extent}. Synchronous in the publisher's
 * thread; other server instances get the event through {@link cn.yiwang.live.LayerChangeRelay}.
 */
@Singleton
public class OgcExtentInvalidator implements ApplicationEventListener<LayerChangedEvent> {

    private final OgcFeatureRepository repository;

    public OgcExtentInvalidator(OgcFeatureRepository repository) {
        this.repository = repository;
    }

    @Override
    public void onApplicationEvent(LayerChangedEvent event) {
        repository.invalidateExtent(event.layerId());
    }
}
