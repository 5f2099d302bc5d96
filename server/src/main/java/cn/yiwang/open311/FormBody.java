package cn.yiwang.open311;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.micronaut.core.annotation.Nullable;

/**
 * An {@code application/x-www-form-urlencoded} body (or query string) decoded as UTF-8 into
 * parameter → values, in the order given. Decoding never interprets anything beyond percent
 * escapes and {@code +}; immutable and thread-safe.
 */
public final class FormBody {

    private final Map<String, List<String>> values;

    private FormBody(Map<String, List<String>> values) {
        this.values = values;
    }

    /**
     * @throws IllegalArgumentException for a malformed percent escape; the message names the
     *                                  offending pair's position
     */
    public static FormBody parse(@Nullable String raw) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        if (raw != null && !raw.isEmpty()) {
            String[] pairs = raw.split("&", -1);
            for (int i = 0; i < pairs.length; i++) {
                String pair = pairs[i];
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                String name;
                String value;
                try {
                    name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                    value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("pair " + (i + 1) + " has a malformed percent escape");
                }
                out.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
            }
        }
        out.replaceAll((k, v) -> List.copyOf(v));
        return new FormBody(Collections.unmodifiableMap(out));
    }

    /** Every parameter name, in first-seen order. */
    public List<String> names() {
        return List.copyOf(values.keySet());
    }

    /** All values of a parameter (empty when absent). */
    public List<String> all(String name) {
        return values.getOrDefault(name, List.of());
    }

    /**
     * The one value of a parameter, or null when it is absent or empty (Open311: "a null parameter
     * should be treated as equivalent to a non-declared parameter").
     */
    public @Nullable String first(String name) {
        List<String> v = values.get(name);
        if (v == null || v.isEmpty() || v.get(0).isEmpty()) {
            return null;
        }
        return v.get(0);
    }

    public boolean repeated(String name) {
        return all(name).size() > 1;
    }
}
