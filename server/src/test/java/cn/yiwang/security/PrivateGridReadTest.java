package cn.yiwang.security;

import static org.junit.jupiter.api.Assertions.assertEquals;


import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import cn.yiwang.testing.Http;
import cn.yiwang.testing.PrivateReadTest;
import io.micronaut.json.JsonMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;

/** With {@code yiwang.security.public-grid-read=false} the grid API needs a token like every other /api endpoint. */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PrivateGridReadTest implements PrivateReadTest {

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
    void gridReadsNeedATokenWhenNotPublic() {
        assertEquals(401, http.get("/api/grids?level=l1").status());
        assertEquals(401, http.get("/api/grids/at?lon=113.64&lat=34.72").status());
        String token = http.login("analyst", DemoUsers.DEMO_PASSWORD);
        assertEquals(200, http.get("/api/grids?level=l1", token).status());
        assertEquals(200, http.get("/api/grids/at?lon=113.64&lat=34.72", token).status());
    }
}
