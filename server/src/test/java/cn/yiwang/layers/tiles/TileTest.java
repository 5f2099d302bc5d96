package cn.yiwang.layers.tiles;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TileTest {

    @Test
    void etagIsAQuotedStrongTagOfTheBytes() {
        Tile a = Tile.of(new byte[] {1, 2, 3});
        assertTrue(a.etag().matches("\"[A-Za-z0-9_-]{22}\""), a.etag());
        assertEquals(a.etag(), Tile.of(new byte[] {1, 2, 3}).etag(), "same bytes, same tag");
        assertNotEquals(a.etag(), Tile.of(new byte[] {1, 2, 4}).etag());
    }

    @Test
    void ifNoneMatchAcceptsAListWeakTagsAndStar() {
        Tile t = Tile.of(new byte[] {7});
        assertTrue(t.matches(t.etag()));
        assertTrue(t.matches("\"other\", " + t.etag()));
        assertTrue(t.matches("W/" + t.etag()));
        assertTrue(t.matches("*"));
        assertFalse(t.matches("\"other\""));
        assertFalse(t.matches(null));
        assertFalse(t.matches(t.etag().replace("\"", "")), "unquoted is not the same tag");
    }
}
