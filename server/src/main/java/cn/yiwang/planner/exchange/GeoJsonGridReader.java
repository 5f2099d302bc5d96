package cn.yiwang.planner.exchange;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.LinearRing;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.geom.PrecisionModel;

/**
 * Reads grids from a parsed GeoJSON FeatureCollection (the JSON tree of maps and lists): Polygon and
 * MultiPolygon features, properties through the {@link AttributeMapping}. RFC 7946 GeoJSON is lon/lat
 * (EPSG:4326); the pre-RFC {@code "crs": {"type": "name", "properties": {"name": "EPSG:4547"}}} member
 * is honoured, so a QGIS export in a Gauss-Krüger zone is read too. Vertices are counted as the rings
 * are walked, so a 1,000,000-vertex ring is refused at the limit. Errors name JSON pointers.
 */
public final class GeoJsonGridReader {

    private static final GeometryFactory FACTORY = new GeometryFactory(new PrecisionModel(), 0);

    /** The features and the CRS the file declares (null: none, i.e. RFC 7946 lon/lat). */
    public record Layer(List<ImportedGrid> grids, SourceCrs declaredCrs) {
    }

    private GeoJsonGridReader() {
    }

    public static Layer read(Object tree, AttributeMapping mapping, ImportLimits limits) throws ImportRefusedException {
        if (!(tree instanceof Map<?, ?> root) || !"FeatureCollection".equals(root.get("type"))) {
            throw new ImportRefusedException("/type", "is not a GeoJSON FeatureCollection");
        }
        SourceCrs declared = null;
        if (root.get("crs") instanceof Map<?, ?> crs && crs.get("properties") instanceof Map<?, ?> p && p.get("name") instanceof String name) {
            declared = SourceCrsDetector.fromName(name, "GeoJSON crs member", "/crs/properties/name");
        }
        if (!(root.get("features") instanceof List<?> features)) {
            throw new ImportRefusedException("/features", "must be an array of features");
        }
        if (features.size() > limits.maxFeatures()) {
            throw new ImportRefusedException("/features", "holds " + features.size() + " features; import at most " + limits.maxFeatures()
                    + " at once");
        }
        long[] total = {0};
        List<ImportedGrid> out = new ArrayList<>(features.size());
        for (int i = 0; i < features.size(); i++) {
            String at = "/features/" + i;
            if (!(features.get(i) instanceof Map<?, ?> f)) {
                throw new ImportRefusedException(at, "is not a feature");
            }
            Geometry g = geometry(f.get("geometry"), at + "/geometry", limits, total);
            Map<String, Object> props = new java.util.LinkedHashMap<>();
            if (f.get("properties") instanceof Map<?, ?> m) {
                m.forEach((k, v) -> props.put(String.valueOf(k), v));
            }
            out.add(mapping.apply(props, g, at));
        }
        return new Layer(out, declared);
    }

    private static Geometry geometry(Object tree, String at, ImportLimits limits, long[] total) throws ImportRefusedException {
        if (!(tree instanceof Map<?, ?> g)) {
            throw new ImportRefusedException(at, "is missing: every grid needs a boundary");
        }
        Object type = g.get("type");
        if ("Polygon".equals(type)) {
            return polygon(g.get("coordinates"), at + "/coordinates", limits, total);
        }
        if ("MultiPolygon".equals(type)) {
            if (!(g.get("coordinates") instanceof List<?> polys) || polys.isEmpty()) {
                throw new ImportRefusedException(at + "/coordinates", "must be a non-empty array of polygons");
            }
            Polygon[] out = new Polygon[polys.size()];
            int[] perGrid = {0};
            for (int k = 0; k < polys.size(); k++) {
                out[k] = polygon(polys.get(k), at + "/coordinates/" + k, limits, total, perGrid);
            }
            return FACTORY.createMultiPolygon(out);
        }
        throw new ImportRefusedException(at + "/type", "is " + type + "; grids are Polygon or MultiPolygon");
    }

    private static Polygon polygon(Object tree, String at, ImportLimits limits, long[] total) throws ImportRefusedException {
        return polygon(tree, at, limits, total, new int[] {0});
    }

    private static Polygon polygon(Object tree, String at, ImportLimits limits, long[] total, int[] perGrid) throws ImportRefusedException {
        if (!(tree instanceof List<?> rings) || rings.isEmpty()) {
            throw new ImportRefusedException(at, "must be a non-empty array of rings");
        }
        LinearRing[] out = new LinearRing[rings.size()];
        for (int r = 0; r < rings.size(); r++) {
            String ringAt = at + "/" + r;
            if (!(rings.get(r) instanceof List<?> positions) || positions.size() < 4) {
                throw new ImportRefusedException(ringAt, "must be a ring of at least 4 positions");
            }
            perGrid[0] += positions.size();
            total[0] += positions.size();
            if (perGrid[0] > limits.maxVerticesPerGrid()) {
                throw new ImportRefusedException(ringAt, "brings the grid to " + perGrid[0] + " vertices; a grid may have at most "
                        + limits.maxVerticesPerGrid());
            }
            if (total[0] > limits.maxVerticesTotal()) {
                throw new ImportRefusedException(ringAt, "brings the file over " + limits.maxVerticesTotal() + " vertices");
            }
            Coordinate[] cs = new Coordinate[positions.size()];
            for (int k = 0; k < cs.length; k++) {
                if (!(positions.get(k) instanceof List<?> p) || p.size() < 2 || !(p.get(0) instanceof Number x) || !(p.get(1) instanceof Number y)
                        || !Double.isFinite(x.doubleValue()) || !Double.isFinite(y.doubleValue())) {
                    throw new ImportRefusedException(ringAt + "/" + k, "is not a position [x, y]");
                }
                cs[k] = new Coordinate(x.doubleValue(), y.doubleValue());
            }
            if (!cs[0].equals2D(cs[cs.length - 1])) {
                throw new ImportRefusedException(ringAt, "is not closed (first and last positions differ)");
            }
            out[r] = FACTORY.createLinearRing(cs);
        }
        LinearRing[] holes = new LinearRing[out.length - 1];
        System.arraycopy(out, 1, holes, 0, holes.length);
        return FACTORY.createPolygon(out[0], holes);
    }
}
