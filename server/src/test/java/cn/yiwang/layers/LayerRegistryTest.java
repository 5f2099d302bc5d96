package cn.yiwang.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import cn.yiwang.data.GridLevel;
import cn.yiwang.layers.LayerDefinition.Simplification;

class LayerRegistryTest {

    private static LayerDefinition layer(String id) {
        return LayerRegistry.find(id).orElseThrow();
    }

    @Test
    void layerIdsAreUnique() {
        Set<String> ids = new HashSet<>();
        LayerRegistry.ALL.forEach(l -> assertTrue(ids.add(l.id()), "duplicate " + l.id()));
    }

    @Test
    void everyGridLevelHasALayerWithTheGridAttributes() {
        for (GridLevel level : GridLevel.values()) {
            LayerDefinition l = layer(LayerRegistry.gridLayerId(level.key()));
            assertEquals(List.of("code", "name", "level", "parentCode"), l.attributes().stream().map(LayerDefinition.Attribute::name).toList());
            assertTrue(l.sourceSql().contains("level = '" + level.key() + "'"), l.sourceSql());
        }
    }

    @Test
    void finerLevelsStartAtDeeperZooms() {
        assertEquals(0, layer("grids-district").minZoom());
        assertEquals(0, layer("grids-l1").minZoom());
        assertEquals(12, layer("grids-l3").minZoom());
        assertEquals(13, layer("grids-micro").minZoom());
        assertEquals(14, layer("buildings").minZoom());
    }

    @Test
    void gridOutlinesAreSimplifiedOnlyBelowZoom14() {
        Simplification s = layer("grids-micro").simplification();
        assertEquals(8, s.tileUnitsAt(13));
        assertEquals(0, s.tileUnitsAt(14));
        assertEquals(0, s.tileUnitsAt(22));
        assertEquals(0, layer("buildings").simplification().tileUnitsAt(14));
    }

    @Test
    void onlyBuildingsAreExtrudedIn3d() {
        assertEquals("height_m", layer("buildings").extrusion().heightAttribute());
        assertNotNull(layer("buildings").attribute("height_m"));
        LayerRegistry.ALL.stream().filter(l -> !l.id().equals("buildings")).forEach(l -> assertNull(l.extrusion(), l.id()));
    }

    @Test
    void unknownLayerIsNotFound() {
        assertTrue(LayerRegistry.find("grids-nope").isEmpty());
        assertTrue(LayerRegistry.find("").isEmpty());
    }

    @Test
    void definitionRejectsAnAttributeNameThatIsNotAPlainIdentifier() {
        LayerDefinition micro = layer("grids-micro");
        assertThrows(IllegalArgumentException.class, () -> new LayerDefinition("x", micro.title(), micro.geometryType(),
                micro.sourceSql(), 0, 18, List.of(LayerDefinition.Attribute.string("a\"; DROP", "bad")), "code",
                Simplification.NONE, true, micro.style(), null));
        assertThrows(IllegalArgumentException.class, () -> new LayerDefinition("x", micro.title(), micro.geometryType(),
                micro.sourceSql(), 15, 14, micro.attributes(), "code", Simplification.NONE, true, micro.style(), null));
    }

    /** The console's colours (web/src/levels.js) are the catalog's default styles. */
    @Test
    void gridStylesMatchTheConsoleLevels() throws IOException {
        String levels = Files.readString(Path.of("..", "web", "src", "levels.js"), StandardCharsets.UTF_8);
        for (GridLevel level : GridLevel.values()) {
            Matcher block = Pattern.compile("\\n  " + level.key() + ": \\{(.*?)\\n  \\}", Pattern.DOTALL).matcher(levels);
            assertTrue(block.find(), "levels.js has no block for " + level.key());
            String body = block.group(1);
            LayerDefinition.Style style = layer(LayerRegistry.gridLayerId(level.key())).style();
            assertEquals(value(body, "stroke"), "'" + style.stroke() + "'", level.key());
            assertEquals(value(body, "fill"), "'" + style.fill() + "'", level.key());
            assertEquals(Double.parseDouble(value(body, "width")), style.strokeWidthPixels(), 1e-9, level.key());
            String dash = value(body, "lineDash");
            assertEquals(dash.equals("null") ? null : dash, style.lineDash() == null ? null : style.lineDash().toString(), level.key());
        }
    }

    private static String value(String block, String key) {
        Matcher m = Pattern.compile("\\n    " + key + ": (.*?),\\n").matcher(block);
        assertTrue(m.find(), key);
        return m.group(1).replace(", ", ",").replace(",", ", ");
    }
}
