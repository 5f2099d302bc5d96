package cn.yiwang.layers.tiles;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;

import javax.sql.DataSource;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.locationtech.jts.geom.Envelope;

import cn.yiwang.layers.LayerDefinition;
import cn.yiwang.layers.LayerRegistry;
import cn.yiwang.security.DemoUsers;
import cn.yiwang.testing.Http;
import cn.yiwang.testing.PostgisTest;
import io.micronaut.json.JsonMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;

/** Every tile covering 二七区 stays under 250 KB, from each layer's min zoom on. */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TileSizeTest implements PostgisTest {

    static final int MAX_TILE_BYTES = 250_000;

    @Inject
    EmbeddedServer server;
    @Inject
    DataSource dataSource;
    @Inject
    JsonMapper json;
    TileClient tiles;
    Envelope erqi;
    /** Non-public layers (cases) are walked as the admin, who sees all of 二七区. */
    String adminToken;

    @BeforeAll
    void setUp() throws SQLException {
        tiles = new TileClient(server.getURI());
        adminToken = new Http(server, json).login("admin", DemoUsers.DEMO_PASSWORD);
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT ST_XMin(e), ST_XMax(e), ST_YMin(e), ST_YMax(e)"
                     + " FROM (SELECT ST_Extent(geom) AS e FROM grid_current WHERE level = 'district') AS x");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            erqi = new Envelope(rs.getDouble(1), rs.getDouble(2), rs.getDouble(3), rs.getDouble(4));
        }
    }

    static Iterable<LayerDefinition> layers() {
        return LayerRegistry.ALL;
    }

    /**
     * From the layer's min zoom, where its tiles are the densest, down to zoom 14 (coarse levels
     * shown from zoom 0 are at their densest a few zooms in, once features stop collapsing).
     */
    @ParameterizedTest
    @MethodSource("layers")
    void noTileCoveringErqiFromTheLayersMinZoomExceeds250Kb(LayerDefinition layer) {
        for (int z = layer.minZoom(); z <= Math.max(layer.minZoom(), 14); z++) {
            TileRange range = TileMath.range(erqi, z, 0);
            int largest = 0;
            long total = 0;
            for (int x = range.minX(); x <= range.maxX(); x++) {
                for (int y = range.minY(); y <= range.maxY(); y++) {
                    TileClient.Fetched r = layer.publicRead() ? tiles.tile(layer.id(), z, x, y)
                            : tiles.get("/tiles/" + layer.id() + "/" + z + "/" + x + "/" + y + ".mvt", Map.of("Authorization", "Bearer " + adminToken));
                    assertTrue(r.status() == 200 || r.status() == 204, layer.id() + "/" + z + "/" + x + "/" + y + ": " + r.status());
                    assertEquals(r.status() == 200, r.bytes().length > 0);
                    largest = Math.max(largest, r.bytes().length);
                    total += r.bytes().length;
                }
            }
            System.out.printf("tile sizes %s z%d: %d tiles, largest %d bytes, total %d bytes%n", layer.id(), z, range.count(), largest, total);
            assertTrue(largest < MAX_TILE_BYTES, layer.id() + " z" + z + ": largest tile " + largest + " bytes");
        }
    }
}
