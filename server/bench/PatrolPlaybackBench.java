import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.Locale;

/**
 * Playback benchmark (issue 7, goal: one worker-day of 2,880 fixes in <= 50 ms), run by
 * server/bench/patrol-playback.sh against a running server: writes one fix every 30 s of a day
 * (2,880) for the demo worker 'worker' into patrol_point over JDBC (a day of its own, 30 days ago),
 * then GETs /api/patrol/tracks/worker?date=… as the ops user WARMUP + N times, one at a time, and
 * prints p50 / p90 / p99 / max of the round trip, the answer size, and the same for the GPX export.
 * Usage: java -cp CP PatrolPlaybackBench.java JDBC USER PASSWORD BASE_URL TOKEN N
 */
public class PatrolPlaybackBench {

    static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

    public static void main(String[] a) throws Exception {
        String jdbc = a[0], user = a[1], password = a[2], base = a[3], token = a[4];
        int n = Integer.parseInt(a[5]);
        LocalDate day = LocalDate.now(SHANGHAI).minusDays(30);
        Instant start = day.atStartOfDay(SHANGHAI).toInstant();
        try (Connection c = DriverManager.getConnection(jdbc, user, password)) {
            c.setAutoCommit(false);
            long uid;
            try (var ps = c.prepareStatement("SELECT id FROM app_user WHERE username = 'worker'"); var rs = ps.executeQuery()) {
                rs.next();
                uid = rs.getLong(1);
            }
            try (var ps = c.prepareStatement("SELECT patrol_ensure_partition(?, 'Asia/Shanghai')")) {
                ps.setObject(1, day);
                ps.execute();
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO patrol_point (district_code, device_id, user_id, fixed_at,"
                    + " lon, lat, speed_mps, accuracy_m, source) VALUES ('410103', 'demo-device-worker', ?, ?, ?, ?, ?, ?, 'bench')"
                    + " ON CONFLICT DO NOTHING")) {
                for (int i = 0; i < 2880; i++) {
                    ps.setLong(1, uid);
                    ps.setTimestamp(2, Timestamp.from(start.plusSeconds(30L * i)));
                    ps.setDouble(3, 113.64 + 0.00001 * (i % 400));
                    ps.setDouble(4, 34.74 + 0.00001 * (i / 400));
                    ps.setFloat(5, 1.2f);
                    ps.setFloat(6, 6f);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            c.commit();
        }
        HttpClient client = HttpClient.newHttpClient();
        measure(client, base + "/api/patrol/tracks/worker?date=" + day, token, "application/json", n, "JSON");
        measure(client, base + "/api/patrol/tracks/worker?date=" + day, token, "application/gpx+xml", n, "GPX ");
    }

    static void measure(HttpClient client, String url, String token, String accept, int n, String label) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token)
                .header("Accept", accept).GET().build();
        long bytes = 0;
        for (int i = 0; i < 20; i++) {
            client.send(request, HttpResponse.BodyHandlers.ofByteArray());
        }
        double[] ms = new double[n];
        for (int i = 0; i < n; i++) {
            long t = System.nanoTime();
            HttpResponse<byte[]> r = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
            ms[i] = (System.nanoTime() - t) / 1e6;
            if (r.statusCode() != 200) {
                throw new IllegalStateException(label + " answered " + r.statusCode() + ": " + new String(r.body()));
            }
            bytes = r.body().length;
        }
        Arrays.sort(ms);
        System.out.printf(Locale.ROOT, "  playback %s one worker-day (2,880 fixes), %d reads: p50 %.1f ms, p90 %.1f ms, p99 %.1f ms,"
                + " max %.1f ms; %,d bytes%n", label, n, ms[n / 2], ms[(int) (n * 0.9)], ms[(int) (n * 0.99)], ms[n - 1], bytes);
    }
}
