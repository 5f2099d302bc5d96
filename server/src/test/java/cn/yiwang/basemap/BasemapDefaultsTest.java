package cn.yiwang.basemap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import cn.yiwang.testing.Http;
import cn.yiwang.testing.PostgisTest;
import io.micronaut.json.JsonMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;

/** Without configuration there is no outside base map: no Tianditu key, no local file, no tiles. */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BasemapDefaultsTest implements PostgisTest {

    @Inject
    EmbeddedServer server;
    @Inject
    JsonMapper json;

    @Test
    void nothingIsConfiguredByDefault() {
        Http http = new Http(server, json);
        Http.Response r = http.get("/api/basemap");
        assertEquals(200, r.status(), r.body());
        assertNull(r.map().get("tianditu"), r.body());
        assertNull(r.map().get("local"), r.body());
        Http.Response tile = http.get("/api/basemap/tiles/12/3349/1627.png");
        assertEquals(404, tile.status(), tile.body());
    }
}
