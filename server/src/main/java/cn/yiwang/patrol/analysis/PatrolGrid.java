package cn.yiwang.patrol.analysis;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.locationtech.jts.algorithm.locate.IndexedPointInAreaLocator;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.Location;
import org.locationtech.jts.geom.Polygon;

import io.micronaut.core.annotation.Nullable;

/**
 * A worker's own level-3 grid prepared for analysis: its local projection (centred on the grid),
 * coverage raster with its micro grids, a point locator, and the buildings in and around it
 * (projected) in buckets of 50 m by their envelopes grown by the building and stop distances. Built once per grid and
 * shared by every analysis of that grid. Immutable and thread-safe once built.
 */
public final class PatrolGrid {

    /** A building footprint (WGS84) and whether it belongs to the grid (its micro grid lies in it). */
    public record Building(String id, @Nullable String name, @Nullable String compound, boolean inGrid, Geometry footprint) {
    }

    /** A building prepared for distance tests: projected footprint, its rings and envelope. */
    record Shape(Building building, Polygon metric, org.locationtech.jts.geom.Coordinate[][] rings, Envelope envelope) {
    }

    /** Side of the buckets of the building index, metres. */
    private static final double BUCKET_METERS = 50;

    private final String code;
    private final LocalProjection projection;
    private final CoverageRaster raster;
    private final List<String> microCodes;
    private final IndexedPointInAreaLocator locator;
    private final List<Shape> shapes;
    private final int buildingsInGrid;
    /** Buildings by bucket of a uniform grid over their grown envelopes (cheaper per query than an STRtree). */
    private final int[][] buckets;
    private final double bucketMinX;
    private final double bucketMinY;
    private final int bucketsX;
    private final int bucketsY;

    /**
     * @param code      the level-3 grid code
     * @param grid      its geometry, WGS84
     * @param micros    its micro grids, code → WGS84 geometry
     * @param buildings buildings in and near it (those with {@code inGrid} count for the building share)
     */
    public PatrolGrid(String code, Geometry grid, Map<String, Geometry> micros, List<Building> buildings, AnalysisRules rules) {
        this.code = code;
        Envelope e = grid.getEnvelopeInternal();
        this.projection = new LocalProjection((e.getMinX() + e.getMaxX()) / 2, (e.getMinY() + e.getMaxY()) / 2);
        this.microCodes = List.copyOf(micros.keySet());
        List<Geometry> microMetric = new ArrayList<>(micros.size());
        for (Geometry m : micros.values()) {
            microMetric.add(projection.project(m));
        }
        this.raster = new CoverageRaster(projection.project(grid), microMetric, rules.cellMeters());
        this.locator = new IndexedPointInAreaLocator(grid);
        this.shapes = new ArrayList<>(buildings.size());
        double grow = Math.max(rules.buildingMeters(), rules.stopRadiusMeters());
        Envelope all = new Envelope();
        int in = 0;
        for (Building b : buildings) {
            Geometry m = projection.project(b.footprint());
            if (!(m instanceof Polygon p)) {
                continue;
            }
            org.locationtech.jts.geom.Coordinate[][] rings = new org.locationtech.jts.geom.Coordinate[1 + p.getNumInteriorRing()][];
            rings[0] = p.getExteriorRing().getCoordinates();
            for (int h = 0; h < p.getNumInteriorRing(); h++) {
                rings[h + 1] = p.getInteriorRingN(h).getCoordinates();
            }
            shapes.add(new Shape(b, p, rings, p.getEnvelopeInternal()));
            Envelope env = new Envelope(p.getEnvelopeInternal());
            env.expandBy(grow);
            all.expandToInclude(env);
            in += b.inGrid() ? 1 : 0;
        }
        this.buildingsInGrid = in;
        this.bucketMinX = all.isNull() ? 0 : all.getMinX();
        this.bucketMinY = all.isNull() ? 0 : all.getMinY();
        this.bucketsX = all.isNull() ? 0 : Math.max(1, (int) Math.ceil(all.getWidth() / BUCKET_METERS));
        this.bucketsY = all.isNull() ? 0 : Math.max(1, (int) Math.ceil(all.getHeight() / BUCKET_METERS));
        List<List<Integer>> lists = new ArrayList<>();
        for (int i = 0; i < bucketsX * bucketsY; i++) {
            lists.add(new ArrayList<>(2));
        }
        for (int i = 0; i < shapes.size(); i++) {
            Envelope env = new Envelope(shapes.get(i).envelope());
            env.expandBy(grow);
            for (int by = bucketY(env.getMinY()); by <= bucketY(env.getMaxY()); by++) {
                for (int bx = bucketX(env.getMinX()); bx <= bucketX(env.getMaxX()); bx++) {
                    lists.get(by * bucketsX + bx).add(i);
                }
            }
        }
        this.buckets = new int[lists.size()][];
        for (int i = 0; i < lists.size(); i++) {
            buckets[i] = lists.get(i).stream().mapToInt(Integer::intValue).toArray();
        }
    }

    public String code() {
        return code;
    }

    public LocalProjection projection() {
        return projection;
    }

    public CoverageRaster raster() {
        return raster;
    }

    /** Micro grid codes, in the raster's index order. */
    public List<String> microCodes() {
        return microCodes;
    }

    public int buildingsInGrid() {
        return buildingsInGrid;
    }

    List<Shape> shapes() {
        return shapes;
    }

    private int bucketX(double x) {
        return Math.max(0, Math.min(bucketsX - 1, (int) ((x - bucketMinX) / BUCKET_METERS)));
    }

    private int bucketY(double y) {
        return Math.max(0, Math.min(bucketsY - 1, (int) ((y - bucketMinY) / BUCKET_METERS)));
    }

    /** Calls {@code action} with the index of every building whose grown envelope may meet the box (possibly twice). */
    void forEachCandidate(double minX, double minY, double maxX, double maxY, java.util.function.IntConsumer action) {
        if (bucketsX == 0 || maxX < bucketMinX || maxY < bucketMinY
                || minX > bucketMinX + bucketsX * BUCKET_METERS || minY > bucketMinY + bucketsY * BUCKET_METERS) {
            return;
        }
        for (int by = bucketY(minY); by <= bucketY(maxY); by++) {
            for (int bx = bucketX(minX); bx <= bucketX(maxX); bx++) {
                for (int i : buckets[by * bucketsX + bx]) {
                    action.accept(i);
                }
            }
        }
    }

    /** Whether a WGS84 point lies in the grid (its boundary included). */
    public boolean contains(double lon, double lat) {
        return locator.locate(new org.locationtech.jts.geom.Coordinate(lon, lat)) != Location.EXTERIOR;
    }
}
