package cn.yiwang.patrol.analysis;

import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.CoordinateSequence;
import org.locationtech.jts.geom.CoordinateSequenceFilter;
import org.locationtech.jts.geom.Geometry;

/**
 * A local equirectangular projection around a reference point: x metres east, y metres north of it,
 * on a sphere of the mean Earth radius. Over a grid of a few kilometres the scale error is below
 * 0.05 % (it grows with the square of the latitude offset), far under GPS noise, and it costs two
 * multiplications per point, which is why the analysis uses it rather than UTM. Not for areas
 * spanning more than ~50 km or near the poles. Immutable; thread-safe.
 */
public final class LocalProjection {

    /** IUGG mean Earth radius, metres. */
    public static final double EARTH_RADIUS_METERS = 6_371_008.8;
    private static final double METERS_PER_DEGREE = EARTH_RADIUS_METERS * Math.PI / 180;

    private final double lon0;
    private final double lat0;
    private final double metersPerDegreeLon;

    public LocalProjection(double lon0, double lat0) {
        this.lon0 = lon0;
        this.lat0 = lat0;
        this.metersPerDegreeLon = METERS_PER_DEGREE * Math.cos(Math.toRadians(lat0));
    }

    public double x(double lon) {
        return (lon - lon0) * metersPerDegreeLon;
    }

    public double y(double lat) {
        return (lat - lat0) * METERS_PER_DEGREE;
    }

    public double lon(double x) {
        return lon0 + x / metersPerDegreeLon;
    }

    public double lat(double y) {
        return lat0 + y / METERS_PER_DEGREE;
    }

    /** A projected copy of a WGS84 geometry. */
    public Geometry project(Geometry wgs84) {
        Geometry g = wgs84.copy();
        g.apply(new Filter(true));
        g.setSRID(0);
        return g;
    }

    /** A WGS84 copy of a projected geometry. */
    public Geometry unproject(Geometry metric) {
        Geometry g = metric.copy();
        g.apply(new Filter(false));
        g.setSRID(4326);
        return g;
    }

    private final class Filter implements CoordinateSequenceFilter {
        private final boolean forward;

        Filter(boolean forward) {
            this.forward = forward;
        }

        @Override
        public void filter(CoordinateSequence seq, int i) {
            Coordinate c = seq.getCoordinate(i);
            seq.setOrdinate(i, 0, forward ? x(c.x) : lon(c.x));
            seq.setOrdinate(i, 1, forward ? y(c.y) : lat(c.y));
        }

        @Override
        public boolean isDone() {
            return false;
        }

        @Override
        public boolean isGeometryChanged() {
            return true;
        }
    }
}
