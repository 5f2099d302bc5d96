package cn.yiwang.patrol.track;

import java.time.Instant;

import io.micronaut.core.annotation.Nullable;

/**
 * Writes a playback answer as compact JSON: the fixes as parallel arrays ({@code t} epoch seconds,
 * {@code lon}, {@code lat} WGS84 degrees, {@code accuracy} m, {@code speed} m/s, {@code null} where
 * unknown) rather than one object per fix, which keeps a worker-day of 2,880 fixes near 100 KB and
 * spares the serializer 14,400 objects. Strings are escaped per RFC 8259. Stateless.
 */
public final class TrackJsonWriter {

    private TrackJsonWriter() {
    }

    public static String write(TrackRepository.Worker worker, Instant from, Instant to, TrackRepository.Fixes f,
                               @Nullable TrackRepository.Grid grid) {
        StringBuilder sb = new StringBuilder(128 + f.count() * 48 + (grid == null ? 0 : grid.boundaryGeoJson().length()));
        sb.append("{\"worker\":{\"username\":");
        string(sb, worker.username());
        sb.append(",\"name\":");
        string(sb, worker.displayName());
        sb.append("},\"from\":\"").append(from).append("\",\"to\":\"").append(to).append("\",\"count\":").append(f.count());
        sb.append(",\"t\":[");
        for (int i = 0; i < f.count(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append(f.epochSeconds()[i]);
        }
        sb.append("],\"lon\":");
        doubles(sb, f.lon(), f.count());
        sb.append(",\"lat\":");
        doubles(sb, f.lat(), f.count());
        sb.append(",\"accuracy\":");
        floats(sb, f.accuracyM(), f.count());
        sb.append(",\"speed\":");
        floats(sb, f.speedMps(), f.count());
        sb.append(",\"grid\":");
        if (grid == null) {
            sb.append("null");
        } else {
            sb.append("{\"code\":");
            string(sb, grid.code());
            sb.append(",\"name\":");
            string(sb, grid.name());
            sb.append(",\"boundary\":").append(grid.boundaryGeoJson()).append('}');
        }
        return sb.append('}').toString();
    }

    private static void doubles(StringBuilder sb, double[] values, int n) {
        sb.append('[');
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                sb.append(',');
            }
            // 7 decimals are 1 cm; more digits are noise of the phone and of double formatting.
            sb.append(Math.round(values[i] * 1e7) / 1e7);
        }
        sb.append(']');
    }

    private static void floats(StringBuilder sb, float[] values, int n) {
        sb.append('[');
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                sb.append(',');
            }
            float v = values[i];
            if (Float.isNaN(v) || Float.isInfinite(v)) {
                sb.append("null");
            } else {
                sb.append(Math.round(v * 10) / 10.0);
            }
        }
        sb.append(']');
    }

    static void string(StringBuilder sb, @Nullable String s) {
        if (s == null) {
            sb.append("null");
            return;
        }
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20 || c == '\u2028' || c == '\u2029') {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }
}
