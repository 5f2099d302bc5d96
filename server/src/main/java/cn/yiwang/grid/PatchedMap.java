package cn.yiwang.grid;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * An immutable map by code: a base map with a few entries replaced, added or removed, so that a
 * catalog patched with the 30 grids of a planner's commit shares the other 70,000 entries with the
 * catalog before it instead of copying them. Patches of patches are folded into one over the same
 * base; once more than a sixteenth of the base (at least {@value #MIN_MAX_PATCH} codes) is patched,
 * the map is copied into a plain one. Iteration: the
 * base's entries in its order (without the patched ones), then the patched ones. Values are never
 * null. Thread-safe when the base is not modified any more (the catalogs' maps are not).
 */
final class PatchedMap<V> extends AbstractMap<String, V> {

    static final int MIN_MAX_PATCH = 64;

    private final Map<String, V> base;
    private final Map<String, V> patch;
    /** Codes of the base that are gone (and not in {@link #patch}). */
    private final Set<String> removed;
    private final int size;

    private PatchedMap(Map<String, V> base, Map<String, V> patch, Set<String> removed, int size) {
        this.base = base;
        this.patch = patch;
        this.removed = removed;
        this.size = size;
    }

    /**
     * {@code map} with {@code changes} put and then every code of {@code removals} that is not in
     * {@code changes} removed; {@code map} itself is not modified and must not be afterwards.
     */
    static <V> Map<String, V> of(Map<String, V> map, Map<String, V> changes, Collection<String> removals) {
        Map<String, V> base = map;
        Map<String, V> patch = new HashMap<>();
        Set<String> removed = new HashSet<>();
        if (map instanceof PatchedMap<V> p) {
            base = p.base;
            patch.putAll(p.patch);
            removed.addAll(p.removed);
        }
        for (String code : removals) {
            if (!changes.containsKey(code)) {
                patch.remove(code);
                if (base.containsKey(code)) {
                    removed.add(code);
                }
            }
        }
        changes.forEach((code, v) -> {
            patch.put(code, v);
            removed.remove(code);
        });
        int added = 0;
        for (String code : patch.keySet()) {
            if (!base.containsKey(code)) {
                added++;
            }
        }
        PatchedMap<V> patched = new PatchedMap<>(base, Map.copyOf(patch), Set.copyOf(removed), base.size() - removed.size() + added);
        return patch.size() + removed.size() > Math.max(MIN_MAX_PATCH, base.size() / 16) ? Collections.unmodifiableMap(new LinkedHashMap<>(patched)) : patched;
    }

    @Override
    public V get(Object key) {
        V v = patch.get(key);
        if (v != null || removed.contains(key)) {
            return v;
        }
        return base.get(key);
    }

    @Override
    public boolean containsKey(Object key) {
        return get(key) != null;
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public Set<Entry<String, V>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public int size() {
                return size;
            }

            @Override
            public Iterator<Entry<String, V>> iterator() {
                Iterator<Entry<String, V>> fromBase = base.entrySet().iterator();
                Iterator<Entry<String, V>> fromPatch = patch.entrySet().iterator();
                return new Iterator<>() {
                    private Entry<String, V> next = advance();

                    private Entry<String, V> advance() {
                        while (fromBase.hasNext()) {
                            Entry<String, V> e = fromBase.next();
                            if (!patch.containsKey(e.getKey()) && !removed.contains(e.getKey())) {
                                return new SimpleImmutableEntry<>(e);
                            }
                        }
                        return fromPatch.hasNext() ? fromPatch.next() : null;
                    }

                    @Override
                    public boolean hasNext() {
                        return next != null;
                    }

                    @Override
                    public Entry<String, V> next() {
                        if (next == null) {
                            throw new NoSuchElementException();
                        }
                        Entry<String, V> e = next;
                        next = advance();
                        return e;
                    }
                };
            }
        };
    }
}
