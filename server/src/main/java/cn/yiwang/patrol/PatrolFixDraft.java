package cn.yiwang.patrol;

import java.util.LinkedHashMap;
import java.util.Map;

import io.micronaut.core.annotation.Nullable;

/**
 * A fix as a client sent it, before validation: coordinates in {@code crs}, speed already in m/s,
 * any field possibly missing or malformed ({@code error} then says which, and the validator rejects
 * the point with that reason). Mutable; used by one thread.
 */
public final class PatrolFixDraft {

    @Nullable String deviceId;
    @Nullable String timestamp;
    double lon = Double.NaN;
    double lat = Double.NaN;
    boolean hasLon;
    boolean hasLat;
    @Nullable Double speedMps;
    @Nullable Double bearingDeg;
    @Nullable Double altitudeM;
    @Nullable Double accuracyM;
    @Nullable Double batteryPct;
    @Nullable String crs;
    /** The first malformed field, e.g. {@code speed: 'fast' is not a number}. */
    @Nullable String error;
    final Map<String, Object> attributes = new LinkedHashMap<>();

    /** Records the first malformed field only: it is the one the client must fix first. */
    void fail(String message) {
        if (error == null) {
            error = message;
        }
    }

    @Nullable
    public String deviceId() {
        return deviceId;
    }

    public void deviceId(@Nullable String id) {
        this.deviceId = id;
    }

    public void crs(@Nullable String crs) {
        this.crs = crs;
    }

    @Nullable
    public String crs() {
        return crs;
    }
}
