package cn.yiwang.patrol;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads the body of {@code POST /api/patrol/points}: {@code {"deviceId", "crs", "points": [{"deviceId",
 * "time", "lon", "lat", "speed" (m/s), "bearing", "altitude", "accuracy", "battery" (percent), "crs"}]}};
 * a point's own {@code deviceId} and {@code crs} win over the root's. A malformed point becomes a
 * draft carrying its error, so one bad point never spoils the others. Pure and stateless.
 */
public final class PatrolBatchReader {

    private PatrolBatchReader() {
    }

    /**
     * @throws IllegalArgumentException when {@code points} is missing or not an array
     */
    public static List<PatrolFixDraft> read(Map<String, Object> body) {
        if (!(body.get("points") instanceof List<?> points)) {
            throw new IllegalArgumentException("points: missing or not an array");
        }
        String rootDevice = body.get("deviceId") == null ? null : body.get("deviceId").toString();
        String rootCrs = body.get("crs") instanceof String s ? s : null;
        List<PatrolFixDraft> drafts = new ArrayList<>(points.size());
        for (Object o : points) {
            PatrolFixDraft d = new PatrolFixDraft();
            d.deviceId = rootDevice;
            d.crs = rootCrs;
            if (!(o instanceof Map<?, ?> p)) {
                d.fail("not an object");
                drafts.add(d);
                continue;
            }
            if (p.get("deviceId") != null) {
                d.deviceId = p.get("deviceId").toString();
            }
            if (p.get("crs") instanceof String crs) {
                d.crs = crs;
            }
            Object time = p.get("time") != null ? p.get("time") : p.get("timestamp");
            d.timestamp = time == null ? null : time.toString();
            d.hasLon = p.get("lon") != null;
            d.hasLat = p.get("lat") != null;
            d.lon = OsmAndRequestReader.jsonNumber(d, "lon", p.get("lon"), Double.NaN);
            d.lat = OsmAndRequestReader.jsonNumber(d, "lat", p.get("lat"), Double.NaN);
            d.speedMps = OsmAndRequestReader.jsonOptional(d, "speed", p.get("speed"));
            d.bearingDeg = OsmAndRequestReader.jsonOptional(d, "bearing", p.get("bearing"));
            d.altitudeM = OsmAndRequestReader.jsonOptional(d, "altitude", p.get("altitude"));
            d.accuracyM = OsmAndRequestReader.jsonOptional(d, "accuracy", p.get("accuracy"));
            d.batteryPct = OsmAndRequestReader.jsonOptional(d, "battery", p.get("battery"));
            drafts.add(d);
        }
        return drafts;
    }
}
