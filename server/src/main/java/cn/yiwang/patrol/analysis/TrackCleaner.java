package cn.yiwang.patrol.analysis;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Cleans a raw track (the rules are in this package's description): sorts the fixes by time, then
 * drops duplicates, fixes of poor accuracy, spikes and impossible speeds, logging each dropped fix
 * with its reason. Speeds are great-circle distance (haversine, mean Earth radius) over the time
 * between fixes. A fix of unknown accuracy is trusted. Pure; immutable; thread-safe.
 *
 * @param maxAccuracyMeters        a fix with a larger accuracy radius is dropped ({@code poor_accuracy})
 * @param maxSpeedMetersPerSecond  faster than this from the last kept fix is impossible on foot or by bicycle
 * @param jumpConfirmFixes         this many plausible fixes after an impossible leap make it a real relocation
 */
public record TrackCleaner(double maxAccuracyMeters, double maxSpeedMetersPerSecond, int jumpConfirmFixes) {

    /** Why a fix was dropped. */
    public enum Reason {
        /** a second fix at the same instant */
        DUPLICATE,
        /** accuracy radius above the limit */
        POOR_ACCURACY,
        /** an impossible leap away and straight back (A→B→A), or a lone fix before a confirmed relocation */
        SPIKE,
        /** reached from the last kept fix at an impossible speed, not confirmed by the fixes after it */
        TOO_FAST;

        public String key() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** A dropped fix and why. */
    public record Dropped(TrackPoint point, Reason reason, String detail) {
    }

    /**
     * The outcome: the kept fixes in time order, for each whether it follows an accepted relocation
     * (the leg before it was not travelled on foot and counts as a gap), and the dropped ones.
     */
    public record Cleaned(List<TrackPoint> kept, boolean[] afterJump, List<Dropped> dropped) {
    }

    public TrackCleaner {
        if (!(maxAccuracyMeters > 0) || !(maxSpeedMetersPerSecond > 0) || jumpConfirmFixes < 1) {
            throw new IllegalArgumentException("limits must be positive: accuracy " + maxAccuracyMeters + " m, speed "
                    + maxSpeedMetersPerSecond + " m/s, confirm " + jumpConfirmFixes);
        }
    }

    public Cleaned clean(List<TrackPoint> raw) {
        List<TrackPoint> sorted = new ArrayList<>(raw);
        sorted.sort(Comparator.comparingLong(TrackPoint::timeMillis));
        List<Dropped> dropped = new ArrayList<>();
        // First pass: duplicates and poor accuracy depend on the fix alone.
        List<TrackPoint> usable = new ArrayList<>(sorted.size());
        long lastTime = Long.MIN_VALUE;
        for (TrackPoint p : sorted) {
            if (p.timeMillis() == lastTime) {
                dropped.add(new Dropped(p, Reason.DUPLICATE, "a fix at this instant came first"));
                continue;
            }
            lastTime = p.timeMillis();
            if (p.accuracyM() > maxAccuracyMeters) {
                dropped.add(new Dropped(p, Reason.POOR_ACCURACY, String.format(java.util.Locale.ROOT,
                        "accuracy %.0f m > %.0f m", p.accuracyM(), maxAccuracyMeters)));
                continue;
            }
            usable.add(p);
        }
        List<TrackPoint> kept = new ArrayList<>(usable.size());
        List<Boolean> jumps = new ArrayList<>(usable.size());
        for (int i = 0; i < usable.size(); i++) {
            TrackPoint p = usable.get(i);
            if (kept.isEmpty()) {
                kept.add(p);
                jumps.add(false);
                continue;
            }
            TrackPoint a = kept.get(kept.size() - 1);
            double v = speed(a, p);
            if (v <= maxSpeedMetersPerSecond) {
                kept.add(p);
                jumps.add(false);
                continue;
            }
            String leap = String.format(java.util.Locale.ROOT, "%.0f m from the last kept fix in %.0f s (%.1f m/s > %.1f)",
                    distanceMeters(a, p), (p.timeMillis() - a.timeMillis()) / 1000.0, v, maxSpeedMetersPerSecond);
            TrackPoint next = i + 1 < usable.size() ? usable.get(i + 1) : null;
            if (next != null && speed(a, next) <= maxSpeedMetersPerSecond) {
                dropped.add(new Dropped(p, Reason.SPIKE, leap + " and back"));
            } else if (confirmed(usable, i)) {
                boolean lone = kept.size() == 1 || jumps.get(jumps.size() - 1);
                if (lone) {
                    // The fix before the leap has no plausible neighbour on either side: it was the outlier.
                    dropped.add(new Dropped(a, Reason.SPIKE, "a lone fix, " + leap.replace("the last kept fix", "the next ones")));
                    kept.remove(kept.size() - 1);
                    jumps.remove(jumps.size() - 1);
                    boolean hasBefore = !kept.isEmpty();
                    kept.add(p);
                    jumps.add(hasBefore);
                } else {
                    kept.add(p);
                    jumps.add(true);
                }
            } else {
                dropped.add(new Dropped(p, Reason.TOO_FAST, leap));
            }
        }
        boolean[] afterJump = new boolean[kept.size()];
        for (int i = 0; i < afterJump.length; i++) {
            afterJump[i] = jumps.get(i);
        }
        dropped.sort(Comparator.comparingLong(d -> d.point().timeMillis()));
        return new Cleaned(List.copyOf(kept), afterJump, List.copyOf(dropped));
    }

    /** Whether the fixes after {@code i} go on plausibly from it for {@link #jumpConfirmFixes} fixes. */
    private boolean confirmed(List<TrackPoint> usable, int i) {
        if (i + jumpConfirmFixes >= usable.size()) {
            return false;
        }
        for (int k = i; k < i + jumpConfirmFixes; k++) {
            if (speed(usable.get(k), usable.get(k + 1)) > maxSpeedMetersPerSecond) {
                return false;
            }
        }
        return true;
    }

    private static double speed(TrackPoint a, TrackPoint b) {
        double dt = (b.timeMillis() - a.timeMillis()) / 1000.0;
        double d = shortDistanceMeters(a, b);
        return dt <= 0 ? (d == 0 ? 0 : Double.POSITIVE_INFINITY) : d / dt;
    }

    /**
     * Distance in metres by the equirectangular approximation at the pair's mean latitude: within
     * 0.1 % of the great circle up to ~100 km (patrol legs are metres to a few kilometres), and without
     * the haversine's four trigonometric calls per pair, which dominated the cleaner's time.
     */
    public static double shortDistanceMeters(TrackPoint a, TrackPoint b) {
        double k = LocalProjection.EARTH_RADIUS_METERS * Math.PI / 180;
        double dx = (b.lon() - a.lon()) * Math.cos(Math.toRadians((a.lat() + b.lat()) / 2)) * k;
        double dy = (b.lat() - a.lat()) * k;
        return Math.sqrt(dx * dx + dy * dy);
    }

    /** Great-circle distance, metres (haversine on the mean Earth radius). */
    public static double distanceMeters(TrackPoint a, TrackPoint b) {
        return distanceMeters(a.lon(), a.lat(), b.lon(), b.lat());
    }

    public static double distanceMeters(double lon1, double lat1, double lon2, double lat2) {
        double p1 = Math.toRadians(lat1);
        double p2 = Math.toRadians(lat2);
        double dp = p2 - p1;
        double dl = Math.toRadians(lon2 - lon1);
        double h = Math.sin(dp / 2) * Math.sin(dp / 2) + Math.cos(p1) * Math.cos(p2) * Math.sin(dl / 2) * Math.sin(dl / 2);
        return 2 * LocalProjection.EARTH_RADIUS_METERS * Math.asin(Math.min(1, Math.sqrt(h)));
    }
}
