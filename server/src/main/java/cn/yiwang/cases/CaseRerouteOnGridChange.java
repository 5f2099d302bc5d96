package cn.yiwang.cases;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import cn.yiwang.layers.LayerChangedEvent;
import cn.yiwang.layers.LayerRegistry;
import io.micronaut.context.event.ApplicationEventListener;
import jakarta.inject.Singleton;

/**
 * When micro or special grid boundaries change, the open cases in the changed area (or all of them,
 * for a whole-layer change) are re-routed, against the routing index that
 * {@link cn.yiwang.grid.GridIndexRefresher} (which runs first) has just swapped in.
 */
@Singleton
public class CaseRerouteOnGridChange implements ApplicationEventListener<LayerChangedEvent> {

    private static final Logger LOG = LoggerFactory.getLogger(CaseRerouteOnGridChange.class);

    private final CaseRerouter rerouter;

    public CaseRerouteOnGridChange(CaseRerouter rerouter) {
        this.rerouter = rerouter;
    }

    @Override
    public boolean supports(LayerChangedEvent event) {
        return event.layerId().equals(LayerRegistry.gridLayerId("micro")) || event.layerId().equals(LayerRegistry.gridLayerId("special"));
    }

    @Override
    public void onApplicationEvent(LayerChangedEvent event) {
        if (!event.wholeLayer() && event.changedEnvelopes().isEmpty()) {
            return;
        }
        CaseRerouter.Result r = event.wholeLayer() ? rerouter.rerouteAll() : rerouter.reroute(event.changedEnvelopes());
        LOG.info("Grid change in {}: {} open cases checked, {} re-routed", event.layerId(), r.scanned(), r.changed());
    }
}
