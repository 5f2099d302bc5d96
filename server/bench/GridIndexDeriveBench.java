import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.CoordinateFilter;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.io.geojson.GeoJsonReader;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import cn.yiwang.routing.GridIndex;

/**
 * The routing index after a planner's commit: a full GridIndex.build of the city's micro and
 * special grids against GridIndex.withChanges for the re-cut of one community (the Erqi community
 * with nearest to 32 micro grids; each of its grids replaced by a copy shrunk by 0.5 m towards the
 * community's centre, so every one of them really changes). The first derivation runs in a fresh
 * JVM on code the full build has not warmed, as the first commit after a server start does; then
 * p50/max of 20 more. Single-file program:
 *
 *   java -cp "server/target/yiwang-server-0.1.0-SNAPSHOT.jar:server/target/lib/*" server/bench/GridIndexDeriveBench.java \
 *        var/city-grids.geojson
 */
public class GridIndexDeriveBench {

    public static void main(String[] a) throws Exception {
        Map<String, Geometry> micro = new TreeMap<>();
        Map<String, Geometry> special = new TreeMap<>();
        JsonNode features = new ObjectMapper().readTree(Files.readAllBytes(Path.of(a[0]))).get("features");
        GeoJsonReader reader = new GeoJsonReader();
        for (JsonNode f : features) {
            String level = f.get("properties").get("level").asText();
            if (level.equals("micro") || level.equals("special")) {
                Geometry g = reader.read(f.get("geometry").toString());
                (level.equals("micro") ? micro : special).put(f.get("properties").get("code").asText(), g);
            }
        }
        Map<String, Integer> perCommunity = new TreeMap<>();
        micro.keySet().stream().filter(c -> c.startsWith("410103")).forEach(c -> perCommunity.merge(c.substring(0, 12), 1, Integer::sum));
        String community = perCommunity.entrySet().stream().min((x, y) -> Math.abs(x.getValue() - 32) != Math.abs(y.getValue() - 32)
                ? Integer.compare(Math.abs(x.getValue() - 32), Math.abs(y.getValue() - 32)) : x.getKey().compareTo(y.getKey()))
                .orElseThrow().getKey();
        List<Map<String, Geometry>> versions = new ArrayList<>();
        for (int v = 0; v < 2; v++) {
            Map<String, Geometry> changed = new TreeMap<>();
            double shrinkMeters = v == 0 ? 0.5 : 0;
            Geometry all = null;
            for (Map.Entry<String, Geometry> e : micro.entrySet()) {
                if (e.getKey().startsWith(community)) {
                    all = all == null ? e.getValue().getEnvelope() : all.union(e.getValue().getEnvelope());
                }
            }
            Coordinate centre = all.getEnvelopeInternal().centre();
            for (Map.Entry<String, Geometry> e : micro.entrySet()) {
                if (e.getKey().startsWith(community)) {
                    Geometry g = e.getValue().copy();
                    double f = shrinkMeters / 111_320.0 / Math.max(1e-9, centre.distance(g.getCentroid().getCoordinate()));
                    g.apply((CoordinateFilter) c -> {
                        c.x += (centre.x - c.x) * f;
                        c.y += (centre.y - c.y) * f;
                    });
                    g.geometryChanged();
                    changed.put(e.getKey(), g);
                }
            }
            versions.add(changed);
        }
        long t0 = System.nanoTime();
        GridIndex index = GridIndex.build(micro, special);
        double buildMs = (System.nanoTime() - t0) / 1e6;
        t0 = System.nanoTime();
        GridIndex derived = index.withChanges(versions.get(0), List.of(), Map.of(), List.of());
        double firstMs = (System.nanoTime() - t0) / 1e6;
        double[] ms = new double[20];
        for (int i = 0; i < ms.length; i++) {
            t0 = System.nanoTime();
            derived = derived.withChanges(versions.get((i + 1) % 2), List.of(), Map.of(), List.of());
            ms[i] = (System.nanoTime() - t0) / 1e6;
        }
        Arrays.sort(ms);
        t0 = System.nanoTime();
        GridIndex.build(micro, special);
        double rebuildMs = (System.nanoTime() - t0) / 1e6;
        System.out.printf(Locale.ROOT, "  routing index, %d micro grids: full build %.0f ms (first), %.0f ms (again); re-cut of community %s"
                + " (%d grids) derived in %.1f ms (first), p50 %.1f ms, max %.1f ms over %d%n", micro.size(), buildMs, rebuildMs, community,
                versions.get(0).size(), firstMs, ms[ms.length / 2], ms[ms.length - 1], ms.length);
        System.out.println("  " + derived);
    }
}
