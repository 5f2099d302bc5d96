import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

import org.postgresql.PGConnection;

/**
 * Patrol ingestion benchmark (issue 7), run by server/bench/patrol.sh against a running server:
 *   a) sustained HTTP batches: THREADS clients POST /api/patrol/points with 10,000 points each (the
 *      ops user posting for all demo devices), for SECONDS; points committed per second;
 *   b) raw COPY of the same number of rows straight into patrol_point over JDBC (the same table,
 *      partitions and indexes; fresh device/time keys), rows per second.
 * Usage: java -cp CP PatrolBench.java JDBC USER PASSWORD BASE_URL TOKEN THREADS SECONDS
 */
public class PatrolBench {

    public static void main(String[] a) throws Exception {
        String jdbc = a[0], user = a[1], password = a[2], base = a[3], token = a[4];
        int threads = Integer.parseInt(a[5]);
        int seconds = Integer.parseInt(a[6]);
        List<String[]> devices = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(jdbc, user, password);
             PreparedStatement ps = c.prepareStatement("SELECT d.device_id, d.user_id, substr(u.scope_code, 1, 6) FROM patrol_device d"
                     + " JOIN app_user u ON u.id = d.user_id WHERE d.device_id ~ '^demo-device-[0-9]+$' ORDER BY d.device_id");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                devices.add(new String[] {rs.getString(1), rs.getString(2), rs.getString(3)});
            }
        }
        // Keys no earlier run used: yesterday (a partition made ahead), from a random millisecond on.
        long dayStart = LocalDate.now(ZoneId.of("Asia/Shanghai")).minusDays(1).atStartOfDay(ZoneId.of("Asia/Shanghai")).toInstant().toEpochMilli();
        AtomicLong clock = new AtomicLong(dayStart + (long) (Math.random() * 40_000_000L));

        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        AtomicLong points = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<?>> futures = new ArrayList<>();
        long t0 = System.nanoTime();
        for (int t = 0; t < threads; t++) {
            futures.add(pool.submit(() -> {
                StringBuilder sb = new StringBuilder(1_200_000);
                while (System.nanoTime() < deadline) {
                    long ms = clock.getAndAdd(10_000 / devices.size() + 1);
                    sb.setLength(0);
                    sb.append("{\"points\":[");
                    for (int i = 0; i < 10_000; i++) {
                        String[] d = devices.get(i % devices.size());
                        if (i > 0) {
                            sb.append(',');
                        }
                        sb.append("{\"deviceId\":\"").append(d[0]).append("\",\"time\":").append(ms + i / devices.size())
                                .append(String.format(Locale.ROOT, ",\"lon\":%.6f,\"lat\":%.6f,\"accuracy\":8,\"speed\":1.2}",
                                        113.60 + (i % 97) * 0.0008, 34.70 + (i % 89) * 0.0007));
                    }
                    sb.append("]}");
                    HttpRequest r = HttpRequest.newBuilder(URI.create(base + "/api/patrol/points"))
                            .header("Content-Type", "application/json").header("Authorization", "Bearer " + token)
                            .POST(HttpRequest.BodyPublishers.ofString(sb.toString())).build();
                    HttpResponse<String> resp = client.send(r, HttpResponse.BodyHandlers.ofString());
                    if (resp.statusCode() == 200) {
                        points.addAndGet(10_000);
                    } else {
                        failed.incrementAndGet();
                        if (resp.statusCode() != 503) {
                            System.err.println("  " + resp.statusCode() + " " + resp.body());
                        }
                        Thread.sleep(200);
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : futures) {
            f.get();
        }
        pool.shutdown();
        double httpSeconds = (System.nanoTime() - t0) / 1e9;
        System.out.printf(Locale.ROOT, "  HTTP batches (%d clients, 10,000 points each): %,d points committed in %.1f s = %,.0f points/s (%d requests refused 503/other)%n",
                threads, points.get(), httpSeconds, points.get() / httpSeconds, failed.get());

        long rows = Math.max(points.get(), 200_000);
        StringBuilder copy = new StringBuilder((int) Math.min(rows * 110, 400_000_000L));
        String suffix = Long.toString(System.currentTimeMillis() % 1_000_000);
        long ms = dayStart + 50_000_000L;
        for (long i = 0; i < rows; i++) {
            String[] d = devices.get((int) (i % devices.size()));
            copy.append(d[2]).append('\t').append("bench-").append(suffix).append('-').append(d[0]).append('\t').append(d[1]).append('\t')
                    .append(Instant.ofEpochMilli(ms + i / devices.size() * 1000)).append('\t')
                    .append(113.60 + (i % 97) * 0.0008).append('\t').append(34.70 + (i % 89) * 0.0007)
                    .append("\t1.2\t\\N\t\\N\t8\t\\N\tbench\t\\N\n");
        }
        try (Connection c = DriverManager.getConnection(jdbc, user, password)) {
            c.setAutoCommit(false);
            long c0 = System.nanoTime();
            long n = c.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY patrol_point (district_code, device_id, user_id, fixed_at, lon, lat,"
                    + " speed_mps, bearing_deg, altitude_m, accuracy_m, battery_pct, source, attributes) FROM STDIN", new StringReader(copy.toString()));
            c.commit();
            double copySeconds = (System.nanoTime() - c0) / 1e9;
            System.out.printf(Locale.ROOT, "  raw COPY into patrol_point (one transaction): %,d rows in %.1f s = %,.0f rows/s%n", n, copySeconds, n / copySeconds);
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM patrol_point WHERE source = 'bench'")) {
                ps.executeUpdate();
            }
            c.commit();
        }
    }
}
