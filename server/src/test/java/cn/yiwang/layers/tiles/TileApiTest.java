package cn.yiwang.layers.tiles;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.Point;

import cn.yiwang.layers.LayerChangedEvent;
import cn.yiwang.security.DemoUsers;
import cn.yiwang.testing.Http;
import cn.yiwang.testing.PostgisTest;
import io.micronaut.context.event.ApplicationEventPublisher;
import io.micronaut.json.JsonMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;

@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TileApiTest implements PostgisTest {

    /** Inside Erqi's old town (the README's example). */
    static final double LON = 113.64;
    static final double LAT = 34.72;
    private static final GeometryFactory TILE_PLANE = new GeometryFactory();

    @Inject
    EmbeddedServer server;
    @Inject
    JsonMapper json;
    @Inject
    DataSource dataSource;
    @Inject
    ApplicationEventPublisher<LayerChangedEvent> events;
    Http http;
    TileClient tiles;

    @BeforeAll
    void clients() {
        http = new Http(server, json);
        tiles = new TileClient(server.getURI());
    }

    @SuppressWarnings("unchecked")
    private String microCodeAt(double lon, double lat) {
        Http.Response at = http.get("/api/grids/at?lon=" + lon + "&lat=" + lat);
        assertEquals(200, at.status(), at.body());
        return (String) ((List<Map<String, Object>>) at.map().get("chain")).get(0).get("code");
    }

    /** The point in the tile's own coordinates (0..4096, y down). */
    static Point inTile(double lon, double lat, int z, int x, int y) {
        return TILE_PLANE.createPoint(new Coordinate((TileMath.tileX(lon, z) - x) * TileRepository.EXTENT,
                (TileMath.tileY(lat, z) - y) * TileRepository.EXTENT));
    }

    @Test
    void microTileHoldsTheGridThatTheLocatorFindsAtThePoint() {
        int[] t = TileMath.tileAt(LON, LAT, 14);
        TileClient.Fetched r = tiles.tile("grids-micro", 14, t[0], t[1]);
        assertEquals(200, r.status());
        MvtDecoder.Layer layer = MvtDecoder.layer(r.bytes(), "grids-micro");
        assertEquals(2, layer.version());
        assertEquals(4096, layer.extent());
        Point p = inTile(LON, LAT, 14, t[0], t[1]);
        List<String> containing = layer.features().stream()
                .filter(f -> f.geometry(TILE_PLANE).contains(p))
                .map(f -> (String) f.properties().get("code")).toList();
        assertEquals(List.of(microCodeAt(LON, LAT)), containing);
        assertTrue(layer.features().size() > 50, "a z14 tile of the old town holds many micro grids: " + layer.features().size());
    }

    @Test
    void gridFeaturesCarryCodeNameLevelAndParentCode() {
        int[] t = TileMath.tileAt(LON, LAT, 12);
        MvtDecoder.Layer layer = MvtDecoder.layer(tiles.tile("grids-l1", 12, t[0], t[1]).bytes(), "grids-l1");
        assertEquals(List.of("code", "name", "level", "parentCode"), layer.keys());
        List<MvtDecoder.Feature> huaihe = layer.withProperty("code", "410103001");
        assertEquals(1, huaihe.size(), "淮河路街道 is one feature");
        assertEquals(Map.of("code", "410103001", "name", "淮河路街道", "level", "l1", "parentCode", "410103"),
                huaihe.get(0).properties());
        assertEquals(MvtDecoder.POLYGON, huaihe.get(0).type());
    }

    @Test
    void buildingFeaturesCarryTheirAttributes() throws SQLException {
        String micro = microCodeAt(LON, LAT);
        Envelope footprint = new Envelope(LON - 0.0001, LON + 0.0001, LAT - 0.0001, LAT + 0.0001);
        int[] t = TileMath.tileAt(LON, LAT, 16);
        try {
            sql("INSERT INTO building (district_code, id, use, floors, height_m, households, micro_code, generated, geom)"
                    + " VALUES ('410103', 'test-tiles-B1', 'residential', 7, 21.5, 42, ?, true, ST_MakeEnvelope(?, ?, ?, ?, 4326))",
                    micro, footprint.getMinX(), footprint.getMinY(), footprint.getMaxX(), footprint.getMaxY());
            events.publishEvent(LayerChangedEvent.within("buildings", footprint));
            MvtDecoder.Layer layer = MvtDecoder.layer(tiles.tile("buildings", 16, t[0], t[1]).bytes(), "buildings");
            List<MvtDecoder.Feature> ours = layer.withProperty("id", "test-tiles-B1");
            assertEquals(1, ours.size());
            assertEquals(Map.of("id", "test-tiles-B1", "use", "residential", "floors", 7L, "height_m", 21.5,
                    "households", 42L, "micro_code", micro), ours.get(0).properties());
            assertTrue(ours.get(0).geometry(TILE_PLANE).contains(inTile(LON, LAT, 16, t[0], t[1])));
        } finally {
            sql("DELETE FROM building WHERE id = 'test-tiles-B1'");
            events.publishEvent(LayerChangedEvent.within("buildings", footprint));
        }
        TileClient.Fetched after = tiles.tile("buildings", 16, t[0], t[1]);
        assertTrue(after.status() == 204 || MvtDecoder.layer(after.bytes(), "buildings").withProperty("id", "test-tiles-B1").isEmpty(),
                "the deleted building is gone from the tile");
    }

    /** Tiles touching ±180° once lost everything: their buffer wrapped round the world in the filter. */
    @Test
    void tilesInTheLastColumnOfTheWorldKeepTheirFeatures() {
        for (int z = 1; z <= 2; z++) {
            int[] t = TileMath.tileAt(LON, LAT, z);
            assertEquals(TileMath.tilesPerAxis(z) - 1, t[0]);
            TileClient.Fetched r = tiles.tile("grids-district", z, t[0], t[1]);
            assertEquals(200, r.status(), "z" + z);
            assertEquals(1, MvtDecoder.layer(r.bytes(), "grids-district").withProperty("code", "410103").size());
        }
    }

    @Test
    void tileIsAVectorTileWithAStrongEtagAndPublicCacheControl() {
        int[] t = TileMath.tileAt(LON, LAT, 14);
        TileClient.Fetched r = tiles.tile("grids-l2", 14, t[0], t[1]);
        assertEquals(200, r.status());
        assertEquals("application/vnd.mapbox-vector-tile", r.header("Content-Type"));
        assertEquals("public, max-age=60", r.header("Cache-Control"));
        assertEquals(Tile.of(r.bytes()).etag(), r.etag());
        assertEquals(String.valueOf(r.bytes().length), r.header("Content-Length"));
    }

    @Test
    void matchingIfNoneMatchAnswers304WithoutABody() {
        int[] t = TileMath.tileAt(LON, LAT, 13);
        String etag = tiles.tile("grids-l3", 13, t[0], t[1]).etag();
        TileClient.Fetched r = tiles.get("/tiles/grids-l3/13/" + t[0] + "/" + t[1] + ".mvt", Map.of("If-None-Match", etag));
        assertEquals(304, r.status());
        assertEquals(0, r.bytes().length);
        assertEquals(etag, r.etag());
        TileClient.Fetched other = tiles.get("/tiles/grids-l3/13/" + t[0] + "/" + t[1] + ".mvt", Map.of("If-None-Match", "\"stale\""));
        assertEquals(200, other.status());
    }

    @Test
    void tileWithoutFeaturesAnswers204() {
        TileClient.Fetched r = tiles.tile("grids-l1", 14, 0, 0);
        assertEquals(204, r.status());
        assertEquals(0, r.bytes().length);
        assertEquals("public, max-age=60", r.header("Cache-Control"));
        assertNull(r.etag());
    }

    @Test
    void zoomBelowTheLayersMinZoomAnswers204WithoutGeneratingATile() {
        int[] t = TileMath.tileAt(LON, LAT, 12);
        TileClient.Fetched r = tiles.tile("grids-micro", 12, t[0], t[1]);
        assertEquals(204, r.status());
        assertEquals("bypass", r.cacheStatus());
    }

    @Test
    void secondRequestForATileIsServedFromTheCache() {
        int[] t = TileMath.tileAt(LON + 0.05, LAT - 0.05, 15);
        TileClient.Fetched first = tiles.tile("grids-micro", 15, t[0], t[1]);
        TileClient.Fetched second = tiles.tile("grids-micro", 15, t[0], t[1]);
        assertEquals("miss", first.cacheStatus());
        assertEquals("hit", second.cacheStatus());
        assertEquals(first.etag(), second.etag());
    }

    @ParameterizedTest
    @CsvSource({
            "/tiles/grids-l1/23/0/0.mvt, z",
            "/tiles/grids-l1/-1/0/0.mvt, z",
            "/tiles/grids-l1/abc/0/0.mvt, z",
            "/tiles/grids-l1/1.5/0/0.mvt, z",
            "/tiles/grids-l1/3/8/0.mvt, x",
            "/tiles/grids-l1/3/-1/0.mvt, x",
            "/tiles/grids-l1/3/0/8.mvt, y",
            "/tiles/grids-l1/3/0/0.5.mvt, y",
            "/tiles/grids-l1/3/0/99999999999.mvt, y",
    })
    void tileCoordinatesOutsideTheSchemeAnswer400NamingTheParameter(String path, String parameter) {
        Http.Response r = http.get(path);
        assertEquals(400, r.status(), r.body());
        assertTrue(r.contentType().startsWith("application/problem+json"), r.contentType());
        assertEquals(parameter, ((Map<?, ?>) ((List<?>) r.map().get("errors")).get(0)).get("parameter"), r.body());
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "/tiles/grids-micro/..%2f/1/1.mvt", "/tiles/grids-micro/12/..%2F..%2F/1.mvt", "/tiles/..%2f..%2fetc%2fpasswd/1/1/1.mvt",
            "/tiles/grids-micro/%2e%2e/%2e%2e/1.mvt", "/tiles/grids-micro/..%5c..%5c/1/1.mvt", "/ogc/collections/..%2f..%2f/items",
            "/tiles/cases/./3/0/0.mvt", "/assets/..%2f..%2fpom.xml", "/api/cases/..%2f..%2fetc/passwd"})
    void pathTraversalIsRefusedWith400BeforeAnyLoginOrFile(String path) {
        for (String token : new String[] {null, http.login("ops", DemoUsers.DEMO_PASSWORD)}) {
            Http.Response r = http.get(path, token);
            assertEquals(400, r.status(), path + " → " + r.body());
            assertTrue(r.contentType().startsWith("application/problem+json"), r.contentType());
            assertEquals("/problems/invalid-path", r.map().get("type"), r.body());
        }
    }

    @Test
    void unknownLayerAnswers404ProblemJson() {
        Http.Response r = http.get("/tiles/grids-nope/3/0/0.mvt");
        assertEquals(404, r.status());
        assertTrue(r.contentType().startsWith("application/problem+json"), r.contentType());
        assertTrue(((String) r.map().get("detail")).contains("grids-nope"), r.body());
        assertEquals(404, http.get("/tiles/grids-nope.json").status());
    }

    @Test
    void unknownNonPublicLayerAnswers401ToAnonymousCallersAnd404WithAToken() {
        assertEquals(401, http.get("/tiles/cases-secret/3/0/0.mvt").status());
        String token = http.login("analyst", DemoUsers.DEMO_PASSWORD);
        assertEquals(404, http.get("/tiles/cases-secret/3/0/0.mvt", token).status());
    }

    @Test
    @SuppressWarnings("unchecked")
    void tileJsonDescribesTheLayerWithAbsoluteTileUrls() {
        Http.Response r = http.get("/tiles/grids-micro.json");
        assertEquals(200, r.status(), r.body());
        Map<String, Object> tj = r.map();
        assertEquals("3.0.0", tj.get("tilejson"));
        assertEquals(List.of(server.getURI() + "/tiles/grids-micro/{z}/{x}/{y}.mvt"), tj.get("tiles"));
        assertEquals(13, tj.get("minzoom"));
        assertEquals(18, tj.get("maxzoom"));
        assertEquals("xyz", tj.get("scheme"));
        List<Number> bounds = (List<Number>) tj.get("bounds");
        assertEquals(113.5, bounds.get(0).doubleValue(), 0.01);
        assertEquals(34.6, bounds.get(1).doubleValue(), 0.01);
        assertEquals(113.68, bounds.get(2).doubleValue(), 0.01);
        assertEquals(34.77, bounds.get(3).doubleValue(), 0.01);
        List<Number> center = (List<Number>) tj.get("center");
        assertTrue(center.get(0).doubleValue() > bounds.get(0).doubleValue() && center.get(0).doubleValue() < bounds.get(2).doubleValue());
        assertEquals(13, center.get(2).intValue(), "the center zoom is at least the min zoom");
        Map<String, Object> vl = ((List<Map<String, Object>>) tj.get("vector_layers")).get(0);
        assertEquals("grids-micro", vl.get("id"));
        assertEquals(Map.of("code", "String", "name", "String", "level", "String", "parentCode", "String"), vl.get("fields"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void tileJsonOfBuildingsTypesItsNumericFields() {
        Http.Response r = http.get("/tiles/buildings.json");
        assertEquals(200, r.status(), r.body());
        assertEquals(14, r.map().get("minzoom"));
        Map<String, Object> fields = (Map<String, Object>) ((List<Map<String, Object>>) r.map().get("vector_layers")).get(0).get("fields");
        assertEquals(Map.of("id", "String", "use", "String", "floors", "Number", "height_m", "Number", "households", "Number",
                "micro_code", "String"), fields);
        assertEquals(4, ((List<?>) r.map().get("bounds")).size(), "the buildings' extent, or the world while there are none");
    }

    private void sql(String statement, Object... args) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(statement)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            ps.executeUpdate();
        }
    }
}
