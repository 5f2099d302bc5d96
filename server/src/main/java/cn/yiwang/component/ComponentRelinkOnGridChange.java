package cn.yiwang.component;

import org.locationtech.jts.geom.Envelope;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import cn.yiwang.layers.LayerChangedEvent;
import cn.yiwang.layers.LayerRegistry;
import io.micronaut.context.event.ApplicationEventListener;
import jakarta.inject.Singleton;

/**
 * When micro grid boundaries change (a committed planner draft, a grid import), components and
 * service points in the changed area whose micro grid no longer holds them are re-linked
 * ({@link ComponentRepository#relink}); for a whole-layer change, everywhere. Compound party
 * groups need nothing: their grid is derived from their compound's buildings, which the planner
 * re-links itself.
 */
@Singleton
public class ComponentRelinkOnGridChange implements ApplicationEventListener<LayerChangedEvent> {

    private static final Logger LOG = LoggerFactory.getLogger(ComponentRelinkOnGridChange.class);
    private static final Envelope WORLD = new Envelope(-180, 180, -90, 90);

    private final ComponentRepository repository;

    public ComponentRelinkOnGridChange(ComponentRepository repository) {
        this.repository = repository;
    }

    @Override
    public boolean supports(LayerChangedEvent event) {
        return event.layerId().equals(LayerRegistry.gridLayerId("micro"));
    }

    @Override
    public void onApplicationEvent(LayerChangedEvent event) {
        int moved = 0;
        if (event.wholeLayer()) {
            moved = repository.relink(WORLD);
        } else {
            for (Envelope box : event.mergedEnvelopes()) {
                moved += repository.relink(box);
            }
        }
        if (moved > 0) {
            LOG.info("Micro grids changed: {} components and service points re-linked", moved);
        }
    }
}
