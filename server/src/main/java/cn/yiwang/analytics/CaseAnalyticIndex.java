package cn.yiwang.analytics;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.locationtech.jts.algorithm.locate.IndexedPointInAreaLocator;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.Location;
import org.locationtech.jts.geom.prep.PreparedGeometry;
import org.locationtech.jts.geom.prep.PreparedGeometryFactory;

import io.micronaut.core.annotation.Nullable;

/**
 * An in-memory column store of the analysable cases (not 会商 task cases, not merged duplicates):
 * per case only what the analytics figures and filters read, in primitive arrays: lon/lat as
 * doubles (so a point-in-polygon test agrees with PostGIS on the same coordinates), reported,
 * closed and deadline times in epoch microseconds (PostgreSQL's precision), flags, and
 * dictionary ids of the category, status, channel, urgency, department, creator and of the grid
 * code routed at each level. About 90 bytes a case plus the id map.
 *
 * <p>Located cases are sorted by a uniform grid of {@link #CELL_DEGREES} cells over their extent, so a
 * polygon query visits only the cells its envelope touches: a cell the polygon covers contributes
 * all its cases without a point test, a cell it crosses tests each point (boundary included, as
 * {@code ST_Intersects}). Cases changed after the build are appended at the tail (the old slot is
 * marked dead) and tested one by one; {@link #needsCompaction()} says when a rebuild pays.
 *
 * <p>Figures follow {@link CaseAnalyticsRepository#figures}: due = deadline before {@code nowMicros},
 * deferred and on-time among those, handling time reported → closed. Not thread-safe: the owner
 * ({@link CaseAnalyticIndexService}) guards reads and writes with a read-write lock.
 */
final class CaseAnalyticIndex {

    /** Side of a partition cell in degrees (~390 m east-west, ~435 m north-south at 35°N). */
    static final double CELL_DEGREES = 1.0 / 256;

    private static final int LOCATED = 1;
    private static final int OVERDUE = 2;
    private static final int SANKUA = 4;
    private static final int DEFERRED = 8;
    private static final int HANDLED_ON_TIME = 16;
    private static final int DEAD = 32;
    /** Returned (回退) at least once. */
    private static final int RETURNED = 64;
    /** Re-opened at least once (the byte's sign bit: read flags with {@code &}, never by sign). */
    private static final int REOPENED = 128;
    /** Absent time. */
    static final long NONE = Long.MIN_VALUE;
    private static final GeometryFactory GEOMETRY = new GeometryFactory();

    /** One case as read from {@code case_record}; times in epoch microseconds, {@link #NONE} when null. */
    record Row(long id, @Nullable Double lon, @Nullable Double lat, long reportedMicros, long closedMicros, long deadlineMicros,
               long handledMicros, int deferredCount, @Nullable Integer satisfaction, boolean overdue, boolean sankua,
               @Nullable String category, @Nullable String status, @Nullable String channel, @Nullable String urgency,
               @Nullable String department, @Nullable String micro, @Nullable String l3, @Nullable String l2, @Nullable String l1,
               @Nullable String district, @Nullable String special, @Nullable String createdBy, String[] neighbours,
               boolean analysable, boolean returned, boolean reopened) {
    }

    /** Which clock a time range or a time group uses. */
    enum Clock {
        REPORTED, CLOSED
    }

    /** Columns a selection can match grid codes against (the routed codes of each level). */
    enum GridColumn {
        DISTRICT, L1, L2, L3, MICRO, SPECIAL
    }

    /**
     * The caller's scope as {@code CaseQuery.scope} states it in SQL: the routed micro grid code starts
     * with {@code prefix}, or the caller created the case, or (desk roles other than ops/admin) a
     * neighbouring grid code starts with it, or (ops/admin) the case has no micro grid.
     */
    record Scope(String prefix, String username, boolean nullGridVisible, boolean neighboursVisible) {
    }

    /**
     * A selection the index can answer. Null or empty members mean "any". {@code polygon} in lon/lat;
     * {@code grids} by column, OR-ed; times {@code [from, to)} in epoch microseconds.
     */
    record Query(Scope scope, @Nullable Geometry polygon, boolean noArea, @Nullable Map<GridColumn, Set<String>> grids,
                 Clock clock, long fromMicros, long toMicros, boolean closedOnly, @Nullable Set<String> categories,
                 @Nullable Set<String> statuses, @Nullable Set<String> channels, @Nullable Set<String> urgencies,
                 @Nullable Boolean overdue, @Nullable Boolean sankua) {
    }

    /** What figures are grouped by. */
    enum GroupKey {
        DISTRICT, L1, L2, L3, MICRO, CATEGORY, CHANNEL, URGENCY, STATUS, DAY, WEEK, MONTH, HOUR_OF_WEEKDAY
    }

    /** String ↔ small id. */
    private static final class Dictionary {
        final Map<String, Integer> ids = new HashMap<>();
        final List<String> values = new ArrayList<>();

        int id(@Nullable String value) {
            if (value == null) {
                return -1;
            }
            Integer id = ids.get(value);
            if (id == null) {
                id = values.size();
                ids.put(value, id);
                values.add(value);
            }
            return id;
        }

        @Nullable String value(int id) {
            return id < 0 ? null : values.get(id);
        }

        /** Ids of the given values that occur (unknown ones cannot match anything). */
        boolean[] mask(Collection<String> wanted) {
            boolean[] m = new boolean[values.size()];
            for (String w : wanted) {
                Integer id = ids.get(w);
                if (id != null) {
                    m[id] = true;
                }
            }
            return m;
        }
    }

    private final Dictionary categories = new Dictionary();
    private final Dictionary statuses = new Dictionary();
    private final Dictionary channels = new Dictionary();
    private final Dictionary urgencies = new Dictionary();
    private final Dictionary departments = new Dictionary();
    private final Dictionary users = new Dictionary();
    /** Grid codes of every level share one dictionary. */
    private final Dictionary grids = new Dictionary();

    private int size;
    private long[] ids = new long[0];
    private double[] lons = new double[0];
    private double[] lats = new double[0];
    private long[] reported = new long[0];
    private long[] closed = new long[0];
    private long[] deadline = new long[0];
    private byte[] flags = new byte[0];
    private byte[] satisfaction = new byte[0];
    private short[] category = new short[0];
    private short[] status = new short[0];
    private short[] channel = new short[0];
    private short[] urgency = new short[0];
    private short[] department = new short[0];
    private int[] creator = new int[0];
    private int[] micro = new int[0];
    private int[] l3 = new int[0];
    private int[] l2 = new int[0];
    private int[] l1 = new int[0];
    private int[] district = new int[0];
    private int[] special = new int[0];
    /** Neighbouring grid codes of the few cases that have them, by case id. */
    private final Map<Long, int[]> neighbours = new HashMap<>();
    private final LongIntMap slotOf = new LongIntMap();

    /** The partition: cells {@code nx × ny} from ({@code x0}, {@code y0}); slots {@code [cellStart[k], cellStart[k+1])}. */
    private double x0;
    private double y0;
    private int nx;
    private int ny;
    private int[] cellStart = {0};
    /** Slots from here on (unlocated cases, then later changes) are not in a cell: tested one by one. */
    private int tailStart;
    private int dead;

    /** Replaces everything with {@code rows} (analysable ones kept), sorted into cells. */
    void load(List<Row> rows) {
        List<Row> kept = new ArrayList<>(rows.size());
        double minX = Double.POSITIVE_INFINITY;
        double minY = Double.POSITIVE_INFINITY;
        double maxX = Double.NEGATIVE_INFINITY;
        double maxY = Double.NEGATIVE_INFINITY;
        for (Row r : rows) {
            if (!r.analysable()) {
                continue;
            }
            kept.add(r);
            if (located(r)) {
                minX = Math.min(minX, r.lon());
                minY = Math.min(minY, r.lat());
                maxX = Math.max(maxX, r.lon());
                maxY = Math.max(maxY, r.lat());
            }
        }
        if (minX > maxX) {
            minX = 0;
            minY = 0;
            maxX = 0;
            maxY = 0;
        }
        x0 = minX;
        y0 = minY;
        nx = Math.max(1, (int) Math.floor((maxX - minX) / CELL_DEGREES) + 1);
        ny = Math.max(1, (int) Math.floor((maxY - minY) / CELL_DEGREES) + 1);
        int cells = Math.multiplyExact(nx, ny);
        int[] counts = new int[cells + 1];
        int located = 0;
        for (Row r : kept) {
            if (located(r)) {
                counts[cellOf(r.lon(), r.lat()) + 1]++;
                located++;
            }
        }
        for (int k = 0; k < cells; k++) {
            counts[k + 1] += counts[k];
        }
        cellStart = counts.clone();
        int[] next = counts;
        int capacity = kept.size() + Math.max(1024, kept.size() / 16);
        allocate(capacity);
        slotOf.clear(capacity);
        neighbours.clear();
        int tail = located;
        for (Row r : kept) {
            int slot = located(r) ? next[cellOf(r.lon(), r.lat())]++ : tail++;
            write(slot, r);
        }
        size = kept.size();
        tailStart = located;
        dead = 0;
    }

    /** Replaces the case {@code row.id()} (or adds it; a no longer analysable one is removed). */
    void upsert(Row row) {
        remove(row.id());
        if (!row.analysable()) {
            return;
        }
        if (size == ids.length) {
            grow(Math.max(1024, size + size / 8));
        }
        write(size++, row);
    }

    /** Removes a case; unknown ids are ignored. */
    void remove(long id) {
        int slot = slotOf.get(id);
        if (slot >= 0) {
            flags[slot] |= DEAD;
            slotOf.remove(id);
            neighbours.remove(id);
            dead++;
        }
    }

    /** Whether enough cases sit outside the cells (changed since the build) that a rebuild pays. */
    boolean needsCompaction() {
        return size - tailStart > Math.max(50_000, tailStart / 10);
    }

    /** Every live case as a row again (for a rebuild). */
    List<Row> rows() {
        List<Row> out = new ArrayList<>(size - dead);
        for (int s = 0; s < size; s++) {
            if ((flags[s] & DEAD) == 0) {
                out.add(row(s));
            }
        }
        return out;
    }

    /** Live (analysable) cases. */
    int size() {
        return size - dead;
    }

    /** Approximate bytes held by the columns and the id map. */
    long bytes() {
        long perSlot = 8 + 16 + 24 + 2 + 10 + 28;
        return (long) ids.length * perSlot + slotOf.bytes() + 4L * cellStart.length + neighbours.size() * 64L;
    }

    // ------------------------------------------------------------------------------------ queries

    /** Receives matching slots. */
    @FunctionalInterface
    interface SlotVisitor {
        void visit(int slot);
    }

    /** Calls {@code visitor} with every slot matching {@code q}. */
    void forEach(Query q, SlotVisitor visitor) {
        Matcher m = new Matcher(q);
        if (q.polygon() == null) {
            for (int s = 0; s < size; s++) {
                if (m.attributes(s)) {
                    visitor.visit(s);
                }
            }
            return;
        }
        if (q.polygon().isEmpty()) {
            return;
        }
        IndexedPointInAreaLocator locator = new IndexedPointInAreaLocator(q.polygon());
        PreparedGeometry prepared = PreparedGeometryFactory.prepare(q.polygon());
        Envelope env = q.polygon().getEnvelopeInternal();
        int cx0 = Math.max(0, (int) Math.floor((env.getMinX() - x0) / CELL_DEGREES));
        int cy0 = Math.max(0, (int) Math.floor((env.getMinY() - y0) / CELL_DEGREES));
        int cx1 = Math.min(nx - 1, (int) Math.floor((env.getMaxX() - x0) / CELL_DEGREES));
        int cy1 = Math.min(ny - 1, (int) Math.floor((env.getMaxY() - y0) / CELL_DEGREES));
        Coordinate p = new Coordinate();
        for (int cy = cy0; cy <= cy1; cy++) {
            for (int cx = cx0; cx <= cx1; cx++) {
                int k = cy * nx + cx;
                int from = cellStart[k];
                int to = cellStart[k + 1];
                if (from == to) {
                    continue;
                }
                // A hair wider than the cell, so that rounding in cellOf can never leave a point outside it.
                Envelope cell = new Envelope(x0 + cx * CELL_DEGREES - 1e-9, x0 + (cx + 1) * CELL_DEGREES + 1e-9,
                        y0 + cy * CELL_DEGREES - 1e-9, y0 + (cy + 1) * CELL_DEGREES + 1e-9);
                boolean whole = prepared.covers(GEOMETRY.toGeometry(cell));
                for (int s = from; s < to; s++) {
                    if (m.attributes(s) && (whole || inside(locator, p, s))) {
                        visitor.visit(s);
                    }
                }
            }
        }
        for (int s = tailStart; s < size; s++) {
            if ((flags[s] & LOCATED) != 0 && env.contains(lons[s], lats[s]) && m.attributes(s) && inside(locator, p, s)) {
                visitor.visit(s);
            }
        }
    }

    private boolean inside(IndexedPointInAreaLocator locator, Coordinate p, int s) {
        p.x = lons[s];
        p.y = lats[s];
        return locator.locate(p) != Location.EXTERIOR;
    }

    /**
     * Figures of the selection: the total first (key null), then one per key in ascending order
     * (code-point order, as the database's C collation), a null key last.
     */
    List<CaseAnalyticsRepository.Figures> figures(Query q, @Nullable GroupKey by, long nowMicros, ZoneId zone) {
        Accumulator total = new Accumulator();
        Map<Object, Accumulator> groups = new HashMap<>();
        Accumulator[] byId = by != null && dictionaryGroup(by) ? new Accumulator[dictionarySize(by) + 1] : null;
        forEach(q, s -> {
            total.add(s, nowMicros);
            if (by == null) {
                return;
            }
            if (byId != null) {
                int id = dictionaryId(by, s) + 1;
                Accumulator a = byId[id];
                if (a == null) {
                    a = new Accumulator();
                    byId[id] = a;
                }
                a.add(s, nowMicros);
            } else {
                String key = timeKey(by, q.clock() == Clock.CLOSED ? closed[s] : reported[s], zone);
                groups.computeIfAbsent(key == null ? NullKey.INSTANCE : key, x -> new Accumulator()).add(s, nowMicros);
            }
        });
        List<CaseAnalyticsRepository.Figures> out = new ArrayList<>();
        out.add(total.figures(null));
        if (by == null) {
            return out;
        }
        List<CaseAnalyticsRepository.Figures> keyed = new ArrayList<>();
        CaseAnalyticsRepository.Figures nullGroup = null;
        if (byId != null) {
            for (int id = 0; id < byId.length; id++) {
                if (byId[id] != null) {
                    String key = dictionaryValue(by, id - 1);
                    if (key == null) {
                        nullGroup = byId[id].figures(null);
                    } else {
                        keyed.add(byId[id].figures(key));
                    }
                }
            }
        } else {
            for (Map.Entry<Object, Accumulator> e : groups.entrySet()) {
                if (e.getKey() == NullKey.INSTANCE) {
                    nullGroup = e.getValue().figures(null);
                } else {
                    keyed.add(e.getValue().figures((String) e.getKey()));
                }
            }
        }
        keyed.sort((a, b) -> a.key().compareTo(b.key()));
        out.addAll(keyed);
        if (nullGroup != null) {
            out.add(nullGroup);
        }
        return out;
    }

    /** Marks the null group key among string keys. */
    private enum NullKey {
        INSTANCE
    }

    /** Lon/lat of the located matching cases, as {lon…}, {lat…}. */
    double[][] points(Query q) {
        double[] lon = new double[1024];
        double[] lat = new double[1024];
        int[] n = {0};
        double[][] box = {lon, lat};
        forEach(q, s -> {
            if ((flags[s] & LOCATED) == 0) {
                return;
            }
            if (n[0] == box[0].length) {
                box[0] = Arrays.copyOf(box[0], n[0] * 2);
                box[1] = Arrays.copyOf(box[1], n[0] * 2);
            }
            box[0][n[0]] = lons[s];
            box[1][n[0]] = lats[s];
            n[0]++;
        });
        return new double[][] {Arrays.copyOf(box[0], n[0]), Arrays.copyOf(box[1], n[0])};
    }

    /** Ids of one page of the matching cases, newest report first (ties: larger id first). */
    long[] page(Query q, int limit, int offset) {
        int want = (int) Math.min(Integer.MAX_VALUE, (long) limit + offset);
        if (want == 0) {
            return new long[0];
        }
        // A bounded min-heap of (reported, id) keeps the newest `want` cases.
        long[] heapT = new long[want];
        long[] heapId = new long[want];
        int[] n = {0};
        forEach(q, s -> {
            long t = reported[s];
            long id = ids[s];
            if (n[0] < want) {
                int i = n[0]++;
                heapT[i] = t;
                heapId[i] = id;
                siftUp(heapT, heapId, i);
            } else if (newer(t, id, heapT[0], heapId[0])) {
                heapT[0] = t;
                heapId[0] = id;
                siftDown(heapT, heapId, n[0], 0);
            }
        });
        int count = n[0];
        Integer[] order = new Integer[count];
        for (int i = 0; i < count; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> newer(heapT[a], heapId[a], heapT[b], heapId[b]) ? -1 : (heapT[a] == heapT[b] && heapId[a] == heapId[b] ? 0 : 1));
        int from = Math.min(offset, count);
        long[] out = new long[count - from];
        for (int i = from; i < count; i++) {
            out[i - from] = heapId[order[i]];
        }
        return out;
    }

    private static boolean newer(long t, long id, long otherT, long otherId) {
        return t > otherT || (t == otherT && id > otherId);
    }

    private static void siftUp(long[] t, long[] id, int i) {
        while (i > 0) {
            int parent = (i - 1) / 2;
            if (!newer(t[parent], id[parent], t[i], id[i])) {
                break;
            }
            swap(t, id, i, parent);
            i = parent;
        }
    }

    private static void siftDown(long[] t, long[] id, int n, int i) {
        while (true) {
            int l = 2 * i + 1;
            int r = l + 1;
            int oldest = i;
            if (l < n && newer(t[oldest], id[oldest], t[l], id[l])) {
                oldest = l;
            }
            if (r < n && newer(t[oldest], id[oldest], t[r], id[r])) {
                oldest = r;
            }
            if (oldest == i) {
                return;
            }
            swap(t, id, i, oldest);
            i = oldest;
        }
    }

    private static void swap(long[] t, long[] id, int a, int b) {
        long x = t[a];
        t[a] = t[b];
        t[b] = x;
        x = id[a];
        id[a] = id[b];
        id[b] = x;
    }

    /** The attribute tests of one query, with its code lists turned into dictionary masks once. */
    private final class Matcher {
        final Query q;
        final boolean[] categoryMask;
        final boolean[] statusMask;
        final boolean[] channelMask;
        final boolean[] urgencyMask;
        final boolean[] inScope;
        final int user;
        final int[][] gridColumns;
        final boolean[][] gridMasks;

        Matcher(Query q) {
            this.q = q;
            categoryMask = q.categories() == null ? null : categories.mask(q.categories());
            statusMask = q.statuses() == null ? null : statuses.mask(q.statuses());
            channelMask = q.channels() == null ? null : channels.mask(q.channels());
            urgencyMask = q.urgencies() == null ? null : urgencies.mask(q.urgencies());
            inScope = new boolean[grids.values.size()];
            for (int i = 0; i < inScope.length; i++) {
                inScope[i] = grids.values.get(i).startsWith(q.scope().prefix());
            }
            Integer u = users.ids.get(q.scope().username());
            user = u == null ? -2 : u;
            if (q.grids() == null) {
                gridColumns = null;
                gridMasks = null;
            } else {
                gridColumns = new int[q.grids().size()][];
                gridMasks = new boolean[q.grids().size()][];
                int i = 0;
                for (Map.Entry<GridColumn, Set<String>> e : q.grids().entrySet()) {
                    gridColumns[i] = column(e.getKey());
                    gridMasks[i] = grids.mask(e.getValue());
                    i++;
                }
            }
        }

        boolean attributes(int s) {
            int f = flags[s];
            if ((f & DEAD) != 0) {
                return false;
            }
            if (q.overdue() != null && ((f & OVERDUE) != 0) != q.overdue()) {
                return false;
            }
            if (q.sankua() != null && ((f & SANKUA) != 0) != q.sankua()) {
                return false;
            }
            long t = q.clock() == Clock.CLOSED ? closed[s] : reported[s];
            if (q.closedOnly() && closed[s] == NONE) {
                return false;
            }
            if (q.fromMicros() != NONE && (t == NONE || t < q.fromMicros())) {
                return false;
            }
            if (q.toMicros() != NONE && (t == NONE || t >= q.toMicros())) {
                return false;
            }
            if (!has(categoryMask, category[s]) || !has(statusMask, status[s]) || !has(channelMask, channel[s])
                    || !has(urgencyMask, urgency[s])) {
                return false;
            }
            if (gridColumns != null && !inGrids(s)) {
                return false;
            }
            return inScope(s);
        }

        private boolean inGrids(int s) {
            for (int i = 0; i < gridColumns.length; i++) {
                int id = gridColumns[i][s];
                if (id >= 0 && id < gridMasks[i].length && gridMasks[i][id]) {
                    return true;
                }
            }
            return false;
        }

        private boolean inScope(int s) {
            int g = micro[s];
            if (g >= 0 ? inScope[g] : q.scope().nullGridVisible()) {
                return true;
            }
            if (creator[s] == user) {
                return true;
            }
            if (q.scope().neighboursVisible()) {
                int[] n = neighbours.get(ids[s]);
                if (n != null) {
                    for (int code : n) {
                        if (inScope[code]) {
                            return true;
                        }
                    }
                }
            }
            return false;
        }
    }

    /** A mask that is null matches everything; a value not in the dictionary (null) matches nothing. */
    private static boolean has(@Nullable boolean[] mask, short id) {
        return mask == null || (id >= 0 && id < mask.length && mask[id]);
    }

    /** The additive figures of a group. */
    private final class Accumulator {
        long count;
        long closedCount;
        long due;
        long deferred;
        long onTime;
        long closeSecondsWhole;
        long closeMicrosRest;
        long rated;
        long satisfied;
        long returned;
        long reopened;

        void add(int s, long nowMicros) {
            count++;
            int f = flags[s];
            if ((f & RETURNED) != 0) {
                returned++;
            }
            if ((f & REOPENED) != 0) {
                reopened++;
            }
            if (closed[s] != NONE) {
                closedCount++;
                long micros = closed[s] - reported[s];
                closeSecondsWhole += Math.floorDiv(micros, 1_000_000L);
                closeMicrosRest += Math.floorMod(micros, 1_000_000L);
            }
            if (deadline[s] != NONE && deadline[s] < nowMicros) {
                due++;
                if ((f & DEFERRED) != 0) {
                    deferred++;
                } else if ((f & HANDLED_ON_TIME) != 0) {
                    onTime++;
                }
            }
            if (satisfaction[s] != 0) {
                rated++;
                if (satisfaction[s] >= 4) {
                    satisfied++;
                }
            }
        }

        CaseAnalyticsRepository.Figures figures(@Nullable String key) {
            double seconds = closeSecondsWhole + Math.floorDiv(closeMicrosRest, 1_000_000L) + Math.floorMod(closeMicrosRest, 1_000_000L) / 1e6;
            return new CaseAnalyticsRepository.Figures(key, count, closedCount, due, deferred, onTime, seconds, rated, satisfied, returned,
                    reopened);
        }
    }

    // ----------------------------------------------------------------------------------- columns

    private static boolean dictionaryGroup(GroupKey by) {
        return switch (by) {
            case DAY, WEEK, MONTH, HOUR_OF_WEEKDAY -> false;
            default -> true;
        };
    }

    private int dictionarySize(GroupKey by) {
        return switch (by) {
            case CATEGORY -> categories.values.size();
            case CHANNEL -> channels.values.size();
            case URGENCY -> urgencies.values.size();
            case STATUS -> statuses.values.size();
            default -> grids.values.size();
        };
    }

    private int dictionaryId(GroupKey by, int s) {
        return switch (by) {
            case DISTRICT -> district[s];
            case L1 -> l1[s];
            case L2 -> l2[s];
            case L3 -> l3[s];
            case MICRO -> micro[s];
            case CATEGORY -> category[s];
            case CHANNEL -> channel[s];
            case URGENCY -> urgency[s];
            case STATUS -> status[s];
            default -> throw new IllegalArgumentException(by.name());
        };
    }

    private @Nullable String dictionaryValue(GroupKey by, int id) {
        return switch (by) {
            case CATEGORY -> categories.value(id);
            case CHANNEL -> channels.value(id);
            case URGENCY -> urgencies.value(id);
            case STATUS -> statuses.value(id);
            default -> grids.value(id);
        };
    }

    /** The keys of the SQL path: {@code to_char} of the local time as YYYY-MM-DD, the Monday, YYYY-MM, ID-HH24. */
    static @Nullable String timeKey(GroupKey by, long micros, ZoneId zone) {
        if (micros == NONE) {
            return null;
        }
        LocalDateTime t = LocalDateTime.ofInstant(Instant.EPOCH.plusSeconds(Math.floorDiv(micros, 1_000_000L))
                .plusNanos(Math.floorMod(micros, 1_000_000L) * 1000L), zone);
        LocalDate d = t.toLocalDate();
        return switch (by) {
            case DAY -> d.toString();
            case WEEK -> d.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)).toString();
            case MONTH -> String.format(Locale.ROOT, "%04d-%02d", d.getYear(), d.getMonthValue());
            case HOUR_OF_WEEKDAY -> d.getDayOfWeek().getValue() + "-" + String.format(Locale.ROOT, "%02d", t.getHour());
            default -> throw new IllegalArgumentException(by.name());
        };
    }

    private int[] column(GridColumn c) {
        return switch (c) {
            case DISTRICT -> district;
            case L1 -> l1;
            case L2 -> l2;
            case L3 -> l3;
            case MICRO -> micro;
            case SPECIAL -> special;
        };
    }

    private static boolean located(Row r) {
        return r.lon() != null && r.lat() != null;
    }

    private int cellOf(double lon, double lat) {
        int cx = Math.min(nx - 1, Math.max(0, (int) Math.floor((lon - x0) / CELL_DEGREES)));
        int cy = Math.min(ny - 1, Math.max(0, (int) Math.floor((lat - y0) / CELL_DEGREES)));
        return cy * nx + cx;
    }

    private void write(int s, Row r) {
        ids[s] = r.id();
        boolean located = located(r);
        lons[s] = located ? r.lon() : Double.NaN;
        lats[s] = located ? r.lat() : Double.NaN;
        reported[s] = r.reportedMicros();
        closed[s] = r.closedMicros();
        deadline[s] = r.deadlineMicros();
        int f = (located ? LOCATED : 0) | (r.overdue() ? OVERDUE : 0) | (r.sankua() ? SANKUA : 0) | (r.deferredCount() > 0 ? DEFERRED : 0)
                | (r.handledMicros() != NONE && r.deadlineMicros() != NONE && r.handledMicros() <= r.deadlineMicros() ? HANDLED_ON_TIME : 0)
                | (r.returned() ? RETURNED : 0) | (r.reopened() ? REOPENED : 0);
        flags[s] = (byte) f;
        satisfaction[s] = r.satisfaction() == null ? 0 : (byte) Math.max(-128, Math.min(127, r.satisfaction() == 0 ? -1 : r.satisfaction()));
        category[s] = small(categories.id(r.category()));
        status[s] = small(statuses.id(r.status()));
        channel[s] = small(channels.id(r.channel()));
        urgency[s] = small(urgencies.id(r.urgency()));
        department[s] = small(departments.id(r.department()));
        creator[s] = users.id(r.createdBy());
        micro[s] = grids.id(r.micro());
        l3[s] = grids.id(r.l3());
        l2[s] = grids.id(r.l2());
        l1[s] = grids.id(r.l1());
        district[s] = grids.id(r.district());
        special[s] = grids.id(r.special());
        if (r.neighbours().length > 0) {
            int[] n = new int[r.neighbours().length];
            for (int i = 0; i < n.length; i++) {
                n[i] = grids.id(r.neighbours()[i]);
            }
            neighbours.put(r.id(), n);
        }
        slotOf.put(r.id(), s);
    }

    private Row row(int s) {
        int[] n = neighbours.get(ids[s]);
        String[] codes = new String[n == null ? 0 : n.length];
        for (int i = 0; i < codes.length; i++) {
            codes[i] = grids.value(n[i]);
        }
        boolean located = (flags[s] & LOCATED) != 0;
        int f = flags[s];
        long handled = (f & HANDLED_ON_TIME) != 0 ? deadline[s] : NONE;
        return new Row(ids[s], located ? lons[s] : null, located ? lats[s] : null, reported[s], closed[s], deadline[s], handled,
                (f & DEFERRED) != 0 ? 1 : 0, satisfaction[s] == 0 ? null : (int) (satisfaction[s] == -1 ? 0 : satisfaction[s]),
                (f & OVERDUE) != 0, (f & SANKUA) != 0, categories.value(category[s]), statuses.value(status[s]), channels.value(channel[s]),
                urgencies.value(urgency[s]), departments.value(department[s]), grids.value(micro[s]), grids.value(l3[s]),
                grids.value(l2[s]), grids.value(l1[s]), grids.value(district[s]), grids.value(special[s]), users.value(creator[s]), codes, true,
                (f & RETURNED) != 0, (f & REOPENED) != 0);
    }

    private static short small(int id) {
        if (id > Short.MAX_VALUE) {
            throw new IllegalStateException("more than " + Short.MAX_VALUE + " distinct values in a small column");
        }
        return (short) id;
    }

    private void allocate(int capacity) {
        ids = new long[capacity];
        lons = new double[capacity];
        lats = new double[capacity];
        reported = new long[capacity];
        closed = new long[capacity];
        deadline = new long[capacity];
        flags = new byte[capacity];
        satisfaction = new byte[capacity];
        category = new short[capacity];
        status = new short[capacity];
        channel = new short[capacity];
        urgency = new short[capacity];
        department = new short[capacity];
        creator = new int[capacity];
        micro = new int[capacity];
        l3 = new int[capacity];
        l2 = new int[capacity];
        l1 = new int[capacity];
        district = new int[capacity];
        special = new int[capacity];
    }

    private void grow(int capacity) {
        ids = Arrays.copyOf(ids, capacity);
        lons = Arrays.copyOf(lons, capacity);
        lats = Arrays.copyOf(lats, capacity);
        reported = Arrays.copyOf(reported, capacity);
        closed = Arrays.copyOf(closed, capacity);
        deadline = Arrays.copyOf(deadline, capacity);
        flags = Arrays.copyOf(flags, capacity);
        satisfaction = Arrays.copyOf(satisfaction, capacity);
        category = Arrays.copyOf(category, capacity);
        status = Arrays.copyOf(status, capacity);
        channel = Arrays.copyOf(channel, capacity);
        urgency = Arrays.copyOf(urgency, capacity);
        department = Arrays.copyOf(department, capacity);
        creator = Arrays.copyOf(creator, capacity);
        micro = Arrays.copyOf(micro, capacity);
        l3 = Arrays.copyOf(l3, capacity);
        l2 = Arrays.copyOf(l2, capacity);
        l1 = Arrays.copyOf(l1, capacity);
        district = Arrays.copyOf(district, capacity);
        special = Arrays.copyOf(special, capacity);
    }

    /** An open-addressing map of case id → slot (no boxing: 12 bytes a slot at half load). */
    static final class LongIntMap {
        private static final long FREE = Long.MIN_VALUE;
        private static final long GONE = Long.MIN_VALUE + 1;
        private long[] keys = new long[16];
        private int[] values = new int[16];
        private int used;

        LongIntMap() {
            Arrays.fill(keys, FREE);
        }

        void clear(int expected) {
            int capacity = Integer.highestOneBit(Math.max(16, expected * 2 - 1)) << 1;
            keys = new long[capacity];
            values = new int[capacity];
            Arrays.fill(keys, FREE);
            used = 0;
        }

        int get(long key) {
            int mask = keys.length - 1;
            for (int i = mix(key) & mask; ; i = (i + 1) & mask) {
                long k = keys[i];
                if (k == key) {
                    return values[i];
                }
                if (k == FREE) {
                    return -1;
                }
            }
        }

        void put(long key, int value) {
            if ((used + 1) * 2 > keys.length) {
                rehash(keys.length * 2);
            }
            int mask = keys.length - 1;
            int firstGone = -1;
            for (int i = mix(key) & mask; ; i = (i + 1) & mask) {
                long k = keys[i];
                if (k == key) {
                    values[i] = value;
                    return;
                }
                if (k == GONE && firstGone < 0) {
                    firstGone = i;
                }
                if (k == FREE) {
                    int at = firstGone >= 0 ? firstGone : i;
                    if (firstGone < 0) {
                        used++;
                    }
                    keys[at] = key;
                    values[at] = value;
                    return;
                }
            }
        }

        void remove(long key) {
            int mask = keys.length - 1;
            for (int i = mix(key) & mask; ; i = (i + 1) & mask) {
                long k = keys[i];
                if (k == key) {
                    keys[i] = GONE;
                    return;
                }
                if (k == FREE) {
                    return;
                }
            }
        }

        long bytes() {
            return keys.length * 12L;
        }

        private void rehash(int capacity) {
            long[] oldKeys = keys;
            int[] oldValues = values;
            keys = new long[capacity];
            values = new int[capacity];
            Arrays.fill(keys, FREE);
            used = 0;
            for (int i = 0; i < oldKeys.length; i++) {
                if (oldKeys[i] != FREE && oldKeys[i] != GONE) {
                    put(oldKeys[i], oldValues[i]);
                }
            }
        }

        private static int mix(long key) {
            long h = key * 0x9E3779B97F4A7C15L;
            return (int) (h ^ (h >>> 32));
        }
    }
}
