package cn.yiwang.layers.tiles;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import cn.yiwang.layers.LayerChangedEvent;
import cn.yiwang.layers.LayerRegistry;
import io.micronaut.context.event.ApplicationEventListener;
import jakarta.inject.Singleton;

/**
 * Drops the cached tiles a {@link LayerChangedEvent} makes stale: at every zoom, the tiles whose
 * rectangle grown by the tile buffer ({@link TileRepository#BUFFER_FRACTION}, the same margin the
 * tile query filters with) touches a changed envelope; every tile of the layer for a whole-layer
 * change. Runs synchronously in the publisher's thread, so once {@code publishEvent} returns no
 * stale tile is served by this instance. Other server instances get the same event a moment later
 * from {@link cn.yiwang.live.LayerChangeRelay} (through the live-event log and LISTEN/NOTIFY) and
 * drop theirs the same way.
 */
@Singleton
public class TileInvalidator implements ApplicationEventListener<LayerChangedEvent> {

    private static final Logger LOG = LoggerFactory.getLogger(TileInvalidator.class);

    private final TileCache cache;

    public TileInvalidator(TileService tiles) {
        this.cache = tiles.cache();
    }

    @Override
    public void onApplicationEvent(LayerChangedEvent event) {
        if (LayerRegistry.find(event.layerId()).isEmpty()) {
            LOG.debug("Ignoring a change of unknown layer {}", event.layerId());
            return;
        }
        int removed = event.wholeLayer()
                ? cache.invalidateLayer(event.layerId())
                : cache.invalidate(event.layerId(), event.changedEnvelopes(), TileRepository.BUFFER_FRACTION);
        LOG.debug("Layer {} changed: {} cached tiles dropped", event.layerId(), removed);
    }
}
