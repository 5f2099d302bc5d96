package cn.yiwang.component;

import java.util.Locale;
import java.util.Optional;

/** The state of a component: {@link #key()} is the stored and API spelling; imports also accept the Chinese name. */
public enum ComponentStatus {
    NORMAL("正常"), FAULT("故障"), OFFLINE("离线"), MAINTENANCE("维修中");

    private final String nameZh;

    ComponentStatus(String nameZh) {
        this.nameZh = nameZh;
    }

    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    public String nameZh() {
        return nameZh;
    }

    public static Optional<ComponentStatus> parse(String raw) {
        if (raw == null) {
            return Optional.empty();
        }
        String s = raw.strip();
        for (ComponentStatus k : values()) {
            if (k.key().equalsIgnoreCase(s) || k.nameZh.equals(s)) {
                return Optional.of(k);
            }
        }
        return Optional.empty();
    }
}
