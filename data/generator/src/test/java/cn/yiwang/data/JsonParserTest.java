package cn.yiwang.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonParserTest {
    @Test
    void parsesNestedValuesInOrder() {
        Object v = JsonParser.parse(" {\"b\": [1, -2.5e1, true, null], \"a\": \"x\\u4e8c\\n\"} ");
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("b", Arrays.asList(1.0, -25.0, true, null));
        expected.put("a", "x二\n");
        assertEquals(expected, v);
        assertEquals(List.of("b", "a"), List.copyOf(((Map<?, ?>) v).keySet()));
    }

    @Test
    void quantizedCoordinatesAreExact() {
        assertEquals(116345 / 1024.0, ((List<?>) JsonParser.parse("[113.6181640625]")).get(0));
    }

    @Test
    void malformedInputIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> JsonParser.parse("{\"a\" 1}"));
        assertThrows(IllegalArgumentException.class, () -> JsonParser.parse("[1,]"));
        assertThrows(IllegalArgumentException.class, () -> JsonParser.parse("[1] x"));
    }
}
