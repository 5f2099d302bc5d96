package cn.yiwang.data;

import java.util.List;
import org.locationtech.jts.geom.Envelope;

/**
 * A smooth, made-up "how many grids per unit area" field over Zhengzhou, used to size the
 * generated grids: dense in the old city and the county seats, sparse in the countryside.
 *
 * <p>density(lon, lat) = 1 + Σ amplitude · exp(−(d / sigmaMeters)²), d the distance in metres
 * from each core (equirectangular approximation, fine at city scale). Inputs are EPSG:4326
 * degrees. The cores are approximate town centres, not survey data. Immutable and thread-safe.
 */
final class DensityField {
    static final double METERS_PER_DEGREE_LAT = 110_574.0;
    private static final double METERS_PER_DEGREE_LON_EQUATOR = 111_320.0;

    record Core(String label, double lon, double lat, double amplitude, double sigmaMeters) {
    }

    /** The field for {@link GridGenerator#erqi}: old city about 3× as dense as 侯寨/马寨. */
    static final DensityField ERQI = new DensityField(List.of(
            new Core("二七广场 (old city)", 113.665, 34.754, 3.0, 10_000),
            new Core("郑东新区 CBD", 113.730, 34.770, 2.0, 5_000),
            new Core("上街", 113.300, 34.805, 2.5, 3_000),
            new Core("荥阳", 113.383, 34.787, 2.5, 3_500),
            new Core("中牟", 113.976, 34.719, 2.5, 3_500),
            new Core("新郑", 113.740, 34.395, 2.5, 3_500),
            new Core("新密", 113.390, 34.530, 2.5, 3_500),
            new Core("登封", 113.050, 34.455, 2.5, 3_500),
            new Core("巩义", 112.985, 34.750, 2.5, 3_500)));

    /**
     * The field for {@link GridGenerator#city}: the same cores with a stronger contrast, so the
     * main urban districts get most of the city's grids, as they do in reality.
     */
    static final DensityField CITY = ERQI.withAmplitudesTimes(6);

    private final List<Core> cores;

    DensityField(List<Core> cores) {
        this.cores = List.copyOf(cores);
    }

    DensityField withAmplitudesTimes(double factor) {
        return new DensityField(cores.stream()
                .map(c -> new Core(c.label(), c.lon(), c.lat(), c.amplitude() * factor, c.sigmaMeters()))
                .toList());
    }

    double at(double lon, double lat) {
        double value = 1.0;
        for (Core c : cores) {
            double dx = (lon - c.lon()) * metersPerDegreeLon(c.lat());
            double dy = (lat - c.lat()) * METERS_PER_DEGREE_LAT;
            double q = (dx * dx + dy * dy) / (c.sigmaMeters() * c.sigmaMeters());
            value += c.amplitude() * Math.exp(-q);
        }
        return value;
    }

    /** An upper bound of {@link #at} over the envelope (each core at its closest point). */
    double upperBound(Envelope env) {
        double value = 1.0;
        for (Core c : cores) {
            double lon = Math.max(env.getMinX(), Math.min(env.getMaxX(), c.lon()));
            double lat = Math.max(env.getMinY(), Math.min(env.getMaxY(), c.lat()));
            double dx = (lon - c.lon()) * metersPerDegreeLon(c.lat());
            double dy = (lat - c.lat()) * METERS_PER_DEGREE_LAT;
            value += c.amplitude() * Math.exp(-(dx * dx + dy * dy) / (c.sigmaMeters() * c.sigmaMeters()));
        }
        return value;
    }

    static double metersPerDegreeLon(double lat) {
        return METERS_PER_DEGREE_LON_EQUATOR * Math.cos(Math.toRadians(lat));
    }

    /** Approximate area in square metres of a lon/lat geometry of city size. */
    static double areaSquareMeters(org.locationtech.jts.geom.Geometry g) {
        double lat = g.getEnvelopeInternal().centre().y;
        return g.getArea() * metersPerDegreeLon(lat) * METERS_PER_DEGREE_LAT;
    }
}
