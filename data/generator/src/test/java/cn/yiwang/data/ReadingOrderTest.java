package cn.yiwang.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Polygon;

class ReadingOrderTest {
    /** A square cell of the given size in metres, lower-left corner at column/row offsets. */
    private static Polygon cell(int column, int rowFromSouth, double sizeMeters) {
        double dx = sizeMeters / DensityField.metersPerDegreeLon(34.7);
        double dy = sizeMeters / DensityField.METERS_PER_DEGREE_LAT;
        double x = 113.6 + column * dx;
        double y = 34.7 + rowFromSouth * dy;
        return Fixtures.polygon(String.format("POLYGON ((%.9f %.9f, %.9f %.9f, %.9f %.9f, %.9f %.9f, %.9f %.9f))",
                x, y, x + dx, y, x + dx, y + dy, x, y + dy, x, y));
    }

    private static void checkOrder(List<Polygon> grids, String[] labels, String[] expected) {
        int[] order = ReadingOrder.order(grids);
        String[] actual = new String[order.length];
        for (int k = 0; k < order.length; k++) {
            actual[k] = labels[order[k]];
        }
        assertArrayEquals(expected, actual);
    }

    @Test
    void threeByThreeIsReadRowByRowFromTheNorthWest() {
        // Given in a scrambled order; labels are row (a = north) and column (1 = west).
        List<Polygon> grids = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        int[][] cells = {{2, 0}, {0, 1}, {1, 2}, {0, 0}, {2, 2}, {1, 0}, {2, 1}, {0, 2}, {1, 1}};
        for (int[] c : cells) {
            grids.add(cell(c[0], c[1], 200));
            labels.add("" + (char) ('a' + (2 - c[1])) + (c[0] + 1));
        }
        checkOrder(grids, labels.toArray(new String[0]),
                new String[] {"a1", "a2", "a3", "b1", "b2", "b3", "c1", "c2", "c3"});
    }

    @Test
    void wideStripIsOneRowFromWestToEast() {
        List<Polygon> grids = List.of(cell(3, 0, 100), cell(0, 0, 100), cell(2, 0, 100), cell(1, 0, 100));
        checkOrder(grids, new String[] {"d", "a", "c", "b"}, new String[] {"a", "b", "c", "d"});
    }

    @Test
    void tallStripIsOneColumnFromNorthToSouth() {
        List<Polygon> grids = List.of(cell(0, 1, 100), cell(0, 3, 100), cell(0, 0, 100), cell(0, 2, 100));
        checkOrder(grids, new String[] {"c", "a", "d", "b"}, new String[] {"a", "b", "c", "d"});
    }

    @Test
    void singleGridIsNumberOne() {
        assertEquals(0, ReadingOrder.order(List.of(cell(0, 0, 100)))[0]);
    }
}
