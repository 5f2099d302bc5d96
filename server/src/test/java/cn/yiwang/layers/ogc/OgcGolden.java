package cn.yiwang.layers.ogc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import io.micronaut.json.JsonMapper;

/**
 * Whole-response checks against golden JSON files under {@code src/test/resources}. Both sides are
 * parsed and printed the same way (two-space indent, members in document order), so the comparison
 * is of content and member order, not whitespace, and a failure shows a readable line diff. Run with
 * {@code -Dyiwang.golden.update=true} to rewrite the golden files from the actual responses, then
 * review the diff.
 */
final class OgcGolden {

    private OgcGolden() {
    }

    static void assertMatches(String resource, String actualJson, JsonMapper json) throws IOException {
        String actual = pretty(json.readValue(actualJson, Object.class), json, "") + "\n";
        if (Boolean.getBoolean("yiwang.golden.update")) {
            Path file = Path.of("src/test/resources").resolve(resource);
            Files.createDirectories(file.getParent());
            Files.writeString(file, actual, StandardCharsets.UTF_8);
            return;
        }
        try (InputStream in = OgcGolden.class.getClassLoader().getResourceAsStream(resource)) {
            assertNotNull(in, "golden file " + resource + " (write it with -Dyiwang.golden.update=true)");
            Object expectedTree = json.readValue(new String(in.readAllBytes(), StandardCharsets.UTF_8), Object.class);
            assertEquals(pretty(expectedTree, json, "") + "\n", actual, "response differs from " + resource);
        }
    }

    private static String pretty(Object node, JsonMapper json, String indent) throws IOException {
        String inner = indent + "  ";
        if (node instanceof Map<?, ?> map) {
            if (map.isEmpty()) {
                return "{}";
            }
            StringBuilder b = new StringBuilder("{\n");
            Iterator<? extends Map.Entry<?, ?>> it = map.entrySet().iterator();
            while (it.hasNext()) {
                Map.Entry<?, ?> e = it.next();
                b.append(inner).append(json.writeValueAsString(String.valueOf(e.getKey()))).append(": ")
                        .append(pretty(e.getValue(), json, inner)).append(it.hasNext() ? ",\n" : "\n");
            }
            return b.append(indent).append('}').toString();
        }
        if (node instanceof List<?> list) {
            if (list.isEmpty()) {
                return "[]";
            }
            StringBuilder b = new StringBuilder("[\n");
            for (int i = 0; i < list.size(); i++) {
                b.append(inner).append(pretty(list.get(i), json, inner)).append(i < list.size() - 1 ? ",\n" : "\n");
            }
            return b.append(indent).append(']').toString();
        }
        return node == null ? "null" : json.writeValueAsString(node);
    }
}
