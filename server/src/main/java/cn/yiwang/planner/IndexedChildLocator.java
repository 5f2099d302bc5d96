package cn.yiwang.planner;

import java.util.List;

import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.geom.prep.PreparedGeometry;
import org.locationtech.jts.geom.prep.PreparedGeometryFactory;
import org.locationtech.jts.index.strtree.STRtree;

/**
 * Point → child of a draft: the child whose boundary covers the point, the smallest code where
 * several do (a shared edge), as the routing index and the buildings' micro-grid link decide; null
 * outside every child. Immutable after construction; thread-safe for queries.
 */
public final class IndexedChildLocator {

    private record Entry(String code, PreparedGeometry geometry) {
    }

    private final STRtree tree = new STRtree();
    private final GeometryFactory factory;

    public IndexedChildLocator(List<DraftChild> children) {
        this.factory = children.isEmpty() ? DraftGeoJson.FACTORY : children.get(0).geometry().getFactory();
        for (DraftChild c : children) {
            if (!c.geometry().isEmpty() && c.geometry().isValid()) {
                tree.insert(c.geometry().getEnvelopeInternal(), new Entry(c.code(), PreparedGeometryFactory.prepare(c.geometry())));
            }
        }
        tree.build();
    }

    public String locate(double lon, double lat) {
        Point p = factory.createPoint(new Coordinate(lon, lat));
        String best = null;
        @SuppressWarnings("unchecked")
        List<Entry> hits = tree.query(new Envelope(lon, lon, lat, lat));
        for (Entry e : hits) {
            if ((best == null || e.code().compareTo(best) < 0) && e.geometry().covers(p)) {
                best = e.code();
            }
        }
        return best;
    }
}
