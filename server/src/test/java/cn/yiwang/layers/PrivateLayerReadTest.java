package cn.yiwang.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;


import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import cn.yiwang.security.DemoUsers;
import cn.yiwang.testing.Http;
import cn.yiwang.testing.PrivateReadTest;
import io.micronaut.json.JsonMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;

/** With {@code yiwang.security.public-grid-read=false} tiles, TileJSON and the catalog need a token. */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PrivateLayerReadTest implements PrivateReadTest {

    @Inject
    EmbeddedServer server;
    @Inject
    JsonMapper json;
    Http http;

    @BeforeAll
    void client() {
        http = new Http(server, json);
    }

    @Test
    void layerReadsNeedATokenWhenNotPublic() {
        for (String path : new String[] {"/api/layers", "/tiles/grids-l1.json", "/tiles/grids-l1/12/3340/1626.mvt",
                "/tiles/buildings/14/13363/6505.mvt"}) {
            Http.Response anonymous = http.get(path);
            assertEquals(401, anonymous.status(), path);
            assertTrue(anonymous.contentType().startsWith("application/problem+json"), path);
        }
        String token = http.login("analyst", DemoUsers.DEMO_PASSWORD);
        assertEquals(200, http.get("/api/layers", token).status());
        assertEquals(200, http.get("/tiles/grids-l1.json", token).status());
        assertEquals(200, http.get("/tiles/grids-l1/12/3340/1626.mvt", token).status());
    }
}
