package cn.yiwang.layers.tiles;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Envelope;

class TileCacheTest {

    private static final String MICRO = "grids-micro";
    private static final double BUFFER = 64.0 / 4096;

    private static Tile tileOf(int size, int seed) {
        byte[] b = new byte[size];
        b[0] = (byte) seed;
        return Tile.of(b);
    }

    private static long entry(int size) {
        return size + TileCache.ENTRY_OVERHEAD_BYTES;
    }

    @Test
    void getReturnsWhatWasPutAndCountsHitsAndMisses() {
        TileCache cache = new TileCache(1_000_000);
        TileKey key = new TileKey(MICRO, 14, 13363, 6505);
        assertNull(cache.get(key));
        Tile t = tileOf(100, 1);
        assertTrue(cache.put(key, t, cache.generation(MICRO)));
        assertSame(t, cache.get(key));
        assertEquals(1, cache.hits());
        assertEquals(1, cache.misses());
        assertEquals(entry(100), cache.bytes());
    }

    @Test
    void leastRecentlyUsedTileIsEvictedWhenTheByteBoundIsExceeded() {
        TileCache cache = new TileCache(3 * entry(1000));
        for (int i = 0; i < 3; i++) {
            cache.put(new TileKey(MICRO, 14, i, 0), tileOf(1000, i), 0);
        }
        cache.put(new TileKey(MICRO, 14, 3, 0), tileOf(1000, 3), 0);
        assertFalse(cache.contains(new TileKey(MICRO, 14, 0, 0)));
        assertTrue(cache.contains(new TileKey(MICRO, 14, 3, 0)));
        assertEquals(3, cache.size());
        assertEquals(3 * entry(1000), cache.bytes());
        assertEquals(1, cache.evictions());
    }

    @Test
    void readingATileProtectsItFromEviction() {
        TileCache cache = new TileCache(3 * entry(1000));
        for (int i = 0; i < 3; i++) {
            cache.put(new TileKey(MICRO, 14, i, 0), tileOf(1000, i), 0);
        }
        cache.get(new TileKey(MICRO, 14, 0, 0));
        cache.put(new TileKey(MICRO, 14, 3, 0), tileOf(1000, 3), 0);
        assertTrue(cache.contains(new TileKey(MICRO, 14, 0, 0)));
        assertFalse(cache.contains(new TileKey(MICRO, 14, 1, 0)));
    }

    @Test
    void oneLargeTileEvictsAsManySmallOnesAsNeeded() {
        TileCache cache = new TileCache(10 * entry(100));
        for (int i = 0; i < 10; i++) {
            cache.put(new TileKey(MICRO, 14, i, 0), tileOf(100, i), 0);
        }
        cache.put(new TileKey(MICRO, 14, 99, 0), tileOf(500, 9), 0);
        assertTrue(cache.bytes() <= 10 * entry(100));
        assertTrue(cache.contains(new TileKey(MICRO, 14, 99, 0)));
        assertTrue(cache.contains(new TileKey(MICRO, 14, 9, 0)));
        assertFalse(cache.contains(new TileKey(MICRO, 14, 0, 0)));
    }

    @Test
    void replacingATileAccountsOnlyTheNewBytes() {
        TileCache cache = new TileCache(1_000_000);
        TileKey key = new TileKey(MICRO, 14, 1, 1);
        cache.put(key, tileOf(100, 1), 0);
        cache.put(key, tileOf(300, 2), 0);
        assertEquals(entry(300), cache.bytes());
        assertEquals(1, cache.size());
    }

    @Test
    void tileLargerThanTheWholeCacheIsNotCached() {
        TileCache cache = new TileCache(1000);
        assertFalse(cache.put(new TileKey(MICRO, 14, 1, 1), tileOf(2000, 1), 0));
        assertEquals(0, cache.size());
    }

    @Test
    void zeroCapacityCachesNothing() {
        TileCache cache = new TileCache(0);
        assertFalse(cache.put(new TileKey(MICRO, 14, 1, 1), Tile.EMPTY, 0));
        assertNull(cache.get(new TileKey(MICRO, 14, 1, 1)));
    }

    @Test
    void invalidationEvictsExactlyTheTilesTouchingTheChangeAtEveryZoom() {
        TileCache cache = new TileCache(100_000_000);
        // Every tile within ±3 of the point at zooms 10..17.
        Set<TileKey> all = new HashSet<>();
        for (int z = 10; z <= 17; z++) {
            int[] c = TileMath.tileAt(113.64, 34.72, z);
            for (int x = c[0] - 3; x <= c[0] + 3; x++) {
                for (int y = c[1] - 3; y <= c[1] + 3; y++) {
                    TileKey k = new TileKey(MICRO, z, x, y);
                    cache.put(k, tileOf(10, z), 0);
                    all.add(k);
                }
            }
        }
        Envelope changed = new Envelope(113.6395, 113.6412, 34.7191, 34.7203);
        int removed = cache.invalidate(MICRO, List.of(changed), BUFFER);
        int expected = 0;
        for (TileKey k : all) {
            boolean touched = grownBounds(k, BUFFER).intersects(changed);
            assertEquals(!touched, cache.contains(k), k + (touched ? " touches the change" : " is away from the change"));
            expected += touched ? 1 : 0;
        }
        assertEquals(expected, removed);
        assertTrue(expected >= 8, "at least one tile per zoom, got " + expected);
    }

    @Test
    void invalidationOfAWideChangeScansTheCacheWithTheSameResult() {
        TileCache cache = new TileCache(100_000_000);
        Set<TileKey> all = new HashSet<>();
        int z = 18;
        int[] c = TileMath.tileAt(113.64, 34.72, z);
        for (int x = c[0] - 40; x <= c[0] + 40; x += 4) {
            for (int y = c[1] - 40; y <= c[1] + 40; y += 4) {
                TileKey k = new TileKey(MICRO, z, x, y);
                cache.put(k, tileOf(10, 1), 0);
                all.add(k);
            }
        }
        // About 60 × 60 tiles at zoom 18: more than the cache holds, so it is scanned.
        Envelope changed = new Envelope(113.6, 113.64, 34.70, 34.72);
        cache.invalidate(MICRO, List.of(changed), BUFFER);
        for (TileKey k : all) {
            assertEquals(!grownBounds(k, BUFFER).intersects(changed), cache.contains(k), k.toString());
        }
    }

    @Test
    void invalidationLeavesOtherLayersAlone() {
        TileCache cache = new TileCache(1_000_000);
        TileKey micro = new TileKey(MICRO, 14, 13363, 6505);
        TileKey l3 = new TileKey("grids-l3", 14, 13363, 6505);
        cache.put(micro, tileOf(10, 1), 0);
        cache.put(l3, tileOf(10, 2), 0);
        cache.invalidate(MICRO, List.of(TileMath.bounds(14, 13363, 6505)), BUFFER);
        assertFalse(cache.contains(micro));
        assertTrue(cache.contains(l3));
    }

    @Test
    void wholeLayerInvalidationEvictsEveryTileOfTheLayerOnly() {
        TileCache cache = new TileCache(1_000_000);
        cache.put(new TileKey(MICRO, 14, 1, 1), tileOf(10, 1), 0);
        cache.put(new TileKey(MICRO, 3, 1, 1), tileOf(10, 1), 0);
        cache.put(new TileKey("buildings", 14, 1, 1), tileOf(10, 1), 0);
        assertEquals(2, cache.invalidateLayer(MICRO));
        assertEquals(1, cache.size());
        assertEquals(entry(10), cache.bytes());
    }

    @Test
    void tileGeneratedBeforeAnInvalidationOfItsLayerIsNotCached() {
        TileCache cache = new TileCache(1_000_000);
        TileKey key = new TileKey(MICRO, 14, 13363, 6505);
        long generation = cache.generation(MICRO);
        // The tile is being generated from the old rows while the change is published.
        cache.invalidate(MICRO, List.of(new Envelope(0, 1, 0, 1)), BUFFER);
        assertFalse(cache.put(key, tileOf(10, 1), generation));
        assertFalse(cache.contains(key));
        assertTrue(cache.put(key, tileOf(10, 1), cache.generation(MICRO)));
        assertTrue(cache.put(new TileKey("buildings", 1, 1, 1), tileOf(10, 1), cache.generation("buildings")),
                "other layers are unaffected");
    }

    /** The tile's lon/lat rectangle grown by {@code buffer} of a tile side, computed from the tile's corners. */
    private static Envelope grownBounds(TileKey k, double buffer) {
        return new Envelope(TileMath.lon(k.x() - buffer, k.z()), TileMath.lon(k.x() + 1 + buffer, k.z()),
                TileMath.lat(k.y() + 1 + buffer, k.z()), TileMath.lat(k.y() - buffer, k.z()));
    }
}
