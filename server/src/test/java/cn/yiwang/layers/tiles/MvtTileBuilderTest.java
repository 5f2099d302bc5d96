package cn.yiwang.layers.tiles;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Coordinate;

/** The in-memory point encoder, read back by the test decoder. */
class MvtTileBuilderTest {

    @Test
    void pointsPropertiesAndIdsRoundTrip() {
        MvtTileBuilder b = new MvtTileBuilder("cases", 4096);
        Map<String, Object> first = new LinkedHashMap<>();
        first.put("count", 12);
        first.put("statusGroup", "working");
        first.put("overdue", true);
        first.put("delta", -3);
        first.put("missing", null);
        b.addPoint(7L, 0, 4095, first);
        b.addPoint(null, 2048, 17, Map.of("count", 12L));
        MvtDecoder.Layer layer = MvtDecoder.layer(b.build(), "cases");
        assertEquals(2, layer.version());
        assertEquals(4096, layer.extent());
        assertEquals(2, layer.features().size());
        MvtDecoder.Feature f = layer.features().get(0);
        assertEquals(7L, f.id());
        assertEquals(MvtDecoder.POINT, f.type());
        assertEquals(Map.of("count", 12L, "statusGroup", "working", "overdue", true, "delta", -3L), f.properties());
        assertEquals(List.of(List.of(new Coordinate(0, 4095))), f.parts());
        MvtDecoder.Feature g = layer.features().get(1);
        assertEquals(null, g.id());
        assertEquals(List.of(List.of(new Coordinate(2048, 17))), g.parts());
        // 12 and 12L are one shared value.
        assertEquals(4, layer.values().size(), layer.values().toString());
        assertFalse(layer.keys().contains("missing"));
    }

    @Test
    void noFeatureIsAnEmptyTile() {
        assertEquals(0, new MvtTileBuilder("cases", 4096).build().length);
    }

    @Test
    void negativeIdsAndOddValuesAreRefused() {
        MvtTileBuilder b = new MvtTileBuilder("cases", 4096);
        assertThrows(IllegalArgumentException.class, () -> b.addPoint(-1L, 0, 0, Map.of()));
        assertThrows(IllegalArgumentException.class, () -> b.addPoint(1L, 0, 0, Map.of("x", 1.5)));
    }
}
