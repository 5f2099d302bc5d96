package cn.yiwang.population;

import java.util.List;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

/**
 * A resident as one caller sees them: {@code masked} says whether name, phone and ID are the masked
 * forms (张*丰, 138****5678, 99**************3X) or the real ones (an audited, unmasked view).
 *
 * @param household building id, unit, floor and room, or null for a resident registered to a grid only
 */
@Serdeable
public record ResidentView(long id, String name, @Nullable String gender, @Nullable Integer birthYear, @Nullable String phone,
                           String idNumber, boolean masked, List<String> tags, String microCode, @Nullable String compound,
                           @Nullable Household household) {

    @Serdeable
    public record Household(long id, String buildingId, int unit, int floor, String room) {
    }
}
