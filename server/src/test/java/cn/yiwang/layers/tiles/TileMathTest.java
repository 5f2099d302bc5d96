package cn.yiwang.layers.tiles;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.locationtech.jts.geom.Envelope;

class TileMathTest {

    private static final double EPS = 1e-9;

    /** 二七区's bounding box (the demo district). */
    private static final Envelope ERQI = new Envelope(113.50390625, 113.68359375, 34.6005859375, 34.7685546875);

    @ParameterizedTest
    @CsvSource({
            "0, 0, 1, 1, 1",          // the origin is the corner of four tiles: the south-east one holds it
            "-180, 85.0511287798066, 0, 0, 0",
            "-179.9, 85, 3, 0, 0",
            "179.9, -85, 3, 7, 7",
            "113.64, 34.72, 14, 13363, 6505",
            "113.64, 34.72, 13, 6681, 3252",
    })
    void tileAtFindsTheSlippyMapTileOfAPoint(double lon, double lat, int z, int x, int y) {
        assertArrayEquals(new int[] {x, y}, TileMath.tileAt(lon, lat, z));
    }

    @Test
    void latitudesBeyondTheMercatorSquareAreClampedToItsEdge() {
        assertArrayEquals(new int[] {2, 0}, TileMath.tileAt(0, 89.9, 2));
        assertArrayEquals(new int[] {0, 3}, TileMath.tileAt(-180, -90, 2));
    }

    @Test
    void zoomZeroTileIsTheWholeWebMercatorWorld() {
        Envelope world = TileMath.bounds(0, 0, 0);
        assertEquals(-180, world.getMinX(), EPS);
        assertEquals(180, world.getMaxX(), EPS);
        assertEquals(-TileMath.MAX_LATITUDE_DEGREES, world.getMinY(), EPS);
        assertEquals(TileMath.MAX_LATITUDE_DEGREES, world.getMaxY(), EPS);
    }

    @Test
    void boundsOfATileHoldThePointsThatMapToIt() {
        int[] xy = TileMath.tileAt(113.64, 34.72, 14);
        Envelope b = TileMath.bounds(14, xy[0], xy[1]);
        assertTrue(b.contains(113.64, 34.72), b.toString());
        assertArrayEquals(xy, TileMath.tileAt(b.centre().x, b.centre().y, 14));
        // Neighbouring tiles share their edges exactly.
        assertEquals(b.getMaxX(), TileMath.bounds(14, xy[0] + 1, xy[1]).getMinX(), 0);
        assertEquals(b.getMinY(), TileMath.bounds(14, xy[0], xy[1] + 1).getMaxY(), 0);
    }

    @Test
    void envelopeInsideOneTileRangesOverThatTileOnly() {
        TileRange r = TileMath.range(new Envelope(100, 110, 10, 20), 2, 0);
        assertEquals(new TileRange(2, 3, 1, 3, 1), r);
        assertEquals(1, r.count());
    }

    @Test
    void envelopeOnASharedEdgeTouchesBothTiles() {
        // lon 90 is the edge between columns 2 and 3 at zoom 2.
        TileRange r = TileMath.range(new Envelope(90, 90, 10, 20), 2, 0);
        assertEquals(2, r.minX());
        assertEquals(3, r.maxX());
        assertEquals(1, r.minY());
        assertEquals(1, r.maxY());
    }

    @Test
    void bufferReachesIntoTheNeighbourOnlyWithinItsWidth() {
        // Column 3 at zoom 2 spans lon 90..180; a quarter of a tile is 22.5°.
        Envelope nearWestEdge = new Envelope(100, 110, 10, 20);
        assertEquals(2, TileMath.range(nearWestEdge, 2, 0.25).minX(), "10° from the edge is within a 22.5° buffer");
        assertEquals(3, TileMath.range(nearWestEdge, 2, 0.1).minX(), "10° from the edge is beyond a 9° buffer");
    }

    @Test
    void rangeIsClampedToTheWorld() {
        TileRange r = TileMath.range(new Envelope(-180, 180, -90, 90), 3, 0.5);
        assertEquals(new TileRange(3, 0, 0, 7, 7), r);
    }

    @Test
    void rangeOfErqiAtZoom13IsFiveByFiveTiles() {
        TileRange r = TileMath.range(ERQI, 13, 0);
        assertEquals(25, r.count(), r.toString());
    }

    @Test
    void fitZoomIsTheDeepestZoomAtWhichTheEnvelopeFits() {
        assertEquals(12, TileMath.fitZoom(ERQI, 4, 0, 22));
        assertTrue(TileMath.tileX(ERQI.getMaxX(), 13) - TileMath.tileX(ERQI.getMinX(), 13) > 4);
        assertEquals(13, TileMath.fitZoom(ERQI, 4, 13, 22), "never below the min zoom");
        assertEquals(10, TileMath.fitZoom(ERQI, 4, 0, 10), "never above the max zoom");
    }

    @Test
    void tileUnitAtZoomZeroIsTheEquatorOver4096() {
        assertEquals(40075016.68557849 / 4096, TileMath.metersPerTileUnit(0, 4096), 1e-6);
        assertEquals(TileMath.metersPerTileUnit(0, 4096) / 16384, TileMath.metersPerTileUnit(14, 4096), 1e-9);
    }

    @Test
    void badArgumentsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> TileMath.tilesPerAxis(23));
        assertThrows(IllegalArgumentException.class, () -> TileMath.tilesPerAxis(-1));
        assertThrows(IllegalArgumentException.class, () -> TileMath.bounds(2, 4, 0));
        assertThrows(IllegalArgumentException.class, () -> TileMath.bounds(2, 0, -1));
        assertThrows(IllegalArgumentException.class, () -> TileMath.tileX(Double.NaN, 3));
        assertThrows(IllegalArgumentException.class, () -> TileMath.range(new Envelope(), 3, 0));
        assertThrows(IllegalArgumentException.class, () -> TileMath.range(ERQI, 3, -0.1));
    }
}
