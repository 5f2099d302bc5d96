package cn.yiwang.analytics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;

class AreaPolygonValidatorTest {

    final AreaPolygonValidator validator = new AreaPolygonValidator(1000);

    static String polygon(String ring) {
        return "{\"type\":\"Polygon\",\"coordinates\":[[" + ring + "]]}";
    }

    @Test
    void aBowTieIsRefusedWithTheCrossingPoint() {
        AreaPolygonValidator.InvalidGeometryException e = assertThrows(AreaPolygonValidator.InvalidGeometryException.class,
                () -> validator.polygonal(polygon("[0,0],[2,2],[2,0],[0,2],[0,0]")));
        assertTrue(e.getMessage().contains("Self-intersection"), e.getMessage());
        assertEquals(1.0, e.location().x, 1e-12);
        assertEquals(1.0, e.location().y, 1e-12);
    }

    @Test
    void anUnclosedRingALineAndOutOfRangeCoordinatesAreRefused() {
        assertThrows(AreaPolygonValidator.InvalidGeometryException.class, () -> validator.polygonal(polygon("[0,0],[1,0],[1,1],[0,1]")));
        assertThrows(AreaPolygonValidator.InvalidGeometryException.class,
                () -> validator.polygonal("{\"type\":\"LineString\",\"coordinates\":[[0,0],[1,1]]}"));
        AreaPolygonValidator.InvalidGeometryException e = assertThrows(AreaPolygonValidator.InvalidGeometryException.class,
                () -> validator.polygonal(polygon("[0,0],[200,0],[200,1],[0,0]")));
        assertEquals(200.0, e.location().x, 0);
    }

    @Test
    void tooManyVerticesAreRefusedWithTheLimit() {
        StringBuilder ring = new StringBuilder();
        for (int i = 0; i < 1200; i++) {
            double a = 2 * Math.PI * i / 1200;
            ring.append('[').append(Math.cos(a)).append(',').append(Math.sin(a)).append("],");
        }
        ring.append("[1.0,0.0]");
        AreaPolygonValidator.InvalidGeometryException e = assertThrows(AreaPolygonValidator.InvalidGeometryException.class,
                () -> validator.polygonal(polygon(ring.toString())));
        assertTrue(e.getMessage().contains("at most 1000"), e.getMessage());
    }

    @Test
    void theWholeEarthIsClippedToTheExtentAndAPolygonInsideIsKept() {
        Geometry earth = validator.polygonal(polygon("[-180,-90],[180,-90],[180,90],[-180,90],[-180,-90]"));
        Envelope extent = new Envelope(113.5, 113.7, 34.6, 34.8);
        Geometry clipped = AreaPolygonValidator.clip(earth, extent);
        assertEquals(extent, clipped.getEnvelopeInternal());
        Geometry small = validator.polygonal(polygon("[113.6,34.7],[113.61,34.7],[113.61,34.71],[113.6,34.7]"));
        assertSame(small, AreaPolygonValidator.clip(small, extent));
    }
}
