package cn.yiwang.layers.cases;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.stream.IntStream;

import org.locationtech.jts.geom.Envelope;

/**
 * Every located case as a few bytes in memory, ordered along a Z-order (Morton) curve of Web
 * Mercator, so that the cases of any tile are one contiguous run found by binary search and a tile's
 * clusters are counted in one pass over that run.
 *
 * <p><b>Why in memory.</b> A z12 tile of the city's core holds ~170,000 of the 1,000,000 benchmark
 * cases. PostGIS needs ~160 ms (or more) just to read them for a plain {@code ST_AsMVT}; even an
 * index-only scan of a stored Morton key with the grouping columns included took ~300 ms on our two
 * shared cores, because every case of the tile is still read and grouped. Counting into a 16 × 16
 * array from primitive arrays takes a few milliseconds instead, and no per-cell counts need to be
 * maintained inside PostgreSQL (a trigger updating one counter row per zoom on every intake would
 * serialize concurrent intakes on the low-zoom rows). The price: ~34 bytes per case of heap
 * (34 MB for a million, plus the arrays' growth slack), a full load at start-up, and this
 * instance's copy is kept current only by the events published on this instance
 * ({@link CaseCellIndexService}).
 *
 * <p><b>Coordinates.</b> A case at lon/lat is at Web Mercator world units {@code (x, y)} in
 * {@code [0, 2^31)}, x east from −180°, y south from 85.0511°N (the XYZ tile scheme), so the tile
 * {@code z/tx/ty} is {@code x >> (31 − z) == tx}. The key interleaves the bits of x (even bits) and
 * y (odd bits); all cases of tile {@code z/tx/ty} have keys in
 * {@code [morton(tx, ty) << 2(31 − z), (morton(tx, ty) + 1) << 2(31 − z))}.
 *
 * <p><b>Updates.</b> A case's location never changes after intake (the case service refuses it),
 * so a change of status, urgency, overdue flag, grid or department rewrites the case's slot in
 * place. New cases go to a small unsorted "recent" list that tile queries scan linearly; when it
 * holds {@value #MERGE_THRESHOLD} cases it is sorted and merged into the ordered arrays.
 *
 * <p>Thread-safe: queries share a read lock, updates take the write lock.
 */
public final class CaseCellIndex {

    /** Bits per axis of the world coordinates. */
    public static final int WORLD_BITS = 31;
    static final int MERGE_THRESHOLD = 16_384;
    private static final double MAX_LATITUDE = 85.0511287798066;
    private static final int FLAG_OVERDUE = 1;
    private static final int FLAG_URGENT = 2;
    private static final int NO_CODE = -1;

    /**
     * One case as the index holds it (lon/lat EPSG:4326; grid and department may be null) at the
     * case's row {@code version}: an entry never replaces a newer one of the same case.
     */
    public record Entry(long id, double lon, double lat, CaseStatusGroup group, boolean overdue, boolean urgent,
                        String gridCode, String departmentCode, int version) {
    }

    /** The visible cases of one cluster cell. {@code x}, {@code y}: their mean position in tile units. */
    public record Cluster(int cellX, int cellY, int x, int y, int count, int[] byGroup, int overdue, int urgent) {

        /** The most frequent status group (ties: the earlier stage). */
        public CaseStatusGroup dominantGroup() {
            int best = 0;
            for (int g = 1; g < byGroup.length; g++) {
                if (byGroup[g] > byGroup[best]) {
                    best = g;
                }
            }
            return CaseStatusGroup.values()[best];
        }
    }

    private final ReadWriteLock lock = new ReentrantReadWriteLock();
    private final Dictionary grids = new Dictionary();
    private final Dictionary departments = new Dictionary();
    private Slots sorted = new Slots(0);
    private Slots recent = new Slots(64);
    /** Case id → its index in {@code recent} (guarded by the lock). */
    private final Map<Long, Integer> recentIndex = new HashMap<>();

    /** Replaces everything with {@code entries}. */
    public void load(List<Entry> entries) {
        Slots all = new Slots(entries.size());
        lock.writeLock().lock();
        try {
            for (Entry e : entries) {
                all.add(slotOf(e));
            }
            sorted = all.sortedByKey();
            recent = new Slots(64);
            recentIndex.clear();
        } finally {
            lock.writeLock().unlock();
        }
    }

    /**
     * Adds a case, or updates it when its id is already held at the same or an older version (its
     * location must not have changed); an entry older than the one held is ignored.
     */
    public void upsert(Entry e) {
        lock.writeLock().lock();
        try {
            Slot s = slotOf(e);
            int i = sorted.find(s.key, s.id);
            if (i >= 0) {
                if (sorted.versions[i] <= s.version) {
                    sorted.set(i, s);
                }
                return;
            }
            Integer j = recentIndex.get(s.id);
            if (j != null) {
                if (recent.versions[j] <= s.version) {
                    recent.set(j, s);
                }
                return;
            }
            recentIndex.put(s.id, recent.size);
            recent.add(s);
            if (recent.size >= MERGE_THRESHOLD) {
                sorted = Slots.merge(sorted, recent.sortedByKey());
                recent = new Slots(64);
                recentIndex.clear();
            }
        } finally {
            lock.writeLock().unlock();
        }
    }

    public int size() {
        lock.readLock().lock();
        try {
            return sorted.size + recent.size;
        } finally {
            lock.readLock().unlock();
        }
    }

    /**
     * How many cases {@code rule} sees in tile {@code z/tx/ty}, counting no further than
     * {@code stopAbove + 1}.
     */
    public int count(int z, int tx, int ty, CaseScopeRule rule, int stopAbove) {
        checkZoom(z);
        lock.readLock().lock();
        try {
            boolean[] visible = visibility(rule);
            long lo = morton(tx, ty) << (2 * (WORLD_BITS - z));
            long hi = (morton(tx, ty) + 1) << (2 * (WORLD_BITS - z));
            int n = 0;
            for (int i = sorted.lowerBound(lo); i < sorted.size && sorted.keys[i] < hi && n <= stopAbove; i++) {
                if (visible(sorted, i, rule, visible)) {
                    n++;
                }
            }
            for (int i = 0; i < recent.size && n <= stopAbove; i++) {
                if (recent.keys[i] >= lo && recent.keys[i] < hi && visible(recent, i, rule, visible)) {
                    n++;
                }
            }
            return n;
        } finally {
            lock.readLock().unlock();
        }
    }

    /**
     * The clusters of tile {@code z/tx/ty}: the tile cut into {@code 2^cellBits × 2^cellBits} cells,
     * one cluster per cell holding visible cases, in cell order (row-major from the top left).
     * Positions are in tile units of a tile {@code extent} wide.
     */
    public List<Cluster> clusters(int z, int tx, int ty, int cellBits, int extent, CaseScopeRule rule) {
        checkZoom(z);
        if (cellBits < 0 || z + cellBits > WORLD_BITS) {
            throw new IllegalArgumentException("cellBits " + cellBits + " out of range at zoom " + z);
        }
        int shift = WORLD_BITS - z;
        int cellShift = shift - cellBits;
        int side = 1 << cellBits;
        int groups = CaseStatusGroup.values().length;
        int[] count = new int[side * side];
        int[] byGroup = new int[side * side * groups];
        int[] overdue = new int[side * side];
        int[] urgent = new int[side * side];
        long[] sumX = new long[side * side];
        long[] sumY = new long[side * side];
        long x0 = (long) tx << shift;
        long y0 = (long) ty << shift;
        lock.readLock().lock();
        try {
            boolean[] visible = visibility(rule);
            long lo = morton(tx, ty) << (2 * shift);
            long hi = (morton(tx, ty) + 1) << (2 * shift);
            for (Slots s : List.of(sorted, recent)) {
                boolean ordered = s == sorted;
                for (int i = ordered ? s.lowerBound(lo) : 0; i < s.size; i++) {
                    long k = s.keys[i];
                    if (k >= hi) {
                        if (ordered) {
                            break;
                        }
                        continue;
                    }
                    if (k < lo || !visible(s, i, rule, visible)) {
                        continue;
                    }
                    long dx = s.xs[i] - x0;
                    long dy = s.ys[i] - y0;
                    int cell = (int) (dy >> cellShift) * side + (int) (dx >> cellShift);
                    count[cell]++;
                    byGroup[cell * groups + s.groups[i]]++;
                    if ((s.flags[i] & FLAG_OVERDUE) != 0) {
                        overdue[cell]++;
                    }
                    if ((s.flags[i] & FLAG_URGENT) != 0) {
                        urgent[cell]++;
                    }
                    sumX[cell] += dx;
                    sumY[cell] += dy;
                }
            }
        } finally {
            lock.readLock().unlock();
        }
        double unitsPerWorld = (double) extent / (1L << shift);
        List<Cluster> clusters = new ArrayList<>();
        for (int cell = 0; cell < count.length; cell++) {
            int n = count[cell];
            if (n == 0) {
                continue;
            }
            int x = (int) Math.min(extent - 1, Math.floor((double) sumX[cell] / n * unitsPerWorld));
            int y = (int) Math.min(extent - 1, Math.floor((double) sumY[cell] / n * unitsPerWorld));
            clusters.add(new Cluster(cell % side, cell / side, x, y, n,
                    Arrays.copyOfRange(byGroup, cell * groups, (cell + 1) * groups), overdue[cell], urgent[cell]));
        }
        return clusters;
    }

    /** The lon/lat bounding box of the cases {@code rule} sees; {@code null} when none. */
    public Envelope extent(CaseScopeRule rule) {
        long minX = Long.MAX_VALUE, minY = Long.MAX_VALUE, maxX = Long.MIN_VALUE, maxY = Long.MIN_VALUE;
        lock.readLock().lock();
        try {
            boolean[] visible = visibility(rule);
            for (Slots s : List.of(sorted, recent)) {
                for (int i = 0; i < s.size; i++) {
                    if (visible(s, i, rule, visible)) {
                        minX = Math.min(minX, s.xs[i]);
                        maxX = Math.max(maxX, s.xs[i]);
                        minY = Math.min(minY, s.ys[i]);
                        maxY = Math.max(maxY, s.ys[i]);
                    }
                }
            }
        } finally {
            lock.readLock().unlock();
        }
        if (minX == Long.MAX_VALUE) {
            return null;
        }
        return new Envelope(lon(minX), lon(maxX + 1), lat(maxY + 1), lat(minY));
    }

    /** World x of a longitude, clamped to {@code [0, 2^31)}. */
    public static int worldX(double lon) {
        double u = (lon + 180.0) / 360.0;
        return clampWorld(Math.floor(u * (1L << WORLD_BITS)));
    }

    /** World y of a latitude (south from the top), clamped to {@code [0, 2^31)}. */
    public static int worldY(double lat) {
        double phi = Math.toRadians(Math.max(-MAX_LATITUDE, Math.min(MAX_LATITUDE, lat)));
        double v = (1 - Math.log(Math.tan(Math.PI / 4 + phi / 2)) / Math.PI) / 2;
        return clampWorld(Math.floor(v * (1L << WORLD_BITS)));
    }

    static double lon(long worldX) {
        return (double) worldX / (1L << WORLD_BITS) * 360.0 - 180.0;
    }

    static double lat(long worldY) {
        double n = Math.PI - 2 * Math.PI * worldY / (1L << WORLD_BITS);
        return Math.toDegrees(Math.atan(Math.sinh(n)));
    }

    /** The Z-order key of {@code (x, y)}: the bits of x on even positions, of y on odd ones. */
    public static long morton(long x, long y) {
        return spread(x) | (spread(y) << 1);
    }

    private static long spread(long v) {
        v &= 0xFFFFFFFFL;
        v = (v | (v << 16)) & 0x0000FFFF0000FFFFL;
        v = (v | (v << 8)) & 0x00FF00FF00FF00FFL;
        v = (v | (v << 4)) & 0x0F0F0F0F0F0F0F0FL;
        v = (v | (v << 2)) & 0x3333333333333333L;
        v = (v | (v << 1)) & 0x5555555555555555L;
        return v;
    }

    private static int clampWorld(double v) {
        return (int) Math.max(0, Math.min((1L << WORLD_BITS) - 1, v));
    }

    private static void checkZoom(int z) {
        if (z < 0 || z > WORLD_BITS) {
            throw new IllegalArgumentException("zoom " + z + " out of range [0, " + WORLD_BITS + "]");
        }
    }

    private Slot slotOf(Entry e) {
        int x = worldX(e.lon());
        int y = worldY(e.lat());
        int flags = (e.overdue() ? FLAG_OVERDUE : 0) | (e.urgent() ? FLAG_URGENT : 0);
        return new Slot(morton(x, y), x, y, e.id(), (byte) e.group().ordinal(), (byte) flags,
                grids.index(e.gridCode()), departments.index(e.departmentCode()), e.version());
    }

    /** Per grid code of the dictionary, whether the rule's grid part admits it (read lock held). */
    private boolean[] visibility(CaseScopeRule rule) {
        return grids.matching(rule);
    }

    private boolean visible(Slots s, int i, CaseScopeRule rule, boolean[] gridVisible) {
        int g = s.gridCodes[i];
        boolean grid = g == NO_CODE ? rule.coversGrid(null) : gridVisible[g];
        if (!grid) {
            return false;
        }
        if (rule.kind() != CaseScopeRule.Kind.DEPARTMENT) {
            return true;
        }
        int d = s.departmentCodes[i];
        return d != NO_CODE && rule.departmentCode().equals(departments.code(d));
    }

    /** One case in primitive form. */
    private record Slot(long key, int x, int y, long id, byte group, byte flags, int gridCode, int departmentCode, int version) {
    }

    /** Codes ↔ small integers; grows only. Guarded by the index's lock. */
    private static final class Dictionary {
        private final List<String> codes = new ArrayList<>();
        private final Map<String, Integer> indexes = new HashMap<>();
        private final Map<String, boolean[]> matchingByKey = new HashMap<>();

        int index(String code) {
            if (code == null) {
                return NO_CODE;
            }
            return indexes.computeIfAbsent(code, c -> {
                codes.add(c);
                return codes.size() - 1;
            });
        }

        String code(int index) {
            return codes.get(index);
        }

        /** Which codes the rule covers; cached per rule until new codes arrive. */
        boolean[] matching(CaseScopeRule rule) {
            synchronized (matchingByKey) {
                boolean[] m = matchingByKey.get(rule.gridPrefix());
                if (m == null || m.length != codes.size()) {
                    m = new boolean[codes.size()];
                    for (int i = 0; i < m.length; i++) {
                        m[i] = codes.get(i).startsWith(rule.gridPrefix());
                    }
                    matchingByKey.put(rule.gridPrefix(), m);
                }
                return m;
            }
        }
    }

    /** Parallel primitive arrays of slots. */
    private static final class Slots {
        long[] keys;
        int[] xs;
        int[] ys;
        long[] ids;
        byte[] groups;
        byte[] flags;
        int[] gridCodes;
        int[] departmentCodes;
        int[] versions;
        int size;

        Slots(int capacity) {
            int c = Math.max(1, capacity);
            keys = new long[c];
            xs = new int[c];
            ys = new int[c];
            ids = new long[c];
            groups = new byte[c];
            flags = new byte[c];
            gridCodes = new int[c];
            departmentCodes = new int[c];
            versions = new int[c];
        }

        void add(Slot s) {
            if (size == keys.length) {
                int c = keys.length * 2;
                keys = Arrays.copyOf(keys, c);
                xs = Arrays.copyOf(xs, c);
                ys = Arrays.copyOf(ys, c);
                ids = Arrays.copyOf(ids, c);
                groups = Arrays.copyOf(groups, c);
                flags = Arrays.copyOf(flags, c);
                gridCodes = Arrays.copyOf(gridCodes, c);
                departmentCodes = Arrays.copyOf(departmentCodes, c);
                versions = Arrays.copyOf(versions, c);
            }
            set(size++, s);
        }

        void set(int i, Slot s) {
            keys[i] = s.key();
            xs[i] = s.x();
            ys[i] = s.y();
            ids[i] = s.id();
            groups[i] = s.group();
            flags[i] = s.flags();
            gridCodes[i] = s.gridCode();
            departmentCodes[i] = s.departmentCode();
            versions[i] = s.version();
        }

        Slot get(int i) {
            return new Slot(keys[i], xs[i], ys[i], ids[i], groups[i], flags[i], gridCodes[i], departmentCodes[i], versions[i]);
        }

        /** The first index whose key is ≥ {@code key} (only on a sorted instance). */
        int lowerBound(long key) {
            int lo = 0, hi = size;
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (keys[mid] < key) {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            return lo;
        }

        /** The index of the case {@code id} at {@code key} (sorted instance), or −1. */
        int find(long key, long id) {
            for (int i = lowerBound(key); i < size && keys[i] == key; i++) {
                if (ids[i] == id) {
                    return i;
                }
            }
            return -1;
        }

        /** A copy ordered by key, then id. */
        Slots sortedByKey() {
            Integer[] order = IntStream.range(0, size).boxed().toArray(Integer[]::new);
            Arrays.sort(order, Comparator.<Integer>comparingLong(i -> keys[i]).thenComparingLong(i -> ids[i]));
            Slots out = new Slots(size);
            for (int i : order) {
                out.add(get(i));
            }
            return out;
        }

        static Slots merge(Slots a, Slots b) {
            Slots out = new Slots(a.size + b.size);
            int i = 0, j = 0;
            while (i < a.size || j < b.size) {
                boolean takeA = j >= b.size || (i < a.size && (a.keys[i] < b.keys[j] || (a.keys[i] == b.keys[j] && a.ids[i] <= b.ids[j])));
                out.add(takeA ? a.get(i++) : b.get(j++));
            }
            return out;
        }
    }
}
