package cn.yiwang.bench;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;

import cn.yiwang.data.GridGenerator;
import cn.yiwang.data.GridLevel;
import cn.yiwang.data.GridRecord;
import cn.yiwang.grid.GridSummary;

/**
 * The city-scale hierarchy ({@link GridGenerator#city}, 47,188 micro grids), generated once per JVM,
 * and query points drawn like cases: a micro grid chosen uniformly (so the dense old city gets its
 * share), then a uniform point inside it.
 */
final class CityData {

    private static CityData instance;

    final Map<String, Geometry> micro = new TreeMap<>();
    final Map<String, Geometry> special = new TreeMap<>();
    final Map<String, Geometry> districts = new TreeMap<>();
    final Map<String, GridSummary> summaries = new TreeMap<>();

    private CityData() {
        for (GridRecord g : GridGenerator.city(GridGenerator.DEFAULT_SEED)) {
            summaries.put(g.code(), new GridSummary(g.code(), g.name(), g.level().key(), g.parentCode(), g.kind()));
            if (g.level() == GridLevel.MICRO) {
                micro.put(g.code(), g.geometry());
            } else if (g.level() == GridLevel.SPECIAL) {
                special.put(g.code(), g.geometry());
            } else if (g.level() == GridLevel.DISTRICT) {
                districts.put(g.code(), g.geometry());
            }
        }
    }

    static synchronized CityData get() {
        if (instance == null) {
            instance = new CityData();
        }
        return instance;
    }

    /** {@code n} case-like points: {@code [lons, lats]}, WGS84. */
    double[][] casePoints(int n, long seed) {
        List<Geometry> grids = List.copyOf(micro.values());
        GeometryFactory factory = new GeometryFactory();
        SplittableRandom random = new SplittableRandom(seed);
        double[] lons = new double[n];
        double[] lats = new double[n];
        for (int i = 0; i < n; i++) {
            Geometry g = grids.get(random.nextInt(grids.size()));
            Envelope env = g.getEnvelopeInternal();
            double lon;
            double lat;
            do {
                lon = env.getMinX() + random.nextDouble() * env.getWidth();
                lat = env.getMinY() + random.nextDouble() * env.getHeight();
            } while (!g.covers(factory.createPoint(new Coordinate(lon, lat))));
            lons[i] = lon;
            lats[i] = lat;
        }
        return new double[][] {lons, lats};
    }
}
