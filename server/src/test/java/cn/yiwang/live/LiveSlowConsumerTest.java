package cn.yiwang.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import cn.yiwang.security.DemoUsers;
import cn.yiwang.testing.Http;
import cn.yiwang.testing.PostgisTest;
import io.micronaut.context.annotation.Property;
import io.micronaut.json.JsonMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;

/**
 * A client that stops reading never holds up the others: its bounded queue overflows, it is told
 * to resync and closed, while a reading client gets every event. Heartbeats keep idle streams busy.
 */
@MicronautTest
@Property(name = "yiwang.live.buffer-events", value = "20")
@Property(name = "yiwang.live.heartbeat-seconds", value = "1")
@Property(name = "yiwang.live.stuck-close-seconds", value = "300")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LiveSlowConsumerTest implements PostgisTest {

    private static final int EVENTS = 3000;

    @Inject
    EmbeddedServer server;
    @Inject
    JsonMapper json;
    @Inject
    LiveEventLog log;
    @Inject
    LiveHub hub;

    @Test
    void aClientThatStopsReadingIsToldToResyncAndClosedWhileOthersGetEverything() throws Exception {
        String ops = new Http(server, json).login("ops", DemoUsers.DEMO_PASSWORD);
        // The slow client: a raw socket with a tiny receive window that reads the headers and then nothing.
        try (Socket slow = new Socket()) {
            slow.setReceiveBufferSize(1024);
            slow.connect(new java.net.InetSocketAddress("127.0.0.1", server.getPort()));
            OutputStream out = slow.getOutputStream();
            out.write(("GET /api/live?topics=grids HTTP/1.1\r\nHost: localhost\r\nAccept: text/event-stream\r\nAuthorization: Bearer " + ops
                    + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            try (SseClient fast = SseClient.open(server.getURI(), "/api/live?topics=grids", ops, null, json)) {
                assertEquals("ready", fast.next(Duration.ofSeconds(10)).type());
                waitFor(() -> hub.size() >= 2);
                // Big events (4 KB each) so that the socket buffers fill quickly; at the pace the
                // reading client takes them (it must get every one, in order).
                String padding = "x".repeat(4000);
                for (int i = 0; i < EVENTS; i += 10) {
                    for (int k = i; k < i + 10; k++) {
                        log.append(LiveEvent.Draft.of(LiveTopic.GRIDS, "layer.changed", null,
                                "{\"layer\":\"buildings\",\"n\":" + k + ",\"padding\":\"" + padding + "\"}"));
                    }
                    for (int k = i; k < i + 10; k++) {
                        SseClient.Message m = fast.await(x -> x.type().equals("layer.changed"), Duration.ofSeconds(20), "event " + k);
                        assertEquals(k, ((Number) m.data().get("n")).intValue());
                    }
                }
            }
            // Now read what the slow client was sent: it ends with the resync event, then the stream ends.
            slow.setSoTimeout(20_000);
            InputStream in = slow.getInputStream();
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            byte[] buf = new byte[65536];
            int n;
            try {
                while ((n = in.read(buf)) > 0) {
                    all.write(buf, 0, n);
                    if (all.toString(StandardCharsets.UTF_8).contains("slow_consumer")) {
                        break;
                    }
                }
            } catch (java.net.SocketTimeoutException e) {
                // fall through to the assertion
            }
            String text = all.toString(StandardCharsets.UTF_8);
            assertTrue(text.contains("\"type\":\"resync\"") && text.contains("slow_consumer"), "the slow client was told to resync");
            assertTrue(text.split("\"type\":\"layer.changed\"").length - 1 < EVENTS, "and did not get every event");
            // Its stream has ended: only streams of reading clients are left.
            waitFor(() -> hub.size() == 0);
        }
    }

    @Test
    void anIdleStreamGetsHeartbeatComments() throws Exception {
        String ops = new Http(server, json).login("ops", DemoUsers.DEMO_PASSWORD);
        try (SseClient s = SseClient.open(server.getURI(), "/api/live?topics=patrol", ops, null, json)) {
            s.next(Duration.ofSeconds(10));
            waitFor(() -> s.comments().contains("heartbeat"));
            assertEquals(List.of(), s.drain(), "heartbeats are comments, not events");
        }
    }

    private static void waitFor(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("condition not met within 20 s");
            }
            Thread.sleep(20);
        }
    }
}
