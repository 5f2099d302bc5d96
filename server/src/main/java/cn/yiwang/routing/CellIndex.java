package cn.yiwang.routing;

import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.stream.IntStream;

import org.locationtech.jts.algorithm.CGAlgorithmsDD;
import org.locationtech.jts.geom.Envelope;

/**
 * A cell index answering "which is the first polygon, in id order, that covers this point" for a
 * {@link PolygonSet}. Covers means interior or boundary, decided with JTS's robust orientation
 * predicate ({@link CGAlgorithmsDD#orientationIndex}), so the answer is the one JTS's
 * {@code covers} gives, point for point, including points exactly on edges and vertices.
 *
 * <h2>Structure</h2>
 * A uniform grid of top cells (about {@value #TOP_CELLS_PER_POLYGON} per polygon, square in
 * metres), each the root of a quadtree. A cell that no polygon edge touches is a leaf naming the
 * one polygon that covers it (or none): most lookups end there, after one array read per level.
 * A cell touched by more than {@value #MAX_LEAF_EDGES} edges is split, down to
 * {@value #MAX_DEPTH} levels. A boundary leaf keeps, in one contiguous block, per candidate
 * polygon the runs of that polygon's edges that touch the cell (indices into an interleaved copy
 * of the vertices) and whether the candidate contains the leaf's reference point: the cell's
 * centre, recomputed on the way down with the very expression used at build time, or a stored
 * point of the cell when the centre lies exactly on an edge.
 * A query point's status then follows from the reference's by counting the candidate's edges that
 * the segment reference→point crosses: the segment stays inside the (convex) cell, so no other
 * edge can cross it (the design of S2's {@code S2ShapeIndex}, in the plane). Vertices lying exactly
 * on the segment's line count as lying on its left side (a symbolic perturbation), which keeps the
 * parity right when the segment passes through a vertex.
 *
 * <p>Reference points are found at build time the same way: from a point left of every polygon,
 * along each row of top cells, then from each cell's reference to its children's; a candidate
 * reference lying exactly on an edge is replaced by another point of the cell. Cells are enlarged
 * by {@value #MARGIN_DEGREES}° when deciding which edges touch them, far more than the rounding
 * in mapping a point to its cell.
 *
 * <p>Polygons are tested in the order of a rank (by default their id; {@link GridIndex} passes its
 * code order), so polygons appended later can still win ties by code. {@link #rebuild} derives an
 * index for a changed polygon set by rebuilding only the top cells that meet the changed
 * polygons' envelopes, on the same top grid: each such row is walked again from its left border
 * (reference points and their status do not depend on the cells' contents elsewhere), so a
 * rebuilt cell is exactly what a full build on that top grid makes.
 *
 * <p>Immutable once built and thread-safe. Built in parallel (rows of top cells) on the common
 * fork-join pool.
 */
final class CellIndex {

    static final double MARGIN_DEGREES = 1e-9;
    /** How far around a changed polygon's envelope {@link #rebuild} rebuilds top cells: well beyond {@link #MARGIN_DEGREES}. */
    static final double TOUCH_MARGIN_DEGREES = 1e-7;
    static final int MAX_LEAF_EDGES = 8;
    static final int MAX_DEPTH = 10;
    static final int TOP_CELLS_PER_POLYGON = 4;
    private static final int MAX_TOP_CELLS = 1 << 22;
    /** Alternative reference points as fractions of the cell, tried in order when one lies on an edge. */
    private static final double[][] REFERENCE_FRACTIONS = {
        {0.6234567, 0.5765432}, {0.2654321, 0.6876543}, {0.7418529, 0.2963074}, {0.3141592, 0.2718281},
        {0.8414709, 0.8775825}, {0.1732050, 0.4142135}, {0.5772156, 0.1618033}, {0.4472135, 0.9128709}};

    /** Vertices interleaved (x0, y0, x1, y1, …), the polygon set's order: one cache line holds a run of edges. */
    private final double[] xy;
    private final double minX;
    private final double minY;
    private final double cellW;
    private final double cellH;
    private final double invW;
    private final double invH;
    private final int nx;
    private final int ny;
    /** Top grid (row-major) then quadtree children, four at a time. See {@link #first}. */
    private final int[] nodes;
    /**
     * Boundary leaves, each one contiguous block: a header (candidate count, plus {@link #ALTERNATE_REFERENCE}
     * when the reference is not the cell's centre, then followed by its index in {@link #alternateRefs}),
     * then per candidate: polygon id shifted left by one with the low bit set when it contains the
     * reference, the number of edge runs, and the runs as (first edge, end edge exclusive).
     */
    private final int[] leafData;
    private final double[] alternateRefs;
    private final int leafCount;
    private final int candidateCount;
    private final long garbageInts;

    private static final int ALTERNATE_REFERENCE = 1 << 30;

    private CellIndex(double[] xy, double minX, double minY, double cellW, double cellH, int nx, int ny, int[] nodes,
                      int[] leafData, double[] alternateRefs, int leafCount, int candidateCount, long garbageInts) {
        this.xy = xy;
        this.minX = minX;
        this.minY = minY;
        this.cellW = cellW;
        this.cellH = cellH;
        this.invW = 1 / cellW;
        this.invH = 1 / cellH;
        this.nx = nx;
        this.ny = ny;
        this.nodes = nodes;
        this.leafData = leafData;
        this.alternateRefs = alternateRefs;
        this.leafCount = leafCount;
        this.candidateCount = candidateCount;
        this.garbageInts = garbageInts;
    }

    /** The centre of a cell given by its origin and size in top-cell units: the same expression at build and lookup. */
    private double centreX(double ox, double size) {
        return minX + (ox + 0.5 * size) * cellW;
    }

    private double centreY(double oy, double size) {
        return minY + (oy + 0.5 * size) * cellH;
    }

    // ------------------------------------------------------------------ lookup

    /**
     * The smallest polygon id covering (lon, lat), or -1. A node value {@code v >= 0} is a leaf
     * covered by polygon v, {@code -1} an empty leaf, {@code v <= -2} encodes {@code k = -2 - v}: an
     * inner node with children at {@code nodes[k >> 1 ...]} when k is even, boundary leaf
     * {@code k >> 1} when odd.
     */
    int first(double x, double y) {
        double fx = (x - minX) * invW;
        double fy = (y - minY) * invH;
        if (!(fx >= 0 && fy >= 0 && fx < nx && fy < ny)) {
            return -1; // also NaN
        }
        int ix = (int) fx;
        int iy = (int) fy;
        int v = nodes[iy * nx + ix];
        if (v >= -1) {
            return v;
        }
        double ux = fx - ix;
        double uy = fy - iy;
        double ox = ix;
        double oy = iy;
        double size = 1;
        while (true) {
            int k = -2 - v;
            if ((k & 1) != 0) {
                return leafFirst(k >>> 1, x, y, ox, oy, size);
            }
            ux += ux;
            uy += uy;
            size *= 0.5;
            int q = 0;
            if (ux >= 1) {
                q = 1;
                ux -= 1;
                ox += size;
            }
            if (uy >= 1) {
                q |= 2;
                uy -= 1;
                oy += size;
            }
            v = nodes[(k >>> 1) + q];
            if (v >= -1) {
                return v;
            }
        }
    }

    private int leafFirst(int at, double px, double py, double ox, double oy, double size) {
        int header = leafData[at++];
        double rx;
        double ry;
        if ((header & ALTERNATE_REFERENCE) != 0) {
            int r = leafData[at++];
            rx = alternateRefs[2 * r];
            ry = alternateRefs[2 * r + 1];
        } else {
            rx = centreX(ox, size);
            ry = centreY(oy, size);
        }
        double loX = Math.min(rx, px);
        double hiX = Math.max(rx, px);
        double loY = Math.min(ry, py);
        double hiY = Math.max(ry, py);
        int candidates = header & ~ALTERNATE_REFERENCE;
        for (int c = 0; c < candidates; c++) {
            int code = leafData[at++];
            int runCount = leafData[at++];
            boolean inside = (code & 1) != 0;
            for (int k = 0; k < runCount; k++, at += 2) {
                int eEnd = leafData[at + 1];
                for (int e = leafData[at]; e < eEnd; e++) {
                    double ax = xy[2 * e];
                    double ay = xy[2 * e + 1];
                    double bx = xy[2 * e + 2];
                    double by = xy[2 * e + 3];
                    if ((ax < loX && bx < loX) || (ax > hiX && bx > hiX) || (ay < loY && by < loY) || (ay > hiY && by > hiY)) {
                        continue;
                    }
                    int o = CGAlgorithmsDD.orientationIndex(ax, ay, bx, by, px, py);
                    if (o == 0) {
                        if (px >= Math.min(ax, bx) && px <= Math.max(ax, bx) && py >= Math.min(ay, by) && py <= Math.max(ay, by)) {
                            return code >>> 1; // on this candidate's boundary: covered
                        }
                        continue;
                    }
                    if (crosses(ax, ay, bx, by, rx, ry, px, py, o)) {
                        inside = !inside;
                    }
                }
            }
            if (inside) {
                return code >>> 1;
            }
        }
        return -1;
    }

    /**
     * Whether segment reference→point crosses edge AB, given that the point is not on AB's line
     * ({@code o} = its orientation) and the reference is on no edge. Vertices on the segment's line
     * count as left of it.
     */
    private static boolean crosses(double ax, double ay, double bx, double by, double rx, double ry, double px, double py, int o) {
        int or = CGAlgorithmsDD.orientationIndex(ax, ay, bx, by, rx, ry);
        if (or == o || or == 0) {
            return false;
        }
        boolean sa = CGAlgorithmsDD.orientationIndex(rx, ry, px, py, ax, ay) >= 0;
        boolean sb = CGAlgorithmsDD.orientationIndex(rx, ry, px, py, bx, by) >= 0;
        return sa != sb;
    }

    // ------------------------------------------------------------------ statistics

    int topCells() {
        return nx * ny;
    }

    int nodeCount() {
        return nodes.length;
    }

    int leafDataLength() {
        return leafData.length;
    }

    int leafCount() {
        return leafCount;
    }

    int candidateCount() {
        return candidateCount;
    }

    long estimatedBytes() {
        return 8L * xy.length + 4L * nodes.length + 4L * leafData.length + 8L * alternateRefs.length;
    }

    // ------------------------------------------------------------------ build

    /** The vertices of {@code ps} from {@code from} on, interleaved, after {@code head}. */
    private static double[] interleave(double[] head, PolygonSet ps, int from) {
        double[] xy = Arrays.copyOf(head, 2 * ps.xs.length);
        for (int i = from; i < ps.xs.length; i++) {
            xy[2 * i] = ps.xs[i];
            xy[2 * i + 1] = ps.ys[i];
        }
        return xy;
    }

    /** Builds the index; the polygons' ids are their order (the smallest id covering a point wins). */
    static CellIndex build(PolygonSet ps) {
        int[] rank = new int[ps.size];
        for (int p = 0; p < ps.size; p++) {
            rank[p] = ps.isDead(p) ? -1 : p;
        }
        return build(ps, rank);
    }

    /**
     * Builds the index, where {@code rank[p]} orders the polygons (the smallest rank covering a
     * point wins; {@link #first} still returns the polygon's id) and -1 leaves polygon p out.
     */
    static CellIndex build(PolygonSet ps, int[] rank) {
        if (ps.size == 0 || ps.vertexCount() == 0) {
            return new CellIndex(new double[0], 0, 0, 1, 1, 1, 1, new int[] {-1}, new int[0], new double[0], 0, 0, 0);
        }
        double x0 = Double.POSITIVE_INFINITY;
        double y0 = Double.POSITIVE_INFINITY;
        double x1 = Double.NEGATIVE_INFINITY;
        double y1 = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < ps.xs.length; i++) {
            x0 = Math.min(x0, ps.xs[i]);
            x1 = Math.max(x1, ps.xs[i]);
            y0 = Math.min(y0, ps.ys[i]);
            y1 = Math.max(y1, ps.ys[i]);
        }
        double cos = PolygonSet.cosLat((y0 + y1) / 2);
        double widthM = Math.max((x1 - x0) * cos, 1e-6);
        double heightM = Math.max(y1 - y0, 1e-6);
        double cellM = Math.sqrt(widthM * heightM / ((double) TOP_CELLS_PER_POLYGON * ps.size));
        cellM = Math.max(cellM, Math.sqrt(widthM * heightM / MAX_TOP_CELLS) * 1.01);
        double cellH = cellM;
        double cellW = cellM / cos;
        // Pad so that every vertex lies strictly inside the grid and the left border is outside every polygon.
        double minX = x0 - Math.max(cellW * 0.01, 1e-7);
        double minY = y0 - Math.max(cellH * 0.01, 1e-7);
        int nx = (int) Math.ceil((x1 + Math.max(cellW * 0.01, 1e-7) - minX) / cellW);
        int ny = (int) Math.ceil((y1 + Math.max(cellH * 0.01, 1e-7) - minY) / cellH);
        return new Builder(ps, rank, minX, minY, cellW, cellH, Math.max(1, nx), Math.max(1, ny)).build();
    }

    static boolean segmentMeetsBox(double ax, double ay, double bx, double by, double x0, double y0, double x1, double y1) {
        if (Math.max(ax, bx) < x0 || Math.min(ax, bx) > x1 || Math.max(ay, by) < y0 || Math.min(ay, by) > y1) {
            return false;
        }
        double dx = bx - ax;
        double dy = by - ay;
        double c00 = dx * (y0 - ay) - dy * (x0 - ax);
        double c10 = dx * (y0 - ay) - dy * (x1 - ax);
        double c01 = dx * (y1 - ay) - dy * (x0 - ax);
        double c11 = dx * (y1 - ay) - dy * (x1 - ax);
        return !((c00 > 0 && c10 > 0 && c01 > 0 && c11 > 0) || (c00 < 0 && c10 < 0 && c01 < 0 && c11 < 0));
    }

    /**
     * This index with the top cells whose box meets one of {@code touched} rebuilt for {@code ps},
     * a set derived from this index's polygons by {@link PolygonSet#withChanges} (its first
     * vertices are this index's, unchanged), ranked by {@code rank} as in {@link #build(PolygonSet, int[])}.
     * The top grid stays as it is; every other top cell keeps its subtree, which must not depend on
     * the changed polygons (so {@code touched} must hold the old and new envelopes of every
     * retired or added polygon). A rebuilt cell is built exactly as a full build on the same top
     * grid would build it, so the answers are those of a full build of the live polygons. The
     * dropped subtrees stay in the arrays as garbage ({@link #garbageInts}). Returns null when an
     * added polygon does not lie well inside the top grid: then only a full build will do.
     */
    CellIndex rebuild(PolygonSet ps, int[] rank, List<Envelope> touched) {
        double padX = Math.max(cellW * 0.001, 1e-7);
        double padY = Math.max(cellH * 0.001, 1e-7);
        double maxX = minX + nx * cellW;
        double maxY = minY + ny * cellH;
        for (Envelope e : touched) {
            if (!e.isNull() && !(e.getMinX() - padX > minX && e.getMinY() - padY > minY && e.getMaxX() + padX < maxX
                    && e.getMaxY() + padY < maxY)) {
                return null;
            }
        }
        if (nodes.length == 1 && nx * ny == 1 && nodes[0] == -1 && xy.length == 0) {
            return null; // the empty index has no real grid
        }
        Builder b = new Builder(ps, rank, minX, minY, cellW, cellH, nx, ny);
        return b.rebuild(this, interleave(xy, ps, xy.length / 2), touched);
    }

    /** Ints of {@link #nodes} and {@link #leafData} no top cell reaches any more (left by {@link #rebuild}). */
    long garbageInts() {
        return garbageInts;
    }

    /** Leaves, candidates and ints (nodes plus leaf data) of the subtree under node value {@code v}, added to {@code acc}. */
    private void countSubtree(int v, long[] acc) {
        if (v >= -1) {
            return;
        }
        int k = -2 - v;
        int i = k >>> 1;
        if ((k & 1) != 0) {
            int at = i;
            int header = leafData[at++];
            if ((header & ALTERNATE_REFERENCE) != 0) {
                at++;
            }
            int candidates = header & ~ALTERNATE_REFERENCE;
            for (int c = 0; c < candidates; c++) {
                int runs = leafData[at + 1];
                at += 2 + 2 * runs;
            }
            acc[0]++;
            acc[1] += candidates;
            acc[2] += at - i;
            return;
        }
        acc[2] += 4;
        for (int q = 0; q < 4; q++) {
            countSubtree(nodes[i + q], acc);
        }
    }

    /** One build; rows of top cells are built in parallel into {@link Row}s, then concatenated. */
    private static final class Builder {
        private final PolygonSet ps;
        private final double[] xs;
        private final double[] ys;
        /** Polygon p's place in the tie-break order (smaller wins), -1 for a polygon left out. */
        private final int[] rank;
        private final double minX;
        private final double minY;
        private final double cellW;
        private final double cellH;
        private final int nx;
        private final int ny;
        private final int[] vertexPoly;
        private int[] cellStart;
        private int[] cellEdges;

        Builder(PolygonSet ps, int[] rank, double minX, double minY, double cellW, double cellH, int nx, int ny) {
            this.ps = ps;
            this.xs = ps.xs;
            this.ys = ps.ys;
            this.rank = rank;
            this.minX = minX;
            this.minY = minY;
            this.cellW = cellW;
            this.cellH = cellH;
            this.nx = nx;
            this.ny = ny;
            this.vertexPoly = ps.vertexPolygon;
        }

        CellIndex build() {
            bucketEdges();
            Row[] rows = IntStream.range(0, ny).parallel().mapToObj(iy -> row(iy, cellStart, iy * nx, cellEdges, null, nx - 1))
                    .toArray(Row[]::new);
            int top = nx * ny;
            int nodeCount = top;
            int dataCount = 0;
            int altCount = 0;
            int leafCount = 0;
            int candidateCount = 0;
            for (Row r : rows) {
                nodeCount += r.nodes.size();
                dataCount += r.leafData.size();
                altCount += r.alternateRefs.size();
                leafCount += r.leaves;
                candidateCount += r.candidates;
            }
            int[] nodes = new int[nodeCount];
            int[] leafData = new int[dataCount];
            double[] alternateRefs = new double[2 * altCount];
            int nodeOff = top;
            int dataOff = 0;
            int altOff = 0;
            for (int iy = 0; iy < ny; iy++) {
                Row r = rows[iy];
                for (int ix = 0; ix < nx; ix++) {
                    nodes[iy * nx + ix] = relocate(r.top[ix], nodeOff, dataOff);
                }
                append(r, nodes, nodeOff, leafData, dataOff, alternateRefs, altOff);
                nodeOff += r.nodes.size();
                dataOff += r.leafData.size();
                altOff += r.alternateRefs.size();
            }
            return new CellIndex(interleave(new double[0], ps, 0), minX, minY, cellW, cellH, nx, ny, nodes, leafData,
                    alternateRefs, leafCount, candidateCount, 0);
        }

        /** See {@link CellIndex#rebuild}: the touched rows are walked again, only their touched cells built. */
        CellIndex rebuild(CellIndex old, double[] xy, List<Envelope> touched) {
            BitSet cells = new BitSet(nx * ny);
            int[] lastTouched = new int[ny];
            Arrays.fill(lastTouched, -1);
            for (Envelope e : touched) {
                if (e.isNull()) {
                    continue;
                }
                // Wider than the margin edges are bucketed with, so every cell an edge of e may land in is rebuilt.
                int ix0 = clamp((int) Math.floor((e.getMinX() - TOUCH_MARGIN_DEGREES - minX) / cellW), nx);
                int ix1 = clamp((int) Math.floor((e.getMaxX() + TOUCH_MARGIN_DEGREES - minX) / cellW), nx);
                int iy0 = clamp((int) Math.floor((e.getMinY() - TOUCH_MARGIN_DEGREES - minY) / cellH), ny);
                int iy1 = clamp((int) Math.floor((e.getMaxY() + TOUCH_MARGIN_DEGREES - minY) / cellH), ny);
                for (int iy = iy0; iy <= iy1; iy++) {
                    cells.set(iy * nx + ix0, iy * nx + ix1 + 1);
                    lastTouched[iy] = Math.max(lastTouched[iy], ix1);
                }
            }
            int[] touchedRows = IntStream.range(0, ny).filter(iy -> lastTouched[iy] >= 0).toArray();
            Row[] rows = Arrays.stream(touchedRows).parallel().mapToObj(iy -> touchedRow(iy, rowPolygons(iy, lastTouched[iy]), cells,
                    lastTouched[iy])).toArray(Row[]::new);
            int nodeCount = old.nodes.length;
            int dataCount = old.leafData.length;
            int altCount = old.alternateRefs.length / 2;
            for (Row r : rows) {
                nodeCount += r.nodes.size();
                dataCount += r.leafData.size();
                altCount += r.alternateRefs.size();
            }
            int[] nodes = Arrays.copyOf(old.nodes, nodeCount);
            int[] leafData = Arrays.copyOf(old.leafData, dataCount);
            double[] alternateRefs = Arrays.copyOf(old.alternateRefs, 2 * altCount);
            int nodeOff = old.nodes.length;
            int dataOff = old.leafData.length;
            int altOff = old.alternateRefs.length / 2;
            long[] dropped = new long[3];
            long leafCount = old.leafCount;
            long candidateCount = old.candidateCount;
            for (int i = 0; i < rows.length; i++) {
                Row r = rows[i];
                int iy = touchedRows[i];
                for (int ix = 0; ix <= lastTouched[iy]; ix++) {
                    if (cells.get(iy * nx + ix)) {
                        old.countSubtree(old.nodes[iy * nx + ix], dropped);
                        nodes[iy * nx + ix] = relocate(r.top[ix], nodeOff, dataOff);
                    }
                }
                append(r, nodes, nodeOff, leafData, dataOff, alternateRefs, altOff);
                nodeOff += r.nodes.size();
                dataOff += r.leafData.size();
                altOff += r.alternateRefs.size();
                leafCount += r.leaves;
                candidateCount += r.candidates;
            }
            return new CellIndex(xy, minX, minY, cellW, cellH, nx, ny, nodes, leafData, alternateRefs,
                    (int) (leafCount - dropped[0]), (int) (candidateCount - dropped[1]), old.garbageInts + dropped[2]);
        }

        /** Copies a row's nodes, leaf blocks and alternate references to the given offsets, relocating references. */
        private static void append(Row r, int[] nodes, int nodeOff, int[] leafData, int dataOff, double[] alternateRefs, int altOff) {
            for (int i = 0; i < r.nodes.size(); i++) {
                nodes[nodeOff + i] = relocate(r.nodes.get(i), nodeOff, dataOff);
            }
            for (int i = 0; i < r.leafData.size(); i++) {
                leafData[dataOff + i] = r.leafData.get(i);
            }
            for (int i = 0; i < r.alternatePositions.size(); i++) {
                leafData[dataOff + r.alternatePositions.get(i)] += altOff;
            }
            for (int i = 0; i < r.alternateRefs.size(); i++) {
                alternateRefs[2 * (altOff + i)] = r.alternateRefs.x(i);
                alternateRefs[2 * (altOff + i) + 1] = r.alternateRefs.y(i);
            }
        }

        private static int relocate(int v, int nodeOff, int leafOff) {
            if (v >= -1) {
                return v;
            }
            int k = -2 - v;
            int i = k >>> 1;
            return (k & 1) == 0 ? -2 - ((i + nodeOff) << 1) : -2 - (((i + leafOff) << 1) | 1);
        }

        /** Edges per top cell (CSR), each list ascending, so grouped by polygon (a polygon's vertices are contiguous). */
        private void bucketEdges() {
            int cells = nx * ny;
            int[] count = new int[cells + 1];
            forEachEdgeCell(null, -1, (e, cell) -> count[cell]++);
            cellStart = new int[cells + 1];
            for (int c = 0; c < cells; c++) {
                cellStart[c + 1] = cellStart[c] + count[c];
            }
            cellEdges = new int[cellStart[cells]];
            int[] fill = Arrays.copyOf(cellStart, cells);
            forEachEdgeCell(null, -1, (e, cell) -> cellEdges[fill[cell]++] = e);
        }

        /**
         * The live polygons, ascending, that can have an edge bucketed into row iy's cells 0 ..
         * {@code last}: found through the polygon set's envelope grid (a box with room to spare),
         * then kept by the very test {@link #forEachEdgeCell} applies to their edges' rows.
         */
        private int[] rowPolygons(int iy, int last) {
            IntList polys = new IntList(64);
            ps.meeting(minX - 1, minY + iy * cellH - TOUCH_MARGIN_DEGREES, minX + (last + 1) * cellW + TOUCH_MARGIN_DEGREES,
                    minY + (iy + 1) * cellH + TOUCH_MARGIN_DEGREES, p -> {
                        int iy0 = clamp((int) Math.floor((ps.envelope[4 * p + 1] - MARGIN_DEGREES - minY) / cellH), ny);
                        int iy1 = clamp((int) Math.floor((ps.envelope[4 * p + 3] + MARGIN_DEGREES - minY) / cellH), ny);
                        if (rank[p] >= 0 && iy0 <= iy && iy <= iy1) {
                            polys.add(p);
                        }
                    });
            int[] sorted = polys.toArray();
            Arrays.sort(sorted);
            return sorted;
        }

        /** Row iy walked again with the edges of {@code polys} (ascending), building the touched cells up to {@code last}. */
        private Row touchedRow(int iy, int[] polys, BitSet touched, int last) {
            int base = iy * nx;
            int[] start = new int[nx + 1];
            forEachEdgeCell(polys, iy, (e, cell) -> start[cell - base + 1]++);
            for (int c = 0; c < nx; c++) {
                start[c + 1] += start[c];
            }
            int[] edges = new int[start[nx]];
            int[] fill = Arrays.copyOf(start, nx);
            forEachEdgeCell(polys, iy, (e, cell) -> edges[fill[cell - base]++] = e);
            return row(iy, start, 0, edges, touched, last);
        }

        private interface EdgeCell {
            void accept(int edge, int cell);
        }

        /**
         * Every (edge, top cell) pair where the edge meets the cell enlarged by the margin, for the
         * polygons {@code polys} (null: all) in the order given, only in row {@code onlyRow} unless
         * it is -1. Polygons ranked -1 are skipped.
         */
        private void forEachEdgeCell(int[] polys, int onlyRow, EdgeCell action) {
            int count = polys == null ? ps.size : polys.length;
            for (int k = 0; k < count; k++) {
                int p = polys == null ? k : polys[k];
                if (rank[p] < 0) {
                    continue;
                }
                for (int r = ps.polyRingStart[p]; r < ps.polyRingStart[p + 1]; r++) {
                    for (int e = ps.ringStart[r]; e < ps.ringStart[r + 1] - 1; e++) {
                        double ax = xs[e];
                        double ay = ys[e];
                        double bx = xs[e + 1];
                        double by = ys[e + 1];
                        int ix0 = clamp((int) Math.floor((Math.min(ax, bx) - MARGIN_DEGREES - minX) / cellW), nx);
                        int ix1 = clamp((int) Math.floor((Math.max(ax, bx) + MARGIN_DEGREES - minX) / cellW), nx);
                        int iy0 = clamp((int) Math.floor((Math.min(ay, by) - MARGIN_DEGREES - minY) / cellH), ny);
                        int iy1 = clamp((int) Math.floor((Math.max(ay, by) + MARGIN_DEGREES - minY) / cellH), ny);
                        int fromRow = iy0;
                        int toRow = iy1;
                        if (onlyRow >= 0) {
                            if (onlyRow < iy0 || onlyRow > iy1) {
                                continue;
                            }
                            fromRow = onlyRow;
                            toRow = onlyRow;
                        }
                        for (int iy = fromRow; iy <= toRow; iy++) {
                            for (int ix = ix0; ix <= ix1; ix++) {
                                if ((ix0 == ix1 && iy0 == iy1) || segmentMeetsBox(ax, ay, bx, by,
                                        minX + ix * cellW - MARGIN_DEGREES, minY + iy * cellH - MARGIN_DEGREES,
                                        minX + (ix + 1) * cellW + MARGIN_DEGREES, minY + (iy + 1) * cellH + MARGIN_DEGREES)) {
                                    action.accept(e, iy * nx + ix);
                                }
                            }
                        }
                    }
                }
            }
        }

        private static int clamp(int i, int n) {
            return Math.max(0, Math.min(n - 1, i));
        }

        /**
         * Walks row iy from its left border (outside every polygon) to cell {@code last}, moving the
         * reference and its status from cell to cell; builds the cells in {@code touched} (all when
         * null). Cell ix's edges are {@code cellEdges[start[startOff + ix] .. start[startOff + ix + 1])}.
         */
        private Row row(int iy, int[] start, int startOff, int[] cellEdges, BitSet touched, int last) {
            Row row = new Row(nx);
            double cellY0 = minY + iy * cellH;
            double cellY1 = minY + (iy + 1) * cellH;
            // Start left of every polygon (the grid is padded), where the status is "in none".
            double rx = minX;
            double ry = cellY0 + 0.5 * cellH;
            IntList status = new IntList(4);
            IntList merged = new IntList(64);
            int prevFrom = 0;
            int prevTo = 0;
            double[] ref = new double[2];
            for (int ix = 0; ix <= last; ix++) {
                int from = start[startOff + ix];
                int to = start[startOff + ix + 1];
                mergeSorted(cellEdges, prevFrom, prevTo, from, to, merged);
                double cx0 = minX + ix * cellW;
                double cx1 = minX + (ix + 1) * cellW;
                boolean centre = reference(status, rx, ry, cx0, cellY0, cx1, cellY1, ix, iy, 1, merged.toArray(), 0, merged.size(), ref);
                if (touched == null || touched.get(iy * nx + ix)) {
                    row.top[ix] = node(row, ix, iy, 1, 0, cellEdges, from, to, ref[0], ref[1], centre, status);
                }
                rx = ref[0];
                ry = ref[1];
                prevFrom = from;
                prevTo = to;
            }
            return row;
        }

        private static void mergeSorted(int[] a, int aFrom, int aTo, int bFrom, int bTo, IntList out) {
            out.clear();
            int i = aFrom;
            int j = bFrom;
            while (i < aTo || j < bTo) {
                int v;
                if (j >= bTo || (i < aTo && a[i] < a[j])) {
                    v = a[i++];
                } else if (i >= aTo || a[j] < a[i]) {
                    v = a[j++];
                } else {
                    v = a[i++];
                    j++;
                }
                out.add(v);
            }
        }

        /**
         * Picks a reference point in the cell that lies on no edge, the centre if it can, and moves
         * {@code status} (the polygons containing the point (fx, fy)) there. The segment from
         * (fx, fy) to any point of the cell must only meet the given edges.
         *
         * @return whether the reference is the centre (computed exactly as the lookup does)
         */
        private boolean reference(IntList status, double fx, double fy, double x0, double y0, double x1, double y1,
                                  double ox, double oy, double size, int[] edges, int eFrom, int eTo, double[] out) {
            double cx = minX + (ox + 0.5 * size) * cellW;
            double cy = minY + (oy + 0.5 * size) * cellH;
            if (move(status, fx, fy, cx, cy, edges, eFrom, eTo)) {
                out[0] = cx;
                out[1] = cy;
                return true;
            }
            for (double[] f : REFERENCE_FRACTIONS) {
                double tx = x0 + f[0] * (x1 - x0);
                double ty = y0 + f[1] * (y1 - y0);
                if (move(status, fx, fy, tx, ty, edges, eFrom, eTo)) {
                    out[0] = tx;
                    out[1] = ty;
                    return false;
                }
            }
            throw new IllegalStateException("no reference point off the edges in cell " + x0 + " " + y0);
        }

        /** Toggles {@code status} for each edge that segment F→T crosses; false (status untouched) when T is on an edge. */
        private boolean move(IntList status, double fx, double fy, double tx, double ty, int[] edges, int eFrom, int eTo) {
            IntList flips = new IntList(8);
            for (int i = eFrom; i < eTo; i++) {
                int e = edges[i];
                double ax = xs[e];
                double ay = ys[e];
                double bx = xs[e + 1];
                double by = ys[e + 1];
                int o = CGAlgorithmsDD.orientationIndex(ax, ay, bx, by, tx, ty);
                if (o == 0) {
                    if (tx >= Math.min(ax, bx) && tx <= Math.max(ax, bx) && ty >= Math.min(ay, by) && ty <= Math.max(ay, by)) {
                        return false;
                    }
                    continue;
                }
                if (crosses(ax, ay, bx, by, fx, fy, tx, ty, o)) {
                    flips.add(vertexPoly[e]);
                }
            }
            for (int i = 0; i < flips.size(); i++) {
                toggle(status, flips.get(i));
            }
            return true;
        }

        /** Adds p to or removes it from {@code sorted}, a list ascending by rank. */
        private void toggle(IntList sorted, int p) {
            int i = 0;
            while (i < sorted.size() && rank[sorted.get(i)] < rank[p]) {
                i++;
            }
            if (i < sorted.size() && sorted.get(i) == p) {
                sorted.removeAt(i);
            } else {
                sorted.insertAt(i, p);
            }
        }

        /** The node for the cell at (ox, oy) of side {@code size}, in top-cell units. */
        private int node(Row row, double ox, double oy, double size, int depth, int[] edges, int eFrom, int eTo,
                         double rx, double ry, boolean centre, IntList status) {
            int n = eTo - eFrom;
            if (n == 0 && status.size() <= 1) {
                return status.size() == 0 ? -1 : status.get(0);
            }
            if (n <= MAX_LEAF_EDGES || depth >= MAX_DEPTH) {
                return -2 - ((row.leaf(rx, ry, centre, status, edges, eFrom, eTo, vertexPoly, rank) << 1) | 1);
            }
            int base = row.nodes.size();
            for (int q = 0; q < 4; q++) {
                row.nodes.add(-1);
            }
            double half = size * 0.5;
            double[] ref = new double[2];
            IntList childEdges = new IntList(n);
            for (int q = 0; q < 4; q++) {
                double cox = ox + ((q & 1) == 0 ? 0 : half);
                double coy = oy + ((q & 2) == 0 ? 0 : half);
                double cx0 = minX + cox * cellW;
                double cx1 = minX + (cox + half) * cellW;
                double cy0 = minY + coy * cellH;
                double cy1 = minY + (coy + half) * cellH;
                childEdges.clear();
                for (int i = eFrom; i < eTo; i++) {
                    int e = edges[i];
                    if (segmentMeetsBox(xs[e], ys[e], xs[e + 1], ys[e + 1], cx0 - MARGIN_DEGREES, cy0 - MARGIN_DEGREES,
                            cx1 + MARGIN_DEGREES, cy1 + MARGIN_DEGREES)) {
                        childEdges.add(e);
                    }
                }
                IntList childStatus = new IntList(status.size() + 2);
                for (int i = 0; i < status.size(); i++) {
                    childStatus.add(status.get(i));
                }
                boolean childCentre = reference(childStatus, rx, ry, cx0, cy0, cx1, cy1, cox, coy, half, edges, eFrom, eTo, ref);
                int[] ce = childEdges.toArray();
                int v = node(row, cox, coy, half, depth + 1, ce, 0, ce.length, ref[0], ref[1], childCentre, childStatus);
                row.nodes.set(base + q, v);
            }
            return -2 - (base << 1);
        }
    }

    /** A growable list of points. */
    private static final class PointList {
        private double[] values = new double[8];
        private int size;

        void add(double x, double y) {
            if (2 * size == values.length) {
                values = Arrays.copyOf(values, values.length * 2);
            }
            values[2 * size] = x;
            values[2 * size + 1] = y;
            size++;
        }

        double x(int i) {
            return values[2 * i];
        }

        double y(int i) {
            return values[2 * i + 1];
        }

        int size() {
            return size;
        }
    }

    /** What one row of top cells adds, with row-local indices. */
    private static final class Row {
        final int[] top;
        final IntList nodes = new IntList(64);
        final IntList leafData = new IntList(256);
        final PointList alternateRefs = new PointList();
        /** Where in {@link #leafData} an index into {@link #alternateRefs} sits (relocated on merge). */
        final IntList alternatePositions = new IntList(4);
        int leaves;
        int candidates;

        Row(int nx) {
            top = new int[nx];
        }

        /**
         * Adds a boundary leaf and returns its offset; candidates are the polygons containing the
         * reference and those owning an edge, ascending by rank. {@code status} is ascending by rank;
         * the edges are ascending, so each polygon's edges form one group.
         */
        int leaf(double rx, double ry, boolean centre, IntList status, int[] edges, int eFrom, int eTo, int[] vertexPoly, int[] rank) {
            int at = leafData.size();
            leafData.add(0); // header, set below
            if (!centre) {
                alternatePositions.add(leafData.size());
                leafData.add(alternateRefs.size());
                alternateRefs.add(rx, ry);
            }
            // Group starts, ordered by their polygon's rank (already so when ranks follow the vertex order).
            IntList groups = new IntList(4);
            for (int i = eFrom; i < eTo; i++) {
                if (i == eFrom || vertexPoly[edges[i]] != vertexPoly[edges[i - 1]]) {
                    int g = groups.size();
                    groups.add(i);
                    int r = rank[vertexPoly[edges[i]]];
                    while (g > 0 && rank[vertexPoly[edges[groups.get(g - 1)]]] > r) {
                        groups.set(g, groups.get(g - 1));
                        g--;
                    }
                    groups.set(g, i);
                }
            }
            int count = 0;
            int s = 0;
            int g = 0;
            while (s < status.size() || g < groups.size()) {
                int p;
                int fromStatus = s < status.size() ? status.get(s) : -1;
                int fromEdges = g < groups.size() ? vertexPoly[edges[groups.get(g)]] : -1;
                if (fromEdges < 0 || (fromStatus >= 0 && rank[fromStatus] < rank[fromEdges])) {
                    p = fromStatus;
                } else {
                    p = fromEdges;
                }
                boolean inside = fromStatus == p;
                if (inside) {
                    s++;
                }
                leafData.add((p << 1) | (inside ? 1 : 0));
                int runCountAt = leafData.size();
                leafData.add(0);
                int runs = 0;
                if (fromEdges == p) {
                    int i = groups.get(g++);
                    while (i < eTo && vertexPoly[edges[i]] == p) {
                        int first = edges[i];
                        int end = first + 1;
                        i++;
                        while (i < eTo && edges[i] == end) {
                            end++;
                            i++;
                        }
                        leafData.add(first);
                        leafData.add(end);
                        runs++;
                    }
                }
                leafData.set(runCountAt, runs);
                count++;
            }
            leafData.set(at, count | (centre ? 0 : ALTERNATE_REFERENCE));
            leaves++;
            candidates += count;
            return at;
        }
    }
}
