package cn.yiwang.layers.ogc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import cn.yiwang.testing.PostgisTest;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;

/**
 * GDAL's OGC API – Features driver ({@code ogrinfo OAPIF:…}) reads the embedded server: the client
 * most operators will point at Yiwang first. Needs {@code ogrinfo} (Debian {@code gdal-bin}, which
 * {@code ./yiwang test} installs); fails when it is missing.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OgcGdalTest implements PostgisTest {

    private static final Logger LOG = LoggerFactory.getLogger(OgcGdalTest.class);

    @Inject
    EmbeddedServer server;
    String url;

    @BeforeAll
    void gdalIsInstalled() {
        assertTrue(ogrinfoAvailable(), "ogrinfo (Debian gdal-bin) is not installed; ./yiwang test installs it");
        url = "OAPIF:http://localhost:" + server.getPort() + "/ogc";
    }

    @Test
    void ogrinfoListsTheCollections() throws Exception {
        String out = ogrinfo("-ro", url);
        // GDAL 3.6 prints "4: grids-micro (title: 微网格 / Micro grids) (Multi Polygon)".
        List<String> layers = out.lines().filter(l -> l.matches("\\d+: .*")).map(l -> l.split(" ")[1]).toList();
        assertEquals(List.of("grids-l1", "grids-l2", "grids-l3", "grids-micro", "grids-special", "buildings"), layers, out);
        assertTrue(out.lines().anyMatch(l -> l.startsWith("4: grids-micro (title: 微网格 / Micro grids)") && l.endsWith("(Multi Polygon)")), out);
    }

    @Test
    void ogrinfoSummaryOfMicroGridsCountsAndDescribesThem() throws Exception {
        String out = ogrinfo("-ro", "-so", url, "grids-micro");
        assertTrue(out.contains("Feature Count: 5657"), out);
        assertTrue(out.contains("Geometry: Multi Polygon"), out);
        assertTrue(out.contains("Extent: (113."), out);
        for (String field : List.of("code: String", "name: String", "level: String", "parentCode: String", "areaSqm: Real",
                "generated: Integer(Boolean)")) {
            assertTrue(out.contains(field), field + " in\n" + out);
        }
    }

    @Test
    void ogrinfoReadsEveryFeatureOfALevelThroughTheNextLinks() throws Exception {
        // GDAL's page size is 10 by default, so the 176 communities take 18 pages.
        String out = ogrinfo("-ro", "-q", url, "grids-l2", "-fields=YES", "-geom=NO");
        long features = out.lines().filter(l -> l.startsWith("OGRFeature(grids-l2)")).count();
        assertEquals(176, features, out.length() > 2000 ? out.substring(0, 2000) : out);
        assertTrue(out.contains("name (String) = 兴华街社区"), "Chinese names survive");
    }

    private static boolean ogrinfoAvailable() {
        try {
            Process p = new ProcessBuilder("ogrinfo", "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static String ogrinfo(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add("ogrinfo");
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        // No proxy for the local server; no GDAL HTTP cache between runs.
        pb.environment().put("NO_PROXY", "localhost,127.0.0.1");
        pb.environment().put("no_proxy", "localhost,127.0.0.1");
        pb.environment().put("GDAL_HTTP_TIMEOUT", "30");
        Process p = pb.start();
        byte[] output = p.getInputStream().readAllBytes();
        boolean done = p.waitFor(90, TimeUnit.SECONDS);
        if (!done) {
            p.destroyForcibly();
        }
        String out = new String(output, StandardCharsets.UTF_8);
        LOG.info("{} →\n{}", command, out.length() > 3000 ? out.substring(0, 3000) + "…" : out);
        assertTrue(done, "ogrinfo finished");
        assertEquals(0, p.exitValue(), out);
        return out;
    }
}
