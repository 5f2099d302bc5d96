import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Load client for GET /api/live: many SSE connections on one NIO selector thread, each bound to a
 * local address 127.0.0.x (so 20,000 connections do not exhaust one address's ephemeral ports).
 *
 *   consoles URL TOKEN CONNECTIONS CASES
 *       CONNECTIONS streams (topics=cases) with one ops token; then CASES case POSTs, one at a time
 *       200 ms apart; the latency of a case on a stream = receipt of its case.created event minus
 *       the moment its POST was sent. Prints p50/p90/p99/max over every (case, stream).
 *   workers URL JDBC_URL DB_USER DB_PASSWORD JWT_SECRET CONNECTIONS READY_FILE RESULT_FILE [OPS_TOKEN GO_FILE...]
 *       CONNECTIONS streams (topics=instructions), spread over every grid worker with a token minted
 *       with the server's JWT secret (as login would); writes READY_FILE when all are open, waits
 *       for the instruction and writes the wall-clock time (epoch µs) of the last receipt to
 *       RESULT_FILE. With OPS_TOKEN: waits for the GO_FILEs (the other clients' READY_FILEs), then
 *       sends the instruction to the whole district and prints the time until every stream got it.
 */
public class LiveBench {

    static final class Conn {
        final SocketChannel ch;
        final byte[] request;
        final StringBuilder pending = new StringBuilder();
        boolean ready;

        Conn(SocketChannel ch, byte[] request) {
            this.ch = ch;
            this.request = request;
        }
    }

    final String host;
    final int port;
    final Selector selector;
    final AtomicInteger readyCount = new AtomicInteger();
    final List<Conn> conns = new ArrayList<>();
    volatile BiConsumer<Conn, String> onData = (c, d) -> { };
    volatile boolean running = true;

    LiveBench(URI base) throws IOException {
        this.host = base.getHost();
        this.port = base.getPort();
        this.selector = Selector.open();
    }

    void open(List<String> tokens, String query, int n) throws Exception {
        Thread loop = new Thread(this::loop, "live-bench-selector");
        loop.setDaemon(true);
        loop.start();
        int batch = 250;
        for (int i = 0; i < n; i++) {
            SocketChannel ch = SocketChannel.open();
            ch.configureBlocking(false);
            ch.bind(new InetSocketAddress("127.0.0." + (1 + (i % 50)), 0));
            String token = tokens.get(i % tokens.size());
            byte[] req = ("GET /api/live?" + query + " HTTP/1.1\r\nHost: " + host + ":" + port + "\r\nAccept: text/event-stream\r\n"
                    + "Authorization: Bearer " + token + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
            Conn c = new Conn(ch, req);
            conns.add(c);
            ch.connect(new InetSocketAddress(host, port));
            synchronized (this) {
                selector.wakeup();
                ch.register(selector, SelectionKey.OP_CONNECT, c);
            }
            if ((i + 1) % batch == 0) {
                while (readyCount.get() < i + 1 - batch / 2) {
                    Thread.sleep(2);
                }
            }
        }
        long end = System.nanoTime() + 120_000_000_000L;
        while (readyCount.get() < n && System.nanoTime() < end) {
            Thread.sleep(10);
        }
        if (readyCount.get() < n) {
            throw new IllegalStateException("only " + readyCount.get() + " of " + n + " streams opened");
        }
    }

    void loop() {
        ByteBuffer buf = ByteBuffer.allocateDirect(256 * 1024);
        byte[] arr = new byte[256 * 1024];
        while (running) {
            try {
                synchronized (this) {
                    // lets open() register between selects
                }
                selector.select(100);
                for (SelectionKey k : selector.selectedKeys()) {
                    Conn c = (Conn) k.attachment();
                    try {
                        if (k.isConnectable()) {
                            c.ch.finishConnect();
                            c.ch.write(ByteBuffer.wrap(c.request));
                            k.interestOps(SelectionKey.OP_READ);
                        } else if (k.isReadable()) {
                            buf.clear();
                            int r = c.ch.read(buf);
                            if (r < 0) {
                                k.cancel();
                                c.ch.close();
                                continue;
                            }
                            buf.flip();
                            buf.get(arr, 0, r);
                            c.pending.append(new String(arr, 0, r, StandardCharsets.ISO_8859_1));
                            int idx;
                            while ((idx = c.pending.indexOf("\n\n")) >= 0) {
                                String block = c.pending.substring(0, idx);
                                c.pending.delete(0, idx + 2);
                                int d = block.indexOf("data:");
                                if (d < 0) {
                                    continue;
                                }
                                String data = block.substring(d + 5);
                                if (!c.ready && isType(data, "ready")) {
                                    c.ready = true;
                                    readyCount.incrementAndGet();
                                } else {
                                    onData.accept(c, data);
                                }
                            }
                        }
                    } catch (IOException e) {
                        k.cancel();
                        try {
                            c.ch.close();
                        } catch (IOException ignored) {
                            // closing
                        }
                    }
                }
                selector.selectedKeys().clear();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    static final Map<String, java.util.regex.Pattern> FIELDS = new ConcurrentHashMap<>();

    static String field(String data, String name) {
        java.util.regex.Matcher m = FIELDS.computeIfAbsent(name,
                n -> java.util.regex.Pattern.compile("\"" + n + "\"\\s*:\\s*\"([^\"]*)\"")).matcher(data);
        return m.find() ? m.group(1) : null;
    }

    static boolean isType(String data, String type) {
        return type.equals(field(data, "type"));
    }

    static HttpResponse<String> post(String url, String token, String body) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + token).POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static String pct(List<Long> sortedNanos, double p) {
        long v = sortedNanos.get(Math.min(sortedNanos.size() - 1, (int) Math.ceil(p * sortedNanos.size()) - 1));
        return String.format(Locale.ROOT, "%.1f ms", v / 1e6);
    }

    public static void main(String[] args) throws Exception {
        String mode = args[0];
        URI base = URI.create(args[1]);
        LiveBench bench = new LiveBench(base);
        if (mode.equals("consoles")) {
            String token = args[2];
            int n = Integer.parseInt(args[3]);
            int cases = Integer.parseInt(args[4]);
            Map<String, List<Long>> receipts = new ConcurrentHashMap<>();
            bench.onData = (c, d) -> {
                if (isType(d, "case.created")) {
                    long t = System.nanoTime();
                    String code = field(d, "code");
                    receipts.computeIfAbsent(code, k -> Collections.synchronizedList(new ArrayList<>())).add(t);
                }
            };
            long t0 = System.nanoTime();
            bench.open(List.of(token), "topics=cases", n);
            System.out.printf(Locale.ROOT, "  %d console streams open in %.1f s%n", n, (System.nanoTime() - t0) / 1e9);
            Random rnd = new Random(7);
            List<Long> latencies = new ArrayList<>();
            List<Long> posts = new ArrayList<>();
            int missing = 0;
            // The first requests of this JVM pay for the HTTP client's class loading and connection set-up
            // (~0.3 s); a few unmeasured cases keep that client-side cost out of the server's figures.
            int warmUp = 5;
            for (int i = -warmUp; i < cases; i++) {
                double lon = 113.630 + rnd.nextDouble() * 0.03;
                double lat = 34.715 + rnd.nextDouble() * 0.02;
                String body = String.format(Locale.ROOT, "{\"category\":\"SRHJ-01\",\"title\":\"推送基准\",\"description\":\"基准测试\","
                        + "\"source\":\"hotline_12345\",\"location\":{\"lon\":%.6f,\"lat\":%.6f,\"crs\":\"wgs84\"}}", lon, lat);
                long sent = System.nanoTime();
                HttpResponse<String> r = post(base + "/api/cases", token, body);
                if (i >= 0) {
                    posts.add(System.nanoTime() - sent);
                }
                String code = field(r.body(), "code");
                if (r.statusCode() != 201 || code == null) {
                    throw new IllegalStateException("case POST failed: " + r.statusCode() + " " + r.body());
                }
                long end = System.nanoTime() + 10_000_000_000L;
                while (System.nanoTime() < end && receipts.getOrDefault(code, List.of()).size() < n) {
                    Thread.sleep(1);
                }
                List<Long> got = receipts.getOrDefault(code, List.of());
                if (i < 0) {
                    Thread.sleep(200);
                    continue;
                }
                missing += n - got.size();
                synchronized (got) {
                    for (long t : got) {
                        latencies.add(t - sent);
                    }
                }
                Thread.sleep(200);
            }
            Collections.sort(latencies);
            Collections.sort(posts);
            System.out.printf(Locale.ROOT, "  the POST's own response time: p50 %s, p99 %s, max %s%n", pct(posts, 0.5), pct(posts, 0.99), pct(posts, 1.0));
            System.out.printf(Locale.ROOT, "  case POST → case.created on %d streams, %d cases (%d deliveries, %d missing): p50 %s, p90 %s, p99 %s, max %s%n",
                    n, cases, latencies.size(), missing, pct(latencies, 0.5), pct(latencies, 0.9), pct(latencies, 0.99), pct(latencies, 1.0));
        } else {
            String jdbc = args[2];
            String secret = args[5];
            int n = Integer.parseInt(args[6]);
            Path readyFile = Path.of(args[7]);
            Path resultFile = Path.of(args[8]);
            List<String> tokens = new ArrayList<>();
            try (Connection c = DriverManager.getConnection(jdbc, args[3], args[4]);
                 ResultSet rs = c.createStatement().executeQuery(
                         "SELECT id, username, scope_code FROM app_user WHERE role = 'grid_worker' AND NOT disabled ORDER BY id")) {
                while (rs.next()) {
                    tokens.add(mint(secret, rs.getLong(1), rs.getString(2), rs.getString(3)));
                }
            }
            AtomicInteger got = new AtomicInteger();
            long[] last = {0};
            CopyOnWriteArrayList<Long> unused = new CopyOnWriteArrayList<>();
            bench.onData = (c, d) -> {
                if (isType(d, "instruction.sent")) {
                    Instant now = Instant.now();
                    last[0] = now.getEpochSecond() * 1_000_000 + now.getNano() / 1000;
                    got.incrementAndGet();
                }
            };
            long t0 = System.nanoTime();
            bench.open(tokens, "topics=instructions", n);
            System.out.printf(Locale.ROOT, "  %d worker streams (%d grid workers) open in %.1f s%n", n, tokens.size(), (System.nanoTime() - t0) / 1e9);
            Files.writeString(readyFile, "ready\n");
            long sentMicros = 0;
            if (args.length > 9) {
                for (int i = 10; i < args.length; i++) {
                    while (!Files.exists(Path.of(args[i]))) {
                        Thread.sleep(50);
                    }
                }
                // Every client has written its ready file once its last stream answered; the server may still be
                // registering the last subscriptions it accepted. A fixed settle pause (benchmark only, outside
                // the measured interval) keeps them from counting as late deliveries.
                Thread.sleep(2000);
                Instant s = Instant.now();
                sentMicros = s.getEpochSecond() * 1_000_000 + s.getNano() / 1000;
                HttpResponse<String> r = post(base + "/api/instructions", args[9],
                        "{\"title\":\"防汛紧急通知\",\"body\":\"今晚有强降雨，请立即排查辖区低洼地带并上报。\",\"target\":{\"code\":\"410103\"}}");
                if (r.statusCode() != 201) {
                    throw new IllegalStateException("instruction POST failed: " + r.statusCode() + " " + r.body());
                }
                Files.writeString(Path.of(readyFile + ".sent"), Long.toString(sentMicros));
            }
            long end = System.nanoTime() + 60_000_000_000L;
            while (got.get() < n && System.nanoTime() < end) {
                Thread.sleep(1);
            }
            Files.writeString(resultFile, last[0] + " " + got.get() + " " + n + "\n");
            if (sentMicros > 0) {
                System.out.printf(Locale.ROOT, "  this client: %d of %d streams got the instruction, last %.0f ms after the POST was sent%n",
                        got.get(), n, (last[0] - sentMicros) / 1000.0);
            }
            Thread.sleep(Long.parseLong(System.getProperty("hold.ms", "0")));
        }
        bench.running = false;
        System.exit(0);
    }

    static String mint(String secret, long uid, String username, String scope) throws Exception {
        long now = Instant.now().getEpochSecond();
        String header = b64("{\"alg\":\"HS256\",\"typ\":\"JWT\"}");
        String payload = b64("{\"sub\":\"" + username + "\",\"roles\":[\"grid_worker\"],\"scope\":\"" + scope + "\",\"uid\":" + uid
                + ",\"name\":\"" + username + "\",\"iat\":" + now + ",\"exp\":" + (now + 7200) + "}");
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        byte[] sig = mac.doFinal((header + "." + payload).getBytes(StandardCharsets.US_ASCII));
        return header + "." + payload + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(sig);
    }

    static String b64(String s) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }
}
