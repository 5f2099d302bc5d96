package cn.yiwang.grid;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.geom.PrecisionModel;
import org.locationtech.jts.geom.prep.PreparedGeometry;
import org.locationtech.jts.geom.prep.PreparedGeometryFactory;
import org.locationtech.jts.index.strtree.STRtree;
import org.locationtech.jts.operation.distance.DistanceOp;

/**
 * {@link GridLocator} over a JTS {@link STRtree} of {@link PreparedGeometry}: candidates by envelope,
 * then an exact {@code covers} test, so boundary points are found. Snapping measures distance with
 * an equirectangular approximation at the point's latitude (error well below 1 % at the snap
 * distances used, tens to hundreds of metres). Built once, then immutable and thread-safe.
 */
public final class IndexedGridLocator implements GridLocator {

    private static final double METERS_PER_DEGREE = 111_320.0;
    private static final GeometryFactory FACTORY = new GeometryFactory(new PrecisionModel(), 4326);

    private record Entry(String code, PreparedGeometry prepared) {
    }

    private final STRtree micro;
    private final STRtree special;

    /** @param microGrids code → polygon (EPSG:4326); @param specialGrids code → polygon */
    public IndexedGridLocator(Map<String, Geometry> microGrids, Map<String, Geometry> specialGrids) {
        this.micro = build(microGrids);
        this.special = build(specialGrids);
    }

    private static STRtree build(Map<String, Geometry> grids) {
        STRtree tree = new STRtree();
        grids.forEach((code, g) -> tree.insert(g.getEnvelopeInternal(), new Entry(code, PreparedGeometryFactory.prepare(g))));
        tree.build();
        return tree;
    }

    @Override
    public Optional<Hit> locateMicro(double lon, double lat, double snapMeters) {
        Point p = FACTORY.createPoint(new Coordinate(lon, lat));
        String best = null;
        for (Entry e : query(micro, new Envelope(p.getCoordinate()))) {
            if (e.prepared().covers(p) && (best == null || e.code().compareTo(best) < 0)) {
                best = e.code();
            }
        }
        if (best != null) {
            return Optional.of(new Hit(best, 0));
        }
        if (snapMeters <= 0) {
            return Optional.empty();
        }
        double cos = Math.max(0.01, Math.cos(Math.toRadians(lat)));
        double dLat = snapMeters / METERS_PER_DEGREE;
        double dLon = dLat / cos;
        Envelope search = new Envelope(lon - dLon, lon + dLon, lat - dLat, lat + dLat);
        Hit nearest = null;
        for (Entry e : query(micro, search)) {
            Coordinate[] pts = DistanceOp.nearestPoints(e.prepared().getGeometry(), p);
            double dx = (pts[0].x - lon) * cos * METERS_PER_DEGREE;
            double dy = (pts[0].y - lat) * METERS_PER_DEGREE;
            double meters = Math.hypot(dx, dy);
            if (meters <= snapMeters && (nearest == null || meters < nearest.snappedMeters()
                    || (meters == nearest.snappedMeters() && e.code().compareTo(nearest.code()) < 0))) {
                nearest = new Hit(e.code(), meters);
            }
        }
        return Optional.ofNullable(nearest);
    }

    @Override
    public List<String> locateSpecial(double lon, double lat) {
        Point p = FACTORY.createPoint(new Coordinate(lon, lat));
        List<String> codes = new ArrayList<>();
        for (Entry e : query(special, new Envelope(p.getCoordinate()))) {
            if (e.prepared().covers(p)) {
                codes.add(e.code());
            }
        }
        codes.sort(Comparator.naturalOrder());
        return codes;
    }

    @SuppressWarnings("unchecked")
    private static List<Entry> query(STRtree tree, Envelope env) {
        return (List<Entry>) tree.query(env);
    }
}
