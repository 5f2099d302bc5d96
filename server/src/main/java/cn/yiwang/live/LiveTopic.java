package cn.yiwang.live;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/** The topics a stream can ask for with {@code topics=}; {@link #PATROL} is reserved for patrol positions (issue 7),
 * {@link #POPULATION} carries campaign status counts (issue 10, no personal data). */
public enum LiveTopic {
    CASES, GRIDS, INSTRUCTIONS, PATROL, POPULATION;

    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Every topic, for a stream without {@code topics=}. */
    public static Set<LiveTopic> all() {
        return EnumSet.allOf(LiveTopic.class);
    }

    public static LiveTopic fromKey(String key) {
        for (LiveTopic t : values()) {
            if (t.key().equals(key)) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown topic '" + key + "'");
    }
}
