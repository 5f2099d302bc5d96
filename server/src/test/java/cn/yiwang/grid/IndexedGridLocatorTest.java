package cn.yiwang.grid;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.io.ParseException;
import org.locationtech.jts.io.WKTReader;

import cn.yiwang.data.GridGenerator;
import cn.yiwang.data.GridLevel;
import cn.yiwang.data.GridRecord;

class IndexedGridLocatorTest {

    static Geometry wkt(String wkt) {
        try {
            return new WKTReader().read(wkt);
        } catch (ParseException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** Two unit squares sharing the edge x = 1, and a special grid over part of the second. */
    static final Map<String, Geometry> SQUARES = Map.of(
            "B", wkt("POLYGON((1 0, 2 0, 2 1, 1 1, 1 0))"),
            "A", wkt("POLYGON((0 0, 1 0, 1 1, 0 1, 0 0))"));
    static final Map<String, Geometry> SPECIAL = Map.of("S1", wkt("POLYGON((1.5 0.5, 1.9 0.5, 1.9 0.9, 1.5 0.9, 1.5 0.5))"));

    @Test
    void pointOnSharedEdgeGoesToOneGridDeterministically() {
        IndexedGridLocator locator = new IndexedGridLocator(SQUARES, SPECIAL);
        assertEquals(Optional.of(new GridLocator.Hit("A", 0)), locator.locateMicro(1.0, 0.5, 0));
        assertEquals(Optional.of(new GridLocator.Hit("A", 0)), locator.locateMicro(1.0, 1.0, 0), "shared vertex");
    }

    @Test
    void interiorPointsFindTheirGridAndSpecialGrids() {
        IndexedGridLocator locator = new IndexedGridLocator(SQUARES, SPECIAL);
        assertEquals("B", locator.locateMicro(1.7, 0.7, 0).orElseThrow().code());
        assertEquals(List.of("S1"), locator.locateSpecial(1.7, 0.7));
        assertEquals(List.of(), locator.locateSpecial(0.5, 0.5));
    }

    @Test
    void pointOutsideSnapsToNearestWithinDistanceOnly() {
        // Near the equator 1e-3° ≈ 111 m.
        IndexedGridLocator locator = new IndexedGridLocator(SQUARES, SPECIAL);
        GridLocator.Hit hit = locator.locateMicro(2.001, 0.5, 200).orElseThrow();
        assertEquals("B", hit.code());
        assertEquals(111.3, hit.snappedMeters(), 0.5);
        assertEquals(Optional.empty(), locator.locateMicro(2.001, 0.5, 100));
        assertEquals(Optional.empty(), locator.locateMicro(2.001, 0.5, 0));
    }

    @Test
    void indexedAgreesWithBruteForceOnTheDemoGrids() {
        Map<String, Geometry> micro = new TreeMap<>();
        Map<String, Geometry> special = new TreeMap<>();
        for (GridRecord g : GridGenerator.erqi(GridGenerator.DEFAULT_SEED)) {
            if (g.level() == GridLevel.MICRO) {
                micro.put(g.code(), g.geometry());
            } else if (g.level() == GridLevel.SPECIAL) {
                special.put(g.code(), g.geometry());
            }
        }
        IndexedGridLocator indexed = new IndexedGridLocator(micro, special);
        SimpleGridLocator simple = new SimpleGridLocator(micro, special);
        SplittableRandom random = new SplittableRandom(7);
        int inside = 0;
        for (int i = 0; i < 2000; i++) {
            double lon = 113.50 + random.nextDouble() * 0.19;
            double lat = 34.60 + random.nextDouble() * 0.17;
            Optional<GridLocator.Hit> expected = simple.locateMicro(lon, lat, 0);
            assertEquals(expected, indexed.locateMicro(lon, lat, 0), lon + "," + lat);
            assertEquals(simple.locateSpecial(lon, lat), indexed.locateSpecial(lon, lat));
            inside += expected.isPresent() ? 1 : 0;
        }
        assertTrue(inside > 500, "enough points fell inside Erqi: " + inside);
    }
}
