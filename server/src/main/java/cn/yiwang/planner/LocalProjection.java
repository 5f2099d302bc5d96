package cn.yiwang.planner;

import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.CoordinateSequence;
import org.locationtech.jts.geom.CoordinateSequenceFilter;
import org.locationtech.jts.geom.Geometry;

/**
 * Metric measures of lon/lat (EPSG:4326) geometries at community scale: an equirectangular frame
 * centred on a reference latitude, spherical radius 6,371,008.8 m. Over a few kilometres the
 * area error is well under 0.5 %, enough for problem measures and tolerances; it is not a survey
 * projection. Immutable and thread-safe.
 */
public final class LocalProjection {

    static final double EARTH_RADIUS_METERS = 6_371_008.8;
    private static final double METERS_PER_DEGREE = EARTH_RADIUS_METERS * Math.PI / 180;

    private final double metersPerDegreeLon;

    /** A frame for geometries near {@code latitudeDegrees}. */
    public LocalProjection(double latitudeDegrees) {
        if (!Double.isFinite(latitudeDegrees) || Math.abs(latitudeDegrees) > 89) {
            throw new IllegalArgumentException("latitude " + latitudeDegrees + " is outside (-89, 89)");
        }
        this.metersPerDegreeLon = METERS_PER_DEGREE * Math.cos(Math.toRadians(latitudeDegrees));
    }

    /** A frame centred on the geometry's envelope. */
    public static LocalProjection around(Geometry g) {
        return new LocalProjection(g.getEnvelopeInternal().centre().y);
    }

    /** Area in square metres. */
    public double areaSqm(Geometry g) {
        return g.getArea() * metersPerDegreeLon * METERS_PER_DEGREE;
    }

    /** Length (of lines, or perimeter of areas) in metres. */
    public double lengthMeters(Geometry g) {
        return project(g).getLength();
    }

    /** Distance between two lon/lat coordinates in metres. */
    public double distanceMeters(Coordinate a, Coordinate b) {
        double dx = (a.x - b.x) * metersPerDegreeLon;
        double dy = (a.y - b.y) * METERS_PER_DEGREE;
        return Math.hypot(dx, dy);
    }

    /** The offset from {@code from} to {@code to} in metres, {east, north}. */
    public double[] offsetMeters(Coordinate from, Coordinate to) {
        return new double[] {(to.x - from.x) * metersPerDegreeLon, (to.y - from.y) * METERS_PER_DEGREE};
    }

    /**
     * A distance in metres as degrees: the smaller of its longitude and latitude extents, so a
     * tolerance never reaches farther than asked in either direction.
     */
    public double degrees(double meters) {
        return meters / Math.max(metersPerDegreeLon, METERS_PER_DEGREE);
    }

    /** A metric copy (x east, y north, metres from lon 0 / lat 0 scaled); lengths and angles are true locally. */
    public Geometry project(Geometry g) {
        Geometry copy = g.copy();
        copy.apply(new CoordinateSequenceFilter() {
            @Override
            public void filter(CoordinateSequence seq, int i) {
                seq.setOrdinate(i, 0, seq.getX(i) * metersPerDegreeLon);
                seq.setOrdinate(i, 1, seq.getY(i) * METERS_PER_DEGREE);
            }

            @Override
            public boolean isDone() {
                return false;
            }

            @Override
            public boolean isGeometryChanged() {
                return true;
            }
        });
        return copy;
    }
}
