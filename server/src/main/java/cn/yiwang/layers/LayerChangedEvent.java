package cn.yiwang.layers;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;

/**
 * Features of a layer changed in the database: publish this (Micronaut
 * {@code ApplicationEventPublisher<LayerChangedEvent>}) <em>after</em> the transaction commits, and
 * the tile cache drops exactly the tiles, at every zoom, that can show the change.
 *
 * <p>{@code changedEnvelopes} are lon/lat bounding boxes (EPSG:4326) of everything that changed:
 * for an edit both the old and the new geometry (the feature left the one place and arrived in the
 * other), for an insert the new one, for a delete the old one. {@code wholeLayer} (a bulk import,
 * a reload) drops every tile of the layer instead. Grid edits publish one event per grid layer
 * touched ({@link LayerRegistry#gridLayerId(String)}), e.g. {@code grids-micro} and
 * {@code grids-l3} when a level-3 boundary moves with its micro grids. Immutable.
 *
 * @param layerId          a {@link LayerRegistry} id; unknown ids are ignored
 * @param changedEnvelopes lon/lat boxes of the change; empty when {@code wholeLayer}
 * @param wholeLayer       everything in the layer may have changed
 */
public record LayerChangedEvent(String layerId, List<Envelope> changedEnvelopes, boolean wholeLayer) {

    public LayerChangedEvent {
        Objects.requireNonNull(layerId, "layerId");
        List<Envelope> copies = new ArrayList<>();
        for (Envelope e : changedEnvelopes) {
            if (e != null && !e.isNull()) {
                copies.add(new Envelope(e));
            }
        }
        changedEnvelopes = List.copyOf(copies);
    }

    /**
     * A change described by geometries in EPSG:4326, typically the old and the new one of an edited
     * feature; {@code null} and empty geometries are skipped (an insert has no old one).
     */
    public static LayerChangedEvent of(String layerId, Geometry... oldAndNewGeometries) {
        List<Envelope> envelopes = new ArrayList<>();
        for (Geometry g : oldAndNewGeometries) {
            if (g != null && !g.isEmpty()) {
                envelopes.add(g.getEnvelopeInternal());
            }
        }
        return new LayerChangedEvent(layerId, envelopes, false);
    }

    /** A change inside the given lon/lat boxes. */
    public static LayerChangedEvent within(String layerId, Envelope... lonLatEnvelopes) {
        return new LayerChangedEvent(layerId, java.util.Arrays.asList(lonLatEnvelopes), false);
    }

    /** Anything in the layer may have changed (bulk import, reload). */
    public static LayerChangedEvent wholeLayer(String layerId) {
        return new LayerChangedEvent(layerId, List.of(), true);
    }

    /**
     * The changed boxes with every group of overlapping (or touching) ones replaced by their common
     * envelope: fewer, larger boxes covering at least the same area, for listeners that run one
     * query per box and for whom a larger box costs nothing but a few more rows (re-linking). An
     * edit's old and new boxes overlap, and so do those of neighbouring grids, so a planner's
     * re-cut of a community comes down to about one box. Tile invalidation keeps the exact boxes.
     */
    public List<Envelope> mergedEnvelopes() {
        List<Envelope> boxes = new ArrayList<>(changedEnvelopes());
        boolean merged = true;
        while (merged) {
            merged = false;
            for (int i = 0; i < boxes.size() && !merged; i++) {
                for (int j = i + 1; j < boxes.size(); j++) {
                    if (boxes.get(i).intersects(boxes.get(j))) {
                        boxes.get(i).expandToInclude(boxes.get(j));
                        boxes.remove(j);
                        merged = true;
                        break;
                    }
                }
            }
        }
        return boxes;
    }

    /** Defensive copies: a JTS {@link Envelope} is mutable. */
    @Override
    public List<Envelope> changedEnvelopes() {
        return changedEnvelopes.stream().map(Envelope::new).toList();
    }
}
