package cn.yiwang.layers.ogc;

import static org.junit.jupiter.api.Assertions.assertEquals;


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

/** With {@code yiwang.security.public-grid-read=false} (production) every OGC API resource needs a token. */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OgcPrivateReadTest implements PrivateReadTest {

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
    void everyResourceNeedsATokenWhenGridReadIsNotPublic() {
        for (String uri : new String[] {"/ogc", "/ogc/conformance", "/ogc/api", "/ogc/collections",
                                        "/ogc/collections/grids-l1", "/ogc/collections/grids-l1/items"}) {
            assertEquals(401, http.get(uri).status(), uri);
        }
        String token = http.login("analyst", DemoUsers.DEMO_PASSWORD);
        Http.Response r = http.get("/ogc/collections/grids-l1/items", token);
        assertEquals(200, r.status(), r.body());
        assertEquals(16, ((Number) r.map().get("numberMatched")).intValue());
    }
}
