package cn.yiwang.data;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.Point;

/**
 * Numbers sibling grids the way GB/T 30428.1 numbers them: in rows from north to south, and from
 * west to east within a row.
 *
 * <p>Grids are placed by their centroids. The number of rows is chosen so that rows and columns
 * have about the same spacing on the ground (√(n·height/width), height and width of the
 * centroids' extent in metres); the centroids sorted north to south are cut into rows of equal
 * size (the first rows take the extra ones), and each row is sorted west to east. Inputs are
 * EPSG:4326. Stateless and thread-safe.
 */
final class ReadingOrder {
    private ReadingOrder() {
    }

    /** Returns the indices of {@code grids} in reading order. */
    static int[] order(List<? extends Geometry> grids) {
        int n = grids.size();
        double[] x = new double[n];
        double[] y = new double[n];
        Envelope extent = new Envelope();
        for (int i = 0; i < n; i++) {
            Point c = grids.get(i).getCentroid();
            x[i] = c.getX();
            y[i] = c.getY();
            extent.expandToInclude(x[i], y[i]);
        }
        double widthMeters = extent.getWidth() * DensityField.metersPerDegreeLon(extent.centre().y);
        double heightMeters = extent.getHeight() * DensityField.METERS_PER_DEGREE_LAT;
        int rows;
        if (widthMeters <= 0) {
            rows = n;
        } else {
            rows = (int) Math.round(Math.sqrt(n * heightMeters / widthMeters));
            rows = Math.max(1, Math.min(n, rows));
        }
        Integer[] byNorth = IntStream.range(0, n).boxed().toArray(Integer[]::new);
        Arrays.sort(byNorth, Comparator.<Integer>comparingDouble(i -> -y[i])
                .thenComparingDouble(i -> x[i]).thenComparingInt(i -> i));
        int[] result = new int[n];
        int start = 0;
        for (int r = 0; r < rows; r++) {
            int size = n / rows + (r < n % rows ? 1 : 0);
            Integer[] row = Arrays.copyOfRange(byNorth, start, start + size);
            Arrays.sort(row, Comparator.<Integer>comparingDouble(i -> x[i])
                    .thenComparingDouble(i -> -y[i]).thenComparingInt(i -> i));
            for (int k = 0; k < size; k++) {
                result[start + k] = row[k];
            }
            start += size;
        }
        return result;
    }
}
