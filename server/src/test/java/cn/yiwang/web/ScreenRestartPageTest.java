package cn.yiwang.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;

import cn.yiwang.security.DemoUsers;
import cn.yiwang.testing.BrowserScript;
import cn.yiwang.testing.Http;
import cn.yiwang.testing.TestPostgis;
import io.micronaut.context.ApplicationContext;
import io.micronaut.json.JsonMapper;
import io.micronaut.runtime.server.EmbeddedServer;

/**
 * The big screen survives a server restart: web/test/browser/screen-restart.mjs opens it in headless
 * Chromium against a server this test starts on a fixed port; when the page is live the test stops
 * that server, starts a new one on the same port and at once creates a case through it; the page,
 * never reloaded, reconnects by itself and shows that case (it resumed from its last event id, which
 * the new instance replays from the event log in PostgreSQL).
 */
class ScreenRestartPageTest {

    private static final int TIMEOUT_SECONDS = 180;

    @Test
    void theScreenRecoversFromAServerRestartWithoutAReload() throws Exception {
        Map<String, Object> props = new HashMap<>(TestPostgis.properties());
        props.put("micronaut.server.port", freePort());
        EmbeddedServer first = ApplicationContext.builder().properties(props).environments("test").run(EmbeddedServer.class);
        EmbeddedServer second = null;
        Process script = null;
        StringBuilder output = new StringBuilder();
        try {
            ProcessBuilder builder = new ProcessBuilder("node", BrowserScript.webDir().resolve("test/browser/screen-restart.mjs").toString())
                    .directory(BrowserScript.webDir().toFile())
                    .redirectErrorStream(true);
            builder.environment().put("YIWANG_BASE_URL", first.getURI() + "/");
            script = builder.start();
            BlockingQueue<String> lines = new LinkedBlockingQueue<>();
            Process running = script;
            Thread reader = new Thread(() -> {
                try (BufferedReader in = new BufferedReader(new InputStreamReader(running.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String line = in.readLine(); line != null; line = in.readLine()) {
                        synchronized (output) {
                            output.append(line).append('\n');
                        }
                        lines.add(line);
                    }
                } catch (IOException e) {
                    // the script ended
                }
            }, "screen-restart-output");
            reader.setDaemon(true);
            reader.start();

            String ready = awaitLine(lines, "READY", output);
            int port = first.getPort();
            first.getApplicationContext().close();
            first = null;

            second = ApplicationContext.builder().properties(props).environments("test").run(EmbeddedServer.class);
            assertEquals(port, second.getPort(), "the new instance listens where the page's stream was");
            JsonMapper json = second.getApplicationContext().getBean(JsonMapper.class);
            Http http = new Http(second, json);
            String ops = http.login("ops", DemoUsers.DEMO_PASSWORD);
            double[] p = point(second.getApplicationContext().getBean(DataSource.class), "410103001");
            Http.Response created = http.postJson("/api/cases", String.format(Locale.ROOT, """
                    {"category":"SRHJ-01","title":"重启后新案件","description":"服务重启时上报","source":"hotline_12345",
                     "location":{"lon":%.8f,"lat":%.8f,"crs":"wgs84","accuracy":5}}""", p[0], p[1]), ops);
            assertEquals(201, created.status(), created.body());
            try (Writer w = new OutputStreamWriter(script.getOutputStream(), StandardCharsets.UTF_8)) {
                w.write("RESTARTED " + created.map().get("code") + "\n");
            }
            assertTrue(script.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS), "the script did not end:\n" + output);
            reader.join(TimeUnit.SECONDS.toMillis(10));
            System.out.println(ready + "\n" + output);
            assertEquals(0, script.exitValue(), "screen-restart.mjs failed:\n" + output);
        } finally {
            if (script != null && script.isAlive()) {
                script.destroyForcibly();
            }
            if (first != null) {
                first.getApplicationContext().close();
            }
            if (second != null) {
                second.getApplicationContext().close();
            }
        }
    }

    private static String awaitLine(BlockingQueue<String> lines, String prefix, StringBuilder output) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
        while (System.nanoTime() < end) {
            String line = lines.poll(1, TimeUnit.SECONDS);
            if (line != null && line.startsWith(prefix)) {
                return line;
            }
        }
        synchronized (output) {
            throw new AssertionError("the script never printed " + prefix + ":\n" + output);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** A point 15 m inside a micro grid of the street, at the end of its list (other tests take the middle). */
    private static double[] point(DataSource ds, String street) throws Exception {
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("""
                     SELECT ST_X(p), ST_Y(p) FROM (
                       SELECT ST_PointOnSurface(ST_Buffer(geom::geography, -15)::geometry) AS p FROM grid_current
                       WHERE level = 'micro' AND code LIKE ? ORDER BY code DESC LIMIT 1) x""")) {
            ps.setString(1, street + "%");
            try (ResultSet rs = ps.executeQuery()) {
                assertTrue(rs.next(), "no micro grid in " + street);
                return new double[] {rs.getDouble(1), rs.getDouble(2)};
            }
        }
    }
}
