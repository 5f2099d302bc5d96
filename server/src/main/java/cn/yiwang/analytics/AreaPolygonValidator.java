package cn.yiwang.analytics;

import java.util.Locale;

import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.MultiPolygon;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.geom.PrecisionModel;
import org.locationtech.jts.io.ParseException;
import org.locationtech.jts.io.geojson.GeoJsonReader;
import org.locationtech.jts.operation.valid.IsValidOp;
import org.locationtech.jts.operation.valid.TopologyValidationError;

/**
 * Checks a GeoJSON geometry drawn by an analyst (lon/lat, EPSG:4326) and clips it to the data's
 * extent. A Polygon or MultiPolygon must parse, have at most {@code maxVertices} vertices, finite
 * coordinates within [-180, 180] × [-90, 90], and be valid by OGC rules ({@link IsValidOp}); an
 * invalid one is refused with JTS's reason and the coordinate where it was found. Points and lines
 * (for buffers) get the same coordinate checks. Stateless and thread-safe.
 */
public final class AreaPolygonValidator {

    /** Why a geometry was refused: a human reason and, where known, the location (lon, lat). */
    public static final class InvalidGeometryException extends IllegalArgumentException {
        private final transient Coordinate location;

        InvalidGeometryException(String reason, Coordinate location) {
            super(location == null ? reason : reason + " at or near (" + fmt(location.x) + ", " + fmt(location.y) + ")");
            this.location = location;
        }

        public Coordinate location() {
            return location;
        }
    }

    private static final GeometryFactory FACTORY = new GeometryFactory(new PrecisionModel(), 4326);

    private final int maxVertices;

    public AreaPolygonValidator(int maxVertices) {
        this.maxVertices = maxVertices;
    }

    /** A valid Polygon or MultiPolygon from GeoJSON text. */
    public Geometry polygonal(String geoJson) {
        Geometry g = parse(geoJson);
        if (!(g instanceof Polygon || g instanceof MultiPolygon)) {
            throw new InvalidGeometryException("a Polygon or MultiPolygon is expected, not " + g.getGeometryType(), null);
        }
        checkCoordinates(g);
        TopologyValidationError error = new IsValidOp(g).getValidationError();
        if (error != null) {
            throw new InvalidGeometryException("invalid polygon: " + error.getMessage(), error.getCoordinate());
        }
        if (g.getArea() == 0) {
            throw new InvalidGeometryException("the polygon has no area", g.getCoordinate());
        }
        return g;
    }

    /** A Point or LineString (the axis of a buffer) from GeoJSON text. */
    public Geometry pointOrLine(String geoJson) {
        Geometry g = parse(geoJson);
        if (!"Point".equals(g.getGeometryType()) && !"LineString".equals(g.getGeometryType())) {
            throw new InvalidGeometryException("a Point or LineString is expected, not " + g.getGeometryType(), null);
        }
        checkCoordinates(g);
        if (g.isEmpty()) {
            throw new InvalidGeometryException("the geometry is empty", null);
        }
        return g;
    }

    /**
     * The part of {@code polygon} inside {@code extent}; the same geometry when it lies inside
     * already. An empty result means the polygon misses the data entirely.
     */
    public static Geometry clip(Geometry polygon, Envelope extent) {
        if (extent.contains(polygon.getEnvelopeInternal())) {
            return polygon;
        }
        Geometry clipped = polygon.intersection(FACTORY.toGeometry(extent));
        clipped.setSRID(4326);
        return clipped;
    }

    private Geometry parse(String geoJson) {
        Geometry g;
        try {
            g = new GeoJsonReader(FACTORY).read(geoJson);
        } catch (ParseException | RuntimeException e) {
            throw new InvalidGeometryException("not a GeoJSON geometry: " + String.valueOf(e.getMessage()).split("\n")[0], null);
        }
        if (g.getNumPoints() > maxVertices) {
            throw new InvalidGeometryException("too many vertices: " + g.getNumPoints() + " (at most " + maxVertices + ")", null);
        }
        g.setSRID(4326);
        return g;
    }

    private static void checkCoordinates(Geometry g) {
        for (Coordinate c : g.getCoordinates()) {
            if (!Double.isFinite(c.x) || !Double.isFinite(c.y) || c.x < -180 || c.x > 180 || c.y < -90 || c.y > 90) {
                throw new InvalidGeometryException("coordinate out of range (longitude −180…180, latitude −90…90)", c);
            }
        }
    }

    static String fmt(double d) {
        return String.format(Locale.ROOT, "%.6f", d);
    }
}
