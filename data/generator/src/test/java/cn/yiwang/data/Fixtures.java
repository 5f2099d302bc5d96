package cn.yiwang.data;

import java.util.List;
import java.util.stream.Collectors;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.io.ParseException;
import org.locationtech.jts.io.WKTReader;

/** Shared test data: generated hierarchies are computed once per test JVM. */
final class Fixtures {
    private static List<GridRecord> erqi;
    private static List<GridRecord> city;
    private static long erqiMillis;
    private static long cityMillis;

    private Fixtures() {
    }

    static synchronized List<GridRecord> erqi() {
        if (erqi == null) {
            long start = System.nanoTime();
            erqi = GridGenerator.erqi(GridGenerator.DEFAULT_SEED);
            erqiMillis = (System.nanoTime() - start) / 1_000_000;
            System.out.println("GridGenerator.erqi(DEFAULT_SEED): " + erqi.size() + " grids in " + erqiMillis + " ms");
        }
        return erqi;
    }

    static synchronized List<GridRecord> city() {
        if (city == null) {
            long start = System.nanoTime();
            city = GridGenerator.city(GridGenerator.DEFAULT_SEED);
            cityMillis = (System.nanoTime() - start) / 1_000_000;
            System.out.println("GridGenerator.city(DEFAULT_SEED): " + city.size() + " grids in " + cityMillis + " ms");
        }
        return city;
    }

    static List<GridRecord> level(List<GridRecord> records, GridLevel level) {
        return records.stream().filter(r -> r.level() == level).collect(Collectors.toList());
    }

    static GridRecord byCode(List<GridRecord> records, String code) {
        return records.stream().filter(r -> r.code().equals(code)).findFirst()
                .orElseThrow(() -> new AssertionError("no grid " + code));
    }

    static Polygon polygon(String wkt) {
        try {
            Geometry g = new WKTReader(SourceData.FACTORY).read(wkt);
            return (Polygon) g;
        } catch (ParseException e) {
            throw new IllegalArgumentException(wkt, e);
        }
    }

    /** Area in hectares of a lon/lat polygon near Zhengzhou. */
    static double hectares(Polygon p) {
        return DensityField.areaSquareMeters(p) / 10_000;
    }
}
