package cn.yiwang.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.locationtech.jts.geom.Geometry;

import cn.yiwang.grid.GridLocator;
import cn.yiwang.grid.SimpleGridLocator;

/**
 * The golden routing suite {@code routing/locate-cases.txt}: small fixtures for shared vertices,
 * T-junctions, diagonal and horizontal shared edges, notches and holes, one dynamic test per point.
 * Every expectation is also checked against the brute-force {@link SimpleGridLocator}.
 */
class GridIndexGoldenTest {

    private record Point(String line, double lon, double lat, String expected) {
    }

    @TestFactory
    List<DynamicTest> goldenCases() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        String name = null;
        Map<String, Geometry> grids = new LinkedHashMap<>();
        List<Point> points = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(
                GridIndexGoldenTest.class.getResourceAsStream("/routing/locate-cases.txt"), StandardCharsets.UTF_8))) {
            String raw;
            while ((raw = in.readLine()) != null) {
                String line = raw.contains("#") ? raw.substring(0, raw.indexOf('#')).trim() : raw.trim();
                if (line.isEmpty()) {
                    continue;
                }
                if (line.startsWith("case ")) {
                    if (name != null) {
                        addCase(tests, name, grids, points);
                    }
                    name = line.substring(5);
                    grids = new LinkedHashMap<>();
                    points = new ArrayList<>();
                } else if (line.startsWith("grid ")) {
                    String[] parts = line.split(" ", 3);
                    grids.put(parts[1], GridIndexTest.wkt(parts[2]));
                } else if (line.startsWith("at ")) {
                    String[] parts = line.split("\\s+");
                    points.add(new Point(raw.trim(), Double.parseDouble(parts[1]), Double.parseDouble(parts[2]), parts[4]));
                } else {
                    throw new IllegalArgumentException("unreadable line: " + raw);
                }
            }
        }
        addCase(tests, name, grids, points);
        return tests;
    }

    private static void addCase(List<DynamicTest> tests, String name, Map<String, Geometry> grids, List<Point> points) {
        GridIndex index = GridIndex.build(grids, Map.of());
        SimpleGridLocator reference = new SimpleGridLocator(grids, Map.of());
        for (Point p : points) {
            tests.add(DynamicTest.dynamicTest(name + ": " + p.line(), () -> {
                Optional<String> expected = "-".equals(p.expected()) ? Optional.empty() : Optional.of(p.expected());
                assertEquals(expected, reference.locateMicro(p.lon(), p.lat(), 0).map(GridLocator.Hit::code), "the reference agrees");
                int id = index.locate(p.lon(), p.lat());
                assertEquals(expected, id < 0 ? Optional.empty() : Optional.of(index.code(id)));
            }));
        }
    }
}
