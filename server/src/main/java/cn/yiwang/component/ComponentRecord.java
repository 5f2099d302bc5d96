package cn.yiwang.component;

import java.util.List;

import io.micronaut.core.annotation.Nullable;

/**
 * One component read from an import file, checked; position in WGS84 (EPSG:4326).
 *
 * @param code     unique code, 1–64 letters, digits, {@code _ . : -}
 * @param aiAlarms alarm kinds ({@link AiAlarmKind#key()}), cameras only
 * @param source   where it came from in the file ({@code /features/3} or {@code row 4}), for reports
 */
public record ComponentRecord(String code, ComponentKind kind, @Nullable String name, ComponentStatus status,
                              List<String> aiAlarms, @Nullable String owner, double lon, double lat, String source) {

    public ComponentRecord {
        aiAlarms = List.copyOf(aiAlarms);
    }
}
