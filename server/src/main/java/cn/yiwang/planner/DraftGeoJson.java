package cn.yiwang.planner;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryCollection;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.LinearRing;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.geom.PrecisionModel;

/**
 * GeoJSON (RFC 7946, lon/lat) for drafts, from and to the parsed JSON tree (maps, lists, numbers):
 * a FeatureCollection of children with properties {@code code}, {@code name}, {@code kind},
 * {@code parentCode}; line strings for cuts and edges; any geometry out, for problem locations.
 *
 * <p>Reading enforces limits before any geometry is built (vertices per grid and per draft, number
 * of features) and checks coordinate ranges and ring closure; a failure names the offending member
 * with an RFC 6901 pointer. It does not check topology: a bow-tie is read as it is and reported by
 * {@link GridDraftValidator}. Stateless and thread-safe.
 */
public final class DraftGeoJson {

    /** What was wrong and where (RFC 6901 pointer into the request body). */
    public static final class Invalid extends Exception {
        private final String pointer;

        Invalid(String pointer, String message) {
            super(message);
            this.pointer = pointer;
        }

        public String pointer() {
            return pointer;
        }
    }

    /** Limits of one read. */
    public record Limits(int maxFeatures, int maxVerticesPerGrid, int maxVerticesPerDraft) {
    }

    public static final GeometryFactory FACTORY = new GeometryFactory(new PrecisionModel(), 4326);

    private DraftGeoJson() {
    }

    /**
     * Reads a FeatureCollection of children; a feature without {@code parentCode} belongs to
     * {@code defaultParent}.
     */
    public static List<DraftChild> readChildren(Object tree, String pointer, String defaultParent, Limits limits) throws Invalid {
        Map<String, Object> fc = object(tree, pointer);
        if (!"FeatureCollection".equals(fc.get("type"))) {
            throw new Invalid(pointer + "/type", "must be \"FeatureCollection\"");
        }
        List<Object> features = array(fc.get("features"), pointer + "/features");
        if (features.size() > limits.maxFeatures()) {
            throw new Invalid(pointer + "/features", features.size() + " features; a draft holds at most " + limits.maxFeatures());
        }
        int[] budget = {limits.maxVerticesPerDraft()};
        List<DraftChild> out = new ArrayList<>(features.size());
        for (int i = 0; i < features.size(); i++) {
            String at = pointer + "/features/" + i;
            Map<String, Object> f = object(features.get(i), at);
            Map<String, Object> props = object(f.get("properties"), at + "/properties");
            String code = string(props.get("code"), at + "/properties/code", 40);
            String name = string(props.get("name"), at + "/properties/name", 200);
            Object kindRaw = props.get("kind");
            String kind = kindRaw == null ? null : string(kindRaw, at + "/properties/kind", 40);
            Object parentRaw = props.get("parentCode");
            String parent = parentRaw == null ? defaultParent : string(parentRaw, at + "/properties/parentCode", 40);
            int[] perGrid = {limits.maxVerticesPerGrid()};
            Geometry g = areal(f.get("geometry"), at + "/geometry", perGrid, budget, limits);
            out.add(new DraftChild(code, name, kind, parent, g));
        }
        return out;
    }

    /** Reads a GeoJSON LineString (a cut or a new edge). */
    public static LineString readLine(Object tree, String pointer, int maxVertices) throws Invalid {
        Map<String, Object> o = object(tree, pointer);
        if (!"LineString".equals(o.get("type"))) {
            throw new Invalid(pointer + "/type", "must be \"LineString\"");
        }
        int[] budget = {maxVertices};
        Coordinate[] pts = positions(o.get("coordinates"), pointer + "/coordinates", budget, budget, maxVertices);
        if (pts.length < 2) {
            throw new Invalid(pointer + "/coordinates", "a line needs at least 2 positions");
        }
        return FACTORY.createLineString(pts);
    }

    /** Throws when {@code g} lies farther than {@code marginDegrees} from {@code area}'s envelope. */
    public static void requireNear(Geometry g, Envelope area, double marginDegrees, String pointer) throws Invalid {
        Envelope grown = new Envelope(area);
        grown.expandBy(marginDegrees);
        if (!grown.contains(g.getEnvelopeInternal())) {
            throw new Invalid(pointer, String.format(java.util.Locale.ROOT,
                    "lies outside the parent grid's area (%.5f,%.5f – %.5f,%.5f, with a margin of %.3f°)",
                    area.getMinX(), area.getMinY(), area.getMaxX(), area.getMaxY(), marginDegrees));
        }
    }

    /** A FeatureCollection of children, with their area in m². */
    public static Map<String, Object> writeChildren(List<DraftChild> children) {
        List<Object> features = new ArrayList<>(children.size());
        for (DraftChild c : children) {
            Map<String, Object> props = new LinkedHashMap<>();
            props.put("code", c.code());
            props.put("name", c.name());
            props.put("kind", c.kind());
            props.put("parentCode", c.parentCode());
            props.put("areaSqm", c.geometry().isEmpty() ? 0.0
                    : Math.round(LocalProjection.around(c.geometry()).areaSqm(c.geometry()) * 10) / 10.0);
            Map<String, Object> f = new LinkedHashMap<>();
            f.put("type", "Feature");
            f.put("id", c.code());
            f.put("geometry", write(c.geometry()));
            f.put("properties", props);
            features.add(f);
        }
        Map<String, Object> fc = new LinkedHashMap<>();
        fc.put("type", "FeatureCollection");
        fc.put("features", features);
        return fc;
    }

    /** Any geometry as a GeoJSON object. */
    public static Map<String, Object> write(Geometry g) {
        Map<String, Object> o = new LinkedHashMap<>();
        if (g instanceof Point p) {
            o.put("type", "Point");
            o.put("coordinates", p.isEmpty() ? List.of() : position(p.getCoordinate()));
        } else if (g instanceof LinearRing || g instanceof LineString) {
            o.put("type", "LineString");
            o.put("coordinates", positions(g.getCoordinates()));
        } else if (g instanceof Polygon p) {
            o.put("type", "Polygon");
            o.put("coordinates", rings(p));
        } else if (g instanceof org.locationtech.jts.geom.MultiPolygon mp) {
            o.put("type", "MultiPolygon");
            List<Object> polys = new ArrayList<>();
            for (int i = 0; i < mp.getNumGeometries(); i++) {
                polys.add(rings((Polygon) mp.getGeometryN(i)));
            }
            o.put("coordinates", polys);
        } else if (g instanceof org.locationtech.jts.geom.MultiLineString ml) {
            o.put("type", "MultiLineString");
            List<Object> lines = new ArrayList<>();
            for (int i = 0; i < ml.getNumGeometries(); i++) {
                lines.add(positions(ml.getGeometryN(i).getCoordinates()));
            }
            o.put("coordinates", lines);
        } else if (g instanceof org.locationtech.jts.geom.MultiPoint mp) {
            o.put("type", "MultiPoint");
            o.put("coordinates", positions(mp.getCoordinates()));
        } else if (g instanceof GeometryCollection gc) {
            o.put("type", "GeometryCollection");
            List<Object> parts = new ArrayList<>();
            for (int i = 0; i < gc.getNumGeometries(); i++) {
                parts.add(write(gc.getGeometryN(i)));
            }
            o.put("geometries", parts);
        }
        return o;
    }

    private static List<Object> rings(Polygon p) {
        List<Object> rings = new ArrayList<>();
        rings.add(positions(p.getExteriorRing().getCoordinates()));
        for (int i = 0; i < p.getNumInteriorRing(); i++) {
            rings.add(positions(p.getInteriorRingN(i).getCoordinates()));
        }
        return rings;
    }

    private static List<Object> positions(Coordinate[] cs) {
        List<Object> out = new ArrayList<>(cs.length);
        for (Coordinate c : cs) {
            out.add(position(c));
        }
        return out;
    }

    /**
     * Full double precision: a draft is stored as this JSON, and rounding here would move cut
     * points off the edges they lie on and collapse tiny parts between saves.
     */
    private static List<Double> position(Coordinate c) {
        return List.of(c.x, c.y);
    }

    private static Geometry areal(Object tree, String at, int[] perGrid, int[] perDraft, Limits limits) throws Invalid {
        Map<String, Object> o = object(tree, at);
        Object type = o.get("type");
        if ("Polygon".equals(type)) {
            return polygon(o.get("coordinates"), at + "/coordinates", perGrid, perDraft, limits);
        }
        if ("MultiPolygon".equals(type)) {
            List<Object> polys = array(o.get("coordinates"), at + "/coordinates");
            if (polys.isEmpty()) {
                throw new Invalid(at + "/coordinates", "a MultiPolygon needs at least one polygon");
            }
            Polygon[] parts = new Polygon[polys.size()];
            for (int i = 0; i < parts.length; i++) {
                parts[i] = polygon(polys.get(i), at + "/coordinates/" + i, perGrid, perDraft, limits);
            }
            return parts.length == 1 ? parts[0] : FACTORY.createMultiPolygon(parts);
        }
        throw new Invalid(at + "/type", "a grid's geometry must be a \"Polygon\" or \"MultiPolygon\"");
    }

    private static Polygon polygon(Object tree, String at, int[] perGrid, int[] perDraft, Limits limits) throws Invalid {
        List<Object> rings = array(tree, at);
        if (rings.isEmpty()) {
            throw new Invalid(at, "a polygon needs an exterior ring");
        }
        LinearRing[] out = new LinearRing[rings.size()];
        for (int r = 0; r < out.length; r++) {
            String ra = at + "/" + r;
            Coordinate[] pts = positions(rings.get(r), ra, perGrid, perDraft, limits.maxVerticesPerGrid());
            if (pts.length < 4) {
                throw new Invalid(ra, "a ring needs at least 4 positions, the last equal to the first");
            }
            if (!pts[0].equals2D(pts[pts.length - 1])) {
                throw new Invalid(ra, "a ring must be closed: its last position must equal its first");
            }
            out[r] = FACTORY.createLinearRing(pts);
        }
        LinearRing[] holes = new LinearRing[out.length - 1];
        System.arraycopy(out, 1, holes, 0, holes.length);
        return FACTORY.createPolygon(out[0], holes);
    }

    private static Coordinate[] positions(Object tree, String at, int[] perGrid, int[] perDraft, int perGridLimit) throws Invalid {
        List<Object> list = array(tree, at);
        perGrid[0] -= list.size();
        perDraft[0] -= list.size();
        if (perGrid[0] < 0) {
            throw new Invalid(at, "too many vertices: a grid may have at most " + perGridLimit);
        }
        if (perDraft[0] < 0) {
            throw new Invalid(at, "too many vertices in the draft");
        }
        Coordinate[] out = new Coordinate[list.size()];
        for (int i = 0; i < out.length; i++) {
            List<Object> pos = array(list.get(i), at + "/" + i);
            if (pos.size() < 2 || pos.size() > 3 || !(pos.get(0) instanceof Number x) || !(pos.get(1) instanceof Number y)) {
                throw new Invalid(at + "/" + i, "a position is [lon, lat] in degrees");
            }
            double lon = x.doubleValue();
            double lat = y.doubleValue();
            if (!Double.isFinite(lon) || lon < -180 || lon > 180 || !Double.isFinite(lat) || lat < -90 || lat > 90) {
                throw new Invalid(at + "/" + i, "[" + lon + ", " + lat + "] is not a lon/lat position");
            }
            out[i] = new Coordinate(lon, lat);
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> object(Object tree, String at) throws Invalid {
        if (tree instanceof Map<?, ?> m) {
            return (Map<String, Object>) m;
        }
        throw new Invalid(at.isEmpty() ? "/" : at, "must be a JSON object");
    }

    @SuppressWarnings("unchecked")
    static List<Object> array(Object tree, String at) throws Invalid {
        if (tree instanceof List<?> l) {
            return (List<Object>) l;
        }
        throw new Invalid(at, "must be a JSON array");
    }

    static String string(Object tree, String at, int maxLength) throws Invalid {
        if (!(tree instanceof String s) || s.length() > maxLength) {
            throw new Invalid(at, "must be a string of at most " + maxLength + " characters");
        }
        return s;
    }
}
