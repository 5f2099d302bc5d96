package cn.yiwang.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.locationtech.jts.algorithm.locate.IndexedPointInAreaLocator;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Location;
import org.locationtech.jts.geom.Polygon;

class VertexNudgerTest {
    /** A parent whose south-east edge is not axis-parallel, so points on it are rarely exact. */
    private static final Polygon PARENT = Fixtures.polygon(
            "POLYGON ((113.6 34.7, 113.63 34.71, 113.6 34.72, 113.6 34.7))");
    private static final IndexedPointInAreaLocator LOCATOR = new IndexedPointInAreaLocator(PARENT);

    /** The first double latitude below the edge at the given longitude, i.e. just outside. */
    private static Coordinate justOutside(double lon) {
        double lat = 34.7 + (lon - 113.6) / 3;
        while (LOCATOR.locate(new Coordinate(lon, lat)) != Location.EXTERIOR) {
            lat = Math.nextDown(lat);
        }
        return new Coordinate(lon, lat);
    }

    @Test
    void vertexRoundedOutsideIsPulledBackIn() {
        Coordinate outside = justOutside(113.617);
        Polygon child = SourceData.FACTORY.createPolygon(new Coordinate[] {
                new Coordinate(113.6, 34.7), outside, new Coordinate(113.6, 34.71), new Coordinate(113.6, 34.7)});
        assertFalse(PARENT.covers(child));

        Polygon nudged = VertexNudger.pullInside(child, LOCATOR, SourceData.FACTORY);

        assertTrue(PARENT.covers(nudged));
        assertTrue(nudged.isValid());
        Coordinate moved = nudged.getExteriorRing().getCoordinateN(1);
        assertTrue(Math.abs(moved.x - outside.x) <= 4 * Math.ulp(outside.x));
        assertTrue(Math.abs(moved.y - outside.y) <= 4 * Math.ulp(outside.y));
        assertEquals(outside, child.getExteriorRing().getCoordinateN(1), "the input must not be modified");
    }

    @Test
    void sameVertexMovesTheSameWayInEverySibling() {
        Coordinate outside = justOutside(113.621);
        Polygon west = SourceData.FACTORY.createPolygon(new Coordinate[] {
                new Coordinate(113.6, 34.7), outside, new Coordinate(113.61, 34.71), new Coordinate(113.6, 34.7)});
        Polygon east = SourceData.FACTORY.createPolygon(new Coordinate[] {
                outside, new Coordinate(113.63, 34.71), new Coordinate(113.61, 34.71), outside});
        Coordinate a = VertexNudger.pullInside(west, LOCATOR, SourceData.FACTORY).getExteriorRing().getCoordinateN(1);
        Coordinate b = VertexNudger.pullInside(east, LOCATOR, SourceData.FACTORY).getExteriorRing().getCoordinateN(0);
        assertEquals(a, b);
    }

    @Test
    void childAlreadyInsideIsReturnedAsIs() {
        Polygon child = Fixtures.polygon("POLYGON ((113.6 34.705, 113.61 34.71, 113.6 34.715, 113.6 34.705))");
        assertSame(child, VertexNudger.pullInside(child, LOCATOR, SourceData.FACTORY));
    }
}
