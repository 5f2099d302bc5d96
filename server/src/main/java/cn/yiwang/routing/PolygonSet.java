package cn.yiwang.routing;

import java.util.Arrays;
import java.util.List;
import java.util.function.IntConsumer;

import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.LinearRing;
import org.locationtech.jts.geom.Polygon;

/**
 * Polygons (or multipolygons) flattened into primitive arrays, ids 0..n-1 in the order given: the
 * rings' vertices in two {@code double} arrays (each ring closed, its last vertex repeating the
 * first), so edge {@code e} is the segment from vertex {@code e} to {@code e + 1}. Offers the
 * metric questions routing asks (distance to a polygon, area of a disk inside it) in a local
 * equirectangular frame at the query point, {@value #METERS_PER_DEGREE} m per degree of latitude
 * (the same approximation as {@code IndexedGridLocator}: well below 1 % error over a few hundred
 * metres). Immutable once built and thread-safe.
 *
 * <p>{@link #withChanges} derives a set in which some polygons are retired and others appended,
 * for an incremental index: a retired polygon keeps its id and vertices (so indices into the
 * arrays held elsewhere stay valid) but has an empty envelope and is never reported by
 * {@link #near}; {@link #compact} drops them.
 */
final class PolygonSet {

    static final double METERS_PER_DEGREE = 111_320.0;

    final int size;
    /** Vertices of all rings, rings one after the other, each closed. */
    final double[] xs;
    final double[] ys;
    /** Ring r holds vertices {@code ringStart[r]} .. {@code ringStart[r + 1] - 1}. */
    final int[] ringStart;
    /** Whether ring r is a hole. */
    final boolean[] hole;
    /** Polygon p holds rings {@code polyRingStart[p]} .. {@code polyRingStart[p + 1] - 1}. */
    final int[] polyRingStart;
    /** minX, minY, maxX, maxY per polygon. */
    final double[] envelope;
    /** Polygon of each vertex. */
    final int[] vertexPolygon;
    /** The envelopes of polygons 0 .. {@code grid.size - 1} bucketed, for {@link #near}; shared by derived sets. */
    private final EnvelopeGrid grid;
    /** Polygons appended since {@link #grid} was built, ascending; {@link #near} tests them one by one. */
    private final int[] extra;

    /** How many polygons were retired by {@link #withChanges}, and their vertices. */
    private final int deadCount;
    private final int deadVertices;

    /** Polygons appended by {@link #withChanges} (at least, or 1/64 of the grid's) beyond which the envelope grid is rebuilt. */
    private static final int MIN_MAX_EXTRA = 64;

    private PolygonSet(int size, double[] xs, double[] ys, int[] ringStart, boolean[] hole, int[] polyRingStart,
                       double[] envelope, int[] vertexPolygon, int deadCount, int deadVertices, EnvelopeGrid grid, int[] extra) {
        this.size = size;
        this.deadCount = deadCount;
        this.deadVertices = deadVertices;
        this.xs = xs;
        this.ys = ys;
        this.ringStart = ringStart;
        this.hole = hole;
        this.polyRingStart = polyRingStart;
        this.envelope = envelope;
        this.vertexPolygon = vertexPolygon;
        if (grid == null) {
            this.grid = new EnvelopeGrid(envelope, size, size - deadCount);
            this.extra = new int[0];
        } else {
            this.grid = grid;
            this.extra = extra;
        }
    }

    /**
     * Envelopes bucketed in a uniform grid (about 4 cells per live polygon). Retired polygons are
     * left out; a polygon retired later stays in its buckets, and its emptied envelope, read from
     * the set asking, keeps it from being reported. Immutable.
     */
    private static final class EnvelopeGrid {
        final int size;
        final double minX;
        final double minY;
        final double cellW;
        final double cellH;
        final int nx;
        final int ny;
        final int[] start;
        final int[] items;

        EnvelopeGrid(double[] envelope, int size, int live) {
            this.size = size;
            double x0 = Double.POSITIVE_INFINITY;
            double y0 = Double.POSITIVE_INFINITY;
            double x1 = Double.NEGATIVE_INFINITY;
            double y1 = Double.NEGATIVE_INFINITY;
            for (int p = 0; p < size; p++) {
                if (envelope[4 * p] <= envelope[4 * p + 2]) {
                    x0 = Math.min(x0, envelope[4 * p]);
                    y0 = Math.min(y0, envelope[4 * p + 1]);
                    x1 = Math.max(x1, envelope[4 * p + 2]);
                    y1 = Math.max(y1, envelope[4 * p + 3]);
                }
            }
            if (x0 > x1) {
                x0 = y0 = 0;
                x1 = y1 = 1;
            }
            double cos = cosLat((y0 + y1) / 2);
            double cell = Math.max(1e-6, Math.sqrt(Math.max((x1 - x0) * cos * (y1 - y0), 1e-12) / (4.0 * Math.max(1, live))));
            this.minX = x0;
            this.minY = y0;
            this.cellH = cell;
            this.cellW = cell / cos;
            this.nx = Math.max(1, Math.min(4096, (int) Math.ceil((x1 - x0) / cellW) + 1));
            this.ny = Math.max(1, Math.min(4096, (int) Math.ceil((y1 - y0) / cellH) + 1));
            this.start = new int[nx * ny + 1];
            int[] filled = new int[0];
            for (int pass = 0; pass < 2; pass++) {
                int[] fill = pass == 0 ? null : Arrays.copyOf(start, nx * ny);
                if (pass == 1) {
                    filled = new int[start[nx * ny]];
                }
                for (int p = 0; p < size; p++) {
                    if (envelope[4 * p] > envelope[4 * p + 2]) {
                        continue; // empty geometry or retired
                    }
                    for (int iy = cellY(envelope[4 * p + 1]); iy <= cellY(envelope[4 * p + 3]); iy++) {
                        for (int ix = cellX(envelope[4 * p]); ix <= cellX(envelope[4 * p + 2]); ix++) {
                            if (pass == 0) {
                                start[iy * nx + ix + 1]++;
                            } else {
                                filled[fill[iy * nx + ix]++] = p;
                            }
                        }
                    }
                }
                if (pass == 0) {
                    for (int c = 0; c < nx * ny; c++) {
                        start[c + 1] += start[c];
                    }
                }
            }
            this.items = filled;
        }

        int cellX(double x) {
            return Math.max(0, Math.min(nx - 1, (int) Math.floor((x - minX) / cellW)));
        }

        int cellY(double y) {
            return Math.max(0, Math.min(ny - 1, (int) Math.floor((y - minY) / cellH)));
        }
    }

    /**
     * @param geometries polygons or multipolygons (lon, lat degrees); empty parts are skipped
     * @throws IllegalArgumentException for a geometry that is neither
     */
    static PolygonSet of(List<Geometry> geometries) {
        Flat f = Flat.of(geometries);
        return new PolygonSet(geometries.size(), f.xs, f.ys, f.ringStart, f.hole, f.polyRingStart, f.envelope,
                vertexPolygons(f.ringStart, f.polyRingStart, geometries.size(), 0), 0, 0, null, null);
    }

    /** The polygon of each vertex, numbered from {@code first}. */
    private static int[] vertexPolygons(int[] ringStart, int[] polyRingStart, int size, int first) {
        int[] out = new int[ringStart[ringStart.length - 1] - ringStart[0]];
        for (int p = 0; p < size; p++) {
            Arrays.fill(out, ringStart[polyRingStart[p]] - ringStart[0], ringStart[polyRingStart[p + 1]] - ringStart[0], first + p);
        }
        return out;
    }

    /**
     * A new set holding this one's polygons, with those in {@code dead} retired (they keep their
     * ids and vertices, but {@link #near} no longer reports them and their envelope is empty),
     * followed by {@code added} as ids {@code size .. size + added.size() - 1}. Costs a copy of the
     * arrays, not a pass over the polygons.
     *
     * @throws IllegalArgumentException for an added geometry that is not polygonal
     */
    PolygonSet withChanges(int[] dead, List<Geometry> added) {
        Flat f = Flat.of(added);
        int baseRings = ringStart.length - 1;
        int baseVertices = xs.length;
        int n = size + added.size();
        double[] nxs = Arrays.copyOf(xs, baseVertices + f.xs.length);
        double[] nys = Arrays.copyOf(ys, baseVertices + f.ys.length);
        System.arraycopy(f.xs, 0, nxs, baseVertices, f.xs.length);
        System.arraycopy(f.ys, 0, nys, baseVertices, f.ys.length);
        int[] nRingStart = Arrays.copyOf(ringStart, baseRings + f.ringStart.length);
        for (int r = 0; r < f.ringStart.length; r++) {
            nRingStart[baseRings + r] = baseVertices + f.ringStart[r];
        }
        boolean[] nHole = Arrays.copyOf(hole, baseRings + f.hole.length);
        System.arraycopy(f.hole, 0, nHole, baseRings, f.hole.length);
        int[] nPolyRingStart = Arrays.copyOf(polyRingStart, n + 1);
        for (int p = 0; p <= added.size(); p++) {
            nPolyRingStart[size + p] = baseRings + f.polyRingStart[p];
        }
        double[] nEnvelope = Arrays.copyOf(envelope, 4 * n);
        System.arraycopy(f.envelope, 0, nEnvelope, 4 * size, f.envelope.length);
        int nDead = deadCount;
        int nDeadVertices = deadVertices;
        for (int p : dead) {
            if (p < 0 || p >= size || isDead(nEnvelope, p)) {
                throw new IllegalArgumentException("no live polygon " + p);
            }
            retire(nEnvelope, p);
            nDead++;
            nDeadVertices += ringStart[polyRingStart[p + 1]] - ringStart[polyRingStart[p]];
        }
        int[] nVertexPolygon = Arrays.copyOf(vertexPolygon, nxs.length);
        int[] appended = vertexPolygons(f.ringStart, f.polyRingStart, added.size(), size);
        System.arraycopy(appended, 0, nVertexPolygon, baseVertices, appended.length);
        int[] nExtra = Arrays.copyOf(extra, extra.length + added.size());
        for (int p = 0; p < added.size(); p++) {
            nExtra[extra.length + p] = size + p;
        }
        if (nExtra.length > Math.max(MIN_MAX_EXTRA, grid.size / 64)) {
            return new PolygonSet(n, nxs, nys, nRingStart, nHole, nPolyRingStart, nEnvelope, nVertexPolygon, nDead, nDeadVertices,
                    null, null);
        }
        return new PolygonSet(n, nxs, nys, nRingStart, nHole, nPolyRingStart, nEnvelope, nVertexPolygon, nDead, nDeadVertices,
                grid, nExtra);
    }

    /** The polygons {@code order[0]}, {@code order[1]}, … as ids 0, 1, …: a set without retired polygons. */
    PolygonSet compact(int[] order) {
        int rings = 0;
        int vertices = 0;
        for (int p : order) {
            rings += polyRingStart[p + 1] - polyRingStart[p];
            vertices += ringStart[polyRingStart[p + 1]] - ringStart[polyRingStart[p]];
        }
        double[] nxs = new double[vertices];
        double[] nys = new double[vertices];
        int[] nRingStart = new int[rings + 1];
        boolean[] nHole = new boolean[rings];
        int[] nPolyRingStart = new int[order.length + 1];
        double[] nEnvelope = new double[4 * order.length];
        int r = 0;
        int v = 0;
        for (int i = 0; i < order.length; i++) {
            int p = order[i];
            nPolyRingStart[i] = r;
            System.arraycopy(envelope, 4 * p, nEnvelope, 4 * i, 4);
            for (int k = polyRingStart[p]; k < polyRingStart[p + 1]; k++) {
                int len = ringStart[k + 1] - ringStart[k];
                System.arraycopy(xs, ringStart[k], nxs, v, len);
                System.arraycopy(ys, ringStart[k], nys, v, len);
                nRingStart[r] = v;
                nHole[r] = hole[k];
                v += len;
                r++;
            }
        }
        nRingStart[rings] = v;
        nPolyRingStart[order.length] = r;
        return new PolygonSet(order.length, nxs, nys, nRingStart, nHole, nPolyRingStart, nEnvelope,
                vertexPolygons(nRingStart, nPolyRingStart, order.length, 0), 0, 0, null, null);
    }

    /** Retired polygons get an envelope no point lies in (and that {@link #near}'s buckets skip). */
    private static void retire(double[] envelope, int p) {
        envelope[4 * p] = Double.POSITIVE_INFINITY;
        envelope[4 * p + 1] = Double.POSITIVE_INFINITY;
        envelope[4 * p + 2] = Double.NEGATIVE_INFINITY;
        envelope[4 * p + 3] = Double.NEGATIVE_INFINITY;
    }

    private static boolean isDead(double[] envelope, int p) {
        return envelope[4 * p] == Double.POSITIVE_INFINITY && envelope[4 * p + 2] == Double.NEGATIVE_INFINITY;
    }

    /** Polygon p's envelope (null when it was retired or is empty). */
    Envelope envelopeOf(int p) {
        return envelope[4 * p] > envelope[4 * p + 2] ? new Envelope() : new Envelope(envelope[4 * p], envelope[4 * p + 2], envelope[4 * p + 1], envelope[4 * p + 3]);
    }

    /** Whether polygon p was retired by {@link #withChanges}. */
    boolean isDead(int p) {
        return isDead(envelope, p);
    }

    /** Vertices of retired polygons still held in the arrays. */
    int deadVertexCount() {
        return deadVertices;
    }

    /** The rings of some geometries flattened, ids in list order. */
    private record Flat(double[] xs, double[] ys, int[] ringStart, boolean[] hole, int[] polyRingStart, double[] envelope) {

        static Flat of(List<Geometry> geometries) {
            int rings = 0;
            int vertices = 0;
            for (Geometry g : geometries) {
                for (int i = 0; i < g.getNumGeometries(); i++) {
                    Geometry part = g.getGeometryN(i);
                    if (!(part instanceof Polygon poly)) {
                        throw new IllegalArgumentException("not a polygon: " + g.getGeometryType());
                    }
                    if (poly.isEmpty()) {
                        continue;
                    }
                    rings += 1 + poly.getNumInteriorRing();
                    vertices += poly.getNumPoints();
                }
            }
            double[] xs = new double[vertices];
            double[] ys = new double[vertices];
            int[] ringStart = new int[rings + 1];
            boolean[] hole = new boolean[rings];
            int[] polyRingStart = new int[geometries.size() + 1];
            double[] envelope = new double[4 * geometries.size()];
            int r = 0;
            int v = 0;
            for (int p = 0; p < geometries.size(); p++) {
                Geometry g = geometries.get(p);
                polyRingStart[p] = r;
                Envelope env = g.getEnvelopeInternal();
                envelope[4 * p] = env.getMinX();
                envelope[4 * p + 1] = env.getMinY();
                envelope[4 * p + 2] = env.getMaxX();
                envelope[4 * p + 3] = env.getMaxY();
                for (int i = 0; i < g.getNumGeometries(); i++) {
                    Polygon poly = (Polygon) g.getGeometryN(i);
                    if (poly.isEmpty()) {
                        continue;
                    }
                    for (int k = -1; k < poly.getNumInteriorRing(); k++) {
                        LinearRing ring = k < 0 ? poly.getExteriorRing() : poly.getInteriorRingN(k);
                        ringStart[r] = v;
                        hole[r] = k >= 0;
                        for (Coordinate c : ring.getCoordinates()) {
                            xs[v] = c.x;
                            ys[v] = c.y;
                            v++;
                        }
                        r++;
                    }
                }
            }
            ringStart[rings] = v;
            polyRingStart[geometries.size()] = r;
            return new Flat(xs, ys, ringStart, hole, polyRingStart, envelope);
        }
    }

    static double cosLat(double lat) {
        return Math.max(0.01, Math.cos(Math.toRadians(lat)));
    }

    /** Calls {@code action} once with every polygon whose envelope comes within {@code meters} of the point. */
    void near(double lon, double lat, double meters, IntConsumer action) {
        double dLat = meters / METERS_PER_DEGREE;
        double dLon = dLat / cosLat(lat);
        meeting(lon - dLon, lat - dLat, lon + dLon, lat + dLat, action);
    }

    /** Calls {@code action} once with every live polygon whose envelope meets the box (in no particular order). */
    void meeting(double qx0, double qy0, double qx1, double qy1, IntConsumer action) {
        if (!(qx0 <= qx1 && qy0 <= qy1)) {
            return; // also NaN
        }
        EnvelopeGrid g = grid;
        if (qx1 >= g.minX && qy1 >= g.minY) {
            int ix0 = g.cellX(qx0);
            int ix1 = g.cellX(qx1);
            int iy0 = g.cellY(qy0);
            int iy1 = g.cellY(qy1);
            for (int iy = iy0; iy <= iy1; iy++) {
                for (int ix = ix0; ix <= ix1; ix++) {
                    int cell = iy * g.nx + ix;
                    for (int i = g.start[cell]; i < g.start[cell + 1]; i++) {
                        int p = g.items[i];
                        double ex0 = envelope[4 * p];
                        double ey0 = envelope[4 * p + 1];
                        if (ex0 > qx1 || ey0 > qy1 || envelope[4 * p + 2] < qx0 || envelope[4 * p + 3] < qy0) {
                            continue; // also a polygon retired since the grid was built
                        }
                        // A polygon sits in every cell its envelope touches: report it only in the cell
                        // holding the lower-left corner of its overlap with the query box.
                        if (g.cellX(Math.max(ex0, qx0)) == ix && g.cellY(Math.max(ey0, qy0)) == iy) {
                            action.accept(p);
                        }
                    }
                }
            }
        }
        for (int p : extra) {
            if (!(envelope[4 * p] > envelope[4 * p + 2] || envelope[4 * p] > qx1 || envelope[4 * p + 1] > qy1 || envelope[4 * p + 2] < qx0 || envelope[4 * p + 3] < qy0)) {
                action.accept(p);
            }
        }
    }

    /** Metres from the point to the nearest point of polygon p's boundary (also when the point is inside). */
    double boundaryDistanceMeters(int p, double lon, double lat) {
        double kx = cosLat(lat) * METERS_PER_DEGREE;
        double best2 = Double.POSITIVE_INFINITY;
        for (int r = polyRingStart[p]; r < polyRingStart[p + 1]; r++) {
            for (int e = ringStart[r]; e < ringStart[r + 1] - 1; e++) {
                double ax = (xs[e] - lon) * kx;
                double ay = (ys[e] - lat) * METERS_PER_DEGREE;
                double bx = (xs[e + 1] - lon) * kx;
                double by = (ys[e + 1] - lat) * METERS_PER_DEGREE;
                best2 = Math.min(best2, originSegmentDistance2(ax, ay, bx, by));
            }
        }
        return Math.sqrt(best2);
    }

    /**
     * Whether the boundary of polygon p comes closer to the point than {@code radiusMeters}: the same
     * as {@code boundaryDistanceMeters(p, lon, lat) < radiusMeters} up to rounding, but it stops at
     * the first such edge and skips, without a division, every edge whose box lies wholly to one side
     * of the circle's square.
     */
    boolean boundaryWithin(int p, double lon, double lat, double radiusMeters) {
        double kx = cosLat(lat) * METERS_PER_DEGREE;
        double r = radiusMeters;
        double r2 = r * r;
        for (int ring = polyRingStart[p]; ring < polyRingStart[p + 1]; ring++) {
            for (int e = ringStart[ring]; e < ringStart[ring + 1] - 1; e++) {
                double ax = (xs[e] - lon) * kx;
                double bx = (xs[e + 1] - lon) * kx;
                if ((ax > r && bx > r) || (ax < -r && bx < -r)) {
                    continue;
                }
                double ay = (ys[e] - lat) * METERS_PER_DEGREE;
                double by = (ys[e + 1] - lat) * METERS_PER_DEGREE;
                if ((ay > r && by > r) || (ay < -r && by < -r)) {
                    continue;
                }
                if (originSegmentDistance2(ax, ay, bx, by) < r2) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Squared distance from the origin to segment AB. */
    static double originSegmentDistance2(double ax, double ay, double bx, double by) {
        double dx = bx - ax;
        double dy = by - ay;
        double len2 = dx * dx + dy * dy;
        double t = len2 == 0 ? 0 : Math.max(0, Math.min(1, -(ax * dx + ay * dy) / len2));
        double x = ax + t * dx;
        double y = ay + t * dy;
        return x * x + y * y;
    }

    /** Area in square metres of the disk of {@code radiusMeters} around the point that lies inside polygon p. */
    double diskAreaSquareMeters(int p, double lon, double lat, double radiusMeters) {
        double kx = cosLat(lat) * METERS_PER_DEGREE;
        double area = 0;
        for (int r = polyRingStart[p]; r < polyRingStart[p + 1]; r++) {
            double signed = 0;
            for (int e = ringStart[r]; e < ringStart[r + 1] - 1; e++) {
                signed += diskTriangleArea((xs[e] - lon) * kx, (ys[e] - lat) * METERS_PER_DEGREE,
                        (xs[e + 1] - lon) * kx, (ys[e + 1] - lat) * METERS_PER_DEGREE, radiusMeters);
            }
            // Ring orientation is not guaranteed, so each ring counts by magnitude: shell minus holes.
            area += hole[r] ? -Math.abs(signed) : Math.abs(signed);
        }
        return Math.max(0, area);
    }

    /**
     * Signed area of the intersection of the disk (centre at the origin, radius r) with the triangle
     * (origin, A, B): the segment is split where it crosses the circle; the parts inside contribute
     * their triangle, the parts outside the circular sector they subtend.
     */
    static double diskTriangleArea(double ax, double ay, double bx, double by, double r) {
        double dx = bx - ax;
        double dy = by - ay;
        double a = dx * dx + dy * dy;
        if (a == 0) {
            return 0;
        }
        double b = ax * dx + ay * dy;
        double c = ax * ax + ay * ay - r * r;
        double disc = b * b - a * c;
        if (disc <= 0) {
            return sector(ax, ay, bx, by, r);
        }
        double s = Math.sqrt(disc);
        double t1 = Math.max(0, Math.min(1, (-b - s) / a));
        double t2 = Math.max(0, Math.min(1, (-b + s) / a));
        double p1x = ax + t1 * dx;
        double p1y = ay + t1 * dy;
        double p2x = ax + t2 * dx;
        double p2y = ay + t2 * dy;
        return sector(ax, ay, p1x, p1y, r) + 0.5 * (p1x * p2y - p1y * p2x) + sector(p2x, p2y, bx, by, r);
    }

    private static double sector(double ax, double ay, double bx, double by, double r) {
        double cross = ax * by - ay * bx;
        double dot = ax * bx + ay * by;
        if (cross == 0 && dot >= 0) {
            return 0;
        }
        return 0.5 * r * r * Math.atan2(cross, dot);
    }

    /** Vertices of the live polygons. */
    int vertexCount() {
        return xs.length - deadVertices;
    }

    long estimatedBytes() {
        return 16L * xs.length + 4L * ringStart.length + hole.length + 4L * polyRingStart.length + 8L * envelope.length
                + 4L * vertexPolygon.length + 4L * grid.start.length + 4L * grid.items.length + 4L * extra.length;
    }
}
