package cn.yiwang.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.io.ParseException;
import org.locationtech.jts.io.WKTReader;

class LayerChangedEventTest {

    private static Geometry wkt(String text) throws ParseException {
        return new WKTReader().read(text);
    }

    @Test
    void editCarriesTheOldAndTheNewEnvelope() throws ParseException {
        LayerChangedEvent e = LayerChangedEvent.of("grids-micro",
                wkt("POLYGON ((113.60 34.70, 113.61 34.70, 113.61 34.71, 113.60 34.70))"),
                wkt("POLYGON ((113.62 34.70, 113.63 34.70, 113.63 34.72, 113.62 34.70))"));
        assertEquals(List.of(new Envelope(113.60, 113.61, 34.70, 34.71), new Envelope(113.62, 113.63, 34.70, 34.72)),
                e.changedEnvelopes());
        assertFalse(e.wholeLayer());
    }

    @Test
    void insertWithoutAnOldGeometryCarriesOnlyTheNewEnvelope() throws ParseException {
        LayerChangedEvent e = LayerChangedEvent.of("buildings", null, wkt("POINT (113.6 34.7)"), wkt("POLYGON EMPTY"));
        assertEquals(List.of(new Envelope(113.6, 113.6, 34.7, 34.7)), e.changedEnvelopes());
    }

    @Test
    void envelopesAreCopiedSoLaterChangesDoNotLeakIn() {
        Envelope env = new Envelope(0, 1, 0, 1);
        LayerChangedEvent e = LayerChangedEvent.within("grids-micro", env);
        env.expandToInclude(5, 5);
        e.changedEnvelopes().get(0).expandToInclude(7, 7);
        assertEquals(new Envelope(0, 1, 0, 1), e.changedEnvelopes().get(0));
    }

    @Test
    void wholeLayerChangeHasNoEnvelopes() {
        LayerChangedEvent e = LayerChangedEvent.wholeLayer("buildings");
        assertTrue(e.wholeLayer());
        assertTrue(e.changedEnvelopes().isEmpty());
    }

    @Test
    void overlappingEnvelopesMergeIntoOneWhileDisjointOnesStayApart() {
        // A chain: the first overlaps the second, the second the third (not the first); the last is far away.
        LayerChangedEvent e = LayerChangedEvent.within("grids-micro", new Envelope(0, 2, 0, 2), new Envelope(10, 11, 10, 11),
                new Envelope(3, 5, 3, 5), new Envelope(1, 4, 1, 4));
        assertEquals(List.of(new Envelope(0, 5, 0, 5), new Envelope(10, 11, 10, 11)), e.mergedEnvelopes());
        assertEquals(4, e.changedEnvelopes().size(), "the exact boxes stay for tile invalidation");
        assertEquals(List.of(), LayerChangedEvent.wholeLayer("buildings").mergedEnvelopes());
    }
}
