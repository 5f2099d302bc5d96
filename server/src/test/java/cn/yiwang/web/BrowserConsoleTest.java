package cn.yiwang.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import cn.yiwang.testing.Http;
import cn.yiwang.testing.PostgisTest;
import io.micronaut.json.JsonMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;

/**
 * Drives the real console in headless Chromium (web/test/browser/run.mjs, playwright-core) against
 * this embedded server on the shared PostGIS: the map must draw all 16 level-1 grids (street offices and 马寨镇).
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BrowserConsoleTest implements PostgisTest {

    @Inject
    EmbeddedServer server;
    @Inject
    JsonMapper json;

    static Path webDir() {
        Path p = Path.of("").toAbsolutePath();
        return Files.isDirectory(p.resolve("web")) ? p.resolve("web") : p.resolveSibling("web");
    }

    @Test
    void serverServesTheBuiltConsole() {
        Http.Response index = new Http(server, json).get("/");
        assertEquals(200, index.status(), "the console is packaged from web/dist (run ./yiwang test, which builds it first)");
        assertTrue(index.body().contains("<div"), index.body());
    }

    @Test
    void consoleDrawsEveryStreetOfficeInHeadlessChromium() throws Exception {
        runBrowserScript("test/browser/run.mjs", 180);
    }

    /** The 三维 view: Cesium offline, buildings extruded from the OGC API, read back from the scene. */
    @Test
    void threeDimensionalViewExtrudesTheBuildingsInHeadlessChromium() throws Exception {
        runBrowserScript("test/browser/run3d.mjs", 300);
    }

    private void runBrowserScript(String relative, int timeoutSeconds) throws Exception {
        Path script = webDir().resolve(relative);
        assertTrue(Files.exists(script), "missing " + script);
        Path log = Files.createTempFile("yiwang-browser", ".log");
        ProcessBuilder builder = new ProcessBuilder("node", script.toString())
                .directory(webDir().toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().put("YIWANG_BASE_URL", server.getURI().toString() + "/");
        Process p = builder.start();
        boolean done = p.waitFor(timeoutSeconds, TimeUnit.SECONDS);
        if (!done) {
            p.destroyForcibly();
        }
        String out = Files.readString(log, StandardCharsets.UTF_8);
        System.out.println(out);
        assertTrue(done, relative + " timed out:\n" + out);
        assertEquals(0, p.exitValue(), relative + " failed:\n" + out);
    }
}
