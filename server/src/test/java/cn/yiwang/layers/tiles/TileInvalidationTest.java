package cn.yiwang.layers.tiles;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.io.WKBReader;

import cn.yiwang.layers.LayerChangedEvent;
import cn.yiwang.testing.PostgisTest;
import io.micronaut.context.event.ApplicationEventPublisher;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;

/**
 * A micro grid is moved in the database and the change published: exactly the cached tiles that
 * can show it are generated again, the others keep being served from the cache.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TileInvalidationTest implements PostgisTest {

    private static final String LAYER = "grids-micro";
    private static final double LON = 113.64;
    private static final double LAT = 34.72;
    /** About 90 m east: enough to change the grid's outline in every tile showing it. */
    private static final double SHIFT_DEGREES = 0.001;

    @Inject
    EmbeddedServer server;
    @Inject
    DataSource dataSource;
    @Inject
    ApplicationEventPublisher<LayerChangedEvent> events;
    TileClient tiles;

    @BeforeAll
    void client() {
        tiles = new TileClient(server.getURI());
    }

    @Test
    void changingAMicroGridRefetchesExactlyTheTilesThatShowIt() throws Exception {
        String code = scalar("SELECT code FROM grid_current WHERE level = 'micro' AND ST_Intersects(geom, ST_SetSRID(ST_Point(?, ?), 4326)) ORDER BY code LIMIT 1", LON, LAT);
        Geometry before = geometry(code);
        // The tiles around the grid at zooms 14 and 15, and one far away in the south-west of Erqi.
        List<int[]> watched = new ArrayList<>();
        for (int z = 14; z <= 15; z++) {
            int[] c = TileMath.tileAt(LON, LAT, z);
            for (int x = c[0] - 2; x <= c[0] + 2; x++) {
                for (int y = c[1] - 2; y <= c[1] + 2; y++) {
                    watched.add(new int[] {z, x, y});
                }
            }
        }
        int[] far = TileMath.tileAt(113.58, 34.66, 14);
        watched.add(new int[] {14, far[0], far[1]});

        Map<String, String> etags = new LinkedHashMap<>();
        for (int[] t : watched) {
            etags.put(key(t), tiles.tile(LAYER, t[0], t[1], t[2]).etag());
            assertEquals("hit", tiles.tile(LAYER, t[0], t[1], t[2]).cacheStatus(), key(t) + " is cached");
        }
        assertTrue(etags.get(key(new int[] {14, far[0], far[1]})) != null, "the far tile has micro grids");

        Geometry after;
        try {
            update("UPDATE grid SET geom = ST_Multi(ST_Translate(geom, ?, 0)) WHERE code = ? AND valid_to IS NULL", SHIFT_DEGREES, code);
            after = geometry(code);
            events.publishEvent(LayerChangedEvent.of(LAYER, before, after));

            int touchedCount = 0;
            for (int[] t : watched) {
                boolean touched = touches(t, before.getEnvelopeInternal()) || touches(t, after.getEnvelopeInternal());
                TileClient.Fetched r = tiles.tile(LAYER, t[0], t[1], t[2]);
                assertEquals(touched ? "miss" : "hit", r.cacheStatus(), key(t) + (touched ? " shows the change" : " does not"));
                touchedCount += touched ? 1 : 0;
                if (shows(t, code)) {
                    assertNotEquals(etags.get(key(t)), r.etag(), key(t) + " has new content");
                } else if (!touched) {
                    assertEquals(etags.get(key(t)), r.etag(), key(t));
                }
            }
            assertTrue(touchedCount >= 2 && touchedCount < watched.size() - 10, "touched " + touchedCount + " of " + watched.size());

            // The new outline is in the tile: the grid's west edge moved east by the shift.
            int[] t = TileMath.tileAt(LON, LAT, 14);
            MvtDecoder.Layer layer = MvtDecoder.layer(tiles.tile(LAYER, 14, t[0], t[1]).bytes(), LAYER);
            Envelope moved = layer.withProperty("code", code).get(0).geometry(new GeometryFactory()).getEnvelopeInternal();
            double expectedWest = (TileMath.tileX(after.getEnvelopeInternal().getMinX(), 14) - t[0]) * TileRepository.EXTENT;
            assertEquals(expectedWest, moved.getMinX(), 1.0);
        } finally {
            update("UPDATE grid SET geom = ST_GeomFromWKB(?, 4326) WHERE code = ? AND valid_to IS NULL",
                    new org.locationtech.jts.io.WKBWriter().write(before), code);
            events.publishEvent(LayerChangedEvent.of(LAYER, before, geometry(code)));
        }
        for (int[] t : watched) {
            assertEquals(etags.get(key(t)), tiles.tile(LAYER, t[0], t[1], t[2]).etag(), key(t) + " is as before once restored");
        }
    }

    /** What the tile query selects: the tile grown by the buffer, as PostGIS computes it, meets the box. */
    private boolean touches(int[] t, Envelope e) throws SQLException {
        String yes = scalar("SELECT ST_Intersects(ST_Transform(ST_TileEnvelope(?, ?, ?, margin => ?), 4326), ST_MakeEnvelope(?, ?, ?, ?, 4326))::text",
                t[0], t[1], t[2], TileRepository.BUFFER_FRACTION, e.getMinX(), e.getMinY(), e.getMaxX(), e.getMaxY());
        return Boolean.parseBoolean(yes);
    }

    /** Whether the grid, before or after the move, lies in the tile itself: its drawing there changed. */
    private boolean shows(int[] t, String code) throws SQLException {
        return Boolean.parseBoolean(scalar("SELECT ST_Intersects(ST_Transform(ST_TileEnvelope(?, ?, ?), 4326), geom)::text"
                + " FROM grid_current WHERE code = ?", t[0], t[1], t[2], code))
                || Boolean.parseBoolean(scalar("SELECT ST_Intersects(ST_Transform(ST_TileEnvelope(?, ?, ?), 4326),"
                + " ST_Translate(geom, ?, 0))::text FROM grid_current WHERE code = ?", t[0], t[1], t[2], -SHIFT_DEGREES, code));
    }

    private static String key(int[] t) {
        return LAYER + "/" + t[0] + "/" + t[1] + "/" + t[2];
    }

    private Geometry geometry(String code) throws Exception {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT ST_AsBinary(geom) FROM grid_current WHERE code = ?")) {
            ps.setString(1, code);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new WKBReader().read(rs.getBytes(1));
            }
        }
    }

    private String scalar(String sql, Object... args) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }

    private void update(String sql, Object... args) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            assertEquals(1, ps.executeUpdate());
        }
    }
}
