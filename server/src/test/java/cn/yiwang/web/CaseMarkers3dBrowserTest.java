package cn.yiwang.web;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import cn.yiwang.testing.BrowserScript;
import cn.yiwang.testing.PostgisTest;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;

/**
 * The 3D view's case markers in headless Chromium (web/test/browser/cases3d.mjs): cases reported through
 * the API appear as points read back from the Cesium scene, a 12th-floor 高空抛物 at the 12th floor of
 * its building, and the picked building lists its open cases.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CaseMarkers3dBrowserTest implements PostgisTest {

    @Inject
    EmbeddedServer server;

    @Test
    void openCasesAreMarkedAtTheirFloorInHeadlessChromium() throws Exception {
        BrowserScript.run(server, "test/browser/cases3d.mjs", 300, Map.of());
    }
}
