package cn.yiwang.patrol.analysis;

import java.util.ArrayList;
import java.util.List;

/**
 * Finds stops (停留): runs of consecutive fixes that all stay within {@code radiusMeters} of the run's
 * first fix for at least {@code minStopSeconds} (the stay-point rule). A run never spans a gap (no
 * fixes for longer than the idle threshold, or a relocation), because where the worker was in between
 * is unknown. Runs are maximal and do not overlap; the next search starts after a stop's last fix.
 * Distances are metres in the equirectangular approximation ({@link TrackCleaner#shortDistanceMeters}).
 * Pure; immutable; thread-safe.
 */
public record StopDetector(double radiusMeters, long minStopSeconds) {

    /** Fixes {@code first..last} (inclusive, indexes into the cleaned track) form a stop at their mean position. */
    public record Stop(int first, int last, long fromMillis, long toMillis, double lon, double lat) {

        public long seconds() {
            return (toMillis - fromMillis) / 1000;
        }
    }

    public StopDetector {
        if (!(radiusMeters > 0) || minStopSeconds <= 0) {
            throw new IllegalArgumentException("radius and minimum duration must be positive");
        }
    }

    /**
     * @param track     cleaned fixes in time order
     * @param gapBefore {@code gapBefore[k]}: the leg from fix k-1 to fix k is a gap
     */
    public List<Stop> find(List<TrackPoint> track, boolean[] gapBefore) {
        List<Stop> stops = new ArrayList<>();
        int n = track.size();
        int i = 0;
        while (i < n) {
            TrackPoint a = track.get(i);
            int j = i;
            while (j + 1 < n && !gapBefore[j + 1] && TrackCleaner.shortDistanceMeters(a, track.get(j + 1)) <= radiusMeters) {
                j++;
            }
            long span = track.get(j).timeMillis() - a.timeMillis();
            if (j > i && span >= minStopSeconds * 1000) {
                double lon = 0;
                double lat = 0;
                for (int k = i; k <= j; k++) {
                    lon += track.get(k).lon();
                    lat += track.get(k).lat();
                }
                int count = j - i + 1;
                stops.add(new Stop(i, j, a.timeMillis(), track.get(j).timeMillis(), lon / count, lat / count));
                i = j + 1;
            } else {
                i++;
            }
        }
        return stops;
    }
}
