package cn.yiwang.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.SplittableRandom;

import cn.yiwang.geo.ChinaCoordinateTransformer;

/**
 * Writes a {@code POST /api/route} body for the latency benchmark: case-like points on the city
 * grids, in GCJ-02 (what Amap-based apps send), each with a phone-like accuracy of 5–30 m.
 *
 * <pre>java -cp "bench/target/yiwang-bench-0.1.0-SNAPSHOT.jar:bench/target/lib/*" cn.yiwang.bench.RouteBatchBody OUT.json 10000</pre>
 */
public final class RouteBatchBody {

    private RouteBatchBody() {
    }

    public static void main(String[] args) throws IOException {
        Path out = Path.of(args[0]);
        int n = Integer.parseInt(args[1]);
        Files.writeString(out, body(n), StandardCharsets.UTF_8);
        System.out.println("wrote " + n + " points to " + out + " (" + Files.size(out) / 1024 + " KB)");
    }

    /** The body: {@code n} case-like points, GCJ-02, accuracy 5–30 m, ids {@code case-0…}. */
    static String body(int n) {
        double[][] points = CityData.get().casePoints(n, 7);
        SplittableRandom random = new SplittableRandom(7);
        StringBuilder w = new StringBuilder(n * 80);
        w.append("{\"crs\":\"gcj02\",\"points\":[");
        for (int i = 0; i < n; i++) {
            double[] gcj = ChinaCoordinateTransformer.wgs84ToGcj02(points[0][i], points[1][i]);
            w.append(String.format(Locale.ROOT, "%s{\"id\":\"case-%d\",\"lon\":%.7f,\"lat\":%.7f,\"accuracy\":%.1f}",
                    i == 0 ? "" : ",", i, gcj[0], gcj[1], 5 + random.nextDouble() * 25));
        }
        return w.append("]}").toString();
    }
}
