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
 * Party building in headless Chromium (web/test/browser/party.mjs) against this embedded server on
 * the shared PostGIS with the demo data: the big screen's 党建引领 figures and 党建图层 markers equal
 * the API's, and a volunteer task is claimed on the phone page and confirmed, crediting its points.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PartyBrowserTest implements PostgisTest {

    @Inject
    EmbeddedServer server;

    @Test
    void partyFiguresAndLayerOnTheScreenAndAClaimedTaskOnThePhoneInHeadlessChromium() throws Exception {
        BrowserScript.run(server, "test/browser/party.mjs", 240, Map.of());
    }
}
