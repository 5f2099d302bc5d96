package cn.yiwang.patrol;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Map;

import cn.yiwang.geo.ChinaCoordinateTransformer;
import cn.yiwang.geo.CoordinateSystem;
import io.micronaut.core.annotation.Nullable;

/**
 * Turns a {@link PatrolFixDraft} into a {@link PatrolFix} or a reason to reject it: a device id, a
 * time between {@link #EARLIEST} and {@code now +} {@link #MAX_FUTURE}, finite coordinates in range,
 * a known {@code crs} (GCJ-02 and BD-09 are converted to WGS84; CGCS2000 is taken as WGS84). Optional
 * values that are negative where that means "unknown" (Traccar's {@code -1}) become null. Stateless
 * and thread-safe.
 */
public final class PatrolFixValidator {

    /** Nothing before 2000-01-01T00:00Z is a real fix of ours (a phone with a reset clock says 1970). */
    public static final Instant EARLIEST = Instant.parse("2000-01-01T00:00:00Z");
    /** Phones' clocks drift; more than this ahead of the server is a wrong clock, not a fix. */
    public static final Duration MAX_FUTURE = Duration.ofMinutes(10);
    /** Unix times below this are seconds, above it milliseconds (as Traccar decides). */
    private static final double SECONDS_LIMIT = Integer.MAX_VALUE;
    private static final DateTimeFormatter SPACED = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    /** A fix, or why not. Exactly one is non-null. */
    public record Result(@Nullable PatrolFix fix, @Nullable String reason) {
    }

    private PatrolFixValidator() {
    }

    /**
     * @param defaultCrs the crs of a draft that names none
     * @param source     the value of {@link PatrolFix#source()}
     * @param now        the server's time, for the future check
     */
    public static Result validate(PatrolFixDraft d, CoordinateSystem defaultCrs, String source, Instant now) {
        if (d.error != null) {
            return reject(d.error);
        }
        if (d.deviceId == null || d.deviceId.isBlank()) {
            return reject("id: the device id is missing");
        }
        if (d.timestamp == null || d.timestamp.isBlank()) {
            return reject("timestamp: missing");
        }
        Instant at;
        try {
            at = parseTime(d.timestamp.trim());
        } catch (IllegalArgumentException e) {
            return reject("timestamp: " + e.getMessage());
        }
        if (at.isBefore(EARLIEST)) {
            return reject("timestamp: " + at + " is before 2000-01-01 (the phone's clock is wrong)");
        }
        if (at.isAfter(now.plus(MAX_FUTURE))) {
            return reject("timestamp: " + at + " is more than 10 minutes after the server's time " + now.truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
        }
        if (!d.hasLat || !d.hasLon) {
            return reject(!d.hasLat ? "lat: missing" : "lon: missing");
        }
        if (!Double.isFinite(d.lat) || d.lat < -90 || d.lat > 90) {
            return reject("lat: " + d.lat + " is not a latitude in [-90, 90]");
        }
        if (!Double.isFinite(d.lon) || d.lon < -180 || d.lon > 180) {
            return reject("lon: " + d.lon + " is not a longitude in [-180, 180]");
        }
        CoordinateSystem crs = defaultCrs;
        if (d.crs != null && !d.crs.isBlank()) {
            try {
                crs = CoordinateSystem.parse(d.crs);
            } catch (IllegalArgumentException e) {
                return reject("crs: '" + d.crs + "' is not one of " + CoordinateSystem.ACCEPTED_VALUES);
            }
        }
        double lon = d.lon;
        double lat = d.lat;
        if (crs == CoordinateSystem.GCJ02 || crs == CoordinateSystem.BD09) {
            try {
                double[] wgs = ChinaCoordinateTransformer.toWgs84(crs, lon, lat);
                lon = wgs[0];
                lat = wgs[1];
            } catch (IllegalArgumentException e) {
                return reject("lon/lat: " + e.getMessage());
            }
        }
        for (Map.Entry<String, Double> e : Map.of("speed", nz(d.speedMps), "bearing", nz(d.bearingDeg),
                "altitude", nz(d.altitudeM), "accuracy", nz(d.accuracyM), "batt", nz(d.batteryPct)).entrySet()) {
            if (!Double.isFinite(e.getValue())) {
                return reject(e.getKey() + ": " + e.getValue() + " is not a finite number");
            }
        }
        String attributes = d.attributes.isEmpty() ? null : JsonText.object(d.attributes);
        return new Result(new PatrolFix(d.deviceId.trim(), at, lon, lat, unknownIfNegative(d.speedMps),
                unknownIfNegative(d.bearingDeg), d.altitudeM, unknownIfNegative(d.accuracyM),
                unknownIfNegative(d.batteryPct), source, attributes), null);
    }

    /**
     * A fix time as Traccar's OsmAnd decoder reads it: Unix seconds or milliseconds (decimals allowed),
     * ISO-8601 with or without offset, or {@code yyyy-MM-dd HH:mm:ss}; times without an offset are UTC.
     *
     * @throws IllegalArgumentException naming the value when it is none of these
     */
    public static Instant parseTime(String s) {
        if (!s.isEmpty() && (Character.isDigit(s.charAt(0)) || s.charAt(0) == '-') && s.indexOf('-', 1) < 0 && s.indexOf(':') < 0) {
            BigDecimal v;
            try {
                v = new BigDecimal(s);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + s + "' is not a time");
            }
            if (v.doubleValue() < SECONDS_LIMIT) {
                v = v.movePointRight(3);
            }
            if (v.abs().compareTo(BigDecimal.valueOf(4_102_444_800_000L)) > 0) {
                throw new IllegalArgumentException("'" + s + "' is too far from now to be a time");
            }
            return Instant.ofEpochMilli(v.longValue());
        }
        try {
            return OffsetDateTime.parse(s).toInstant();
        } catch (DateTimeParseException ignored) {
            // Not an offset date-time; try the zone-less forms below.
        }
        try {
            return LocalDateTime.parse(s).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException ignored) {
            // Not ISO local either.
        }
        try {
            return LocalDateTime.parse(s, SPACED).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("'" + s + "' is not Unix seconds or milliseconds, ISO-8601 or yyyy-MM-dd HH:mm:ss");
        }
    }

    private static double nz(@Nullable Double v) {
        return v == null ? 0 : v;
    }

    @Nullable
    private static Double unknownIfNegative(@Nullable Double v) {
        return v == null || v < 0 ? null : v;
    }

    private static Result reject(String reason) {
        return new Result(null, reason);
    }
}
