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
 * The raw side of the uncached-tile comparison: picks random tiles with features, times the exact
 * ST_AsMVT SQL the server runs for them (JDBC, one connection, 3 rounds after a warm-up) and writes the
 * tile list, which city.sh then requests from the server with wrk (one connection, cache off) for
 * the other side. Single-file program:
 *
 *   java -cp "server/target/yiwang-server-0.1.0-SNAPSHOT.jar:server/target/lib/*" server/bench/TileBench.java \
 *        JDBC_URL USER PASSWORD LAYER Z COUNT MINLON MINLAT MAXLON MAXLAT TILE_LIST_OUT
 */
public class TileBench {

    public static void main(String[] a) throws Exception {
        String jdbc = a[0], user = a[1], password = a[2], layerId = a[3];
        int z = Integer.parseInt(a[4]), count = Integer.parseInt(a[5]);
        double minLon = Double.parseDouble(a[6]), minLat = Double.parseDouble(a[7]);
        double maxLon = Double.parseDouble(a[8]), maxLat = Double.parseDouble(a[9]);
        LayerDefinition layer = LayerRegistry.find(layerId).orElseThrow();
        String sql = TileRepository.tileSql(layer);
        int x0 = x(minLon, z), x1 = x(maxLon, z), y0 = y(maxLat, z), y1 = y(minLat, z);
        SplittableRandom random = new SplittableRandom(20261122);
        List<int[]> tiles = new ArrayList<>();
        // Only tiles with features: empty tiles (204) would flatter both sides.
        try (Connection c = DriverManager.getConnection(jdbc, user, password); PreparedStatement ps = c.prepareStatement(sql)) {
            int attempts = 0;
            while (tiles.size() < count && attempts++ < count * 50) {
                int x = random.nextInt(x0, x1 + 1), y = random.nextInt(y0, y1 + 1);
                if (sqlTile(ps, layer, z, x, y).length > 0) {
                    tiles.add(new int[] {x, y});
                }
            }
            double[] sqlMs = new double[tiles.size() * 3];
            long maxBytes = 0, totalBytes = 0;
            for (int round = 0; round < 4; round++) { // round 0 warms PostgreSQL's caches
                for (int i = 0; i < tiles.size(); i++) {
                    int[] t = tiles.get(i);
                    long s0 = System.nanoTime();
                    byte[] bytes = sqlTile(ps, layer, z, t[0], t[1]);
                    double ms = (System.nanoTime() - s0) / 1e6;
                    if (round == 0) {
                        maxBytes = Math.max(maxBytes, bytes.length);
                        totalBytes += bytes.length;
                    } else {
                        sqlMs[(round - 1) * tiles.size() + i] = ms;
                    }
                }
            }
            System.out.printf(Locale.ROOT, "%s z%d, %d random tiles with features (avg %.1f KB, max %.1f KB)%n",
                    layerId, z, tiles.size(), totalBytes / 1024.0 / Math.max(1, tiles.size()), maxBytes / 1024.0);
            System.out.printf(Locale.ROOT, "  raw ST_AsMVT SQL (JDBC, 3 rounds)              p50 %6.2f ms   p99 %6.2f ms%n",
                    pct(sqlMs, 50), pct(sqlMs, 99));
        }
        try (var out = new java.io.PrintWriter(a[10])) {
            for (int[] t : tiles) {
                out.printf("/tiles/%s/%d/%d/%d.mvt%n", layerId, z, t[0], t[1]);
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

    static double pct(double[] v, int p) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s[Math.min(s.length - 1, (int) Math.ceil(p / 100.0 * s.length) - 1)];
    }

    static int x(double lon, int z) {
        return (int) Math.floor((lon + 180) / 360 * (1 << z));
    }

    static int y(double lat, int z) {
        double r = Math.toRadians(lat);
        return (int) Math.floor((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2 * (1 << z));
    }
}
