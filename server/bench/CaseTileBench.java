import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

import cn.yiwang.layers.LayerDefinition;
import cn.yiwang.layers.LayerRegistry;
import cn.yiwang.layers.tiles.TileRepository;

/**
 * Case tiles over the city-scale cases: for random tiles of each zoom inside a box, the server's
 * uncached tile (HTTP, one request at a time, server started with the tile cache off) against the
 * naive alternative, a plain ST_AsMVT of every case point in the tile (the cases layer's own point
 * SQL without aggregation, over JDBC). Prints sizes and p50/p99 per zoom and writes the z12 tile
 * list for the cached wrk run. Single-file program:
 *
 *   java -cp "server/target/yiwang-server-0.1.0-SNAPSHOT.jar:server/target/lib/*" server/bench/CaseTileBench.java \
 *        JDBC_URL USER PASSWORD BASE_URL TOKEN MINLON MINLAT MAXLON MAXLAT TILE_LIST_OUT [RAW=yes|no]
 */
public class CaseTileBench {

    /** Zoom, tiles, timed rounds of the server, timed rounds of the raw SQL (a z10 raw tile takes seconds). */
    static final int[][] PLAN = {{10, 4, 5, 1}, {12, 20, 5, 1}, {14, 50, 3, 2}, {16, 100, 3, 3}};

    public static void main(String[] a) throws Exception {
        String jdbc = a[0], user = a[1], password = a[2], base = a[3], token = a[4];
        double minLon = Double.parseDouble(a[5]), minLat = Double.parseDouble(a[6]);
        double maxLon = Double.parseDouble(a[7]), maxLat = Double.parseDouble(a[8]);
        boolean raw = a.length < 11 || !a[10].equals("no");
        LayerDefinition layer = LayerRegistry.find(LayerRegistry.CASES).orElseThrow();
        HttpClient http = HttpClient.newHttpClient();
        SplittableRandom random = new SplittableRandom(20261123);
        try (Connection c = DriverManager.getConnection(jdbc, user, password);
             PreparedStatement ps = c.prepareStatement(TileRepository.tileSql(layer))) {
            for (int[] step : PLAN) {
                int z = step[0], count = step[1], serverRounds = step[2], rawRounds = step[3];
                int x0 = x(minLon, z), x1 = x(maxLon, z), y0 = y(maxLat, z), y1 = y(minLat, z);
                List<int[]> tiles = new ArrayList<>();
                for (int i = 0; i < count; i++) {
                    tiles.add(new int[] {random.nextInt(x0, x1 + 1), random.nextInt(y0, y1 + 1)});
                }
                double[] serverMs = new double[tiles.size() * serverRounds];
                long serverMax = 0, serverTotal = 0;
                for (int round = 0; round <= serverRounds; round++) { // round 0 warms up
                    for (int i = 0; i < tiles.size(); i++) {
                        int[] t = tiles.get(i);
                        HttpRequest req = HttpRequest.newBuilder(URI.create(base + "/tiles/cases/" + z + "/" + t[0] + "/" + t[1] + ".mvt"))
                                .header("Authorization", "Bearer " + token).GET().build();
                        long s0 = System.nanoTime();
                        HttpResponse<byte[]> r = http.send(req, HttpResponse.BodyHandlers.ofByteArray());
                        double ms = (System.nanoTime() - s0) / 1e6;
                        if (r.statusCode() != 200 && r.statusCode() != 204) {
                            throw new IllegalStateException("HTTP " + r.statusCode() + " for tile " + z + "/" + t[0] + "/" + t[1]);
                        }
                        if (round == 0) {
                            serverMax = Math.max(serverMax, r.body().length);
                            serverTotal += r.body().length;
                        } else {
                            serverMs[(round - 1) * tiles.size() + i] = ms;
                        }
                    }
                }
                System.out.printf(Locale.ROOT, "cases z%d, %d random tiles: server tile avg %.1f KB, max %.1f KB; uncached p50 %6.2f ms  p99 %6.2f ms%n",
                        z, tiles.size(), serverTotal / 1024.0 / tiles.size(), serverMax / 1024.0, pct(serverMs, 50), pct(serverMs, 99));
                if (raw) {
                    double[] sqlMs = new double[tiles.size() * rawRounds];
                    long sqlMax = 0, sqlTotal = 0, features = 0;
                    for (int round = 0; round <= rawRounds; round++) {
                        for (int i = 0; i < tiles.size(); i++) {
                            int[] t = tiles.get(i);
                            long s0 = System.nanoTime();
                            byte[] bytes = sqlTile(ps, layer, z, t[0], t[1]);
                            double ms = (System.nanoTime() - s0) / 1e6;
                            if (round == 0) {
                                sqlMax = Math.max(sqlMax, bytes.length);
                                sqlTotal += bytes.length;
                            } else {
                                sqlMs[(round - 1) * tiles.size() + i] = ms;
                            }
                        }
                    }
                    System.out.printf(Locale.ROOT, "        raw ST_AsMVT of every point (JDBC): avg %.1f KB, max %.1f KB;          p50 %6.2f ms  p99 %6.2f ms%n",
                            sqlTotal / 1024.0 / tiles.size(), sqlMax / 1024.0, pct(sqlMs, 50), pct(sqlMs, 99));
                }
                if (z == 12) {
                    try (var out = new java.io.PrintWriter(a[9])) {
                        for (int[] t : tiles) {
                            out.printf("/tiles/cases/%d/%d/%d.mvt%n", z, t[0], t[1]);
                        }
                    }
                }
            }
        }
    }

    static byte[] sqlTile(PreparedStatement ps, LayerDefinition layer, int z, int x, int y) throws Exception {
        int i = 1;
        ps.setString(i++, layer.id());
        for (int k = 0; k < 2; k++) {
            ps.setInt(i++, z);
            ps.setInt(i++, x);
            ps.setInt(i++, y);
        }
        try (ResultSet rs = ps.executeQuery()) {
            byte[] b = rs.next() ? rs.getBytes(1) : null;
            return b == null ? new byte[0] : b;
        }
    }

    static int x(double lon, int z) {
        return (int) Math.floor((lon + 180) / 360 * (1 << z));
    }

    static int y(double lat, int z) {
        double r = Math.toRadians(lat);
        return (int) Math.floor((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2 * (1 << z));
    }

    static double pct(double[] values, double p) {
        double[] s = values.clone();
        Arrays.sort(s);
        return s[Math.min(s.length - 1, (int) Math.ceil(p / 100 * s.length) - 1)];
    }
}
