package cn.yiwang.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.locationtech.jts.algorithm.locate.IndexedPointInAreaLocator;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.Location;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.geom.PrecisionModel;
import org.locationtech.jts.geom.prep.PreparedGeometry;
import org.locationtech.jts.geom.prep.PreparedGeometryFactory;
import org.locationtech.jts.operation.overlayng.OverlayNG;
import org.locationtech.jts.operation.overlayng.OverlayNGRobust;
import org.locationtech.jts.triangulate.VoronoiDiagramBuilder;

/**
 * Cuts a polygon into child polygons that tile it exactly: Voronoi cells of seed points,
 * clipped to the parent, with stray pieces handed to a neighbour ({@link FragmentMerger}).
 *
 * <p>Seeds come either from a density-weighted k-means (Lloyd's algorithm on points sampled from
 * the {@link DensityField} inside the parent, so children hold about equal "mass" and are small
 * where the density is high), or from fixed anchor points, where a child may own several
 * anchors and gets the union of their cells.
 *
 * <p>Geometry is EPSG:4326. Distances for k-means and the Voronoi diagram are taken in a local
 * equirectangular frame (longitude scaled by cos(latitude)) so cells are not stretched; the
 * cells are mapped back vertex by vertex, so neighbours still share identical vertices, and are
 * clipped to the parent in lon/lat, so the children never leave the parent. Cells lying wholly
 * inside the parent are not clipped at all.
 *
 * <p>Deterministic for the same inputs and random state. Thread-safe (no mutable state); the
 * {@link SplittableRandom} passed in must not be shared between threads.
 */
final class PolygonPartitioner {
    private static final int SAMPLES_PER_CHILD = 48;
    private static final int MIN_SAMPLES = 240;
    private static final int LLOYD_ITERATIONS = 12;
    private static final long MAX_SAMPLE_ATTEMPTS = 50_000_000L;
    private static final GeometryFactory FRAME_FACTORY = new GeometryFactory(new PrecisionModel());

    private final DensityField density;
    private final GeometryFactory factory;

    PolygonPartitioner(DensityField density, GeometryFactory factory) {
        this.density = density;
        this.factory = factory;
    }

    /**
     * Splits {@code parent} into {@code n} children of about equal density mass.
     *
     * @return {@code n} valid polygons in no particular order (see {@link ReadingOrder}); for
     *         {@code n == 1} a copy of the parent
     */
    List<Polygon> partition(Polygon parent, int n, SplittableRandom random) {
        if (n < 1) {
            throw new IllegalArgumentException("need at least one child, got " + n);
        }
        if (n == 1) {
            return List.of((Polygon) parent.copy());
        }
        Frame frame = new Frame(parent.getEnvelopeInternal());
        int sampleCount = Math.max(MIN_SAMPLES, SAMPLES_PER_CHILD * n);
        double[][] samples = sample(parent, sampleCount, random, frame);
        double[][] seeds = kMeans(samples[0], samples[1], n, random);
        List<Coordinate> sites = new ArrayList<>(n);
        int[] owner = new int[n];
        for (int i = 0; i < n; i++) {
            sites.add(new Coordinate(seeds[0][i], seeds[1][i]));
            owner[i] = i;
        }
        return cells(parent, frame, sites, owner, n);
    }

    /**
     * Splits {@code parent} into one child per anchor list: child i is the union of the
     * Voronoi cells of {@code anchors.get(i)} (lon/lat points; each list non-empty, all points
     * distinct).
     */
    List<Polygon> partitionAroundAnchors(Polygon parent, List<List<Coordinate>> anchors) {
        int n = anchors.size();
        if (n == 1) {
            return List.of((Polygon) parent.copy());
        }
        Frame frame = new Frame(parent.getEnvelopeInternal());
        List<Coordinate> sites = new ArrayList<>();
        List<Integer> owners = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (anchors.get(i).isEmpty()) {
                throw new IllegalArgumentException("child " + i + " has no anchor");
            }
            for (Coordinate a : anchors.get(i)) {
                sites.add(frame.toFrame(a.x, a.y));
                owners.add(i);
            }
        }
        return cells(parent, frame, sites, owners.stream().mapToInt(Integer::intValue).toArray(), n);
    }

    private List<Polygon> cells(Polygon parent, Frame frame, List<Coordinate> sites, int[] owner, int n) {
        Map<Coordinate, Integer> siteIndex = new HashMap<>();
        Envelope clip = new Envelope();
        for (int i = 0; i < sites.size(); i++) {
            if (siteIndex.put(sites.get(i), i) != null) {
                throw new IllegalArgumentException("duplicate site " + sites.get(i));
            }
            clip.expandToInclude(sites.get(i));
        }
        Envelope parentInFrame = frame.toFrame(parent.getEnvelopeInternal());
        clip.expandToInclude(parentInFrame);
        clip.expandBy(Math.max(clip.getWidth(), clip.getHeight()));

        VoronoiDiagramBuilder builder = new VoronoiDiagramBuilder();
        builder.setSites(sites);
        builder.setClipEnvelope(clip);
        Geometry diagram = builder.getDiagram(FRAME_FACTORY);
        if (diagram.getNumGeometries() != sites.size()) {
            throw new IllegalStateException("Voronoi diagram has " + diagram.getNumGeometries()
                    + " cells for " + sites.size() + " sites");
        }

        PreparedGeometry preparedParent = PreparedGeometryFactory.prepare(parent);
        List<List<Polygon>> pieces = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            pieces.add(new ArrayList<>());
        }
        for (int k = 0; k < diagram.getNumGeometries(); k++) {
            Polygon cellInFrame = (Polygon) diagram.getGeometryN(k);
            Integer site = siteIndex.get((Coordinate) cellInFrame.getUserData());
            if (site == null) {
                throw new IllegalStateException("Voronoi cell without its site");
            }
            Polygon cell = frame.toLonLat(cellInFrame, factory);
            Geometry clipped = preparedParent.covers(cell)
                    ? cell
                    : OverlayNGRobust.overlay(cell, parent, OverlayNG.INTERSECTION);
            addPolygons(clipped, pieces.get(owner[site]));
        }
        for (int i = 0; i < n; i++) {
            List<Polygon> own = pieces.get(i);
            if (own.size() > 1) {
                // Cells of one owner (anchor partitions) are merged before strays are handed out.
                Geometry union = OverlayNGRobust.union(factory.buildGeometry(own));
                own.clear();
                addPolygons(union, own);
            }
        }
        List<Polygon> children = FragmentMerger.merge(pieces, factory);
        IndexedPointInAreaLocator parentLocator = new IndexedPointInAreaLocator(parent);
        List<Polygon> result = new ArrayList<>(n);
        for (Polygon child : children) {
            result.add(VertexNudger.pullInside(child, parentLocator, factory));
        }
        return result;
    }

    private void addPolygons(Geometry g, List<Polygon> out) {
        for (int i = 0; i < g.getNumGeometries(); i++) {
            Geometry part = g.getGeometryN(i);
            if (part instanceof Polygon p && !p.isEmpty() && p.getArea() > 0) {
                out.add((Polygon) factory.createGeometry(p));
            }
        }
    }

    /** Points inside the parent, distributed by the density field; returns {xs, ys} in the frame. */
    private double[][] sample(Polygon parent, int count, SplittableRandom random, Frame frame) {
        Envelope env = parent.getEnvelopeInternal();
        IndexedPointInAreaLocator locator = new IndexedPointInAreaLocator(parent);
        double max = density.upperBound(env);
        double[] xs = new double[count];
        double[] ys = new double[count];
        Coordinate probe = new Coordinate();
        int found = 0;
        for (long attempt = 0; found < count; attempt++) {
            if (attempt > MAX_SAMPLE_ATTEMPTS) {
                throw new IllegalStateException("cannot sample inside polygon of area " + parent.getArea());
            }
            probe.x = env.getMinX() + random.nextDouble() * env.getWidth();
            probe.y = env.getMinY() + random.nextDouble() * env.getHeight();
            double accept = random.nextDouble() * max;
            if (accept > density.at(probe.x, probe.y) || locator.locate(probe) != Location.INTERIOR) {
                continue;
            }
            Coordinate p = frame.toFrame(probe.x, probe.y);
            xs[found] = p.x;
            ys[found] = p.y;
            found++;
        }
        return new double[][] {xs, ys};
    }

    /**
     * Lloyd's k-means on the samples, k-means++ start. Each final seed is the sample nearest to
     * its cluster mean, so seeds are distinct and lie inside the parent.
     */
    static double[][] kMeans(double[] xs, double[] ys, int k, SplittableRandom random) {
        int m = xs.length;
        double[] cx = new double[k];
        double[] cy = new double[k];
        double[] nearest = new double[m];
        int first = random.nextInt(m);
        cx[0] = xs[first];
        cy[0] = ys[first];
        for (int s = 0; s < m; s++) {
            nearest[s] = sq(xs[s] - cx[0], ys[s] - cy[0]);
        }
        for (int c = 1; c < k; c++) {
            double total = 0;
            for (int s = 0; s < m; s++) {
                total += nearest[s];
            }
            double target = random.nextDouble() * total;
            int pick = m - 1;
            for (int s = 0; s < m; s++) {
                target -= nearest[s];
                if (target < 0) {
                    pick = s;
                    break;
                }
            }
            cx[c] = xs[pick];
            cy[c] = ys[pick];
            for (int s = 0; s < m; s++) {
                nearest[s] = Math.min(nearest[s], sq(xs[s] - cx[c], ys[s] - cy[c]));
            }
        }

        int[] assignment = new int[m];
        for (int iteration = 0; iteration <= LLOYD_ITERATIONS; iteration++) {
            assign(xs, ys, cx, cy, assignment, nearest);
            if (iteration == LLOYD_ITERATIONS) {
                break;
            }
            double[] sx = new double[k];
            double[] sy = new double[k];
            int[] size = new int[k];
            for (int s = 0; s < m; s++) {
                sx[assignment[s]] += xs[s];
                sy[assignment[s]] += ys[s];
                size[assignment[s]]++;
            }
            for (int c = 0; c < k; c++) {
                if (size[c] > 0) {
                    cx[c] = sx[c] / size[c];
                    cy[c] = sy[c] / size[c];
                } else {
                    // An empty cluster restarts at the sample worst served by its centre.
                    int worst = 0;
                    for (int s = 1; s < m; s++) {
                        if (nearest[s] > nearest[worst]) {
                            worst = s;
                        }
                    }
                    cx[c] = xs[worst];
                    cy[c] = ys[worst];
                    nearest[worst] = 0;
                }
            }
        }

        double[] best = new double[k];
        int[] bestSample = new int[k];
        Arrays.fill(best, Double.POSITIVE_INFINITY);
        Arrays.fill(bestSample, -1);
        for (int s = 0; s < m; s++) {
            int c = assignment[s];
            double d = sq(xs[s] - cx[c], ys[s] - cy[c]);
            if (d < best[c]) {
                best[c] = d;
                bestSample[c] = s;
            }
        }
        boolean[] used = new boolean[m];
        double[][] seeds = new double[2][k];
        for (int c = 0; c < k; c++) {
            int s = bestSample[c];
            if (s < 0) {
                // Still empty after the last step: take the sample farthest from every seed.
                s = farthestUnused(xs, ys, cx, cy, used);
            }
            used[s] = true;
            seeds[0][c] = xs[s];
            seeds[1][c] = ys[s];
        }
        return seeds;
    }

    private static int farthestUnused(double[] xs, double[] ys, double[] cx, double[] cy, boolean[] used) {
        int pick = -1;
        double pickDistance = -1;
        for (int s = 0; s < xs.length; s++) {
            if (used[s]) {
                continue;
            }
            double d = Double.POSITIVE_INFINITY;
            for (int c = 0; c < cx.length; c++) {
                d = Math.min(d, sq(xs[s] - cx[c], ys[s] - cy[c]));
            }
            if (d > pickDistance) {
                pickDistance = d;
                pick = s;
            }
        }
        return pick;
    }

    private static void assign(double[] xs, double[] ys, double[] cx, double[] cy, int[] assignment, double[] nearest) {
        for (int s = 0; s < xs.length; s++) {
            int best = 0;
            double bestDistance = Double.POSITIVE_INFINITY;
            for (int c = 0; c < cx.length; c++) {
                double d = sq(xs[s] - cx[c], ys[s] - cy[c]);
                if (d < bestDistance) {
                    bestDistance = d;
                    best = c;
                }
            }
            assignment[s] = best;
            nearest[s] = bestDistance;
        }
    }

    private static double sq(double dx, double dy) {
        return dx * dx + dy * dy;
    }

    /**
     * Local equirectangular frame around an envelope's centre: x = (lon − lon0)·cos(lat0),
     * y = lat − lat0, both in degrees of latitude.
     */
    private static final class Frame {
        private final double lon0;
        private final double lat0;
        private final double kx;

        Frame(Envelope env) {
            this.lon0 = env.centre().x;
            this.lat0 = env.centre().y;
            this.kx = Math.cos(Math.toRadians(lat0));
        }

        Coordinate toFrame(double lon, double lat) {
            return new Coordinate((lon - lon0) * kx, lat - lat0);
        }

        Envelope toFrame(Envelope env) {
            Coordinate a = toFrame(env.getMinX(), env.getMinY());
            Coordinate b = toFrame(env.getMaxX(), env.getMaxY());
            return new Envelope(a, b);
        }

        Polygon toLonLat(Polygon cell, GeometryFactory factory) {
            Coordinate[] c = cell.getExteriorRing().getCoordinates();
            Coordinate[] out = new Coordinate[c.length];
            for (int i = 0; i < c.length; i++) {
                out[i] = new Coordinate(c[i].x / kx + lon0, c[i].y + lat0);
            }
            out[out.length - 1] = out[0];
            return factory.createPolygon(out);
        }
    }
}
