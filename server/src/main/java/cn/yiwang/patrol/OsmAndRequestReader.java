package cn.yiwang.patrol;

import java.util.Locale;
import java.util.Map;

import io.micronaut.core.annotation.Nullable;

/**
 * Reads one fix from the OsmAnd protocol as Traccar Client sends it (and Traccar's own
 * {@code OsmAndProtocolDecoder} reads it): the query form ({@code id} or {@code deviceid},
 * {@code lat} + {@code lon} or {@code location=lat,lon}, {@code timestamp}, {@code speed} in knots,
 * {@code bearing} or {@code heading}, {@code altitude}, {@code accuracy}, {@code batt}; every other key is
 * kept as an attribute) and the JSON of Traccar Client 9+ ({@code device_id} and {@code location}
 * with {@code timestamp}, {@code coords}: latitude, longitude, speed in m/s, heading, accuracy,
 * altitude, {@code -1} = unknown; {@code is_moving}, {@code odometer}, {@code battery}: level 0–1 and
 * is_charging, {@code activity}). Our extension {@code crs} names the coordinate system. Pure and
 * stateless.
 */
public final class OsmAndRequestReader {

    /** One knot in m/s (1,852 m per hour). */
    public static final double METERS_PER_SECOND_PER_KNOT = 1852.0 / 3600.0;

    private OsmAndRequestReader() {
    }

    /** The query/form variant; {@code params} holds the first value of every key. */
    public static PatrolFixDraft readQuery(Map<String, String> params) {
        PatrolFixDraft d = new PatrolFixDraft();
        for (Map.Entry<String, String> e : params.entrySet()) {
            String key = e.getKey();
            String value = e.getValue();
            switch (key.toLowerCase(Locale.ROOT)) {
                case "id", "deviceid" -> d.deviceId = value;
                case "timestamp" -> d.timestamp = value;
                case "lat" -> {
                    d.hasLat = true;
                    d.lat = number(d, "lat", value);
                }
                case "lon" -> {
                    d.hasLon = true;
                    d.lon = number(d, "lon", value);
                }
                case "location" -> {
                    String[] parts = value.split(",");
                    if (parts.length != 2) {
                        d.fail("location: '" + value + "' is not lat,lon");
                    } else {
                        d.hasLat = true;
                        d.hasLon = true;
                        d.lat = number(d, "location", parts[0].trim());
                        d.lon = number(d, "location", parts[1].trim());
                    }
                }
                case "speed" -> d.speedMps = optional(d, "speed", value, METERS_PER_SECOND_PER_KNOT);
                case "bearing", "heading" -> d.bearingDeg = optional(d, key, value, 1);
                case "altitude" -> d.altitudeM = optional(d, "altitude", value, 1);
                case "accuracy" -> d.accuracyM = optional(d, "accuracy", value, 1);
                case "batt" -> d.batteryPct = optional(d, "batt", value, 1);
                case "crs" -> d.crs = value;
                default -> d.attributes.put(key, value);
            }
        }
        return d;
    }

    /** The JSON variant of Traccar Client 9+, as a parsed JSON object (maps, lists, numbers, strings). */
    public static PatrolFixDraft readJson(Map<String, Object> body) {
        PatrolFixDraft d = new PatrolFixDraft();
        Object id = body.get("device_id");
        d.deviceId = id == null ? null : id.toString();
        if (body.get("crs") instanceof String crs) {
            d.crs = crs;
        }
        if (!(body.get("location") instanceof Map<?, ?> location)) {
            d.fail("location: missing or not an object");
            return d;
        }
        Object ts = location.get("timestamp");
        d.timestamp = ts == null ? null : ts.toString();
        if (!(location.get("coords") instanceof Map<?, ?> coords)) {
            d.fail("location.coords: missing or not an object");
            return d;
        }
        d.hasLat = coords.containsKey("latitude");
        d.hasLon = coords.containsKey("longitude");
        d.lat = jsonNumber(d, "location.coords.latitude", coords.get("latitude"), Double.NaN);
        d.lon = jsonNumber(d, "location.coords.longitude", coords.get("longitude"), Double.NaN);
        d.speedMps = jsonOptional(d, "location.coords.speed", coords.get("speed"));
        d.bearingDeg = jsonOptional(d, "location.coords.heading", coords.get("heading"));
        d.accuracyM = jsonOptional(d, "location.coords.accuracy", coords.get("accuracy"));
        d.altitudeM = jsonOptional(d, "location.coords.altitude", coords.get("altitude"));
        if (location.get("battery") instanceof Map<?, ?> battery) {
            Double level = jsonOptional(d, "location.battery.level", battery.get("level"));
            d.batteryPct = level == null || level < 0 ? null : level * 100;
            if (battery.get("is_charging") != null) {
                d.attributes.put("charge", battery.get("is_charging"));
            }
        }
        if (location.get("is_moving") != null) {
            d.attributes.put("motion", location.get("is_moving"));
        }
        if (location.get("odometer") instanceof Number odometer) {
            d.attributes.put("odometer", odometer);
        }
        if (location.get("activity") instanceof Map<?, ?> activity && activity.get("type") != null) {
            d.attributes.put("activity", activity.get("type").toString());
        } else if (location.get("activity") instanceof String activity) {
            d.attributes.put("activity", activity);
        }
        if (location.get("event") instanceof String event) {
            d.attributes.put("event", event);
        }
        return d;
    }

    static double number(PatrolFixDraft d, String field, String value) {
        try {
            return Double.parseDouble(value.trim());
        } catch (NumberFormatException e) {
            d.fail(field + ": '" + value + "' is not a number");
            return Double.NaN;
        }
    }

    @Nullable
    private static Double optional(PatrolFixDraft d, String field, String value, double factor) {
        if (value == null || value.isBlank()) {
            return null;
        }
        double v = number(d, field, value);
        return v < 0 ? v : v * factor;
    }

    static double jsonNumber(PatrolFixDraft d, String field, @Nullable Object value, double missing) {
        if (value == null) {
            return missing;
        }
        if (value instanceof Number n) {
            return n.doubleValue();
        }
        if (value instanceof String s) {
            return number(d, field, s);
        }
        d.fail(field + ": " + value + " is not a number");
        return Double.NaN;
    }

    @Nullable
    static Double jsonOptional(PatrolFixDraft d, String field, @Nullable Object value) {
        return value == null ? null : jsonNumber(d, field, value, Double.NaN);
    }
}
