package cn.yiwang.live;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.locationtech.jts.geom.Envelope;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import cn.yiwang.cases.CaseChangedElsewhereEvent;
import cn.yiwang.layers.LayerChangedEvent;
import cn.yiwang.layers.LayerRegistry;
import io.micronaut.context.event.ApplicationEventListener;
import io.micronaut.context.event.ApplicationEventPublisher;
import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;

/**
 * Carries {@link LayerChangedEvent}s between server instances through the live-event log, so a
 * boundary edit on one instance drops the stale tiles (and OGC extents, and re-builds the routing
 * index) on all of them. A local event is appended as {@code grid.changed} (grid layers) or
 * {@code layer.changed} (others) with the layer id and the changed lon/lat boxes; the other
 * instances' {@link LiveListener} hands it to {@link #republish}, which publishes it locally,
 * marked so that this listener does not append it again: no loops. Re-publication runs on one
 * background thread in log order, so a slow listener (re-routing) never delays the live streams.
 *
 * <p>The {@code cases} layer is not announced: its changes follow from case changes, which every
 * instance already reads as {@code case.*} events. For those the relay publishes a
 * {@link CaseChangedElsewhereEvent} locally, so the cases map index re-reads the case and drops
 * its tiles here too, without a second log row per case change.
 */
@Singleton
public class LayerChangeRelay implements ApplicationEventListener<LayerChangedEvent> {

    private static final Logger LOG = LoggerFactory.getLogger(LayerChangeRelay.class);

    private final LiveEventLog log;
    private final JsonMapper json;
    private final ApplicationEventPublisher<LayerChangedEvent> publisher;
    private final ApplicationEventPublisher<CaseChangedElsewhereEvent> casePublisher;
    /** Events this relay is publishing on behalf of another instance (by identity). */
    private final Set<LayerChangedEvent> remote = Collections.synchronizedSet(Collections.newSetFromMap(new IdentityHashMap<>()));
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "live-layer-relay");
        t.setDaemon(true);
        return t;
    });

    public LayerChangeRelay(LiveEventLog log, JsonMapper json, ApplicationEventPublisher<LayerChangedEvent> publisher,
                            ApplicationEventPublisher<CaseChangedElsewhereEvent> casePublisher) {
        this.log = log;
        this.json = json;
        this.publisher = publisher;
        this.casePublisher = casePublisher;
    }

    @Override
    public void onApplicationEvent(LayerChangedEvent event) {
        if (remote.contains(event) || LayerRegistry.CASES.equals(event.layerId())) {
            return;
        }
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("layer", event.layerId());
        payload.put("wholeLayer", event.wholeLayer());
        List<double[]> boxes = new ArrayList<>();
        for (Envelope e : event.changedEnvelopes()) {
            boxes.add(new double[] {e.getMinX(), e.getMinY(), e.getMaxX(), e.getMaxY()});
        }
        payload.put("bboxes", boxes);
        String type = event.layerId().startsWith("grids-") ? "grid.changed" : "layer.changed";
        try {
            log.append(LiveEvent.Draft.of(LiveTopic.GRIDS, type, null, json.writeValueAsString(payload)));
        } catch (IOException | RuntimeException e) {
            // The change itself has committed; other instances keep stale tiles until they expire.
            LOG.warn("Could not announce the change of layer {} to other instances", event.layerId(), e);
        }
    }

    /** A change appended by another instance: published here, in log order, without being announced again. */
    void republish(LiveEvent e) {
        LayerChangedEvent event;
        try {
            event = decode(e.json());
        } catch (IOException | RuntimeException ex) {
            LOG.warn("Ignoring unreadable layer change event {}", e.id(), ex);
            return;
        }
        worker.execute(() -> {
            remote.add(event);
            try {
                publisher.publishEvent(event);
            } catch (RuntimeException ex) {
                LOG.warn("Applying the change of layer {} from another instance failed", event.layerId(), ex);
            } finally {
                remote.remove(event);
            }
        });
    }

    /** A case event appended by another instance: local mirrors of cases re-read the case, in log order. */
    @SuppressWarnings("unchecked")
    void republishCase(LiveEvent e) {
        long caseId;
        try {
            Map<String, Object> envelope = json.readValue(e.json(), Argument.mapOf(String.class, Object.class));
            caseId = ((Number) ((Map<String, Object>) envelope.get("data")).get("id")).longValue();
        } catch (IOException | RuntimeException ex) {
            LOG.warn("Ignoring unreadable case event {}", e.id(), ex);
            return;
        }
        worker.execute(() -> {
            try {
                casePublisher.publishEvent(new CaseChangedElsewhereEvent(caseId, e.type()));
            } catch (RuntimeException ex) {
                LOG.warn("Applying the change of case {} from another instance failed", caseId, ex);
            }
        });
    }

    @SuppressWarnings("unchecked")
    private LayerChangedEvent decode(String envelopeJson) throws IOException {
        Map<String, Object> envelope = json.readValue(envelopeJson, Argument.mapOf(String.class, Object.class));
        Map<String, Object> data = (Map<String, Object>) envelope.get("data");
        String layer = (String) data.get("layer");
        if (Boolean.TRUE.equals(data.get("wholeLayer"))) {
            return LayerChangedEvent.wholeLayer(layer);
        }
        List<Envelope> boxes = new ArrayList<>();
        for (Object o : (List<Object>) data.get("bboxes")) {
            List<Number> b = (List<Number>) o;
            boxes.add(new Envelope(b.get(0).doubleValue(), b.get(2).doubleValue(), b.get(1).doubleValue(), b.get(3).doubleValue()));
        }
        return new LayerChangedEvent(layer, boxes, false);
    }

    @PreDestroy
    void close() {
        worker.shutdownNow();
    }
}
