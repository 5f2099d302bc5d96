package cn.yiwang.component;

import java.util.Locale;
import java.util.Optional;

/** The video-AI alarms a camera can raise; {@link #key()} is the stored spelling, imports also accept the Chinese name. */
public enum AiAlarmKind {
    STREET_VENDING("占道经营"),
    GARBAGE_OVERFLOW("垃圾满溢"),
    CROWD_GATHERING("人群聚集"),
    HIGH_ALTITUDE_THROWING("高空抛物"),
    FIRE_LANE_BLOCKED("消防通道占用"),
    FLYING_CABLE_CHARGING("飞线充电");

    private final String nameZh;

    AiAlarmKind(String nameZh) {
        this.nameZh = nameZh;
    }

    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    public String nameZh() {
        return nameZh;
    }

    public static Optional<AiAlarmKind> parse(String raw) {
        String s = raw == null ? "" : raw.strip();
        for (AiAlarmKind k : values()) {
            if (k.key().equalsIgnoreCase(s) || k.nameZh.equals(s)) {
                return Optional.of(k);
            }
        }
        return Optional.empty();
    }
}
