package cn.yiwang.layers.tiles;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import cn.yiwang.layers.LayerDefinition;
import cn.yiwang.layers.LayerRegistry;
import cn.yiwang.testing.PostgisTest;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;

/** The registry's SQL against the real schema. */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TileRepositoryTest implements PostgisTest {

    @Inject
    DataSource dataSource;

    static Iterable<LayerDefinition> layers() {
        return LayerRegistry.ALL;
    }

    @ParameterizedTest
    @MethodSource("layers")
    void sourceYieldsTheGeometryAndExactlyTheDeclaredAttributes(LayerDefinition layer) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT * FROM (" + layer.sourceSql() + ") AS s LIMIT 0");
             ResultSet rs = ps.executeQuery()) {
            ResultSetMetaData md = rs.getMetaData();
            List<String> columns = new ArrayList<>();
            for (int i = 1; i <= md.getColumnCount(); i++) {
                columns.add(md.getColumnName(i));
            }
            List<String> expected = new ArrayList<>(List.of("geom"));
            layer.attributes().forEach(a -> expected.add(a.name()));
            if (!layer.publicRead()) {
                // A scoped layer's source ends with the columns its scope filters on (not written to tiles).
                expected.addAll(List.of("grid_code", "department_code"));
            }
            assertEquals(expected, columns);
        }
    }

    /**
     * The filter is in the table's SRID, so the GiST index answers it for the layers where it
     * matters (thousands of rows); for the district's one row the planner rightly prefers the
     * level index.
     */
    @ParameterizedTest
    @ValueSource(strings = {"grids-l3", "grids-micro", "buildings"})
    void tileQueryOfALargeLayerFindsRowsThroughTheSpatialIndex(String id) throws SQLException {
        LayerDefinition layer = LayerRegistry.find(id).orElseThrow();
        int[] t = TileMath.tileAt(113.64, 34.72, 14);
        StringBuilder plan = new StringBuilder();
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("EXPLAIN " + TileRepository.tileSql(layer)
                     .replaceFirst("\\?", "'" + layer.id() + "'")
                     .replace("ST_TileEnvelope(?, ?, ?", "ST_TileEnvelope(14, " + t[0] + ", " + t[1]));
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                plan.append(rs.getString(1)).append('\n');
            }
        }
        String index = layer.id().equals("buildings") ? "building_geom" : "grid_geom";
        assertTrue(plan.toString().contains("Index Scan using " + index) || plan.toString().contains("Bitmap Index Scan on " + index),
                plan.toString());
    }
}
