package cn.yiwang.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.locationtech.jts.algorithm.locate.IndexedPointInAreaLocator;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.Location;

/**
 * A plausible patrol walk of a grid worker through their level-3 grid, as fixes a phone would send:
 * a lawnmower over the grid (east–west lanes {@code laneMeters} apart, lane stretches outside the grid
 * skipped by walking along the lane's inside part only), at about 1.2 m/s, one fix every
 * {@code everySeconds}, with Gaussian GPS noise (σ ≈ 4 m), stops of 3–8 minutes at some lane ends (a
 * door-to-door visit), 1 % fixes of poor accuracy (60–150 m) and 0.2 % wild fixes 300–800 m off.
 * Used by {@code ./yiwang simulate} and the analysis benchmark, so both feed the analysis the same
 * kind of day. Pure; deterministic for a seed; not thread-safe (one generator per thread).
 */
public final class PatrolWalkGenerator {

    /** One generated fix: epoch milliseconds, WGS84, accuracy radius in metres. */
    public record Fix(long timeMillis, double lon, double lat, double accuracyM) {
    }

    private static final double METERS_PER_DEGREE = 6_371_008.8 * Math.PI / 180;

    private final SplittableRandom random;
    private final double laneMeters;
    private final int everySeconds;

    public PatrolWalkGenerator(long seed, double laneMeters, int everySeconds) {
        this.random = new SplittableRandom(seed);
        this.laneMeters = laneMeters;
        this.everySeconds = everySeconds;
    }

    /** {@code count} fixes walking through {@code grid} (WGS84) from {@code startMillis}, looping over the lanes as needed. */
    public List<Fix> walk(Geometry grid, long startMillis, int count) {
        Envelope e = grid.getEnvelopeInternal();
        double lat0 = (e.getMinY() + e.getMaxY()) / 2;
        double mLon = METERS_PER_DEGREE * Math.cos(Math.toRadians(lat0));
        IndexedPointInAreaLocator inside = new IndexedPointInAreaLocator(grid);
        // Lane waypoints (lon, lat) of the inside part of each lane, alternating direction.
        List<double[]> waypoints = new ArrayList<>();
        double lanes = Math.max(1, Math.floor(e.getHeight() * METERS_PER_DEGREE / laneMeters));
        int probe = 40;
        for (int i = 0; i < lanes; i++) {
            double lat = e.getMinY() + (i + 0.5) * e.getHeight() / lanes;
            double first = Double.NaN;
            double last = Double.NaN;
            for (int k = 0; k <= probe; k++) {
                double lon = e.getMinX() + k * e.getWidth() / probe;
                if (inside.locate(new Coordinate(lon, lat)) != Location.EXTERIOR) {
                    first = Double.isNaN(first) ? lon : first;
                    last = lon;
                }
            }
            if (!Double.isNaN(first)) {
                boolean east = waypoints.size() / 2 % 2 == 0;
                waypoints.add(new double[] {east ? first : last, lat});
                waypoints.add(new double[] {east ? last : first, lat});
            }
        }
        if (waypoints.isEmpty()) {
            waypoints.add(new double[] {(e.getMinX() + e.getMaxX()) / 2, lat0});
            waypoints.add(new double[] {(e.getMinX() + e.getMaxX()) / 2, lat0});
        }
        List<Fix> out = new ArrayList<>(count);
        long t = startMillis;
        double x = waypoints.get(0)[0];
        double y = waypoints.get(0)[1];
        int target = 1 % waypoints.size();
        int stopLeft = 0;
        while (out.size() < count) {
            double speed = 1.0 + random.nextDouble() * 0.5;
            if (stopLeft > 0) {
                stopLeft--;
            } else {
                double step = speed * everySeconds;
                double[] w = waypoints.get(target);
                double dx = (w[0] - x) * mLon;
                double dy = (w[1] - y) * METERS_PER_DEGREE;
                double d = Math.hypot(dx, dy);
                if (d <= step) {
                    x = w[0];
                    y = w[1];
                    target = (target + 1) % waypoints.size();
                    if (random.nextDouble() < 0.15) {
                        stopLeft = (int) ((180 + random.nextInt(300)) / everySeconds);
                    }
                } else {
                    x += dx / d * step / mLon;
                    y += dy / d * step / METERS_PER_DEGREE;
                }
            }
            double accuracy = 3 + random.nextDouble() * 9;
            double nx = random.nextGaussian() * 4;
            double ny = random.nextGaussian() * 4;
            double roll = random.nextDouble();
            if (roll < 0.002) {
                double off = 300 + random.nextDouble() * 500;
                double a = random.nextDouble() * 2 * Math.PI;
                nx = off * Math.cos(a);
                ny = off * Math.sin(a);
            } else if (roll < 0.012) {
                accuracy = 60 + random.nextDouble() * 90;
                nx *= 5;
                ny *= 5;
            }
            out.add(new Fix(t, x + nx / mLon, y + ny / METERS_PER_DEGREE, Math.round(accuracy * 10) / 10.0));
            t += everySeconds * 1000L;
        }
        return out;
    }
}
