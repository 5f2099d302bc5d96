package cn.yiwang.open311;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import cn.yiwang.security.DemoUsers;
import cn.yiwang.testing.Http;
import cn.yiwang.testing.PostgisTest;
import io.micronaut.json.JsonMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;

/** The per-address limit of anonymous reads, in a context where it is small. */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class Open311ReadLimitTest implements PostgisTest {

    static final int LIMIT = 3;

    @Inject
    EmbeddedServer server;
    @Inject
    JsonMapper json;

    Http http;
    String key;

    @Override
    public Map<String, String> getProperties() {
        Map<String, String> p = new HashMap<>(PostgisTest.super.getProperties());
        p.put("yiwang.open311.reads-per-minute-per-ip", Integer.toString(LIMIT));
        return p;
    }

    @BeforeAll
    void setUp() {
        http = new Http(server, json);
        String admin = http.login("admin", DemoUsers.DEMO_PASSWORD);
        key = http.postJson("/api/admin/open311/clients", "{\"name\":\"读限流测试\"}", admin).map().get("apiKey").toString();
    }

    /** GETs until refused; fails if more than the limit get through. */
    Http.Response exhaust(String path) {
        for (int i = 0; i <= LIMIT; i++) {
            Http.Response r = http.get(path);
            if (r.status() == 429) {
                return r;
            }
            assertEquals(200, r.status(), r.body());
        }
        throw new AssertionError("more than " + LIMIT + " reads per minute were allowed");
    }

    @Test
    void anonymousReadsOverTheLimitGet429WithRetryAfterInTheirFormat() {
        Http.Response json429 = exhaust("/open311/v2/services.json");
        assertEquals("application/problem+json", json429.contentType());
        long retryAfter = Long.parseLong(json429.header("Retry-After"));
        assertTrue(retryAfter >= 1 && retryAfter <= 60 / LIMIT, "Retry-After " + retryAfter);
        Http.Response xml429 = http.get("/open311/v2/requests.xml");
        assertEquals(429, xml429.status());
        assertTrue(xml429.contentType().startsWith("text/xml") && xml429.body().contains("<code>429</code>"), xml429.body());
    }

    @Test
    void unknownKeysCountAgainstTheAddressButAValidClientHasItsOwnLimit() {
        exhaust("/open311/v2/services.json");
        String form = "api_key=guess-" + System.nanoTime() + "&service_code=MSFW-02&address_string=x&description=y";
        assertEquals(429, http.postRaw("/open311/v2/requests.json", Open311ApiTest.FORM, form).status());
        Http.Response valid = http.postRaw("/open311/v2/requests.json", Open311ApiTest.FORM,
                "api_key=" + key + "&service_code=MSFW-02&address_string=%E6%9F%90%E5%A4%84&description=" + System.nanoTime());
        assertEquals(201, valid.status(), valid.body());
    }
}
