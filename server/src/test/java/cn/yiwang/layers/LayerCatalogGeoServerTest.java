package cn.yiwang.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import cn.yiwang.testing.Http;
import cn.yiwang.testing.PostgisTest;
import io.micronaut.json.JsonMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;

/** With {@code yiwang.geoserver.url} set, every layer GeoServer publishes gets a WMS source. */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LayerCatalogGeoServerTest implements PostgisTest {

    @Inject
    EmbeddedServer server;
    @Inject
    JsonMapper json;

    @Override
    public Map<String, String> getProperties() {
        Map<String, String> p = new HashMap<>(PostgisTest.super.getProperties());
        p.put("yiwang.geoserver.url", "http://gis.example:8080/geoserver/");
        return p;
    }

    @Test
    @SuppressWarnings("unchecked")
    void publishedLayersHaveAWmsSourceOnTheYiwangWorkspace() {
        Http.Response r = new Http(server, json).get("/api/layers");
        assertEquals(200, r.status(), r.body());
        for (Map<String, Object> l : (List<Map<String, Object>>) r.map().get("layers")) {
            Map<String, Object> wms = (Map<String, Object>) ((Map<String, Object>) l.get("sources2d")).get("wms");
            assertEquals("http://gis.example:8080/geoserver/yiwang/wms", wms.get("url"), (String) l.get("id"));
            assertEquals("yiwang:" + ((String) l.get("id")).replace('-', '_'), wms.get("layers"));
        }
    }
}
