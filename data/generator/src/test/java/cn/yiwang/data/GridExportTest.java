package cn.yiwang.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.algorithm.Orientation;
import org.locationtech.jts.geom.Coordinate;

class GridExportTest {
    @Test
    void writesAnRfc7946FeatureCollection() throws IOException {
        List<GridRecord> records = List.of(
                new GridRecord("410103", "二七区", GridLevel.DISTRICT, null,
                        // clockwise on purpose: the writer must turn it counter-clockwise
                        Fixtures.polygon("POLYGON ((113 34, 113 34.1, 113.1 34.1, 113.1 34, 113 34))"), false, null),
                new GridRecord("410103001001S01", "医院\"专属\"网格", GridLevel.SPECIAL, "410103001001",
                        Fixtures.polygon("POLYGON ((113.01 34.01, 113.02 34.01, 113.02 34.02, 113.01 34.01))"), true, "hospital"));
        StringWriter out = new StringWriter();
        GridExport.write(records, out);

        Map<?, ?> json = (Map<?, ?>) JsonParser.parse(out.toString());
        assertEquals("FeatureCollection", json.get("type"));
        List<?> features = (List<?>) json.get("features");
        assertEquals(2, features.size());

        Map<?, ?> district = (Map<?, ?>) features.get(0);
        assertEquals("410103", district.get("id"));
        Map<?, ?> p = (Map<?, ?>) district.get("properties");
        assertEquals("410103", p.get("code"));
        assertEquals("二七区", p.get("name"));
        assertEquals("district", p.get("level"));
        assertEquals(null, p.get("parentCode"));
        assertEquals(Boolean.FALSE, p.get("generated"));
        assertTrue(p.containsKey("kind"));
        List<?> ring = (List<?>) ((List<?>) ((Map<?, ?>) district.get("geometry")).get("coordinates")).get(0);
        Coordinate[] c = ring.stream().map(pos -> (List<?>) pos)
                .map(pos -> new Coordinate((Double) pos.get(0), (Double) pos.get(1))).toArray(Coordinate[]::new);
        assertTrue(Orientation.isCCW(c), "exterior ring must be counter-clockwise");

        Map<?, ?> special = (Map<?, ?>) ((Map<?, ?>) features.get(1)).get("properties");
        assertEquals("医院\"专属\"网格", special.get("name"));
        assertEquals("special", special.get("level"));
        assertEquals("410103001001", special.get("parentCode"));
        assertEquals("hospital", special.get("kind"));
        assertEquals(Boolean.TRUE, special.get("generated"));
    }
}
