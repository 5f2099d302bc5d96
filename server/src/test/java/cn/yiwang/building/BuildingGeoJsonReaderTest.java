package cn.yiwang.building;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Polygon;

import cn.yiwang.data.BuildingRecord;
import cn.yiwang.geo.ChinaCoordinateTransformer;
import cn.yiwang.geo.CoordinateSystem;

/** The reader on plain Java values, as the JSON parser hands them over; no application context. */
class BuildingGeoJsonReaderTest {

    /** A 20 m × 30 m rectangle in Erqi's old town, counter-clockwise. */
    static final List<Object> RING = List.of(List.of(113.6400, 34.7200), List.of(113.6402, 34.7200),
            List.of(113.6402, 34.7203), List.of(113.6400, 34.7203), List.of(113.6400, 34.7200));

    static Map<String, Object> feature(String id, Map<String, Object> geometry, Object... properties) {
        Map<String, Object> props = new LinkedHashMap<>();
        props.put("id", id);
        props.put("use", "residential");
        props.put("floors", 6);
        for (int i = 0; i < properties.length; i += 2) {
            props.put((String) properties[i], properties[i + 1]);
        }
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("type", "Feature");
        f.put("geometry", geometry);
        f.put("properties", props);
        return f;
    }

    static Map<String, Object> polygon(List<?>... rings) {
        return Map.of("type", "Polygon", "coordinates", List.of(rings));
    }

    static Map<String, Object> collection(Object... features) {
        return Map.of("type", "FeatureCollection", "features", List.of(features));
    }

    static BuildingGeoJsonReader.Issue onlyIssue(Object json) {
        BuildingGeoJsonReader.Result r = BuildingGeoJsonReader.read(json, CoordinateSystem.WGS84);
        assertTrue(r.buildings().isEmpty(), "no buildings when anything is wrong");
        assertEquals(1, r.issues().size(), r.issues().toString());
        return r.issues().get(0);
    }

    @Test
    void readsAPolygonWithItsProperties() {
        BuildingGeoJsonReader.Result r = BuildingGeoJsonReader.read(collection(
                feature("B-1", polygon(RING), "name", "1号楼", "compound", "锦华家园", "height", 19.5, "households", 24)),
                CoordinateSystem.WGS84);
        assertTrue(r.ok(), r.issues().toString());
        BuildingRecord b = r.buildings().get(0);
        assertEquals("B-1", b.id());
        assertEquals("1号楼", b.name());
        assertEquals("锦华家园", b.compound());
        assertEquals("residential", b.use());
        assertEquals(6, b.floors());
        assertEquals(19.5, b.heightMeters());
        assertEquals(24, b.households());
        assertNull(b.microCode());
        assertEquals(4326, b.footprint().getSRID());
        assertEquals(new Coordinate(113.6402, 34.7203), b.footprint().getCoordinates()[2]);
    }

    @Test
    void heightDefaultsToThreeMetresPerFloorAndHouseholdsToZero() {
        BuildingRecord b = BuildingGeoJsonReader.read(collection(feature("B-1", polygon(RING))), CoordinateSystem.WGS84)
                .buildings().get(0);
        assertEquals(18.0, b.heightMeters());
        assertEquals(0, b.households());
    }

    @Test
    void singlePartMultiPolygonIsAccepted() {
        BuildingGeoJsonReader.Result r = BuildingGeoJsonReader.read(collection(
                feature("B-1", Map.of("type", "MultiPolygon", "coordinates", List.of(List.of(RING))))), CoordinateSystem.WGS84);
        assertTrue(r.ok(), r.issues().toString());
        assertEquals(5, r.buildings().get(0).footprint().getNumPoints());
    }

    @Test
    void featureIdIsUsedWhenPropertiesHaveNone() {
        Map<String, Object> f = feature("x", polygon(RING));
        ((Map<?, ?>) f.get("properties")).remove("id");
        f.put("id", 42);
        assertEquals("42", BuildingGeoJsonReader.read(collection(f), CoordinateSystem.WGS84).buildings().get(0).id());
    }

    @Test
    void gcj02PositionsAreConvertedToWgs84() {
        List<Object> gcjRing = new ArrayList<>();
        for (Object p : RING) {
            List<?> xy = (List<?>) p;
            double[] g = ChinaCoordinateTransformer.fromWgs84(CoordinateSystem.GCJ02, (Double) xy.get(0), (Double) xy.get(1));
            gcjRing.add(List.of(g[0], g[1]));
        }
        Polygon footprint = BuildingGeoJsonReader.read(collection(feature("B-1", polygon(gcjRing))), CoordinateSystem.GCJ02)
                .buildings().get(0).footprint();
        Coordinate corner = footprint.getCoordinates()[2];
        assertEquals(113.6402, corner.x, 1e-9);
        assertEquals(34.7203, corner.y, 1e-9);
    }

    @Test
    void selfIntersectingPolygonIsNamedWithTheReason() {
        List<Object> bowtie = List.of(List.of(113.64, 34.72), List.of(113.6402, 34.7203), List.of(113.6402, 34.72),
                List.of(113.64, 34.7203), List.of(113.64, 34.72));
        BuildingGeoJsonReader.Issue issue = onlyIssue(collection(feature("B-1", polygon(bowtie))));
        assertEquals("/features/0/geometry", issue.pointer());
        assertTrue(issue.detail().contains("Self-intersection"), issue.detail());
    }

    @Test
    void latitudeOutOfRangeIsNamedByPosition() {
        List<Object> ring = new ArrayList<>(RING);
        ring.set(2, List.of(113.6402, 95.0));
        assertEquals("/features/0/geometry/coordinates/0/2/1", onlyIssue(collection(feature("B-1", polygon(ring)))).pointer());
    }

    @Test
    void nonFiniteCoordinateIsNamedByPosition() {
        List<Object> ring = new ArrayList<>(RING);
        ring.set(1, List.of(Double.NaN, 34.72));
        assertEquals("/features/0/geometry/coordinates/0/1/0", onlyIssue(collection(feature("B-1", polygon(ring)))).pointer());
    }

    @Test
    void unclosedRingIsNamed() {
        List<Object> ring = new ArrayList<>(RING.subList(0, 4));
        ring.add(List.of(113.6401, 34.7201));
        assertEquals("/features/0/geometry/coordinates/0", onlyIssue(collection(feature("B-1", polygon(ring)))).pointer());
    }

    @Test
    void multiPolygonOfTwoPartsIsRefused() {
        Map<String, Object> two = Map.of("type", "MultiPolygon", "coordinates", List.of(List.of(RING), List.of(RING)));
        BuildingGeoJsonReader.Issue issue = onlyIssue(collection(feature("B-1", two)));
        assertEquals("/features/0/geometry/coordinates", issue.pointer());
        assertTrue(issue.detail().contains("2 polygons"), issue.detail());
    }

    @Test
    void pointGeometryIsRefusedAtItsType() {
        assertEquals("/features/0/geometry/type",
                onlyIssue(collection(feature("B-1", Map.of("type", "Point", "coordinates", List.of(113.64, 34.72))))).pointer());
    }

    @Test
    void unknownUseIsNamedWithTheAllowedOnes() {
        BuildingGeoJsonReader.Issue issue = onlyIssue(collection(feature("B-1", polygon(RING), "use", "castle")));
        assertEquals("/features/0/properties/use", issue.pointer());
        assertTrue(issue.detail().contains("\"castle\"") && issue.detail().contains("industrial"), issue.detail());
    }

    @Test
    void floorsMustBeAWholeNumberFromOneToTwoHundred() {
        for (Object floors : new Object[] {0, 201, 2.5, "12", null}) {
            assertEquals("/features/0/properties/floors",
                    onlyIssue(collection(feature("B-1", polygon(RING), "floors", floors))).pointer(), String.valueOf(floors));
        }
    }

    @Test
    void heightMustBePositiveAndBelowSevenHundredMetres() {
        for (Object height : new Object[] {0, -3, 700, "tall"}) {
            assertEquals("/features/0/properties/height",
                    onlyIssue(collection(feature("B-1", polygon(RING), "height", height))).pointer(), String.valueOf(height));
        }
    }

    @Test
    void negativeHouseholdsAreRefused() {
        assertEquals("/features/0/properties/households",
                onlyIssue(collection(feature("B-1", polygon(RING), "households", -1))).pointer());
    }

    @Test
    void idWithSpacesIsRefused() {
        assertEquals("/features/0/properties/id", onlyIssue(collection(feature("B 1", polygon(RING)))).pointer());
    }

    @Test
    void duplicateIdNamesTheSecondFeatureAndTheFirst() {
        BuildingGeoJsonReader.Issue issue = onlyIssue(collection(feature("B-1", polygon(RING)), feature("B-1", polygon(RING))));
        assertEquals("/features/1/properties/id", issue.pointer());
        assertTrue(issue.detail().contains("feature 0"), issue.detail());
    }

    @Test
    void moreThanFiftyThousandFeaturesAreRefusedBeforeReadingThem() {
        List<Object> many = new ArrayList<>();
        for (int i = 0; i <= BuildingGeoJsonReader.MAX_FEATURES; i++) {
            many.add(Map.of());
        }
        BuildingGeoJsonReader.Issue issue = onlyIssue(Map.of("type", "FeatureCollection", "features", many));
        assertEquals("/features", issue.pointer());
        assertTrue(issue.detail().contains("50001"), issue.detail());
    }

    @Test
    void everyProblemIsReportedUpToTheLimit() {
        List<Object> bad = new ArrayList<>();
        for (int i = 0; i < 150; i++) {
            bad.add(feature("B-" + i, polygon(RING), "floors", 0));
        }
        BuildingGeoJsonReader.Result r = BuildingGeoJsonReader.read(Map.of("type", "FeatureCollection", "features", bad),
                CoordinateSystem.WGS84);
        assertEquals(BuildingGeoJsonReader.MAX_ISSUES, r.issues().size());
        assertEquals("/features/99/properties/floors", r.issues().get(99).pointer());
    }

    @Test
    void aBodyThatIsNotAFeatureCollectionIsNamedAtItsType() {
        assertEquals("/type", onlyIssue(Map.of("type", "Feature")).pointer());
        assertEquals("", onlyIssue(List.of()).pointer());
    }
}
