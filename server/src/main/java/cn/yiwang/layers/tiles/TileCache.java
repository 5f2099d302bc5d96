package cn.yiwang.layers.tiles;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.locationtech.jts.geom.Envelope;

/**
 * An in-memory cache of encoded tiles, bounded by the total size of what it holds (tile bytes plus
 * {@value #ENTRY_OVERHEAD_BYTES} bytes per entry for the key and bookkeeping) and evicting the
 * least recently used tile first. Empty tiles are cached too (they cost only the overhead).
 *
 * <p>Invalidation is precise: {@link #invalidate} removes, at every zoom, exactly the cached tiles of
 * a layer whose rectangle grown by the tile buffer touches one of the changed lon/lat envelopes
 * (see {@link TileMath#range}); tiles elsewhere and other layers stay.
 *
 * <p>A tile generated while its layer was being changed must not outlive the change: callers read
 * {@link #generation(String)} <em>before</em> querying the database and hand it to {@link #put};
 * a put whose generation is older than the layer's latest invalidation is dropped (the tile is
 * still served once, just not cached). Publish the invalidation after the database commit.
 *
 * <p>Thread-safe: every method locks the cache (a cached read is a hash lookup and a relink, well
 * under a microsecond). A capacity of 0 disables caching.
 */
public final class TileCache {

    /** Accounted per cached tile on top of its bytes: key, map entry, tile record, entity tag. */
    static final int ENTRY_OVERHEAD_BYTES = 160;
    /**
     * Above this many tiles per envelope and zoom, invalidation scans the cached tiles instead of
     * looking each candidate up (a district-wide change at zoom 22 spans millions of tiles).
     */
    private static final long MAX_LOOKUPS_PER_RANGE = 1024;

    private final long maxBytes;
    private final LinkedHashMap<TileKey, Tile> tiles = new LinkedHashMap<>(1024, 0.75f, true);
    private final Map<String, Long> generations = new HashMap<>();
    /** The scopes each layer has (had) cached tiles for, so invalidation can look up every scope's copy. */
    private final Map<String, Set<String>> scopesByLayer = new HashMap<>();
    private long bytes;
    private long hits;
    private long misses;
    private long evictions;

    /** @param maxBytes the most the cache may hold, in bytes; 0 disables it */
    public TileCache(long maxBytes) {
        if (maxBytes < 0) {
            throw new IllegalArgumentException("maxBytes must be >= 0, got " + maxBytes);
        }
        this.maxBytes = maxBytes;
    }

    /** The cached tile, or {@code null}; counts a hit or a miss. */
    public synchronized Tile get(TileKey key) {
        Tile t = tiles.get(key);
        if (t == null) {
            misses++;
        } else {
            hits++;
        }
        return t;
    }

    /** The layer's invalidation counter; read it before generating a tile, pass it to {@link #put}. */
    public synchronized long generation(String layerId) {
        return generations.getOrDefault(layerId, 0L);
    }

    /**
     * Caches a tile generated when the layer's generation was {@code generation}, evicting least
     * recently used tiles as needed.
     *
     * @return whether the tile was cached (not when the layer changed since, nor when the tile
     *         alone exceeds the capacity)
     */
    public synchronized boolean put(TileKey key, Tile tile, long generation) {
        long size = sizeOf(tile);
        if (size > maxBytes || generation != generation(key.layerId())) {
            return false;
        }
        scopesByLayer.computeIfAbsent(key.layerId(), l -> new TreeSet<>()).add(key.scope());
        Tile previous = tiles.put(key, tile);
        if (previous != null) {
            bytes -= sizeOf(previous);
        }
        bytes += size;
        Iterator<Tile> eldest = tiles.values().iterator();
        while (bytes > maxBytes) {
            bytes -= sizeOf(eldest.next());
            eldest.remove();
            evictions++;
        }
        return true;
    }

    /**
     * Removes every cached tile of {@code layerId}, at any zoom and in every scope, whose rectangle
     * grown by {@code bufferFraction} of a tile touches one of {@code lonLatEnvelopes} (EPSG:4326),
     * and makes tiles of the layer generated before this call uncacheable.
     *
     * @return how many tiles were removed
     */
    public synchronized int invalidate(String layerId, Collection<Envelope> lonLatEnvelopes, double bufferFraction) {
        bumpGeneration(layerId);
        if (tiles.isEmpty()) {
            return 0;
        }
        int removed = 0;
        List<List<TileRange>> scan = new ArrayList<>();
        for (int z = 0; z <= TileMath.MAX_ZOOM; z++) {
            scan.add(new ArrayList<>());
        }
        boolean anyScan = false;
        Set<String> scopes = scopesByLayer.getOrDefault(layerId, Set.of());
        for (Envelope envelope : lonLatEnvelopes) {
            if (envelope == null || envelope.isNull()) {
                continue;
            }
            for (int z = 0; z <= TileMath.MAX_ZOOM; z++) {
                TileRange range = TileMath.range(envelope, z, bufferFraction);
                if (range.count() * Math.max(1, scopes.size()) > Math.min(MAX_LOOKUPS_PER_RANGE, tiles.size())) {
                    scan.get(z).add(range);
                    anyScan = true;
                    continue;
                }
                for (int x = range.minX(); x <= range.maxX(); x++) {
                    for (int y = range.minY(); y <= range.maxY(); y++) {
                        for (String scope : scopes) {
                            Tile t = tiles.remove(new TileKey(layerId, scope, z, x, y));
                            if (t != null) {
                                bytes -= sizeOf(t);
                                removed++;
                            }
                        }
                    }
                }
            }
        }
        if (anyScan) {
            for (Iterator<Map.Entry<TileKey, Tile>> it = tiles.entrySet().iterator(); it.hasNext(); ) {
                Map.Entry<TileKey, Tile> e = it.next();
                TileKey k = e.getKey();
                if (k.layerId().equals(layerId) && k.z() <= TileMath.MAX_ZOOM && touches(scan.get(k.z()), k)) {
                    bytes -= sizeOf(e.getValue());
                    it.remove();
                    removed++;
                }
            }
        }
        return removed;
    }

    /** Removes every cached tile of a layer (after a bulk change) and makes older tiles uncacheable. */
    public synchronized int invalidateLayer(String layerId) {
        bumpGeneration(layerId);
        int removed = 0;
        for (Iterator<Map.Entry<TileKey, Tile>> it = tiles.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<TileKey, Tile> e = it.next();
            if (e.getKey().layerId().equals(layerId)) {
                bytes -= sizeOf(e.getValue());
                it.remove();
                removed++;
            }
        }
        return removed;
    }

    /** Whether the tile is cached, without counting a hit or changing its recency. */
    public synchronized boolean contains(TileKey key) {
        return tiles.containsKey(key);
    }

    public synchronized int size() {
        return tiles.size();
    }

    /** What the cache holds, in bytes (tile bytes plus per-entry overhead). */
    public synchronized long bytes() {
        return bytes;
    }

    public long maxBytes() {
        return maxBytes;
    }

    public synchronized long hits() {
        return hits;
    }

    public synchronized long misses() {
        return misses;
    }

    /** Tiles removed to make room (not counting invalidations). */
    public synchronized long evictions() {
        return evictions;
    }

    private void bumpGeneration(String layerId) {
        generations.merge(layerId, 1L, Long::sum);
    }

    private static boolean touches(List<TileRange> ranges, TileKey k) {
        for (TileRange r : ranges) {
            if (r.contains(k.z(), k.x(), k.y())) {
                return true;
            }
        }
        return false;
    }

    static long sizeOf(Tile tile) {
        return (long) tile.bytes().length + ENTRY_OVERHEAD_BYTES;
    }
}
