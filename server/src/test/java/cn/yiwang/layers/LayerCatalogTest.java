package cn.yiwang.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import cn.yiwang.testing.Http;
import cn.yiwang.testing.PostgisTest;
import io.micronaut.json.JsonMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;

@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LayerCatalogTest implements PostgisTest {

    @Inject
    EmbeddedServer server;
    @Inject
    JsonMapper json;
    Http http;
    List<Map<String, Object>> layers;

    @BeforeAll
    @SuppressWarnings("unchecked")
    void fetch() {
        http = new Http(server, json);
        Http.Response r = http.get("/api/layers");
        assertEquals(200, r.status(), r.body());
        assertTrue(r.contentType().startsWith("application/json"), r.contentType());
        layers = (List<Map<String, Object>>) r.map().get("layers");
    }

    private Map<String, Object> layer(String id) {
        return layers.stream().filter(l -> id.equals(l.get("id"))).findFirst().orElseThrow(() -> new AssertionError("no layer " + id));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> object(Map<String, Object> m, String key) {
        return (Map<String, Object>) m.get(key);
    }

    @Test
    void catalogListsEveryRegisteredLayerInDrawingOrder() {
        assertEquals(List.of("grids-district", "grids-l1", "grids-l2", "grids-l3", "grids-micro", "grids-special", "buildings"),
                layers.stream().map(l -> l.get("id")).toList());
    }

    @Test
    void layerHasTitlesGeometryTypeZoomsAndAttributes() {
        Map<String, Object> micro = layer("grids-micro");
        assertEquals(Map.of("zh", "微网格", "en", "Micro grids"), micro.get("title"));
        assertEquals("polygon", micro.get("geometryType"));
        assertEquals(13, micro.get("minZoom"));
        assertEquals(18, micro.get("maxZoom"));
        assertEquals(List.of("code", "name", "level", "parentCode"),
                ((List<?>) micro.get("attributes")).stream().map(a -> ((Map<?, ?>) a).get("name")).toList());
        assertEquals(false, micro.get("live"));
        assertEquals(true, micro.get("publicRead"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void vectorTileSourceLinksAWorkingTileJson() {
        for (Map<String, Object> l : layers) {
            Map<String, Object> mvt = object(object(l, "sources2d"), "mvt");
            String tilejson = (String) mvt.get("tilejson");
            assertEquals(server.getURI() + "/tiles/" + l.get("id") + ".json", tilejson);
            assertEquals(server.getURI() + "/tiles/" + l.get("id") + "/{z}/{x}/{y}.mvt", mvt.get("tiles"));
            Http.Response r = http.get(tilejson);
            assertEquals(200, r.status(), tilejson);
            assertEquals(List.of(mvt.get("tiles")), r.map().get("tiles"));
        }
    }

    @Test
    void ogcSourceIsGivenForTheLayersServedAsOgcCollections() {
        assertNull(object(layer("grids-district"), "sources2d").get("ogc"));
        for (String id : List.of("grids-l1", "grids-l2", "grids-l3", "grids-micro", "grids-special", "buildings")) {
            assertEquals(server.getURI() + "/ogc/collections/" + id, object(layer(id), "sources2d").get("ogc"), id);
        }
    }

    @Test
    void wmsIsAbsentWithoutAGeoServer() {
        layers.forEach(l -> assertNull(object(l, "sources2d").get("wms"), (String) l.get("id")));
    }

    @Test
    void buildingsAreExtrudedByHeightIn3d() {
        assertEquals(Map.of("type", "extrusion", "heightAttribute", "height_m", "unit", "m"), layer("buildings").get("source3d"));
        layers.stream().filter(l -> !"buildings".equals(l.get("id"))).forEach(l -> assertNull(l.get("source3d"), (String) l.get("id")));
    }

    @Test
    void defaultStylesUseTheConsoleColours() {
        Map<String, Object> l1 = object(layer("grids-l1"), "style");
        assertEquals("#c0392b", l1.get("stroke"));
        assertEquals(2.5, ((Number) l1.get("strokeWidthPixels")).doubleValue());
        assertEquals(List.of(8, 5), object(layer("grids-special"), "style").get("lineDash"));
        Map<String, Object> buildings = object(layer("buildings"), "style");
        assertEquals("use", object(buildings, "fillBy").get("attribute"));
        assertFalse(object(object(buildings, "fillBy"), "colors").isEmpty());
    }
}
