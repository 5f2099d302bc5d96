package cn.yiwang.patrol;

import java.time.Instant;
import java.util.Objects;

import io.micronaut.core.annotation.Nullable;

/**
 * One validated GPS fix of a device, in WGS84 (EPSG:4326) and SI units. Immutable.
 *
 * @param deviceId       the phone's identifier (Traccar Client's device id)
 * @param fixedAt        when the phone took the fix
 * @param lon            longitude, degrees, WGS84
 * @param lat            latitude, degrees, WGS84
 * @param speedMps       speed over ground, m/s; null when unknown
 * @param bearingDeg     course, degrees clockwise from north; null when unknown
 * @param altitudeM      altitude, metres; null when unknown
 * @param accuracyM      horizontal accuracy radius, metres; null when unknown
 * @param batteryPct     battery level, percent 0–100; null when unknown
 * @param source         {@code osmand}, {@code traccar_json}, {@code api}, {@code gpx}
 * @param attributesJson other fields the client sent, as a JSON object; null when none
 */
public record PatrolFix(String deviceId, Instant fixedAt, double lon, double lat, @Nullable Double speedMps,
                        @Nullable Double bearingDeg, @Nullable Double altitudeM, @Nullable Double accuracyM,
                        @Nullable Double batteryPct, String source, @Nullable String attributesJson) {

    public PatrolFix {
        Objects.requireNonNull(deviceId, "deviceId");
        Objects.requireNonNull(fixedAt, "fixedAt");
        Objects.requireNonNull(source, "source");
    }
}
