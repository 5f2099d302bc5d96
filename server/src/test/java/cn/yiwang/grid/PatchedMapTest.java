package cn.yiwang.grid;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

class PatchedMapTest {

    @Test
    void patchesOfPatchesReadLikeAMapEditedInPlace() {
        SplittableRandom random = new SplittableRandom(11);
        Map<String, Integer> base = new LinkedHashMap<>();
        for (int i = 0; i < 2000; i++) {
            base.put(String.format("%05d", i), i);
        }
        Map<String, Integer> expected = new HashMap<>(base);
        Map<String, Integer> patched = Map.copyOf(base);
        int copies = 0;
        for (int step = 0; step < 400; step++) {
            Map<String, Integer> changes = new HashMap<>();
            List<String> removals = new ArrayList<>();
            for (int k = 0; k < 1 + random.nextInt(30); k++) {
                String code = String.format("%05d", random.nextInt(2600)); // some codes are new
                if (random.nextInt(3) == 0) {
                    removals.add(code);
                } else {
                    changes.put(code, random.nextInt());
                }
            }
            Map<String, Integer> before = patched;
            Map<String, Integer> beforeCopy = new HashMap<>(before);
            patched = PatchedMap.of(patched, changes, removals);
            removals.stream().filter(c -> !changes.containsKey(c)).forEach(expected::remove);
            expected.putAll(changes);
            copies += patched instanceof PatchedMap ? 0 : 1;
            assertEquals(expected, patched, "step " + step);
            assertEquals(expected.size(), patched.size());
            assertEquals(expected.size(), patched.entrySet().size());
            Set<String> seen = new HashSet<>();
            patched.forEach((code, v) -> assertTrue(seen.add(code), "each code once: " + code));
            assertEquals(beforeCopy, before, "the map patched is left as it was");
            for (int i = 0; i < 50; i++) {
                String code = String.format("%05d", random.nextInt(2600));
                assertEquals(expected.get(code), patched.get(code), code);
                assertEquals(expected.containsKey(code), patched.containsKey(code), code);
            }
        }
        assertTrue(copies > 0, "past the patch limit the map is copied: " + copies);
    }

    @Test
    void untouchedEntriesComeFirstAndThePatchedMapIsReadOnly() {
        Map<String, Integer> base = new LinkedHashMap<>();
        base.put("a", 1);
        base.put("b", 2);
        base.put("c", 3);
        Map<String, Integer> patched = PatchedMap.of(base, Map.of("b", 20, "d", 4), List.of("c", "d"));
        assertInstanceOf(PatchedMap.class, patched);
        List<String> order = List.copyOf(patched.keySet());
        assertEquals("a", order.get(0), "the base's untouched entries first");
        assertEquals(Set.of("b", "d"), Set.copyOf(order.subList(1, 3)), "then the patched ones");
        assertEquals(Map.of("a", 1, "b", 20, "d", 4), patched);
        assertNull(patched.get("c"));
        assertFalse(patched.containsKey("c"));
        assertThrows(UnsupportedOperationException.class, () -> patched.put("e", 5));
        assertThrows(UnsupportedOperationException.class, () -> patched.entrySet().iterator().next().setValue(9));
        assertEquals(Map.of("a", 1, "b", 2, "c", 3), base);
    }
}
