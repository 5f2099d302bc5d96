package cn.yiwang.routing;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.Polygon;

/**
 * Finds district boundaries near a point, for the 三跨 flag: a case within {@code reachMeters} of
 * a boundary between two districts, or of the outer outline, may touch grids of several districts.
 *
 * <p>Input: district polygons in EPSG:4326; every ring edge of every district is a boundary (a
 * shared border appears once per side, which does not change a distance). Distances are metres
 * in the local equirectangular frame of the query point. Segments are bucketed in a uniform grid
 * of cells a few times {@code reachMeters} wide, each holding the segments that come within reach
 * of it, so a query reads one cell. Immutable once built and thread-safe.
 */
public final class DistrictBoundaryFinder {

    /** The nearest boundary within reach: its distance, and every district whose boundary is within reach, ascending. */
    public record Near(double meters, List<String> districts) {
    }

    private static final int MAX_CELLS = 1 << 22;

    private final double reachMeters;
    private final String[] codes;
    /** x1, y1, x2, y2 per segment. */
    private final double[] segments;
    private final int[] segmentDistrict;
    private final double minX;
    private final double minY;
    private final double cellW;
    private final double cellH;
    private final int nx;
    private final int ny;
    private final int[] cellStart;
    private final int[] cellSegments;

    /**
     * @param districts   district code → polygon or multipolygon, EPSG:4326
     * @param reachMeters how far a boundary counts as near (30 m for 三跨)
     */
    public DistrictBoundaryFinder(Map<String, Geometry> districts, double reachMeters) {
        if (!(reachMeters > 0) || !Double.isFinite(reachMeters)) {
            throw new IllegalArgumentException("reachMeters must be a positive number, got " + reachMeters);
        }
        this.reachMeters = reachMeters;
        TreeMap<String, Geometry> sorted = new TreeMap<>(districts);
        this.codes = sorted.keySet().toArray(String[]::new);
        List<double[]> segs = new ArrayList<>();
        List<Integer> owners = new ArrayList<>();
        int d = 0;
        for (Geometry g : sorted.values()) {
            for (int i = 0; i < g.getNumGeometries(); i++) {
                if (g.getGeometryN(i) instanceof Polygon p && !p.isEmpty()) {
                    for (int k = -1; k < p.getNumInteriorRing(); k++) {
                        Coordinate[] cs = (k < 0 ? p.getExteriorRing() : p.getInteriorRingN(k)).getCoordinates();
                        for (int j = 0; j + 1 < cs.length; j++) {
                            segs.add(new double[] {cs[j].x, cs[j].y, cs[j + 1].x, cs[j + 1].y});
                            owners.add(d);
                        }
                    }
                }
            }
            d++;
        }
        this.segments = new double[4 * segs.size()];
        this.segmentDistrict = new int[segs.size()];
        double x0 = Double.POSITIVE_INFINITY;
        double y0 = Double.POSITIVE_INFINITY;
        double x1 = Double.NEGATIVE_INFINITY;
        double y1 = Double.NEGATIVE_INFINITY;
        for (int s = 0; s < segs.size(); s++) {
            System.arraycopy(segs.get(s), 0, segments, 4 * s, 4);
            segmentDistrict[s] = owners.get(s);
            x0 = Math.min(x0, Math.min(segments[4 * s], segments[4 * s + 2]));
            x1 = Math.max(x1, Math.max(segments[4 * s], segments[4 * s + 2]));
            y0 = Math.min(y0, Math.min(segments[4 * s + 1], segments[4 * s + 3]));
            y1 = Math.max(y1, Math.max(segments[4 * s + 1], segments[4 * s + 3]));
        }
        if (segs.isEmpty()) {
            x0 = y0 = 0;
            x1 = y1 = 1;
        }
        // Reach in degrees, generous in longitude: cos(lat) where it is smallest over the extent.
        double reachLat = reachMeters / PolygonSet.METERS_PER_DEGREE;
        double cos = PolygonSet.cosLat(Math.min(89, Math.max(Math.abs(y0), Math.abs(y1)) + reachLat));
        double reachLon = reachLat / cos;
        this.minX = x0 - 2 * reachLon;
        this.minY = y0 - 2 * reachLat;
        double cellM = Math.max(4 * reachMeters, 100);
        double cw = cellM / PolygonSet.METERS_PER_DEGREE / cos;
        double ch = cellM / PolygonSet.METERS_PER_DEGREE;
        double w = x1 + 2 * reachLon - minX;
        double h = y1 + 2 * reachLat - minY;
        while ((w / cw) * (h / ch) > MAX_CELLS) {
            cw *= 2;
            ch *= 2;
        }
        this.cellW = cw;
        this.cellH = ch;
        this.nx = Math.max(1, (int) Math.ceil(w / cw));
        this.ny = Math.max(1, (int) Math.ceil(h / ch));
        int[] count = new int[nx * ny + 1];
        int[] cellSegs = new int[0];
        for (int pass = 0; pass < 2; pass++) {
            int[] fill = pass == 0 ? null : Arrays.copyOf(count, nx * ny);
            for (int s = 0; s < segs.size(); s++) {
                int ix0 = clamp((int) Math.floor((Math.min(segments[4 * s], segments[4 * s + 2]) - reachLon - minX) / cellW), nx);
                int ix1 = clamp((int) Math.floor((Math.max(segments[4 * s], segments[4 * s + 2]) + reachLon - minX) / cellW), nx);
                int iy0 = clamp((int) Math.floor((Math.min(segments[4 * s + 1], segments[4 * s + 3]) - reachLat - minY) / cellH), ny);
                int iy1 = clamp((int) Math.floor((Math.max(segments[4 * s + 1], segments[4 * s + 3]) + reachLat - minY) / cellH), ny);
                for (int iy = iy0; iy <= iy1; iy++) {
                    for (int ix = ix0; ix <= ix1; ix++) {
                        if (pass == 0) {
                            count[iy * nx + ix]++;
                        } else {
                            cellSegs[fill[iy * nx + ix]++] = s;
                        }
                    }
                }
            }
            if (pass == 0) {
                int total = 0;
                for (int c = 0; c < nx * ny; c++) {
                    int n = count[c];
                    count[c] = total;
                    total += n;
                }
                count[nx * ny] = total;
                cellSegs = new int[total];
            }
        }
        this.cellStart = count;
        this.cellSegments = cellSegs;
    }

    private static int clamp(int i, int n) {
        return Math.max(0, Math.min(n - 1, i));
    }

    public double reachMeters() {
        return reachMeters;
    }

    /**
     * The nearest district boundary within reach of (lon, lat), EPSG:4326 degrees, or {@code null}
     * when none is (also for non-finite input).
     */
    public Near near(double lon, double lat) {
        double fx = (lon - minX) / cellW;
        double fy = (lat - minY) / cellH;
        if (!(fx >= 0 && fy >= 0 && fx < nx && fy < ny)) {
            return null;
        }
        int cell = (int) fy * nx + (int) fx;
        int from = cellStart[cell];
        int to = cellStart[cell + 1];
        if (from == to) {
            return null;
        }
        double kx = PolygonSet.cosLat(lat) * PolygonSet.METERS_PER_DEGREE;
        double ky = PolygonSet.METERS_PER_DEGREE;
        double reach2 = reachMeters * reachMeters;
        double best2 = Double.POSITIVE_INFINITY;
        long within = 0; // bit set of district indices, for up to 64 districts; more fall back to a list
        List<Integer> extra = null;
        for (int i = from; i < to; i++) {
            int s = cellSegments[i];
            double d2 = PolygonSet.originSegmentDistance2((segments[4 * s] - lon) * kx, (segments[4 * s + 1] - lat) * ky,
                    (segments[4 * s + 2] - lon) * kx, (segments[4 * s + 3] - lat) * ky);
            if (d2 <= reach2) {
                best2 = Math.min(best2, d2);
                int d = segmentDistrict[s];
                if (d < 64) {
                    within |= 1L << d;
                } else {
                    if (extra == null) {
                        extra = new ArrayList<>();
                    }
                    if (!extra.contains(d)) {
                        extra.add(d);
                    }
                }
            }
        }
        if (best2 == Double.POSITIVE_INFINITY) {
            return null;
        }
        List<String> districts = new ArrayList<>(2);
        for (int d = 0; d < Math.min(64, codes.length); d++) {
            if ((within & (1L << d)) != 0) {
                districts.add(codes[d]);
            }
        }
        if (extra != null) {
            extra.stream().sorted().forEach(d -> districts.add(codes[d]));
        }
        return new Near(Math.sqrt(best2), Collections.unmodifiableList(districts));
    }
}
