import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Constant-rate (open-loop, wrk2-style) load on POST /api/cases: requests leave on a fixed schedule
 * whatever the server does, and each latency is measured from the moment the request was due, so a
 * stalled server shows in the percentiles instead of slowing the load (no coordinated omission).
 *
 * Usage: java server/bench/IntakeBench.java URL TOKEN BODIES_FILE RATE_PER_SECOND SECONDS [LABEL]
 */
public class IntakeBench {

    public static void main(String[] args) throws Exception {
        URI url = URI.create(args[0] + "/api/cases");
        String token = args[1];
        List<String> bodies = Files.readAllLines(Path.of(args[2]), StandardCharsets.UTF_8);
        int rate = Integer.parseInt(args[3]);
        int seconds = Integer.parseInt(args[4]);
        String label = args.length > 5 ? args[5] : "";
        int n = rate * seconds;
        long[] latencyNanos = new long[n];
        int[] status = new int[n];
        AtomicInteger failures = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(n);
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
        String run = Long.toString(System.currentTimeMillis(), 36);
        long intervalNanos = 1_000_000_000L / rate;
        long start = System.nanoTime() + 50_000_000L;
        for (int i = 0; i < n; i++) {
            long due = start + i * intervalNanos;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            int k = i;
            HttpRequest req = HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(30))
                    .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                    .header("Idempotency-Key", "bench-" + run + "-" + i)
                    .POST(HttpRequest.BodyPublishers.ofString(bodies.get(i % bodies.size()), StandardCharsets.UTF_8)).build();
            client.sendAsync(req, HttpResponse.BodyHandlers.discarding()).whenComplete((r, e) -> {
                latencyNanos[k] = System.nanoTime() - due;
                if (e != null) {
                    failures.incrementAndGet();
                } else {
                    status[k] = r.statusCode();
                }
                done.countDown();
            });
        }
        long sent = System.nanoTime();
        done.await(60, TimeUnit.SECONDS);
        long end = System.nanoTime();
        long ok = Arrays.stream(status).filter(s -> s == 201).count();
        long[] sorted = latencyNanos.clone();
        Arrays.sort(sorted);
        System.out.printf("%s POST /api/cases at %d/s for %d s: %d sent in %.1f s, %d created (201), %d other status, %d failed; "
                        + "throughput %.0f/s; latency from schedule p50 %.1f ms, p90 %.1f ms, p99 %.1f ms, max %.1f ms%n",
                label, rate, seconds, n, (sent - start) / 1e9, ok, n - ok - failures.get(), failures.get(), ok / ((end - start) / 1e9),
                pct(sorted, 0.50), pct(sorted, 0.90), pct(sorted, 0.99), sorted[n - 1] / 1e6);
        System.exit(0);
    }

    private static double pct(long[] sorted, double p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)] / 1e6;
    }
}
