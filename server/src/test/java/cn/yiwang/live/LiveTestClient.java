package cn.yiwang.live;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

import io.micronaut.json.JsonMapper;

/** {@link SseClient} for tests of other packages: a stream of {@code /api/live} as event types and data. */
public final class LiveTestClient implements AutoCloseable {

    private final SseClient client;

    private LiveTestClient(SseClient client) {
        this.client = client;
    }

    public static LiveTestClient open(URI base, String query, String token, JsonMapper json) {
        SseClient c = SseClient.open(base, "/api/live" + query, token, null, json);
        if (c.status != 200) {
            throw new AssertionError("stream not opened: " + c.status + " " + c.errorBody);
        }
        return new LiveTestClient(c);
    }

    /** The type of the next event, null when none comes within {@code timeout}. */
    public String nextType(Duration timeout) throws InterruptedException {
        SseClient.Message m = client.next(timeout);
        return m == null ? null : m.type();
    }

    /** The data of the next event of this type (others are skipped); fails after {@code timeout}. */
    public Map<String, Object> awaitType(String type, Duration timeout) throws InterruptedException {
        return client.await(m -> type.equals(m.type()), timeout, type).data();
    }

    @Override
    public void close() {
        client.close();
    }
}
