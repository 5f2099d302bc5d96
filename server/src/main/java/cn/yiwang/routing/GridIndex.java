package cn.yiwang.routing;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import org.locationtech.jts.algorithm.locate.IndexedPointInAreaLocator;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.Location;

import cn.yiwang.grid.GridLocator;

/**
 * The in-memory routing index: point → micro grid, for the whole city, without the database.
 *
 * <h2>Contract</h2>
 * <ul>
 *   <li><b>Input:</b> EPSG:4326 degrees, (lon, lat). Grids are polygons or multipolygons (holes
 *       allowed), keyed by code; micro grids get the int ids 0..n-1 in ascending code order.</li>
 *   <li><b>Covers:</b> a micro grid is found when it covers the point (interior or boundary), with
 *       JTS's robust predicate: the same answer as {@code PreparedGeometry.covers}. Where several
 *       cover the point (a shared edge or vertex, or a sliver of overlap) the smallest code wins,
 *       so the answer is deterministic and the same on every server
 *       ({@code IndexedGridLocator}'s semantics; tests compare the two).</li>
 *   <li><b>Snapping:</b> a point covered by no micro grid goes to the nearest one within
 *       {@code snapMeters}, distance measured in a local equirectangular frame (ties: smaller
 *       code). Unlike {@code IndexedGridLocator}, which measures to the nearest point in degrees,
 *       this is the true minimum of that metric distance, so it can be a few percent shorter.</li>
 *   <li><b>Special grids</b> overlay the micro grids; every one covering the point is reported.</li>
 *   <li><b>Cost:</b> {@link #locate(double, double)} is a few array reads for most points and an
 *       exact edge test against a handful of edges near boundaries (see {@link CellIndex}); it does
 *       not allocate. The batch form is meant for bulk re-routing: split the arrays between
 *       threads.</li>
 *   <li><b>Thread safety:</b> immutable once built; any number of threads may query it. A new
 *       boundary set means a new index, swapped in atomically by the caller: built in about a
 *       second for the city's 47,188 micro grids, or derived from the current one by
 *       {@link #withChanges} when a few grids changed (only the cells around them are rebuilt; the
 *       current index stays valid and untouched meanwhile).</li>
 * </ul>
 */
public final class GridIndex implements GridLocator {

    /** A share of an accuracy circle: micro grid {@code id} holds {@code fraction} of its area. */
    public record Share(int id, double fraction) {
    }

    /** Sizes of the index, for logs and benchmarks. */
    public record Stats(int microGrids, int specialGrids, int vertices, int topCells, int nodes, int leaves, int candidates,
                        long estimatedBytes, long buildMillis) {
    }

    /**
     * A derived index is compacted (built afresh) once the polygons it retired hold more than this
     * share of its vertices, or the subtrees it dropped this share of its cell arrays.
     */
    static final double MAX_GARBAGE_SHARE = 0.25;

    private final String[] codes;
    /**
     * Micro grid {@code id} is polygon {@code slotOf[id]} of {@link #micro} and {@link #cells}, and
     * polygon s is micro grid {@code idOf[s]} (-1: retired by {@link #withChanges}). The same in a
     * fresh build; after a derivation, new polygons are appended while ids follow the codes.
     */
    private final int[] slotOf;
    private final int[] idOf;
    private final PolygonSet micro;
    private final CellIndex cells;
    private final String[] specialCodes;
    private final Envelope[] specialEnvelopes;
    private final IndexedPointInAreaLocator[] specialLocators;
    private final long buildMillis;
    private final boolean derived;

    private GridIndex(String[] codes, int[] slotOf, int[] idOf, PolygonSet micro, CellIndex cells, String[] specialCodes,
                      Envelope[] specialEnvelopes, IndexedPointInAreaLocator[] specialLocators, long buildMillis, boolean derived) {
        this.codes = codes;
        this.slotOf = slotOf;
        this.idOf = idOf;
        this.derived = derived;
        this.micro = micro;
        this.cells = cells;
        this.specialCodes = specialCodes;
        this.specialEnvelopes = specialEnvelopes;
        this.specialLocators = specialLocators;
        this.buildMillis = buildMillis;
    }

    /**
     * Builds the index.
     *
     * @param microGrids   code → polygon or multipolygon, EPSG:4326
     * @param specialGrids code → polygon or multipolygon, EPSG:4326
     * @throws IllegalArgumentException for a geometry that is not polygonal
     */
    public static GridIndex build(Map<String, Geometry> microGrids, Map<String, Geometry> specialGrids) {
        long t0 = System.nanoTime();
        TreeMap<String, Geometry> sorted = new TreeMap<>(microGrids);
        String[] codes = sorted.keySet().toArray(String[]::new);
        PolygonSet polygons = PolygonSet.of(new ArrayList<>(sorted.values()));
        CellIndex cells = CellIndex.build(polygons);
        TreeMap<String, Geometry> special = new TreeMap<>(specialGrids);
        String[] specialCodes = special.keySet().toArray(String[]::new);
        Envelope[] envelopes = new Envelope[specialCodes.length];
        IndexedPointInAreaLocator[] locators = new IndexedPointInAreaLocator[specialCodes.length];
        int i = 0;
        for (Geometry g : special.values()) {
            if (g.getDimension() != 2 && !g.isEmpty()) {
                throw new IllegalArgumentException("special grid " + specialCodes[i] + " is not polygonal");
            }
            envelopes[i] = g.getEnvelopeInternal();
            locators[i] = new IndexedPointInAreaLocator(g);
            i++;
        }
        int[] identity = identity(codes.length);
        return new GridIndex(codes, identity, identity, polygons, cells, specialCodes, envelopes, locators,
                (System.nanoTime() - t0) / 1_000_000, false);
    }

    private static int[] identity(int n) {
        int[] a = new int[n];
        for (int i = 0; i < n; i++) {
            a[i] = i;
        }
        return a;
    }

    /**
     * A new index for this one's grids with some replaced, added or removed: it answers every
     * question exactly as {@link #build} of the resulting grids would, ids included (0..n-1 in
     * code order, so an id may differ from this index's when codes were added or removed). Only
     * the top cells that meet the old or new envelope of a changed micro grid are rebuilt; the
     * rest of the cell index, the other polygons' vertices and the other special grids' locators
     * are shared or copied, not rebuilt. This index is not modified and stays valid. Falls back to
     * a full build of the polygons when a new grid reaches beyond the top grid, and compacts when
     * retired polygons and dropped cells pass {@value #MAX_GARBAGE_SHARE} of the arrays.
     *
     * @param microChanges   code → new polygon or multipolygon (EPSG:4326) of each replaced or added micro grid
     * @param microRemoved   codes of micro grids to drop (unknown codes are ignored)
     * @param specialChanges code → new geometry of each replaced or added special grid
     * @param specialRemoved codes of special grids to drop (unknown codes are ignored)
     * @throws IllegalArgumentException for a geometry that is not polygonal, or a code both changed and removed
     */
    public GridIndex withChanges(Map<String, Geometry> microChanges, Collection<String> microRemoved,
                                 Map<String, Geometry> specialChanges, Collection<String> specialRemoved) {
        long t0 = System.nanoTime();
        for (String code : microRemoved) {
            if (microChanges.containsKey(code)) {
                throw new IllegalArgumentException("micro grid " + code + " is both changed and removed");
            }
        }
        for (String code : specialRemoved) {
            if (specialChanges.containsKey(code)) {
                throw new IllegalArgumentException("special grid " + code + " is both changed and removed");
            }
        }
        Micro m = deriveMicro(microChanges, microRemoved);
        // Special grids: keep the locators of those that did not change.
        TreeMap<String, Integer> oldSpecial = new TreeMap<>();
        for (int i = 0; i < specialCodes.length; i++) {
            oldSpecial.put(specialCodes[i], i);
        }
        TreeMap<String, Object> special = new TreeMap<>();
        oldSpecial.forEach((code, i) -> special.put(code, i));
        specialRemoved.forEach(special::remove);
        special.putAll(specialChanges);
        String[] sCodes = special.keySet().toArray(String[]::new);
        Envelope[] sEnvelopes = new Envelope[sCodes.length];
        IndexedPointInAreaLocator[] sLocators = new IndexedPointInAreaLocator[sCodes.length];
        int i = 0;
        for (Object v : special.values()) {
            if (v instanceof Integer old) {
                sEnvelopes[i] = specialEnvelopes[old];
                sLocators[i] = specialLocators[old];
            } else {
                Geometry g = (Geometry) v;
                if (g.getDimension() != 2 && !g.isEmpty()) {
                    throw new IllegalArgumentException("special grid " + sCodes[i] + " is not polygonal");
                }
                sEnvelopes[i] = g.getEnvelopeInternal();
                sLocators[i] = new IndexedPointInAreaLocator(g);
            }
            i++;
        }
        return new GridIndex(m.codes, m.slotOf, m.idOf, m.polygons, m.cells, sCodes, sEnvelopes, sLocators,
                (System.nanoTime() - t0) / 1_000_000, m.derived);
    }

    /** The micro grids' part of a derived index. */
    private record Micro(String[] codes, int[] slotOf, int[] idOf, PolygonSet polygons, CellIndex cells, boolean derived) {
    }

    /** See {@link #withChanges}: the micro grids; this index's own arrays when none changed. */
    private Micro deriveMicro(Map<String, Geometry> microChanges, Collection<String> microRemoved) {
        if (microChanges.isEmpty() && microRemoved.stream().noneMatch(code -> id(code) >= 0)) {
            return new Micro(codes, slotOf, idOf, micro, cells, true);
        }
        // Old ids of the changed and removed grids, and the added codes, all ascending; the work is
        // proportional to the change plus array copies, not to a pass over the codes.
        TreeMap<String, Geometry> changes = new TreeMap<>(microChanges);
        List<String> added = new ArrayList<>();
        IntList changedIds = new IntList(changes.size());
        for (String code : changes.keySet()) {
            int id = id(code);
            if (id < 0) {
                added.add(code);
            } else {
                changedIds.add(id);
            }
        }
        int[] removedIds = microRemoved.stream().mapToInt(this::id).filter(id -> id >= 0).distinct().sorted().toArray();
        // Retire the old polygons of changed and removed grids; append the changed ones' new polygons.
        int[] dead = new int[changedIds.size() + removedIds.length];
        List<Envelope> touched = new ArrayList<>(2 * changes.size() + removedIds.length);
        for (int i = 0; i < changedIds.size(); i++) {
            dead[i] = slotOf[changedIds.get(i)];
        }
        for (int i = 0; i < removedIds.length; i++) {
            dead[changedIds.size() + i] = slotOf[removedIds[i]];
        }
        for (int slot : dead) {
            touched.add(micro.envelopeOf(slot));
        }
        List<Geometry> appended = new ArrayList<>(changes.values());
        PolygonSet polygons = micro.withChanges(dead, appended);
        appended.forEach(g -> touched.add(g.getEnvelopeInternal()));
        // The changed grids' new slots, by old id (replaced) or in the added list; appended in code order.
        int[] slotOfChanged = new int[changedIds.size()];
        int[] slotOfAdded = new int[added.size()];
        int next = micro.size;
        int ci = 0;
        int ai = 0;
        for (String code : changes.keySet()) {
            if (ci < changedIds.size() && codes[changedIds.get(ci)].equals(code)) {
                slotOfChanged[ci++] = next++;
            } else {
                slotOfAdded[ai++] = next++;
            }
        }
        String[] newCodes;
        int[] newSlotOf;
        if (added.isEmpty() && removedIds.length == 0) {
            newCodes = codes;
            newSlotOf = slotOf.clone();
            for (int i = 0; i < changedIds.size(); i++) {
                newSlotOf[changedIds.get(i)] = slotOfChanged[i];
            }
        } else {
            // Merge the surviving old codes with the added ones; both lists are ascending.
            newCodes = new String[codes.length - removedIds.length + added.size()];
            newSlotOf = new int[newCodes.length];
            int n = 0;
            int ri = 0;
            ci = 0;
            ai = 0;
            for (int id = 0; id < codes.length; id++) {
                while (ai < added.size() && added.get(ai).compareTo(codes[id]) < 0) {
                    newSlotOf[n] = slotOfAdded[ai];
                    newCodes[n++] = added.get(ai++);
                }
                if (ri < removedIds.length && removedIds[ri] == id) {
                    ri++;
                    continue;
                }
                int slot = slotOf[id];
                if (ci < changedIds.size() && changedIds.get(ci) == id) {
                    slot = slotOfChanged[ci++];
                }
                newSlotOf[n] = slot;
                newCodes[n++] = codes[id];
            }
            while (ai < added.size()) {
                newSlotOf[n] = slotOfAdded[ai];
                newCodes[n++] = added.get(ai++);
            }
        }
        int[] newIdOf = new int[polygons.size];
        Arrays.fill(newIdOf, -1);
        for (int id = 0; id < newSlotOf.length; id++) {
            newIdOf[newSlotOf[id]] = id;
        }
        CellIndex newCells = null;
        if (polygons.deadVertexCount() <= MAX_GARBAGE_SHARE * polygons.vertexCount()) {
            newCells = cells.rebuild(polygons, newIdOf, touched);
            if (newCells != null && newCells.garbageInts() > MAX_GARBAGE_SHARE * (newCells.nodeCount() + newCells.leafDataLength())) {
                newCells = null;
            }
        }
        boolean derivedCells = newCells != null;
        if (!derivedCells) {
            polygons = polygons.compact(newSlotOf);
            newCells = CellIndex.build(polygons);
            newSlotOf = identity(newCodes.length);
            newIdOf = newSlotOf;
        }
        return new Micro(newCodes, newSlotOf, newIdOf, polygons, newCells, derivedCells);
    }

    // ------------------------------------------------------------------ primitive path

    /** Number of micro grids; ids run from 0 to {@code size() - 1} in code order. */
    public int size() {
        return codes.length;
    }

    /** The code of micro grid {@code id}. */
    public String code(int id) {
        return codes[id];
    }

    /** The id of a micro grid code, or -1. */
    public int id(String code) {
        int id = Arrays.binarySearch(codes, code);
        return id < 0 ? -1 : id;
    }

    /** The micro grid covering the point (smallest code on shared edges), or -1; no snapping. NaN gives -1. */
    public int locate(double lon, double lat) {
        int s = cells.first(lon, lat);
        return s < 0 ? -1 : idOf[s];
    }

    /** {@link #locate(double, double)} for every point: {@code out[i]} for {@code (lons[i], lats[i])}. */
    public void locate(double[] lons, double[] lats, int[] out) {
        locate(lons, lats, out, 0, lons.length);
    }

    /** {@link #locate(double, double)} for the points {@code from} (inclusive) to {@code to} (exclusive). */
    public void locate(double[] lons, double[] lats, int[] out, int from, int to) {
        for (int i = from; i < to; i++) {
            out[i] = locate(lons[i], lats[i]);
        }
    }

    /** The covering micro grid, else the nearest within {@code snapMeters}, else -1. */
    public int locateOrSnap(double lon, double lat, double snapMeters) {
        int id = locate(lon, lat);
        return id >= 0 || !(snapMeters > 0) ? id : nearest(lon, lat, snapMeters);
    }

    /** {@link #locateOrSnap} for the points {@code from} (inclusive) to {@code to} (exclusive). */
    public void locateOrSnap(double[] lons, double[] lats, double snapMeters, int[] out, int from, int to) {
        for (int i = from; i < to; i++) {
            out[i] = locateOrSnap(lons[i], lats[i], snapMeters);
        }
    }

    /** The micro grid whose boundary is nearest to the point and within {@code maxMeters} (ties: smaller code), or -1. */
    public int nearest(double lon, double lat, double maxMeters) {
        if (!(maxMeters > 0) || !Double.isFinite(lon) || !Double.isFinite(lat)) {
            return -1;
        }
        double[] best = {Double.POSITIVE_INFINITY, -1};
        micro.near(lon, lat, maxMeters, p -> {
            double d = micro.boundaryDistanceMeters(p, lon, lat);
            int id = idOf[p];
            if (d <= maxMeters && (d < best[0] || (d == best[0] && id < best[1]))) {
                best[0] = d;
                best[1] = id;
            }
        });
        return (int) best[1];
    }

    /** Metres from the point to micro grid {@code id}: 0 when it covers the point, else to its boundary. */
    public double distanceMeters(int id, double lon, double lat) {
        return locate(lon, lat) == id ? 0 : micro.boundaryDistanceMeters(slotOf[id], lon, lat);
    }

    /**
     * How an accuracy circle of {@code radiusMeters} around the point divides among the micro grids:
     * the fraction of the circle's area inside each grid it reaches, largest first (ties: smaller
     * code). Exact areas of the disk clipped by each polygon, in the local metric frame. Fractions
     * add up to less than 1 where part of the circle lies outside every grid.
     *
     * @throws IllegalArgumentException when the radius is not a positive finite number
     */
    public List<Share> circleShares(double lon, double lat, double radiusMeters) {
        return circleShares(lon, lat, radiusMeters, locate(lon, lat));
    }

    /** {@link #circleShares(double, double, double)} when the covering grid {@code own} (or -1) is known. */
    public List<Share> circleShares(double lon, double lat, double radiusMeters, int own) {
        if (!(radiusMeters > 0) || !Double.isFinite(radiusMeters)) {
            throw new IllegalArgumentException("accuracy radius must be a positive number of metres, got " + radiusMeters);
        }
        int ownSlot = own >= 0 ? slotOf[own] : -1;
        if (own >= 0 && !micro.boundaryWithin(ownSlot, lon, lat, radiusMeters)) {
            return List.of(new Share(own, 1.0));
        }
        double disk = Math.PI * radiusMeters * radiusMeters;
        List<Share> shares = new ArrayList<>();
        micro.near(lon, lat, radiusMeters, p -> {
            if (p != ownSlot && !micro.boundaryWithin(p, lon, lat, radiusMeters)) {
                return; // the centre is outside p (only own covers it) and its boundary is out of reach
            }
            double a = micro.diskAreaSquareMeters(p, lon, lat, radiusMeters);
            if (a > disk * 1e-9) {
                shares.add(new Share(idOf[p], Math.min(1.0, a / disk)));
            }
        });
        shares.sort(Comparator.comparingDouble(Share::fraction).reversed().thenComparingInt(Share::id));
        return shares;
    }

    /** Codes of the special grids covering the point (interior or boundary), ascending. */
    @Override
    public List<String> locateSpecial(double lon, double lat) {
        List<String> out = null;
        for (int i = 0; i < specialCodes.length; i++) {
            if (specialEnvelopes[i].covers(lon, lat)
                    && specialLocators[i].locate(new Coordinate(lon, lat)) != Location.EXTERIOR) {
                if (out == null) {
                    out = new ArrayList<>(2);
                }
                out.add(specialCodes[i]);
            }
        }
        return out == null ? List.of() : out;
    }

    // ------------------------------------------------------------------ GridLocator

    @Override
    public Optional<Hit> locateMicro(double lon, double lat, double snapMeters) {
        int id = locate(lon, lat);
        if (id >= 0) {
            return Optional.of(new Hit(codes[id], 0));
        }
        id = nearest(lon, lat, snapMeters);
        return id < 0 ? Optional.empty() : Optional.of(new Hit(codes[id], micro.boundaryDistanceMeters(slotOf[id], lon, lat)));
    }

    // ------------------------------------------------------------------ statistics

    public Stats stats() {
        return new Stats(codes.length, specialCodes.length, micro.vertexCount(), cells.topCells(), cells.nodeCount(),
                cells.leafCount(), cells.candidateCount(), cells.estimatedBytes() + micro.estimatedBytes()
                + 64L * codes.length, buildMillis);
    }

    @Override
    public String toString() {
        Stats s = stats();
        return String.format(Locale.ROOT, "GridIndex[%d micro grids, %d special, %d vertices, %d top cells, %d nodes, %d boundary leaves, ~%.1f MB, %s in %d ms]",
                s.microGrids(), s.specialGrids(), s.vertices(), s.topCells(), s.nodes(), s.leaves(),
                s.estimatedBytes() / 1048576.0, derived ? "derived" : "built", s.buildMillis());
    }

    /** Whether {@link #withChanges} derived this index's cells from another's (false: built afresh or compacted). */
    boolean derived() {
        return derived;
    }

    /** For tests: the codes in id order. */
    List<String> codes() {
        return Arrays.asList(codes);
    }
}
