package cn.yiwang.patrol.analysis;

/**
 * One raw fix as the analysis reads it: time in epoch milliseconds, WGS84 (EPSG:4326) degrees, the
 * phone's accuracy radius in metres ({@link Double#NaN} when unknown). Immutable.
 */
public record TrackPoint(long timeMillis, double lon, double lat, double accuracyM) {

    public TrackPoint {
        if (!Double.isFinite(lon) || !Double.isFinite(lat) || lon < -180 || lon > 180 || lat < -90 || lat > 90) {
            throw new IllegalArgumentException("not a WGS84 position: " + lon + ", " + lat);
        }
    }
}
