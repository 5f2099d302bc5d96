package cn.yiwang.sim;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;

/**
 * The simulator's HTTP client: logs in as any demo user on first use (tokens cached per user,
 * renewed once on a 401), sends JSON and decodes JSON answers. Thread-safe.
 */
public final class SimClient {

    /** An answer: status, raw body and the decoded JSON (null when the body is not JSON). */
    public record Response(int status, String body, Object json) {

        @SuppressWarnings("unchecked")
        public Map<String, Object> map() {
            return json instanceof Map<?, ?> ? (Map<String, Object>) json : Map.of();
        }
    }

    /** A login the server refused (wrong password, unknown user). */
    public static final class LoginRefused extends RuntimeException {
        LoginRefused(String username, int status, String body) {
            super("login as '" + username + "' refused (" + status + "): " + clip(body));
        }
    }

    private final URI base;
    private final String password;
    private final JsonMapper json;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Map<String, String> tokens = new ConcurrentHashMap<>();
    private final Set<String> refused = ConcurrentHashMap.newKeySet();

    public SimClient(URI base, String password, JsonMapper json) {
        this.base = base;
        this.password = password;
        this.json = json;
    }

    public URI base() {
        return base;
    }

    /** Whether a server answers {@code GET /health} with 200. */
    public boolean healthy() {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(base.resolve("/health")).timeout(Duration.ofSeconds(5)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200;
        } catch (ConnectException e) {
            return false;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Whether logging in as {@code username} was refused before (the user does not exist here). */
    public boolean refused(String username) {
        return refused.contains(username);
    }

    public String token(String username) {
        String t = tokens.get(username);
        if (t != null) {
            return t;
        }
        if (refused.contains(username)) {
            throw new LoginRefused(username, 401, "refused before");
        }
        String body = "{\"username\":" + CaseDraft.quote(username) + ",\"password\":" + CaseDraft.quote(password) + "}";
        Response r = send(HttpRequest.newBuilder(base.resolve("/login")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)));
        if (r.status() != 200 || !(r.map().get("access_token") instanceof String token)) {
            if (r.status() == 401) {
                refused.add(username);
            }
            throw new LoginRefused(username, r.status(), r.body());
        }
        tokens.put(username, token);
        return token;
    }

    public Response get(String path, String username) {
        return withToken(username, t -> HttpRequest.newBuilder(base.resolve(path)).header("Authorization", "Bearer " + t).GET());
    }

    /** POST a JSON body as {@code username}; {@code headers} are name, value pairs. */
    public Response post(String path, String body, String username, String... headers) {
        return withToken(username, t -> {
            HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).header("Authorization", "Bearer " + t)
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
            for (int i = 0; i + 1 < headers.length; i += 2) {
                b.header(headers[i], headers[i + 1]);
            }
            return b;
        });
    }

    /** POST raw bytes (a photo) as {@code username}. */
    public Response postBytes(String path, byte[] body, String contentType, String username) {
        return withToken(username, t -> HttpRequest.newBuilder(base.resolve(path)).header("Authorization", "Bearer " + t)
                .header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofByteArray(body)));
    }

    /** Every feature of an OGC API collection, page by page. */
    @SuppressWarnings("unchecked")
    public List<Map<String, Object>> features(String collection, String username) {
        List<Map<String, Object>> out = new ArrayList<>();
        int limit = 5000;
        for (int offset = 0; ; offset += limit) {
            Response r = get("/ogc/collections/" + collection + "/items?f=json&limit=" + limit + "&offset=" + offset, username);
            if (r.status() != 200) {
                throw new IllegalStateException("GET " + collection + " items: " + r.status() + " " + clip(r.body()));
            }
            List<Object> page = (List<Object>) r.map().getOrDefault("features", List.of());
            page.forEach(f -> out.add((Map<String, Object>) f));
            Object matched = r.map().get("numberMatched");
            if (page.isEmpty() || (matched instanceof Number n && offset + page.size() >= n.longValue())) {
                return out;
            }
        }
    }

    private interface RequestFor {
        HttpRequest.Builder build(String token);
    }

    private Response withToken(String username, RequestFor request) {
        Response r = send(request.build(token(username)));
        if (r.status() == 401) {
            tokens.remove(username);
            r = send(request.build(token(username)));
        }
        return r;
    }

    private Response send(HttpRequest.Builder b) {
        try {
            HttpResponse<String> r = http.send(b.timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            Object decoded = null;
            String type = r.headers().firstValue("Content-Type").orElse("");
            if (type.contains("json") && !r.body().isEmpty()) {
                decoded = json.readValue(r.body(), Argument.OBJECT_ARGUMENT);
            }
            return new Response(r.statusCode(), r.body(), decoded);
        } catch (IOException e) {
            throw new IllegalStateException("request to " + base + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    static String clip(String s) {
        return s == null ? "" : s.length() > 300 ? s.substring(0, 300) + "…" : s;
    }
}
