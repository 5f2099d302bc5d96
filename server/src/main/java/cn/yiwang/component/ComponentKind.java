package cn.yiwang.component;

import java.util.Locale;
import java.util.Optional;

/**
 * The kinds of city component, each its own map layer ({@link #layerId()}). {@link #key()} is the
 * stored and API spelling; imports also accept the Chinese name.
 */
public enum ComponentKind {
    CAMERA("摄像头", "SXT"),
    HYDRANT("消防栓", "XFS"),
    MANHOLE("井盖", "JG"),
    STREET_LIGHT("路灯", "LD"),
    EBIKE_CHARGER("电动车充电桩", "CDZ");

    /** Prefix of the component layer ids: {@code components-} + the key with '-' ({@code components-street-light}). */
    public static final String LAYER_PREFIX = "components-";

    private final String nameZh;
    private final String codePrefix;

    ComponentKind(String nameZh, String codePrefix) {
        this.nameZh = nameZh;
        this.codePrefix = codePrefix;
    }

    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    public String nameZh() {
        return nameZh;
    }

    /** Prefix of generated codes ({@code LD-…} for street lights). */
    public String codePrefix() {
        return codePrefix;
    }

    public String layerId() {
        return LAYER_PREFIX + key().replace('_', '-');
    }

    /** The kind named by its key ({@code street_light}) or Chinese name ({@code 路灯}). */
    public static Optional<ComponentKind> parse(String raw) {
        if (raw == null) {
            return Optional.empty();
        }
        String s = raw.strip();
        for (ComponentKind k : values()) {
            if (k.key().equalsIgnoreCase(s) || k.nameZh.equals(s)) {
                return Optional.of(k);
            }
        }
        return Optional.empty();
    }
}
