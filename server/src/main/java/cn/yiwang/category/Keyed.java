package cn.yiwang.category;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** Lower-case keys of the taxonomy's enums, as data files and the API spell them. */
final class Keyed {

    private Keyed() {
    }

    static String key(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }

    static <E extends Enum<E>> Optional<E> fromKey(Class<E> type, Object key) {
        return Arrays.stream(type.getEnumConstants()).filter(e -> key(e).equals(key)).findFirst();
    }

    static <E extends Enum<E>> String keys(Class<E> type) {
        return Arrays.stream(type.getEnumConstants()).map(Keyed::key).collect(Collectors.joining(", "));
    }
}
