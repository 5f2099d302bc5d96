import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Constant-rate (open-loop, wrk2-style) load on POST /api/cases: requests fall due on a fixed
 * schedule whatever the server does, and each latency is measured from the moment the request was
 * due, so a stalled server shows in the percentiles instead of slowing the load (no coordinated
 * omission). Requests go out on CONNECTIONS keep-alive HTTP/1.1 connections (default 64); a due
 * request waits for a free connection, and that wait counts in its latency.
 *
 * <p>Plain sockets rather than java.net.http.HttpClient: the load generator shares the two cores with
 * the server and PostgreSQL, and HttpClient spent about 2 ms of CPU per request (JVM start included),
 * more than the server's own share; this one spends a fraction of that.
 *
 * <p>The generator's own first second is not measured: before the SECONDS that count it sends
 * WARMUP_SECONDS (default 2, environment INTAKE_WARMUP_SECONDS) at the same rate on the same
 * connections, whose answers are checked but not timed, so its sockets are open and its JIT has run
 * (a fresh JVM sharing the two cores otherwise slowed the first second of every rate). The server's
 * own warm-up is the caller's business. INTAKE_TIMELINE set prints p50/p99/max per second.
 *
 * Usage: java server/bench/IntakeBench.java URL TOKEN BODIES_FILE RATE_PER_SECOND SECONDS [LABEL [CONNECTIONS]]
 */
public class IntakeBench {

    public static void main(String[] args) throws Exception {
        URI url = URI.create(args[0]);
        String token = args[1];
        List<String> bodies = Files.readAllLines(Path.of(args[2]), StandardCharsets.UTF_8);
        int rate = Integer.parseInt(args[3]);
        int seconds = Integer.parseInt(args[4]);
        String label = args.length > 5 ? args[5] : "";
        int connections = args.length > 6 ? Integer.parseInt(args[6]) : 64;
        int warmup = rate * Integer.parseInt(System.getenv().getOrDefault("INTAKE_WARMUP_SECONDS", "2"));
        int n = warmup + rate * seconds;
        long[] latencyNanos = new long[n];
        int[] status = new int[n];
        long[] due = new long[n];
        AtomicInteger failures = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(n);
        LinkedBlockingQueue<Integer> queue = new LinkedBlockingQueue<>();
        String run = Long.toString(System.currentTimeMillis(), 36);
        String host = url.getHost();
        int port = url.getPort() < 0 ? 80 : url.getPort();
        for (int w = 0; w < connections; w++) {
            Thread t = new Thread(() -> {
                Socket socket = null;
                InputStream in = null;
                while (true) {
                    int i;
                    try {
                        i = queue.take();
                    } catch (InterruptedException e) {
                        return;
                    }
                    byte[] body = bodies.get(i % bodies.size()).getBytes(StandardCharsets.UTF_8);
                    byte[] head = ("POST /api/cases HTTP/1.1\r\nHost: " + host + ":" + port + "\r\nAuthorization: Bearer " + token
                            + "\r\nContent-Type: application/json\r\nIdempotency-Key: bench-" + run + "-" + i
                            + "\r\nContent-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
                    try {
                        if (socket == null) {
                            socket = new Socket(host, port);
                            socket.setTcpNoDelay(true);
                            socket.setSoTimeout(30_000);
                            in = new BufferedInputStream(socket.getInputStream(), 16384);
                        }
                        OutputStream out = socket.getOutputStream();
                        byte[] request = Arrays.copyOf(head, head.length + body.length);
                        System.arraycopy(body, 0, request, head.length, body.length);
                        out.write(request);
                        out.flush();
                        status[i] = readResponse(in);
                    } catch (IOException e) {
                        failures.incrementAndGet();
                        try {
                            if (socket != null) {
                                socket.close();
                            }
                        } catch (IOException ignored) {
                            // already broken
                        }
                        socket = null;
                    }
                    latencyNanos[i] = System.nanoTime() - due[i];
                    done.countDown();
                }
            });
            t.setDaemon(true);
            t.start();
        }
        long intervalNanos = 1_000_000_000L / rate;
        long start = System.nanoTime() + 50_000_000L;
        for (int i = 0; i < n; i++) {
            due[i] = start + i * intervalNanos;
            long wait = due[i] - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            queue.add(i);
        }
        long sent = System.nanoTime();
        done.await(60, TimeUnit.SECONDS);
        long end = System.nanoTime();
        long ok = Arrays.stream(status).filter(s -> s == 201).count();
        long[] measured = Arrays.copyOfRange(latencyNanos, warmup, n);
        long[] sorted = measured.clone();
        Arrays.sort(sorted);
        long measuredOk = Arrays.stream(status, warmup, n).filter(s -> s == 201).count();
        int m = n - warmup;
        System.out.printf("%s POST /api/cases at %d/s for %d s (after %d s unmeasured): %d sent in %.1f s, %d created (201), %d other status, %d failed; "
                        + "throughput %.0f/s; latency from schedule p50 %.1f ms, p90 %.1f ms, p99 %.1f ms, max %.1f ms%n",
                label, rate, seconds, warmup / rate, n, (sent - start) / 1e9, ok, n - ok - failures.get(), failures.get(),
                measuredOk / ((end - due[warmup]) / 1e9), pct(sorted, 0.50), pct(sorted, 0.90), pct(sorted, 0.99), sorted[m - 1] / 1e6);
        if (System.getenv("INTAKE_TIMELINE") != null) {
            // Per second of the schedule: p50, p99 and max latency (to find stalls).
            for (int sec = 0; sec < seconds; sec++) {
                long[] part = Arrays.copyOfRange(measured, sec * rate, (sec + 1) * rate);
                Arrays.sort(part);
                System.err.printf("  second %2d: p50 %6.1f ms, p99 %6.1f ms, max %6.1f ms%n", sec, pct(part, 0.50), pct(part, 0.99),
                        part[part.length - 1] / 1e6);
            }
        }
        System.exit(0);
    }

    /** Reads one HTTP/1.1 response (Content-Length or chunked body) and returns its status. */
    private static int readResponse(InputStream in) throws IOException {
        String statusLine = line(in);
        int status = Integer.parseInt(statusLine.substring(9, 12));
        long length = -1;
        boolean chunked = false;
        for (String h = line(in); !h.isEmpty(); h = line(in)) {
            String lower = h.toLowerCase();
            if (lower.startsWith("content-length:")) {
                length = Long.parseLong(h.substring(15).trim());
            } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
                chunked = true;
            }
        }
        if (chunked) {
            for (long size = Long.parseLong(line(in).split(";")[0].trim(), 16); size > 0; size = Long.parseLong(line(in).split(";")[0].trim(), 16)) {
                skip(in, size);
                line(in);
            }
            line(in);
        } else if (length > 0) {
            skip(in, length);
        }
        return status;
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) {
                throw new IOException("connection closed");
            }
            if (c != '\r') {
                sb.append((char) c);
            }
        }
        return sb.toString();
    }

    private static void skip(InputStream in, long n) throws IOException {
        byte[] buf = new byte[8192];
        while (n > 0) {
            int r = in.read(buf, 0, (int) Math.min(buf.length, n));
            if (r < 0) {
                throw new IOException("connection closed");
            }
            n -= r;
        }
    }

    private static double pct(long[] sorted, double p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)] / 1e6;
    }
}
