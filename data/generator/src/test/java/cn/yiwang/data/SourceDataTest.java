package cn.yiwang.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.CoordinateArrays;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.geom.util.GeometryFixer;

class SourceDataTest {
    private static final SourceData SOURCES = SourceData.get();

    @Test
    void twelveDistrictsWithValidPolygons() {
        List<SourceData.District> districts = SOURCES.districts();
        assertEquals(12, districts.size());
        for (SourceData.District d : districts) {
            assertTrue(d.code().matches("4101\\d\\d"), d.code());
            assertTrue(d.geometry().isValid(), d.code() + " invalid");
            assertEquals(4326, d.geometry().getSRID());
            Coordinate[] c = d.geometry().getExteriorRing().getCoordinates();
            assertFalse(CoordinateArrays.hasRepeatedPoints(c), d.code() + " has repeated points");
        }
        assertEquals("二七区", SOURCES.district("410103").name());
    }

    @Test
    void cleaningKeepsAlmostAllOfTheDecodedArea() {
        // The decoded rings are all self-touching; the repair may drop slivers, nothing more.
        for (SourceData.District d : SOURCES.districts()) {
            Polygon raw = Fixtures.polygon(rawWkt(d.code()));
            assertFalse(raw.isValid(), d.code() + " was expected to need repair");
            double kept = d.geometry().getArea() / GeometryFixer.fix(raw).getArea();
            assertTrue(kept > 0.999 && kept <= 1 + 1e-12, d.code() + " kept " + kept);
        }
    }

    /** The district ring exactly as stored in the bundled GeoJSON, as WKT. */
    private static String rawWkt(String code) {
        String resource = "/cn/yiwang/data/sources/zhengzhou-districts.geojson";
        try (InputStream in = SourceData.class.getResourceAsStream(resource)) {
            Map<?, ?> fc = (Map<?, ?>) JsonParser.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            for (Object f : (List<?>) fc.get("features")) {
                Map<?, ?> feature = (Map<?, ?>) f;
                if (code.equals(feature.get("id"))) {
                    List<?> ring = (List<?>) ((List<?>) ((Map<?, ?>) feature.get("geometry")).get("coordinates")).get(0);
                    StringBuilder sb = new StringBuilder("POLYGON ((");
                    for (int i = 0; i < ring.size(); i++) {
                        List<?> p = (List<?>) ring.get(i);
                        sb.append(i == 0 ? "" : ", ").append(p.get(0)).append(' ').append(p.get(1));
                    }
                    return sb.append("))").toString();
                }
            }
            throw new AssertionError("no feature " + code);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void erqiPolygonIsWhereErqiIs() {
        Polygon erqi = SOURCES.district("410103").geometry();
        // 二七广场 (the Erqi Memorial Tower) and 侯寨 lie inside; 郑州东站 does not.
        assertTrue(erqi.contains(SourceData.FACTORY.createPoint(new Coordinate(113.665, 34.750))));
        assertTrue(erqi.contains(SourceData.FACTORY.createPoint(new Coordinate(113.600, 34.650))));
        assertFalse(erqi.contains(SourceData.FACTORY.createPoint(new Coordinate(113.778, 34.760))));
        double km2 = DensityField.areaSquareMeters(erqi) / 1e6;
        assertTrue(km2 > 140 && km2 < 175, km2 + " km²");
    }

    @Test
    void divisionsOfErqiAreTheRealOnes() {
        List<SourceData.Division> l1 = SOURCES.level1().stream().filter(d -> d.parentCode().equals("410103")).toList();
        assertEquals(16, l1.size());
        assertEquals(new SourceData.Division("410103001", "淮河路街道", "410103"), l1.get(0));
        assertEquals(new SourceData.Division("410103100", "马寨镇", "410103"), l1.get(15));
        long l2 = SOURCES.level2().stream().filter(d -> d.code().startsWith("410103")).count();
        assertEquals(176, l2);
        assertTrue(SOURCES.level2().contains(new SourceData.Division("410103001004", "兴华街社区居民委员会", "410103001")));
    }

    @Test
    void everyDivisionHangsUnderItsParent() {
        List<String> districts = SOURCES.districts().stream().map(SourceData.District::code).toList();
        List<String> l1 = SOURCES.level1().stream().map(SourceData.Division::code).toList();
        for (SourceData.Division d : SOURCES.level1()) {
            assertTrue(districts.contains(d.parentCode()) && d.code().startsWith(d.parentCode()), d.code());
        }
        for (SourceData.Division d : SOURCES.level2()) {
            assertTrue(l1.contains(d.parentCode()) && d.code().startsWith(d.parentCode()), d.code());
        }
    }

    @Test
    void cleaningRemovesRepeatedPointsAndRepairsABowTie() {
        Polygon repeated = Fixtures.polygon("POLYGON ((0 0, 1 0, 1 0, 1 1, 0 1, 0 1, 0 0))");
        Polygon cleaned = SourceData.cleanPolygon(repeated);
        assertEquals(5, cleaned.getNumPoints());
        assertTrue(cleaned.isValid());

        Polygon bowTie = Fixtures.polygon("POLYGON ((0 0, 2 2, 2 0, 0 2, 0 0))");
        assertFalse(bowTie.isValid());
        Polygon repaired = SourceData.cleanPolygon(bowTie);
        assertTrue(repaired.isValid());
        assertEquals(1.0, repaired.getArea(), 1e-12);
    }
}
