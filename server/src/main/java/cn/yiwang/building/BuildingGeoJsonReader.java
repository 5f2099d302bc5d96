package cn.yiwang.building;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.LinearRing;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.geom.PrecisionModel;
import org.locationtech.jts.operation.valid.IsValidOp;
import org.locationtech.jts.operation.valid.TopologyValidationError;

import cn.yiwang.data.BuildingRecord;
import cn.yiwang.geo.ChinaCoordinateTransformer;
import cn.yiwang.geo.CoordinateSystem;

/**
 * Reads an RFC 7946 FeatureCollection of building footprints, already parsed into plain Java
 * values ({@code Map}, {@code List}, {@code Number}, {@code String}, {@code Boolean}, null), into
 * {@link BuildingRecord}s in EPSG:4326, or into the list of everything wrong with it. Nothing is
 * half-read: a result has either buildings or issues.
 *
 * <p>Each feature needs a {@code Polygon} geometry, or a {@code MultiPolygon} of exactly one
 * polygon (holes allowed; rings closed, at least four positions; positions
 * {@code [lon, lat]} or {@code [lon, lat, z]} with z ignored; any winding), and properties:
 * <ul>
 *   <li>{@code id} (required; the Feature's own {@code id} is used when properties have none):
 *       1–64 characters of {@code [0-9A-Za-z_.:-]}, unique within the collection;</li>
 *   <li>{@code use} (required): residential, commercial, public, industrial or other;</li>
 *   <li>{@code floors} (required): a whole number 1–200;</li>
 *   <li>{@code height} (or {@code heightM}, as the read API writes it), metres, &gt; 0 and
 *       &lt; 700; default floors × 3;</li>
 *   <li>{@code households}: a whole number 0–{@value #MAX_HOUSEHOLDS}, default 0;</li>
 *   <li>{@code name}, {@code compound}: text of at most 200 characters, optional.</li>
 * </ul>
 * Coordinates are in {@code crs} and are converted to WGS84 with
 * {@link ChinaCoordinateTransformer}; they must be finite, longitude in [-180, 180], latitude in
 * [-90, 90]. The converted polygon must be valid (OGC simple-features rules, as JTS checks them;
 * PostGIS re-checks on write). At most {@value #MAX_FEATURES} features.
 *
 * <p>Issues carry an RFC 6901 JSON pointer to the offending member
 * ({@code /features/12/properties/floors}) and a message naming the bad value. At most
 * {@value #MAX_ISSUES} are reported; reading stops there. Pure function of its inputs;
 * thread-safe.
 */
public final class BuildingGeoJsonReader {

    public static final int MAX_FEATURES = 50_000;
    public static final int MAX_ISSUES = 100;
    public static final double DEFAULT_METERS_PER_FLOOR = 3.0;
    static final int MAX_TEXT_LENGTH = 200;
    static final int MAX_HOUSEHOLDS = 100_000;

    /** One thing wrong with the input, at an RFC 6901 pointer. */
    public record Issue(String pointer, String detail) {
    }

    /** Either buildings (in input order) or issues, never both. */
    public record Result(List<BuildingRecord> buildings, List<Issue> issues) {
        public boolean ok() {
            return issues.isEmpty();
        }
    }

    private static final GeometryFactory WGS84 = new GeometryFactory(new PrecisionModel(), 4326);

    /** Thrown inside the reader when the issue limit is reached. */
    private static final class TooManyIssues extends RuntimeException {
        TooManyIssues() {
            super(null, null, false, false);
        }
    }

    private final CoordinateSystem crs;
    private final List<Issue> issues = new ArrayList<>();

    private BuildingGeoJsonReader(CoordinateSystem crs) {
        this.crs = crs;
    }

    /**
     * @param json the parsed request body
     * @param crs  the coordinate system of its positions
     */
    public static Result read(Object json, CoordinateSystem crs) {
        Objects.requireNonNull(crs, "crs");
        BuildingGeoJsonReader reader = new BuildingGeoJsonReader(crs);
        List<BuildingRecord> buildings = new ArrayList<>();
        try {
            reader.collection(json, buildings);
        } catch (TooManyIssues e) {
            // the first MAX_ISSUES are enough to act on
        }
        return reader.issues.isEmpty() ? new Result(List.copyOf(buildings), List.of())
                : new Result(List.of(), List.copyOf(reader.issues));
    }

    private void collection(Object json, List<BuildingRecord> out) {
        if (!(json instanceof Map<?, ?> root)) {
            issue("", "must be a GeoJSON FeatureCollection object, not " + describe(json));
            return;
        }
        if (!"FeatureCollection".equals(root.get("type"))) {
            issue("/type", "must be \"FeatureCollection\", not " + describe(root.get("type")));
            return;
        }
        if (!(root.get("features") instanceof List<?> features)) {
            issue("/features", "must be an array of Features, not " + describe(root.get("features")));
            return;
        }
        if (features.isEmpty()) {
            issue("/features", "is empty");
            return;
        }
        if (features.size() > MAX_FEATURES) {
            issue("/features", "has " + features.size() + " features; at most " + MAX_FEATURES + " per request");
            return;
        }
        Map<String, Integer> firstIndexOfId = new HashMap<>();
        for (int i = 0; i < features.size(); i++) {
            BuildingRecord b = feature(features.get(i), "/features/" + i);
            if (b == null) {
                continue;
            }
            Integer first = firstIndexOfId.putIfAbsent(b.id(), i);
            if (first != null) {
                issue("/features/" + i + "/properties/id", "'" + clip(b.id()) + "' is also the id of feature " + first);
            } else {
                out.add(b);
            }
        }
    }

    /** The building, or null after recording its issues. */
    private BuildingRecord feature(Object value, String at) {
        if (!(value instanceof Map<?, ?> feature)) {
            issue(at, "must be a Feature object, not " + describe(value));
            return null;
        }
        int before = issues.size();
        if (!"Feature".equals(feature.get("type"))) {
            issue(at + "/type", "must be \"Feature\", not " + describe(feature.get("type")));
        }
        Object rawProperties = feature.get("properties");
        Map<?, ?> properties = rawProperties instanceof Map<?, ?> m ? m : Map.of();
        if (rawProperties != null && !(rawProperties instanceof Map)) {
            issue(at + "/properties", "must be an object, not " + describe(rawProperties));
        }
        String props = at + "/properties";
        String id = id(properties.containsKey("id") ? properties.get("id") : feature.get("id"),
                properties.containsKey("id") ? props + "/id" : at + "/id");
        String name = text(properties.get("name"), props + "/name");
        String compound = text(properties.get("compound"), props + "/compound");
        String use = use(properties.get("use"), props + "/use");
        Integer floors = whole(properties.get("floors"), props + "/floors", BuildingRecord.MIN_FLOORS,
                BuildingRecord.MAX_FLOORS, true);
        boolean hasHeight = properties.get("height") != null;
        Double height = height(hasHeight ? properties.get("height") : properties.get("heightM"),
                props + (hasHeight ? "/height" : "/heightM"));
        Integer households = whole(properties.get("households"), props + "/households", 0, MAX_HOUSEHOLDS, false);
        Polygon footprint = geometry(feature.get("geometry"), at + "/geometry");
        if (issues.size() > before) {
            return null;
        }
        double heightMeters = height != null ? height : floors * DEFAULT_METERS_PER_FLOOR;
        return new BuildingRecord(id, name, compound, use, floors, heightMeters, households == null ? 0 : households,
                null, footprint);
    }

    private String id(Object value, String at) {
        if (value == null) {
            issue(at, "is required");
            return null;
        }
        String id = value instanceof Number n && isWhole(n) ? Long.toString(n.longValue()) : value instanceof String s ? s : null;
        if (id == null) {
            issue(at, "must be a string, not " + describe(value));
        } else if (!id.matches(BuildingRecord.ID_PATTERN)) {
            issue(at, "'" + clip(id) + "' must be 1–64 characters of letters, digits and _ . : -");
        }
        return id;
    }

    private String text(Object value, String at) {
        if (value == null) {
            return null;
        }
        if (!(value instanceof String s)) {
            issue(at, "must be a string, not " + describe(value));
            return null;
        }
        if (s.codePointCount(0, s.length()) > MAX_TEXT_LENGTH) {
            issue(at, "is longer than " + MAX_TEXT_LENGTH + " characters");
        }
        return s;
    }

    private String use(Object value, String at) {
        if (value == null) {
            issue(at, "is required: one of " + String.join(", ", BuildingRecord.USES));
            return null;
        }
        if (!(value instanceof String s) || !BuildingRecord.USES.contains(s)) {
            issue(at, describe(value) + " is not a known use; expected one of " + String.join(", ", BuildingRecord.USES));
            return null;
        }
        return s;
    }

    private Integer whole(Object value, String at, int min, int max, boolean required) {
        if (value == null) {
            if (required) {
                issue(at, "is required (a whole number " + min + "–" + max + ")");
            }
            return null;
        }
        if (!(value instanceof Number n) || !isWhole(n)) {
            issue(at, describe(value) + " is not a whole number");
            return null;
        }
        double v = n.doubleValue();
        if (v < min || v > max) {
            issue(at, describe(value) + " is out of range " + min + "–" + max);
            return null;
        }
        return (int) v;
    }

    private Double height(Object value, String at) {
        if (value == null) {
            return null;
        }
        if (!(value instanceof Number n) || !Double.isFinite(n.doubleValue())) {
            issue(at, describe(value) + " is not a finite number of metres");
            return null;
        }
        double v = n.doubleValue();
        if (!(v > 0 && v < BuildingRecord.MAX_HEIGHT_METERS)) {
            issue(at, describe(value) + " m is out of range: more than 0 and less than 700");
            return null;
        }
        return v;
    }

    private Polygon geometry(Object value, String at) {
        if (!(value instanceof Map<?, ?> geometry)) {
            issue(at, "must be a Polygon or single-part MultiPolygon object, not " + describe(value));
            return null;
        }
        Object type = geometry.get("type");
        Object coordinates = geometry.get("coordinates");
        String coordinatesAt = at + "/coordinates";
        if ("MultiPolygon".equals(type)) {
            if (!(coordinates instanceof List<?> parts)) {
                issue(coordinatesAt, "must be an array of polygons, not " + describe(coordinates));
                return null;
            }
            if (parts.size() != 1) {
                issue(coordinatesAt, "has " + parts.size() + " polygons; a footprint must be exactly one polygon");
                return null;
            }
            coordinates = parts.get(0);
            coordinatesAt += "/0";
        } else if (!"Polygon".equals(type)) {
            issue(at + "/type", describe(type) + " is not a footprint; expected \"Polygon\" or a single-part \"MultiPolygon\"");
            return null;
        }
        if (!(coordinates instanceof List<?> rings) || rings.isEmpty()) {
            issue(coordinatesAt, "must be a non-empty array of linear rings, not " + describe(coordinates));
            return null;
        }
        LinearRing[] built = new LinearRing[rings.size()];
        for (int r = 0; r < rings.size(); r++) {
            built[r] = ring(rings.get(r), coordinatesAt + "/" + r);
            if (built[r] == null) {
                return null;
            }
        }
        Polygon polygon = WGS84.createPolygon(built[0], Arrays.copyOfRange(built, 1, built.length));
        TopologyValidationError error = new IsValidOp(polygon).getValidationError();
        if (error != null) {
            Coordinate c = error.getCoordinate();
            issue(at, "is not a valid polygon: " + error.getMessage()
                    + (c == null ? "" : " near (" + c.x + " " + c.y + ")"));
            return null;
        }
        return polygon;
    }

    private LinearRing ring(Object value, String at) {
        if (!(value instanceof List<?> positions)) {
            issue(at, "must be an array of positions, not " + describe(value));
            return null;
        }
        if (positions.size() < 4) {
            issue(at, "has " + positions.size() + " positions; a linear ring needs at least 4");
            return null;
        }
        Coordinate[] coordinates = new Coordinate[positions.size()];
        for (int p = 0; p < positions.size(); p++) {
            coordinates[p] = position(positions.get(p), at + "/" + p);
            if (coordinates[p] == null) {
                return null;
            }
        }
        if (!coordinates[0].equals2D(coordinates[coordinates.length - 1])) {
            issue(at, "is not closed: the last position must repeat the first");
            return null;
        }
        return WGS84.createLinearRing(coordinates);
    }

    /** The position converted to WGS84, or null after recording an issue. */
    private Coordinate position(Object value, String at) {
        if (!(value instanceof List<?> xy) || xy.size() < 2) {
            issue(at, "must be a position [lon, lat], not " + describe(value));
            return null;
        }
        double[] lonLat = new double[2];
        double[] limits = {180, 90};
        String[] names = {"longitude", "latitude"};
        for (int k = 0; k < 2; k++) {
            if (!(xy.get(k) instanceof Number n) || !Double.isFinite(n.doubleValue())) {
                issue(at + "/" + k, names[k] + " " + describe(xy.get(k)) + " is not a finite number");
                return null;
            }
            lonLat[k] = n.doubleValue();
            if (Math.abs(lonLat[k]) > limits[k]) {
                issue(at + "/" + k, names[k] + " " + n + " is outside [-" + (int) limits[k] + ", " + (int) limits[k] + "]");
                return null;
            }
        }
        for (int k = 2; k < xy.size(); k++) {
            if (!(xy.get(k) instanceof Number)) {
                issue(at + "/" + k, "must be a number (elevation), not " + describe(xy.get(k)));
                return null;
            }
        }
        double[] wgs = ChinaCoordinateTransformer.toWgs84(crs, lonLat[0], lonLat[1]);
        return new Coordinate(wgs[0], wgs[1]);
    }

    private void issue(String pointer, String detail) {
        issues.add(new Issue(pointer, detail));
        if (issues.size() >= MAX_ISSUES) {
            throw new TooManyIssues();
        }
    }

    private static boolean isWhole(Number n) {
        double v = n.doubleValue();
        return Double.isFinite(v) && v == Math.rint(v);
    }

    private static String describe(Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof String s) {
            return "\"" + clip(s) + "\"";
        }
        if (value instanceof Number || value instanceof Boolean) {
            return String.valueOf(value);
        }
        return value instanceof List ? "an array" : value instanceof Map ? "an object" : "a " + value.getClass().getSimpleName();
    }

    private static String clip(String raw) {
        String s = raw.length() > 40 ? raw.substring(0, 40) + "…" : raw;
        return s.replaceAll("[\\p{Cntrl}]", "?");
    }
}
