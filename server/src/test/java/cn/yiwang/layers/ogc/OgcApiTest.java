package cn.yiwang.layers.ogc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import javax.sql.DataSource;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import cn.yiwang.layers.LayerChangedEvent;
import cn.yiwang.security.DemoUsers;
import cn.yiwang.testing.Http;
import cn.yiwang.testing.PostgisTest;
import io.micronaut.context.event.ApplicationEventPublisher;
import io.micronaut.json.JsonMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;

/** OGC API – Features over the Erqi demo grids, on the real PostGIS, through real HTTP. */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OgcApiTest implements PostgisTest {

    private static final Logger LOG = LoggerFactory.getLogger(OgcApiTest.class);
    /** Old town of Erqi (the README's example area). */
    static final String BBOX = "113.63,34.71,113.65,34.73";

    @Inject
    EmbeddedServer server;
    @Inject
    JsonMapper json;
    @Inject
    DataSource dataSource;
    @Inject
    ApplicationEventPublisher<LayerChangedEvent> layerChanged;
    Http http;
    String base;

    @BeforeAll
    void client() {
        http = new Http(server, json);
        base = "http://localhost:" + server.getPort();
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> features(Http.Response r) {
        return (List<Map<String, Object>>) r.map().get("features");
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> links(Map<String, Object> doc) {
        return (List<Map<String, Object>>) doc.get("links");
    }

    static String href(Map<String, Object> doc, String rel) {
        return links(doc).stream().filter(l -> rel.equals(l.get("rel"))).map(l -> (String) l.get("href")).findFirst().orElse(null);
    }

    static int number(Map<String, Object> doc, String member) {
        return ((Number) doc.get(member)).intValue();
    }

    @Test
    void landingPageLinksEveryResourceAbsolutely() {
        Http.Response r = http.get("/ogc");
        assertEquals(200, r.status(), r.body());
        assertTrue(r.contentType().startsWith("application/json"), r.contentType());
        assertNotNull(r.map().get("title"));
        assertEquals(base + "/ogc/api?f=json", href(r.map(), "service-desc"));
        assertEquals(base + "/ogc/api?f=html", href(r.map(), "service-doc"));
        assertEquals(base + "/ogc/conformance?f=json", href(r.map(), "conformance"));
        assertEquals(base + "/ogc/collections?f=json", href(r.map(), "data"));
        assertEquals(base + "/ogc?f=json", href(r.map(), "self"));
        assertEquals(base + "/ogc?f=html", href(r.map(), "alternate"));
        links(r.map()).forEach(l -> assertTrue(((String) l.get("href")).startsWith(base + "/ogc"), l.toString()));
    }

    @Test
    void conformanceDeclaresCoreGeoJsonHtmlAndOas30() {
        Http.Response r = http.get("/ogc/conformance");
        assertEquals(200, r.status(), r.body());
        assertEquals(List.of(
                "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core",
                "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson",
                "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/html",
                "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30"), r.map().get("conformsTo"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void apiIsAnOpenApi30DocumentOfEveryPath() {
        Http.Response r = http.get("/ogc/api");
        assertEquals(200, r.status(), r.body());
        assertEquals("application/vnd.oai.openapi+json;version=3.0", r.contentType());
        assertTrue(((String) r.map().get("openapi")).startsWith("3.0"));
        Map<String, Object> paths = (Map<String, Object>) r.map().get("paths");
        assertEquals(Set.of("/", "/conformance", "/api", "/collections", "/collections/{collectionId}",
                "/collections/{collectionId}/items", "/collections/{collectionId}/items/{featureId}"), paths.keySet());
        assertEquals(base + "/ogc", ((Map<String, Object>) ((List<?>) r.map().get("servers")).get(0)).get("url"));
        Map<String, Object> parameters = (Map<String, Object>) ((Map<String, Object>) r.map().get("components")).get("parameters");
        Map<String, Object> collectionId = (Map<String, Object>) parameters.get("collectionId");
        assertEquals(List.of("grids-l1", "grids-l2", "grids-l3", "grids-micro", "grids-special", "buildings"),
                ((Map<String, Object>) collectionId.get("schema")).get("enum"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void collectionsListGridsAndBuildingsButNoCasesYet() {
        Http.Response r = http.get("/ogc/collections");
        assertEquals(200, r.status(), r.body());
        assertTrue(r.contentType().startsWith("application/json"), r.contentType());
        List<Map<String, Object>> collections = (List<Map<String, Object>>) r.map().get("collections");
        assertEquals(List.of("grids-l1", "grids-l2", "grids-l3", "grids-micro", "grids-special", "buildings"),
                collections.stream().map(c -> c.get("id")).toList());
        for (Map<String, Object> c : collections) {
            assertEquals("feature", c.get("itemType"));
            assertEquals(List.of("http://www.opengis.net/def/crs/OGC/1.3/CRS84"), c.get("crs"));
            assertEquals(base + "/ogc/collections/" + c.get("id") + "/items?f=json",
                    links(c).stream().filter(l -> "items".equals(l.get("rel")) && "application/geo+json".equals(l.get("type")))
                            .findFirst().orElseThrow().get("href"));
        }
        assertEquals(base + "/ogc/collections?f=json", href(r.map(), "self"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void gridCollectionsHaveSpatialAndTemporalExtent() {
        Map<String, Object> micro = http.get("/ogc/collections/grids-micro").map();
        Map<String, Object> extent = (Map<String, Object>) micro.get("extent");
        List<Number> bbox = ((List<List<Number>>) ((Map<String, Object>) extent.get("spatial")).get("bbox")).get(0);
        // Erqi lies around 113.5–113.7 E, 34.6–34.8 N.
        assertTrue(bbox.get(0).doubleValue() > 113.3 && bbox.get(2).doubleValue() < 113.9, bbox.toString());
        assertTrue(bbox.get(1).doubleValue() > 34.4 && bbox.get(3).doubleValue() < 35.0, bbox.toString());
        List<String> interval = ((List<List<String>>) ((Map<String, Object>) extent.get("temporal")).get("interval")).get(0);
        assertFalse(Instant.parse(interval.get(0)).isAfter(Instant.parse(interval.get(1))), interval.toString());
        Map<String, Object> buildings = http.get("/ogc/collections/buildings").map();
        Object buildingExtent = buildings.get("extent");
        assertTrue(buildingExtent == null || ((Map<String, Object>) buildingExtent).get("temporal") == null, String.valueOf(buildingExtent));
    }

    @Test
    void levelOneCollectionMatchesTheGoldenDocument() throws IOException {
        Http.Response r = http.get("/ogc/collections/grids-l1");
        assertEquals(200, r.status(), r.body());
        OgcGolden.assertMatches("ogc/collection-grids-l1.json", normalised(r.body()), json);
    }

    @Test
    void levelOneItemsAreTheSixteenStreetOffices() {
        Http.Response r = http.get("/ogc/collections/grids-l1/items");
        assertEquals(200, r.status(), r.body());
        assertTrue(r.contentType().startsWith("application/geo+json"), r.contentType());
        assertEquals("<http://www.opengis.net/def/crs/OGC/1.3/CRS84>", r.header("Content-Crs"));
        assertEquals("FeatureCollection", r.map().get("type"));
        assertEquals(16, number(r.map(), "numberMatched"));
        assertEquals(16, number(r.map(), "numberReturned"));
        assertNotNull(Instant.parse((String) r.map().get("timeStamp")));
        Map<String, Object> first = features(r).get(0);
        assertEquals("410103001", first.get("id"));
        @SuppressWarnings("unchecked")
        Map<String, Object> p = (Map<String, Object>) first.get("properties");
        assertEquals(List.of("code", "name", "level", "parentCode", "areaSqm", "generated", "kind", "validFrom"), List.copyOf(p.keySet()));
        assertEquals("淮河路街道", p.get("name"));
        assertEquals("l1", p.get("level"));
        assertEquals("410103", p.get("parentCode"));
        assertNotNull(Instant.parse((String) p.get("validFrom")));
        assertEquals("MultiPolygon", ((Map<?, ?>) first.get("geometry")).get("type"));
        assertNull(href(r.map(), "next"));
        assertNull(href(r.map(), "prev"));
        assertEquals(base + "/ogc/collections/grids-l1/items?f=json&limit=100&offset=0", href(r.map(), "self"));
        assertEquals(base + "/ogc/collections/grids-l1/items?f=html&limit=100&offset=0", href(r.map(), "alternate"));
    }

    @Test
    void pagingFollowsNextLinksOverEveryLevelTwoGrid() {
        Set<String> codes = new HashSet<>();
        List<String> order = new ArrayList<>();
        String next = "/ogc/collections/grids-l2/items?limit=50";
        int pages = 0;
        while (next != null) {
            Http.Response r = http.get(next);
            assertEquals(200, r.status(), r.body());
            assertEquals(176, number(r.map(), "numberMatched"));
            features(r).forEach(f -> {
                codes.add((String) f.get("id"));
                order.add((String) f.get("id"));
            });
            if (pages > 0) {
                assertNotNull(href(r.map(), "prev"), "page " + pages + " has a prev link");
            }
            next = href(r.map(), "next");
            if (next != null) {
                assertTrue(next.startsWith(base + "/ogc/collections/grids-l2/items?"), next);
            }
            pages++;
        }
        assertEquals(176, codes.size());
        assertEquals(176, order.size());
        assertEquals(4, pages);
        List<String> sorted = new ArrayList<>(order);
        sorted.sort(null);
        assertEquals(sorted, order, "pages are in code order");
    }

    @Test
    void prevLinkOfSecondPageReturnsToTheFirst() {
        Map<String, Object> second = http.get("/ogc/collections/grids-l2/items?limit=50&offset=50").map();
        assertEquals(base + "/ogc/collections/grids-l2/items?f=json&limit=50&offset=0", href(second, "prev"));
        assertEquals(base + "/ogc/collections/grids-l2/items?f=json&limit=50&offset=100", href(second, "next"));
    }

    @Test
    void bboxSelectsExactlyTheIntersectingGrids() throws SQLException {
        Http.Response r = http.get("/ogc/collections/grids-micro/items?limit=10000&bbox=" + BBOX);
        assertEquals(200, r.status(), r.body());
        double[] b = Arrays.stream(BBOX.split(",")).mapToDouble(Double::parseDouble).toArray();
        Set<String> expected = new HashSet<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT code FROM grid_current WHERE level = 'micro' "
                     + "AND ST_Intersects(geom, ST_MakeEnvelope(?, ?, ?, ?, 4326))")) {
            for (int i = 0; i < 4; i++) {
                ps.setDouble(i + 1, b[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    expected.add(rs.getString(1));
                }
            }
        }
        Set<String> got = new HashSet<>();
        features(r).forEach(f -> got.add((String) f.get("id")));
        assertTrue(expected.size() > 10 && expected.size() < 5657 / 4, "matched " + expected.size());
        assertEquals(expected, got);
        assertEquals(expected.size(), number(r.map(), "numberMatched"));
        assertTrue(href(r.map(), "self").contains("bbox=113.63%2C34.71%2C113.65%2C34.73"), href(r.map(), "self"));
    }

    @Test
    void bboxFarAwayMatchesNothing() {
        Http.Response r = http.get("/ogc/collections/grids-micro/items?bbox=100,20,100.1,20.1");
        assertEquals(200, r.status(), r.body());
        assertEquals(0, number(r.map(), "numberMatched"));
        assertEquals(List.of(), r.map().get("features"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void datetimeFiltersGridsOnValidFrom() {
        Map<String, Object> any = features(http.get("/ogc/collections/grids-l1/items?limit=1")).get(0);
        String validFrom = (String) ((Map<String, Object>) any.get("properties")).get("validFrom");
        Instant t = Instant.parse(validFrom);

        assertEquals(0, number(http.get("/ogc/collections/grids-l1/items?datetime=../2000-01-01T00:00:00Z").map(), "numberMatched"));
        assertEquals(16, number(http.get("/ogc/collections/grids-l1/items?datetime=2000-01-01T00:00:00Z/..").map(), "numberMatched"));
        assertEquals(0, number(http.get("/ogc/collections/grids-l1/items?datetime=" + t.plusSeconds(1) + "/..").map(), "numberMatched"));

        Http.Response instant = http.get("/ogc/collections/grids-l1/items?datetime=" + validFrom);
        assertEquals(200, instant.status(), instant.body());
        assertTrue(number(instant.map(), "numberMatched") >= 1);
        features(instant).forEach(f -> assertEquals(validFrom, ((Map<String, Object>) f.get("properties")).get("validFrom")));

        Http.Response interval = http.get("/ogc/collections/grids-l1/items?datetime=" + t.minusSeconds(60) + "/" + t.plusSeconds(60));
        assertTrue(number(interval.map(), "numberMatched") >= number(instant.map(), "numberMatched"));
        assertTrue(href(interval.map(), "self").contains("datetime=" + t.minusSeconds(60).toString().replace(":", "%3A")),
                href(interval.map(), "self"));
    }

    @Test
    void datetimeIsIgnoredByCollectionsWithoutTime() {
        Http.Response r = http.get("/ogc/collections/buildings/items?datetime=../2000-01-01T00:00:00Z");
        assertEquals(200, r.status(), r.body());
    }

    @Test
    void limitAboveMaximumIsClampedAndSaysSo() {
        Http.Response r = http.get("/ogc/collections/grids-micro/items?limit=20000");
        assertEquals(200, r.status());
        assertEquals("10000", r.header("OGC-Limit-Clamped"));
        assertEquals(10000, number(r.map(), "limitClamped"));
        assertEquals(5657, number(r.map(), "numberMatched"));
        assertEquals(5657, number(r.map(), "numberReturned"));
        assertTrue(href(r.map(), "self").contains("limit=10000"), href(r.map(), "self"));
        Http.Response normal = http.get("/ogc/collections/grids-l1/items?limit=10000");
        assertNull(normal.header("OGC-Limit-Clamped"));
        assertNull(normal.map().get("limitClamped"));
    }

    @Test
    void oneFeatureByIdHasItsLinks() {
        Http.Response r = http.get("/ogc/collections/grids-l2/items/410103001004");
        assertEquals(200, r.status(), r.body());
        assertTrue(r.contentType().startsWith("application/geo+json"), r.contentType());
        assertEquals("<http://www.opengis.net/def/crs/OGC/1.3/CRS84>", r.header("Content-Crs"));
        assertEquals("Feature", r.map().get("type"));
        assertEquals("410103001004", r.map().get("id"));
        assertEquals("兴华街社区", ((Map<?, ?>) r.map().get("properties")).get("name"));
        assertEquals(base + "/ogc/collections/grids-l2/items/410103001004?f=json", href(r.map(), "self"));
        assertEquals(base + "/ogc/collections/grids-l2/items/410103001004?f=html", href(r.map(), "alternate"));
        assertEquals(base + "/ogc/collections/grids-l2?f=json", href(r.map(), "collection"));
    }

    @Test
    void featureOfAnotherLevelIsNotInTheCollection() {
        Http.Response r = http.get("/ogc/collections/grids-l1/items/410103001004");
        assertEquals(404, r.status(), r.body());
        assertTrue(r.contentType().startsWith("application/problem+json"), r.contentType());
        assertTrue(((String) r.map().get("detail")).contains("410103001004"), r.body());
    }

    @Test
    void acceptHeaderChoosesHtmlForBrowsers() throws Exception {
        HttpResponse<String> r = send("/ogc/collections/grids-l1/items",
                "Accept", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8");
        assertEquals(200, r.statusCode());
        assertTrue(r.headers().firstValue("content-type").orElse("").startsWith("text/html"));
        assertTrue(r.body().contains("淮河路街道"), r.body());
        HttpResponse<String> gdal = send("/ogc/collections/grids-l1/items", "Accept", "application/geo+json, application/json");
        assertTrue(gdal.headers().firstValue("content-type").orElse("").startsWith("application/geo+json"));
    }

    @ParameterizedTest(name = "{0} is HTML")
    @CsvSource({"/ogc?f=html", "/ogc/conformance?f=html", "/ogc/api?f=html", "/ogc/collections?f=html",
                "/ogc/collections/grids-l3?f=html", "/ogc/collections/grids-l3/items?f=html&limit=5",
                "/ogc/collections/grids-l2/items/410103001004?f=html"})
    void everyResourceHasAnHtmlEncoding(String uri) {
        Http.Response r = http.get(uri);
        assertEquals(200, r.status(), r.body());
        assertTrue(r.contentType().startsWith("text/html"), r.contentType());
        assertTrue(r.body().startsWith("<!DOCTYPE html>"), r.body());
        assertTrue(r.body().contains("f=json"), "links its JSON encoding");
    }

    @Test
    void htmlEscapesEveryTextFromTheData() throws SQLException {
        String name = "<script>alert('x')</script> & \"楼\"";
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("INSERT INTO building (district_code, id, name, compound, use, floors, "
                     + "height_m, households, generated, geom) VALUES ('410103', 'ogc-test-1', ?, '<b>小区</b>', 'residential', 6, 18, 24, "
                     + "true, ST_GeomFromText('POLYGON((113.640 34.720, 113.641 34.720, 113.641 34.721, 113.640 34.721, 113.640 34.720))', 4326))")) {
            ps.setString(1, name);
            ps.executeUpdate();
        }
        try {
            Http.Response items = http.get("/ogc/collections/buildings/items?f=html&bbox=113.6399,34.7199,113.6411,34.7211");
            Http.Response one = http.get("/ogc/collections/buildings/items/ogc-test-1?f=html");
            for (Http.Response r : List.of(items, one)) {
                assertEquals(200, r.status(), r.body());
                assertFalse(r.body().contains("<script>"), r.body());
                assertFalse(r.body().contains("<b>"), r.body());
                assertTrue(r.body().contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;楼&quot;"), r.body());
                assertTrue(r.body().contains("&lt;b&gt;小区&lt;/b&gt;"), r.body());
            }
            Http.Response geojson = http.get("/ogc/collections/buildings/items/ogc-test-1");
            assertEquals(name, ((Map<?, ?>) geojson.map().get("properties")).get("name"));
            assertEquals(Map.of("name", name, "compound", "<b>小区</b>", "use", "residential", "floors", 6, "heightM", 18,
                    "households", 24, "generated", true), withoutNulls((Map<?, ?>) geojson.map().get("properties")));
        } finally {
            try (Connection c = dataSource.getConnection();
                 PreparedStatement ps = c.prepareStatement("DELETE FROM building WHERE id = 'ogc-test-1'")) {
                ps.executeUpdate();
            }
        }
    }

    @ParameterizedTest(name = "{0} → 400 naming {1}")
    @CsvSource(delimiter = '|', value = {
        "/ogc/collections/grids-l1/items?bbox=1,2,3|bbox",
        "/ogc/collections/grids-l1/items?bbox=113.7,34.6,113.5,34.8|bbox",
        "/ogc/collections/grids-l1/items?bbox=a,b,c,d|bbox",
        "/ogc/collections/grids-l1/items?f=xml|f",
        "/ogc/collections?f=xml|f",
        "/ogc?f=geojson|f",
        "/ogc/collections/grids-l1/items?limit=0|limit",
        "/ogc/collections/grids-l1/items?limit=many|limit",
        "/ogc/collections/grids-l1/items?offset=-5|offset",
        "/ogc/collections/grids-l1/items?datetime=yesterday|datetime",
        "/ogc/collections/grids-l1/items?datetime=2026-02-01T00:00:00Z/2026-01-01T00:00:00Z|datetime",
        "/ogc/collections/grids-l1/items?level=l2|level",
        "/ogc/collections/grids-l1?limit=5|limit",
    })
    void badParametersAreProblem400NamingTheParameter(String uri, String parameter) {
        Http.Response r = http.get(uri);
        assertEquals(400, r.status(), r.body());
        assertTrue(r.contentType().startsWith("application/problem+json"), r.contentType());
        assertTrue(((String) r.map().get("detail")).contains(parameter), r.body());
        assertEquals(parameter, ((Map<?, ?>) ((List<?>) r.map().get("errors")).get(0)).get("parameter"));
    }

    @ParameterizedTest(name = "{0} → 404")
    @CsvSource({"/ogc/collections/grids-l9/items", "/ogc/collections/grids-micro/items/410103999999999",
                "/ogc/collections/buildings/items/no-such-building"})
    void unknownCollectionOrFeatureIsProblem404(String uri) {
        Http.Response r = http.get(uri);
        assertEquals(404, r.status(), r.body());
        assertTrue(r.contentType().startsWith("application/problem+json"), r.contentType());
    }

    @Test
    void casesAreACollectionForLoggedInCallersOnly() {
        // Not a public path: anonymous callers are stopped by security before any lookup.
        assertEquals(401, http.get("/ogc/collections/cases").status());
        String token = http.login("analyst", DemoUsers.DEMO_PASSWORD);
        Http.Response r = http.get("/ogc/collections/cases", token);
        assertEquals(200, r.status(), r.body());
        assertEquals("cases", r.map().get("id"));
    }

    @Test
    void unknownGridCollectionIsProblem404NamingIt() {
        Http.Response r = http.get("/ogc/collections/grids-l9");
        assertEquals(404, r.status(), r.body());
        assertTrue(((String) r.map().get("detail")).contains("grids-l9"), r.body());
    }

    @Test
    void forwardedHeadersSetTheLinkBase() throws Exception {
        HttpResponse<String> r = send("/ogc/collections/grids-l2/items?limit=10",
                "X-Forwarded-Proto", "https", "X-Forwarded-Host", "grid.example.cn");
        @SuppressWarnings("unchecked")
        Map<String, Object> doc = json.readValue(r.body(), Map.class);
        assertEquals("https://grid.example.cn/ogc/collections/grids-l2/items?f=json&limit=10&offset=10", href(doc, "next"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void extentIsRecomputedAfterALayerChangedEvent() throws SQLException {
        double maxLonBefore = maxLon(http.get("/ogc/collections/buildings").map());
        Assumptions.assumeFalse(Double.isNaN(maxLonBefore), "the demo buildings are loaded (an empty extent is never cached)");
        execute("INSERT INTO building (district_code, id, use, floors, height_m, generated, geom) VALUES ('410103', 'ogc-test-far', "
                + "'other', 1, 3, true, ST_GeomFromText('POLYGON((114.500 34.720, 114.501 34.720, 114.501 34.721, 114.500 34.720))', 4326))");
        try {
            assertEquals(maxLonBefore, maxLon(http.get("/ogc/collections/buildings").map()), "cached until told");
            layerChanged.publishEvent(LayerChangedEvent.wholeLayer("buildings"));
            assertEquals(114.501, maxLon(http.get("/ogc/collections/buildings").map()), 1e-9);
        } finally {
            execute("DELETE FROM building WHERE id = 'ogc-test-far'");
            layerChanged.publishEvent(LayerChangedEvent.wholeLayer("buildings"));
        }
        assertEquals(maxLonBefore, maxLon(http.get("/ogc/collections/buildings").map()));
    }

    @Test
    void thousandMicroGridsPageIsFast() {
        String uri = "/ogc/collections/grids-micro/items?limit=1000&offset=2000";
        for (int i = 0; i < 5; i++) {
            assertEquals(200, http.get(uri).status());
        }
        long[] millis = new long[15];
        int bytes = 0;
        for (int i = 0; i < millis.length; i++) {
            long t0 = System.nanoTime();
            Http.Response r = http.get(uri);
            millis[i] = (System.nanoTime() - t0) / 1_000_000;
            assertEquals(1000, number(r.map(), "numberReturned"));
            bytes = r.body().length();
        }
        Arrays.sort(millis);
        LOG.info("items page of 1,000 micro grids ({} chars): median {} ms, min {} ms, max {} ms (client-side, includes JSON decoding)",
                bytes, millis[millis.length / 2], millis[0], millis[millis.length - 1]);
        assertTrue(millis[millis.length / 2] < 1000, "median " + millis[millis.length / 2] + " ms");
    }

    @SuppressWarnings("unchecked")
    private static double maxLon(Map<String, Object> collection) {
        Map<String, Object> extent = (Map<String, Object>) collection.get("extent");
        if (extent == null) {
            return Double.NaN;
        }
        List<Number> bbox = ((List<List<Number>>) ((Map<String, Object>) extent.get("spatial")).get("bbox")).get(0);
        return bbox.get(2).doubleValue();
    }

    private void execute(String sql) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.executeUpdate();
        }
    }

    private static Map<Object, Object> withoutNulls(Map<?, ?> m) {
        Map<Object, Object> out = new LinkedHashMap<>();
        m.forEach((k, v) -> {
            if (v != null) {
                out.put(k, v instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue()) ? (Object) n.intValue() : v);
            }
        });
        return out;
    }

    private HttpResponse<String> send(String pathAndQuery, String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + pathAndQuery)).GET();
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    /** The response with the volatile parts replaced: this server's address and the load time of the grids. */
    private String normalised(String body) {
        return body.replace(base, "http://{host}").replaceAll("\"\\d{4}-\\d\\d-\\d\\dT[0-9:.]+Z\"", "\"{time}\"");
    }
}
