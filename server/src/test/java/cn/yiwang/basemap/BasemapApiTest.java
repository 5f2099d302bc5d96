package cn.yiwang.basemap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import cn.yiwang.testing.Http;
import cn.yiwang.testing.TestPostgis;
import io.micronaut.json.JsonMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;

/**
 * The base map settings and the local MBTiles tiles, with a Tianditu key and an MBTiles file the test
 * writes itself (every tile a PNG of its own colour).
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BasemapApiTest implements TestPropertyProvider {

    /** Around 二七区. */
    static final double[] BBOX = {113.55, 34.62, 113.70, 34.77};
    static final String KEY = "0123456789abcdef0123456789abcdef";

    @Inject
    EmbeddedServer server;
    @Inject
    JsonMapper json;
    Http http;
    String token;
    Path file;
    int tiles;

    @Override
    public Map<String, String> getProperties() {
        try {
            file = Files.createTempDirectory("yiwang-basemap").resolve("base.mbtiles");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        tiles = TestMbTiles.write(file, BBOX, 10, 13);
        Map<String, String> p = new HashMap<>(TestPostgis.properties());
        p.put("yiwang.basemap.tianditu-key", KEY);
        p.put("yiwang.basemap.mbtiles-file", file.toString());
        return p;
    }

    @BeforeAll
    void client() {
        http = new Http(server, json);
        // Anonymous paths with ".." are refused before the controller (401); a token shows what the controller does.
        token = http.login("ops", cn.yiwang.security.DemoUsers.DEMO_PASSWORD);
    }

    @Test
    @SuppressWarnings("unchecked")
    void settingsNameTheKeyAndTheLocalFile() {
        Http.Response r = http.get("/api/basemap");
        assertEquals(200, r.status(), r.body());
        Map<String, Object> tianditu = (Map<String, Object>) r.map().get("tianditu");
        assertEquals(KEY, tianditu.get("key"));
        assertEquals("w", tianditu.get("matrixSet"));
        assertEquals(List.of("vec", "cva"), tianditu.get("layers"));
        Map<String, Object> local = (Map<String, Object>) r.map().get("local");
        assertEquals("mbtiles", local.get("kind"));
        assertEquals("测试底图", local.get("name"));
        assertEquals("png", local.get("format"));
        assertEquals("/api/basemap/tiles/{z}/{x}/{y}.png", local.get("tiles"));
        assertEquals(10, ((Number) local.get("minZoom")).intValue());
        assertEquals(13, ((Number) local.get("maxZoom")).intValue());
        assertEquals(4, ((List<Object>) local.get("bounds")).size());
    }

    @Test
    void tilesComeFromTheFileWithTheRowFlipped() throws IOException {
        int[] xy = TestMbTiles.tileAt(113.64, 34.72, 12);
        HttpResponse<byte[]> r = bytes("/api/basemap/tiles/12/" + xy[0] + "/" + xy[1] + ".png");
        assertEquals(200, r.statusCode());
        assertEquals("image/png", r.headers().firstValue("content-type").orElse(""));
        assertTrue(r.headers().firstValue("cache-control").orElse("").contains("max-age=3600"));
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(r.body()));
        assertNotNull(image);
        assertEquals(TestMbTiles.colorOf(12, xy[0], xy[1]).getRGB(), image.getRGB(128, 128));
        // The same bytes without the extension, and a different tile for the row below.
        assertArrayEquals(r.body(), bytes("/api/basemap/tiles/12/" + xy[0] + "/" + xy[1]).body());
        HttpResponse<byte[]> below = bytes("/api/basemap/tiles/12/" + xy[0] + "/" + (xy[1] + 1) + ".png");
        assertEquals(200, below.statusCode());
        assertNotEquals(image.getRGB(128, 128), ImageIO.read(new ByteArrayInputStream(below.body())).getRGB(128, 128));
        assertTrue(tiles > 4, "tiles written: " + tiles);
    }

    @Test
    void aTileOutsideTheFileIs404() {
        Http.Response r = http.get("/api/basemap/tiles/12/0/0.png");
        assertEquals(404, r.status(), r.body());
        assertTrue(r.contentType().startsWith("application/problem+json"), r.contentType());
        assertEquals(404, http.get("/api/basemap/tiles/5/10/10.png").status());
    }

    @Test
    void badCoordinatesAre400() {
        for (String path : List.of("/api/basemap/tiles/12/abc/1.png", "/api/basemap/tiles/12/1/-1.png",
                "/api/basemap/tiles/12/1/4096.png", "/api/basemap/tiles/31/0/0.png", "/api/basemap/tiles/12/1/1.gif",
                "/api/basemap/tiles/12/1/1.png%2F..%2F..%2Fetc%2Fpasswd")) {
            Http.Response r = http.get(path, token);
            assertEquals(400, r.status(), path + " → " + r.body());
            assertTrue(r.contentType().startsWith("application/problem+json"), path);
        }
    }

    @Test
    void pathTraversalNeverReachesAFile() {
        for (String path : List.of("/api/basemap/tiles/../../../../etc/passwd", "/api/basemap/tiles/%2e%2e/%2e%2e/etc/passwd",
                "/api/basemap/tiles/..%2F..%2F" + file.getFileName(), "/api/basemap/tiles/12/..%2F..%2F/passwd")) {
            HttpResponse<byte[]> r = bytes(path, token);
            assertTrue(r.statusCode() == 400 || r.statusCode() == 404, path + " → " + r.statusCode());
            assertTrue(!new String(r.body(), java.nio.charset.StandardCharsets.ISO_8859_1).contains("root:"), path);
        }
    }

    private HttpResponse<byte[]> bytes(String path) {
        return bytes(path, null);
    }

    private HttpResponse<byte[]> bytes(String path, String bearer) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(http.base() + path)).GET();
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        try {
            return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
