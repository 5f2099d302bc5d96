package cn.yiwang.patrol.analysis;

import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.io.ParseException;
import org.locationtech.jts.io.WKTReader;

/**
 * Builders of synthetic tracks for the analysis tests: a local metric frame around (113.64 E, 34.72 N)
 * in Erqi, computed here independently of {@link LocalProjection} (mean Earth radius, cosine of the
 * origin's latitude), fixes at given local times of a fixed day.
 */
final class Tracks {

    static final double LON0 = 113.64;
    static final double LAT0 = 34.72;
    static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    static final LocalDate DAY = LocalDate.of(2026, 11, 20);
    private static final double M_PER_DEG_LAT = 6_371_008.8 * Math.PI / 180;
    private static final double M_PER_DEG_LON = M_PER_DEG_LAT * Math.cos(Math.toRadians(LAT0));

    private Tracks() {
    }

    static double lon(double xMeters) {
        return LON0 + xMeters / M_PER_DEG_LON;
    }

    static double lat(double yMeters) {
        return LAT0 + yMeters / M_PER_DEG_LAT;
    }

    static long millis(String localTime) {
        return DAY.atTime(LocalTime.parse(localTime)).atZone(ZONE).toInstant().toEpochMilli();
    }

    /** A fix at a local time, x/y metres from the origin, accuracy 5 m. */
    static TrackPoint at(String localTime, double x, double y) {
        return new TrackPoint(millis(localTime), lon(x), lat(y), 5);
    }

    static TrackPoint at(long millis, double x, double y, double accuracy) {
        return new TrackPoint(millis, lon(x), lat(y), accuracy);
    }

    /** A rectangle in metres as a WGS84 polygon. */
    static Geometry rect(double x0, double y0, double x1, double y1) {
        // Built from the same doubles as the fixes (no decimal round trip), so a fix on an edge is exactly on it.
        org.locationtech.jts.geom.GeometryFactory f = new org.locationtech.jts.geom.GeometryFactory();
        Geometry g = f.createPolygon(new org.locationtech.jts.geom.Coordinate[] {
            new org.locationtech.jts.geom.Coordinate(lon(x0), lat(y0)), new org.locationtech.jts.geom.Coordinate(lon(x1), lat(y0)),
            new org.locationtech.jts.geom.Coordinate(lon(x1), lat(y1)), new org.locationtech.jts.geom.Coordinate(lon(x0), lat(y1)),
            new org.locationtech.jts.geom.Coordinate(lon(x0), lat(y0))});
        g.setSRID(4326);
        return g;
    }

    static Geometry wkt(String text) {
        try {
            Geometry g = new WKTReader().read(text);
            g.setSRID(4326);
            return g;
        } catch (ParseException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /**
     * Walks through the waypoints (metres) at {@code speed} m/s with one fix every {@code everySeconds},
     * starting at {@code startMillis}; returns the fixes (the last waypoint included).
     */
    static List<TrackPoint> walk(long startMillis, double speed, int everySeconds, double[]... waypoints) {
        List<TrackPoint> out = new ArrayList<>();
        double step = speed * everySeconds;
        long t = startMillis;
        double carry = 0;
        out.add(at(t, waypoints[0][0], waypoints[0][1], 5));
        for (int i = 1; i < waypoints.length; i++) {
            double[] a = waypoints[i - 1];
            double[] b = waypoints[i];
            double len = Math.hypot(b[0] - a[0], b[1] - a[1]);
            double s = step - carry;
            while (s <= len + 1e-9) {
                t += everySeconds * 1000L;
                out.add(at(t, a[0] + (b[0] - a[0]) * s / len, a[1] + (b[1] - a[1]) * s / len, 5));
                s += step;
            }
            carry = len - (s - step);
        }
        return out;
    }
}
