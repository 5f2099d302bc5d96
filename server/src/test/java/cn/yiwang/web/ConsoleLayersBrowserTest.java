package cn.yiwang.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import cn.yiwang.basemap.TestMbTiles;
import cn.yiwang.testing.BrowserScript;
import cn.yiwang.testing.TestPostgis;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;

/**
 * The console's 图层 panel in headless Chromium (web/test/browser/layers.mjs) on a server configured with
 * a GeoServer (a {@link WmsStandIn} answering GetMap) and a local MBTiles base map written by the test.
 * The script ticks the layers; this side checks what the WMS received and that the drawn base map
 * pixel is the colour of the file's tile.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsoleLayersBrowserTest implements TestPropertyProvider {

    /** Half the Web Mercator world width, in metres. */
    static final double HALF_WORLD = 20037508.342789244;

    @Inject
    EmbeddedServer server;
    WmsStandIn wms;

    @Override
    public Map<String, String> getProperties() {
        Path file;
        try {
            wms = new WmsStandIn();
            file = Files.createTempDirectory("yiwang-basemap").resolve("erqi.mbtiles");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        TestMbTiles.write(file, new double[] {113.55, 34.65, 113.72, 34.78}, 11, 14);
        Map<String, String> p = new HashMap<>(TestPostgis.properties());
        p.put("yiwang.geoserver.url", wms.baseUrl());
        p.put("yiwang.basemap.mbtiles-file", file.toString());
        return p;
    }

    @AfterAll
    void stop() {
        wms.close();
    }

    @Test
    void consoleDrawsTheLocalBaseMapAndTheGeoServerLayerInHeadlessChromium() throws Exception {
        String out = BrowserScript.run(server, "test/browser/layers.mjs", 240, Map.of("WMS_HOST", wms.host()));

        Matcher tile = Pattern.compile("BASEMAP_TILE (\\d+) (\\d+) (\\d+) (\\d+) (\\d+) (\\d+)").matcher(out);
        assertTrue(tile.find(), out);
        Color expected = TestMbTiles.colorOf(Integer.parseInt(tile.group(1)), Integer.parseInt(tile.group(2)),
                Integer.parseInt(tile.group(3)));
        Color drawn = new Color(Integer.parseInt(tile.group(4)), Integer.parseInt(tile.group(5)), Integer.parseInt(tile.group(6)));
        assertTrue(close(expected, drawn), "base map pixel " + drawn + ", the file's tile is " + expected);

        Matcher pixel = Pattern.compile("WMS_PIXEL (\\d+) (\\d+) (\\d+)").matcher(out);
        assertTrue(pixel.find(), out);
        Color wmsDrawn = new Color(Integer.parseInt(pixel.group(1)), Integer.parseInt(pixel.group(2)), Integer.parseInt(pixel.group(3)));
        assertTrue(close(WmsStandIn.FILL, wmsDrawn), "WMS pixel " + wmsDrawn);

        assertEquals(List.of(), wms.refused(), "GetMap requests the stand-in refused");
        List<WmsStandIn.GetMap> served = wms.served();
        assertFalse(served.isEmpty(), "no GetMap reached the stand-in");
        for (WmsStandIn.GetMap r : served) {
            String described = r.params().toString();
            assertEquals("yiwang:grids_l1", r.get("LAYERS"), described);
            String crs = "1.3.0".equals(r.get("VERSION")) ? r.get("CRS") : r.get("SRS");
            assertEquals("EPSG:3857", crs, described);
            assertEquals("256", r.get("WIDTH"), described);
            assertEquals("256", r.get("HEIGHT"), described);
            // A tile of the Web Mercator grid at some zoom, around 二七区.
            double[] b = java.util.Arrays.stream(r.get("BBOX").split(",")).mapToDouble(Double::parseDouble).toArray();
            double size = b[2] - b[0];
            assertEquals(size, b[3] - b[1], size * 1e-6, "tiles are square: " + described);
            double tiles = 2 * HALF_WORLD / size;
            assertEquals(Math.round(tiles), tiles, 1e-3, "not a tile of the Web Mercator grid: " + described);
            double column = (b[0] + HALF_WORLD) / size;
            assertEquals(Math.round(column), column, 1e-3, "BBOX not on a tile column: " + described);
            double centreLon = Math.toDegrees((b[0] + b[2]) / 2 / 6378137.0);
            assertTrue(centreLon > 113.3 && centreLon < 114.0, "tile far from 二七区: " + described);
        }
    }

    private static boolean close(Color a, Color b) {
        return Math.abs(a.getRed() - b.getRed()) <= 2 && Math.abs(a.getGreen() - b.getGreen()) <= 2
                && Math.abs(a.getBlue() - b.getBlue()) <= 2;
    }
}
