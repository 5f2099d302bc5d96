package cn.yiwang.layers.tiles;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;

import cn.yiwang.grid.GridCatalog;
import cn.yiwang.grid.GridService;
import cn.yiwang.layers.LayerDefinition;
import cn.yiwang.layers.LayerRegistry;
import cn.yiwang.testing.PostgisTest;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;

/**
 * The micro grid tiles built in memory against PostGIS's own {@code ST_AsMVT} of the same tiles
 * ({@link TileRepository}, the path lower zooms still take): every z14 tile over the demo grids and
 * random z15–z18 tiles hold the same grids in the same order with the same attributes, and each
 * grid's shape in tile units differs by no more than the snapping to whole units can explain.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MicroGridTileSourceTest implements PostgisTest {

    private static final GeometryFactory TILE_UNITS = new GeometryFactory();

    @Inject
    GridService grids;
    @Inject
    TileRepository repository;
    @Inject
    TileService tiles;

    LayerDefinition micro() {
        return LayerRegistry.find(LayerRegistry.gridLayerId("micro")).orElseThrow();
    }

    @Test
    void tilesMatchPostgisFeatureForFeature() {
        GridCatalog catalog = grids.catalog();
        assertTrue(catalog.microGeometries().size() > 1000, "the demo micro grids: " + catalog.microGeometries().size());
        Envelope all = new Envelope();
        catalog.microGeometries().values().forEach(g -> all.expandToInclude(g.getEnvelopeInternal()));
        List<int[]> picked = new ArrayList<>();
        int[] nw = TileMath.tileAt(all.getMinX(), all.getMaxY(), 14);
        int[] se = TileMath.tileAt(all.getMaxX(), all.getMinY(), 14);
        for (int x = nw[0]; x <= se[0]; x++) {
            for (int y = nw[1]; y <= se[1]; y++) {
                picked.add(new int[] {14, x, y});
            }
        }
        Random random = new Random(20261123);
        for (int i = 0; i < 60; i++) {
            int z = 15 + random.nextInt(4);
            double lon = all.getMinX() + random.nextDouble() * all.getWidth();
            double lat = all.getMinY() + random.nextDouble() * all.getHeight();
            int[] t = TileMath.tileAt(lon, lat, z);
            picked.add(new int[] {z, t[0], t[1]});
        }
        int features = 0;
        int nonEmpty = 0;
        for (int[] t : picked) {
            byte[] sql = repository.mvt(micro(), t[0], t[1], t[2], 0);
            byte[] memory = MicroGridTileSource.build(micro().id(), catalog, t[0], t[1], t[2]);
            String where = t[0] + "/" + t[1] + "/" + t[2];
            if (sql.length == 0) {
                assertEquals(0, memory.length, where + ": PostGIS has no grid here");
                continue;
            }
            nonEmpty++;
            MvtDecoder.Layer expected = MvtDecoder.layer(sql, micro().id());
            MvtDecoder.Layer actual = MvtDecoder.layer(memory, micro().id());
            assertEquals(expected.extent(), actual.extent());
            List<Object> expectedCodes = expected.features().stream().map(f -> f.properties().get("code")).toList();
            List<Object> actualCodes = actual.features().stream().map(f -> f.properties().get("code")).toList();
            assertEquals(expectedCodes, actualCodes, where + ": the same grids in the same order");
            for (int i = 0; i < expected.features().size(); i++) {
                MvtDecoder.Feature e = expected.features().get(i);
                MvtDecoder.Feature a = actual.features().get(i);
                assertEquals(e.properties(), a.properties(), where);
                assertNull(a.id());
                Geometry eg = e.geometry(TILE_UNITS);
                Geometry ag = a.geometry(TILE_UNITS);
                assertTrue(ag.isValid() || ag.buffer(0).getArea() > 0, where + " " + e.properties().get("code") + ": a usable polygon");
                double difference = eg.buffer(0).symDifference(ag.buffer(0)).getArea();
                // Snapping moves each vertex by at most half a unit: the shapes differ by a thin band
                // along the outline, well under one unit times the perimeter.
                double allowed = Math.max(eg.getLength(), ag.getLength()) * 0.75 + 2;
                assertTrue(difference <= allowed, where + " " + e.properties().get("code") + ": differs by " + difference
                        + " units² (allowed " + allowed + "; areas " + eg.getArea() + " / " + ag.getArea() + ")");
                features++;
            }
        }
        assertTrue(nonEmpty >= 20 && features >= 500, nonEmpty + " tiles, " + features + " grids compared");
    }

    @Test
    void theServiceUsesMemoryFromZoom14AndPostgisBelow() {
        Envelope e = grids.catalog().microGeometries().values().iterator().next().getEnvelopeInternal();
        int[] t16 = TileMath.tileAt(e.centre().x, e.centre().y, 16);
        byte[] served = tiles.tile(micro(), 16, t16[0], t16[1]).tile().bytes();
        assertArrayEquals(MicroGridTileSource.build(micro().id(), grids.catalog(), 16, t16[0], t16[1]), served);
        int[] t13 = TileMath.tileAt(e.centre().x, e.centre().y, 13);
        assertArrayEquals(repository.mvt(micro(), 13, t13[0], t13[1], micro().simplification().tileUnitsAt(13)),
                tiles.tile(micro(), 13, t13[0], t13[1]).tile().bytes(), "z13 is simplified by PostGIS");
    }

    @Test
    void clippingAConcaveRingKeepsItsPartInsideTheBox() {
        // A U shape whose two arms leave the box [0, 10]² at the top.
        double[] u = {1, 20, 1, 1, 9, 1, 9, 20, 7, 20, 7, 3, 3, 3, 3, 20};
        double[] clipped = MicroGridTileSource.clip(u, 0, 10);
        double area = 0;
        int n = clipped.length / 2;
        for (int i = 0; i < n; i++) {
            int j = (i + 1) % n;
            area += clipped[2 * i] * clipped[2 * j + 1] - clipped[2 * j] * clipped[2 * i + 1];
        }
        // Inside the box: the bottom bar 8 × 2 and two arms 2 × 7 each.
        assertEquals(16 + 14 + 14, Math.abs(area) / 2, 1e-9);
        for (double v : clipped) {
            assertTrue(v >= 0 && v <= 10, "every point inside the box: " + v);
        }
    }
}
