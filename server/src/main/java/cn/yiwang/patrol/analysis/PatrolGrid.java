package cn.yiwang.patrol.analysis;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.locationtech.jts.algorithm.locate.IndexedPointInAreaLocator;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.Location;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.index.strtree.STRtree;

import io.micronaut.core.annotation.Nullable;

/**
 * A worker's own level-3 grid prepared for analysis: its local projection (centred on the grid),
 * coverage raster with its micro grids, a point locator, and the buildings in and around it indexed
 * by their footprints (projected, envelopes grown by the building distance). Built once per grid and
 * shared by every analysis of that grid. Immutable and thread-safe once built.
 */
public final class PatrolGrid {

    /** A building footprint (WGS84) and whether it belongs to the grid (its micro grid lies in it). */
    public record Building(String id, @Nullable String name, @Nullable String compound, boolean inGrid, Geometry footprint) {
    }

    /** A building prepared for distance tests. */
    record Shape(Building building, Polygon metric) {
    }

    private final String code;
    private final LocalProjection projection;
    private final CoverageRaster raster;
    private final List<String> microCodes;
    private final IndexedPointInAreaLocator locator;
    private final List<Shape> shapes;
    private final STRtree tree;
    private final int buildingsInGrid;

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
        this.tree = new STRtree();
        int in = 0;
        for (Building b : buildings) {
            Geometry m = projection.project(b.footprint());
            if (!(m instanceof Polygon p)) {
                continue;
            }
            Shape s = new Shape(b, p);
            Envelope env = new Envelope(p.getEnvelopeInternal());
            env.expandBy(Math.max(rules.buildingMeters(), rules.stopRadiusMeters()));
            tree.insert(env, shapes.size());
            shapes.add(s);
            in += b.inGrid() ? 1 : 0;
        }
        tree.build();
        this.buildingsInGrid = in;
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

    /** Indexes into {@link #shapes()} whose grown envelope meets {@code env}. */
    @SuppressWarnings("unchecked")
    List<Integer> candidates(Envelope env) {
        return tree.query(env);
    }

    /** Whether a WGS84 point lies in the grid (its boundary included). */
    public boolean contains(double lon, double lat) {
        return locator.locate(new org.locationtech.jts.geom.Coordinate(lon, lat)) != Location.EXTERIOR;
    }
}
