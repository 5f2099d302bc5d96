package cn.yiwang.data;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.locationtech.jts.algorithm.Orientation;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.Polygon;

/**
 * Writes generated grids as an RFC 7946 GeoJSON FeatureCollection, one feature per line, so the
 * data can be looked at in any GIS: {@code id} and properties {@code code}, {@code name},
 * {@code level} ({@link GridLevel#key()}), {@code parentCode}, {@code generated}, {@code kind}.
 * Exterior rings are written counter-clockwise and holes clockwise (RFC 7946 §3.1.6);
 * coordinates at full double precision.
 *
 * <pre>
 * java -cp yiwang-data.jar cn.yiwang.data.GridExport erqi erqi.geojson [seed]
 * java -cp yiwang-data.jar cn.yiwang.data.GridExport city city.geojson [seed]
 * </pre>
 */
public final class GridExport {
    private GridExport() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 2 || args.length > 3 || !(args[0].equals("erqi") || args[0].equals("city"))) {
            System.err.println("usage: GridExport erqi|city OUTPUT.geojson [SEED]");
            System.exit(2);
            return;
        }
        long seed = args.length == 3 ? Long.parseLong(args[2]) : GridGenerator.DEFAULT_SEED;
        long start = System.nanoTime();
        List<GridRecord> records = args[0].equals("erqi") ? GridGenerator.erqi(seed) : GridGenerator.city(seed);
        long millis = (System.nanoTime() - start) / 1_000_000;
        Path out = Path.of(args[1]);
        try (Writer w = new BufferedWriter(Files.newBufferedWriter(out, StandardCharsets.UTF_8))) {
            write(records, w);
        }
        System.out.printf("%s: %d grids generated in %d ms, written to %s%n", args[0], records.size(), millis, out);
        java.util.Map<GridLevel, Long> perLevel = new java.util.EnumMap<>(GridLevel.class);
        records.forEach(r -> perLevel.merge(r.level(), 1L, Long::sum));
        perLevel.forEach((level, n) -> System.out.printf("  %-8s %,d%n", level.key(), n));
        long checkStart = System.nanoTime();
        List<String> problems = HierarchyValidator.validate(records);
        System.out.printf("nesting, tiling and validity: %s (checked in %d ms)%n",
                problems.isEmpty() ? "no problems" : problems.size() + " problems, first: " + problems.get(0),
                (System.nanoTime() - checkStart) / 1_000_000);
        if (!problems.isEmpty()) {
            System.exit(1);
        }
    }

    /** Writes the records as a FeatureCollection. */
    public static void write(List<GridRecord> records, Writer out) throws IOException {
        out.write("{\"type\":\"FeatureCollection\",\"features\":[\n");
        for (int i = 0; i < records.size(); i++) {
            GridRecord r = records.get(i);
            StringBuilder sb = new StringBuilder(256);
            sb.append("{\"type\":\"Feature\",\"id\":");
            string(sb, r.code());
            sb.append(",\"properties\":{\"code\":");
            string(sb, r.code());
            sb.append(",\"name\":");
            string(sb, r.name());
            sb.append(",\"level\":");
            string(sb, r.level().key());
            sb.append(",\"parentCode\":");
            string(sb, r.parentCode());
            sb.append(",\"generated\":").append(r.generated());
            sb.append(",\"kind\":");
            string(sb, r.kind());
            sb.append("},\"geometry\":");
            polygon(sb, r.geometry());
            sb.append('}');
            if (i + 1 < records.size()) {
                sb.append(',');
            }
            sb.append('\n');
            out.write(sb.toString());
        }
        out.write("]}\n");
    }

    private static void polygon(StringBuilder sb, Polygon p) {
        sb.append("{\"type\":\"Polygon\",\"coordinates\":[");
        ring(sb, p.getExteriorRing(), true);
        for (int i = 0; i < p.getNumInteriorRing(); i++) {
            sb.append(',');
            ring(sb, p.getInteriorRingN(i), false);
        }
        sb.append("]}");
    }

    private static void ring(StringBuilder sb, LineString ring, boolean counterClockwise) {
        Coordinate[] c = ring.getCoordinates();
        boolean reverse = Orientation.isCCW(c) != counterClockwise;
        sb.append('[');
        for (int k = 0; k < c.length; k++) {
            Coordinate p = c[reverse ? c.length - 1 - k : k];
            if (k > 0) {
                sb.append(',');
            }
            sb.append('[').append(p.x).append(',').append(p.y).append(']');
        }
        sb.append(']');
    }

    private static void string(StringBuilder sb, String s) {
        if (s == null) {
            sb.append("null");
            return;
        }
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }
}
