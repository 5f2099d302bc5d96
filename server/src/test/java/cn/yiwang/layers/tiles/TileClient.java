package cn.yiwang.layers.tiles;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

/** Fetches tiles as bytes (the shared {@code Http} client decodes bodies as text). */
final class TileClient {

    /** A tile response: status, body bytes and headers. */
    record Fetched(int status, byte[] bytes, HttpResponse<byte[]> raw) {

        String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }

        String cacheStatus() {
            return header(TileController.CACHE_STATUS_HEADER);
        }

        String etag() {
            return header("ETag");
        }
    }

    private final HttpClient client = HttpClient.newHttpClient();
    private final URI base;

    TileClient(URI base) {
        this.base = base;
    }

    Fetched get(String path) {
        return get(path, Map.of());
    }

    Fetched tile(String layer, int z, int x, int y) {
        return get("/tiles/" + layer + "/" + z + "/" + x + "/" + y + ".mvt");
    }

    Fetched get(String path, Map<String, String> headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).GET();
        headers.forEach(b::header);
        try {
            HttpResponse<byte[]> r = client.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
            return new Fetched(r.statusCode(), r.body(), r);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
