package cn.yiwang.cases;

import java.util.List;

import org.locationtech.jts.geom.Envelope;

/**
 * Published after a bulk re-routing commits that moved cases to other grids without one
 * {@link CaseChangedEvent} each: the cases inside {@code areas} (lon/lat boxes, EPSG:4326) may have
 * another grid now, or any case may when {@code everywhere}. Immutable.
 */
public record CasesMovedEvent(List<Envelope> areas, boolean everywhere) {

    public CasesMovedEvent {
        areas = areas.stream().map(Envelope::new).toList();
    }
}
