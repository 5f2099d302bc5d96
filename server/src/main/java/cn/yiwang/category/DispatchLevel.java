package cn.yiwang.category;

import java.util.Optional;

/**
 * The platform level a case is dispatched from, which decides the responsible department in the
 * responsibility list: {@code street} (level-1 grid, 街道平台) or {@code district} (区平台, also
 * used for city-level dispatch and the departments' own platforms, 委局平台).
 */
public enum DispatchLevel {
    STREET, DISTRICT;

    public String key() {
        return Keyed.key(this);
    }

    public static Optional<DispatchLevel> fromKey(String key) {
        return Keyed.fromKey(DispatchLevel.class, key);
    }

    /**
     * The dispatch level for a grid level key ({@code GridLevel.key()}): {@code district} →
     * DISTRICT; {@code l1}, {@code l2}, {@code l3}, {@code micro}, {@code special} → STREET (cases
     * below a street are dispatched by the street's platform).
     *
     * @throws IllegalArgumentException for another key
     */
    public static DispatchLevel forGridLevel(String gridLevelKey) {
        return switch (gridLevelKey) {
            case "district" -> DISTRICT;
            case "l1", "l2", "l3", "micro", "special" -> STREET;
            default -> throw new IllegalArgumentException("'" + gridLevelKey + "' is not a grid level key");
        };
    }
}
