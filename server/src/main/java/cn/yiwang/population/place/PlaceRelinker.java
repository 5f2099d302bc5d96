package cn.yiwang.population.place;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

import javax.sql.DataSource;

import org.locationtech.jts.geom.Envelope;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import cn.yiwang.db.Transactions;
import cn.yiwang.grid.MicroGridRelinker;
import cn.yiwang.layers.LayerChangedEvent;
import cn.yiwang.layers.LayerRegistry;
import io.micronaut.context.event.ApplicationEventListener;
import jakarta.inject.Singleton;

/**
 * Keeps households, compounds, residents and campaign statuses on the right micro grid. The planner
 * calls {@link #relink} inside its commit transaction; boundary or building changes made elsewhere
 * (imports, admin edits) arrive as {@link LayerChangedEvent}s and are re-linked in a transaction of
 * their own (finding nothing to do after a planner commit).
 */
@Singleton
public class PlaceRelinker implements MicroGridRelinker, ApplicationEventListener<LayerChangedEvent> {

    private static final Logger LOG = LoggerFactory.getLogger(PlaceRelinker.class);
    private static final Envelope WORLD = new Envelope(-180, 180, -90, 90);

    private final PlaceRepository repository;
    private final DataSource dataSource;

    public PlaceRelinker(PlaceRepository repository, DataSource dataSource) {
        this.repository = repository;
        this.dataSource = dataSource;
    }

    @Override
    public int relink(Connection c, Envelope box) throws SQLException {
        return repository.relink(c, box);
    }

    @Override
    public boolean supports(LayerChangedEvent event) {
        return event.layerId().equals(LayerRegistry.gridLayerId("micro")) || event.layerId().equals(LayerRegistry.BUILDINGS);
    }

    @Override
    public void onApplicationEvent(LayerChangedEvent event) {
        List<Envelope> boxes = event.wholeLayer() ? List.of(WORLD) : event.mergedEnvelopes();
        if (boxes.isEmpty()) {
            return;
        }
        int changed = Transactions.inTransaction(dataSource, "re-linking places", c -> {
            int n = 0;
            for (Envelope box : boxes) {
                n += repository.relink(c, box);
            }
            return n;
        });
        if (changed > 0) {
            LOG.info("Layer {} changed: {} households, compounds, residents and statuses re-linked", event.layerId(), changed);
        }
    }
}
