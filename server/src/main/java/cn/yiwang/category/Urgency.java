package cn.yiwang.category;

import java.util.Optional;

/** A category's default urgency: {@code normal}, {@code urgent} or {@code critical} (danger to life). */
public enum Urgency {
    NORMAL, URGENT, CRITICAL;

    public String key() {
        return Keyed.key(this);
    }

    public static Optional<Urgency> fromKey(String key) {
        return Keyed.fromKey(Urgency.class, key);
    }
}
