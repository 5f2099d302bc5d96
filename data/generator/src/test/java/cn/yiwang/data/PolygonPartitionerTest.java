package cn.yiwang.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Polygon;

class PolygonPartitionerTest {
    private static final PolygonPartitioner PARTITIONER = new PolygonPartitioner(DensityField.ERQI, SourceData.FACTORY);

    /** A U open to the north, 3 km wide: two arms joined by a bottom bar. */
    private static final Polygon U_SHAPE = Fixtures.polygon(
            "POLYGON ((113.60 34.70, 113.63 34.70, 113.63 34.73, 113.62 34.73, 113.62 34.71, "
                    + "113.61 34.71, 113.61 34.73, 113.60 34.73, 113.60 34.70))");

    /** Turns a partition into records and runs the validator on it. */
    private static List<String> validate(Polygon parent, List<Polygon> children) {
        List<GridRecord> records = new ArrayList<>();
        records.add(new GridRecord("410103", "区", GridLevel.DISTRICT, null, parent, false, null));
        for (int i = 0; i < children.size(); i++) {
            records.add(new GridRecord(String.format("410103%03d", i + 1), "街道" + i, GridLevel.L1, "410103",
                    children.get(i), true, null));
        }
        return HierarchyValidator.validate(records);
    }

    @Test
    void childrenTileANonConvexParent() {
        List<Polygon> children = PARTITIONER.partition(U_SHAPE, 25, new SplittableRandom(1));
        assertEquals(25, children.size());
        assertEquals(List.of(), validate(U_SHAPE, children));
    }

    @Test
    void oneChildIsACopyOfTheParent() {
        Polygon only = PARTITIONER.partition(U_SHAPE, 1, new SplittableRandom(1)).get(0);
        assertTrue(only.equalsExact(U_SHAPE));
        assertNotSame(U_SHAPE, only);
    }

    @Test
    void sameRandomStateGivesSameChildren() {
        List<Polygon> a = PARTITIONER.partition(U_SHAPE, 9, new SplittableRandom(42));
        List<Polygon> b = PARTITIONER.partition(U_SHAPE, 9, new SplittableRandom(42));
        for (int i = 0; i < a.size(); i++) {
            assertTrue(a.get(i).equalsExact(b.get(i)));
        }
    }

    @Test
    void cellSplitByTheParentGivesItsStrayPieceToANeighbour() {
        // The first anchor sits in the gap of the U: its Voronoi cell covers the top of both
        // arms, so clipping cuts it in two. The smaller top goes to the neighbour below it.
        List<List<Coordinate>> anchors = List.of(
                List.of(new Coordinate(113.6152, 34.728)),
                List.of(new Coordinate(113.605, 34.705)),
                List.of(new Coordinate(113.625, 34.705)));
        List<Polygon> children = PARTITIONER.partitionAroundAnchors(U_SHAPE, anchors);
        assertEquals(3, children.size());
        assertEquals(List.of(), validate(U_SHAPE, children));
        double areaTop = children.get(0).getArea();
        assertTrue(areaTop > 0 && areaTop < U_SHAPE.getArea() / 3, "top cell area " + areaTop);
    }

    @Test
    void anchorsOfOneChildAreUnited() {
        List<List<Coordinate>> anchors = List.of(
                List.of(new Coordinate(113.605, 34.725), new Coordinate(113.605, 34.705)),
                List.of(new Coordinate(113.625, 34.725), new Coordinate(113.625, 34.705)));
        List<Polygon> children = PARTITIONER.partitionAroundAnchors(U_SHAPE, anchors);
        assertEquals(List.of(), validate(U_SHAPE, children));
        assertEquals(U_SHAPE.getArea() / 2, children.get(0).getArea(), 1e-12);
    }

    @Test
    void denseAreasGetSmallerChildren() {
        // A 10 km strip running south from the old city: cells near the core must be smaller.
        Polygon strip = Fixtures.polygon("POLYGON ((113.655 34.66, 113.675 34.66, 113.675 34.755, 113.655 34.755, 113.655 34.66))");
        PolygonPartitioner partitioner = new PolygonPartitioner(DensityField.CITY, SourceData.FACTORY);
        List<Polygon> children = new ArrayList<>(partitioner.partition(strip, 40, new SplittableRandom(3)));
        children.sort((a, b) -> Double.compare(b.getCentroid().getY(), a.getCentroid().getY()));
        double north = children.subList(0, 8).stream().mapToDouble(Polygon::getArea).average().orElseThrow();
        double south = children.subList(32, 40).stream().mapToDouble(Polygon::getArea).average().orElseThrow();
        assertTrue(south > 1.5 * north, "south " + south + " north " + north);
    }
}
