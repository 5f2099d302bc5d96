package cn.yiwang.geoserver;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Creates or updates Yiwang's workspace, PostGIS store, styles and layers on a GeoServer through
 * its documented REST API ({@code /rest/workspaces}, {@code …/datastores}, {@code …/featuretypes},
 * {@code …/styles}, {@code /rest/layers}, {@code /rest/security/acl/layers}), JSON bodies, HTTP
 * Basic authentication. Idempotent: each resource is read first (GET), then updated (PUT) when it
 * exists or created (POST) when it answers 404. Any other status stops the run with a message naming
 * the request and the answer. Layers that carry personal or case data get a data security rule of
 * their own ({@code yiwang.<layer>.r}), so GeoServer's default rule that lets anyone read any layer
 * ({@code *.*.r=*}) does not apply to them.
 * Not thread-safe; one run at a time.
 */
public final class GeoServerPublisher {

    public static final String WORKSPACE = "yiwang";
    public static final String STORE = "yiwang-postgis";

    /** How GeoServer reaches the database (as seen from the GeoServer host). */
    public record Database(String host, int port, String name, String schema, String user, String password) {
    }

    /** What one run did, resource by resource ("created …" / "updated …"). */
    public record Report(List<String> actions) {
    }

    /** A non-success answer from GeoServer. */
    public static final class PublishException extends RuntimeException {
        PublishException(String message) {
            super(message);
        }
    }

    private final URI base;
    private final String authorization;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final List<String> actions = new ArrayList<>();

    /** @param geoserverUrl e.g. {@code http://gis.example:8080/geoserver} (with or without a trailing slash) */
    public GeoServerPublisher(String geoserverUrl, String user, String password) {
        String url = geoserverUrl.endsWith("/") ? geoserverUrl.substring(0, geoserverUrl.length() - 1) : geoserverUrl;
        if (!url.startsWith("http://") && !url.startsWith("https://")) {
            throw new IllegalArgumentException("GeoServer URL must start with http:// or https://, got " + geoserverUrl);
        }
        this.base = URI.create(url + "/");
        this.authorization = "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    public Report publish(Database db, List<GeoServerLayer> layers) {
        return publish(db, layers, Map.of());
    }

    /**
     * @param readRoles for each restricted layer's name, the GeoServer role(s) that may read it
     *                  (comma-separated); a restricted layer without an entry gets its default role
     */
    public Report publish(Database db, List<GeoServerLayer> layers, Map<String, String> readRoles) {
        actions.clear();
        upsert("rest/workspaces/" + WORKSPACE, "rest/workspaces", "workspace " + WORKSPACE,
                json(Map.of("workspace", Map.of("name", WORKSPACE))), "application/json", null);
        upsert("rest/workspaces/" + WORKSPACE + "/datastores/" + STORE, "rest/workspaces/" + WORKSPACE + "/datastores",
                "store " + STORE, json(Map.of("dataStore", store(db))), "application/json", null);
        for (GeoServerLayer layer : layers) {
            String sld = style(layer.style());
            upsert("rest/workspaces/" + WORKSPACE + "/styles/" + layer.style(),
                    "rest/workspaces/" + WORKSPACE + "/styles?name=" + layer.style(),
                    "style " + layer.style(), sld, "application/vnd.ogc.sld+xml", null);
            Map<String, Object> featureType = new LinkedHashMap<>();
            featureType.put("name", layer.name());
            featureType.put("nativeName", layer.view());
            featureType.put("title", layer.titleZh() + " " + layer.titleEn());
            featureType.put("abstract", "Yiwang " + layer.titleEn() + " (" + layer.view() + ")");
            featureType.put("srs", "EPSG:4326");
            featureType.put("projectionPolicy", "FORCE_DECLARED");
            featureType.put("enabled", true);
            String ftPath = "rest/workspaces/" + WORKSPACE + "/datastores/" + STORE + "/featuretypes";
            upsert(ftPath + "/" + layer.name(), ftPath, "layer " + layer.name(), json(Map.of("featureType", featureType)),
                    "application/json", "recalculate=nativebbox,latlonbbox");
            send("PUT", "rest/layers/" + WORKSPACE + ":" + layer.name(),
                    json(Map.of("layer", Map.of("defaultStyle", Map.of("name", WORKSPACE + ":" + layer.style())))),
                    "application/json", 200);
            actions.add("styled layer " + layer.name() + " with " + layer.style());
        }
        secure(layers, readRoles);
        return new Report(List.copyOf(actions));
    }

    /**
     * Sets the read rule of each restricted layer: reads the current layer rules, adds (POST) the
     * missing ones and changes (PUT) the ones that name other roles, leaving every other rule alone.
     */
    private void secure(List<GeoServerLayer> layers, Map<String, String> readRoles) {
        Map<String, String> wanted = new LinkedHashMap<>();
        for (GeoServerLayer layer : layers) {
            if (layer.restricted()) {
                String roles = readRoles.getOrDefault(layer.name(), layer.defaultReadRole()).strip();
                if (!roles.matches("[A-Za-z0-9_]+(,[A-Za-z0-9_]+)*")) {
                    throw new IllegalArgumentException(layer.readRoleVariable() + " must be GeoServer role names separated by commas, got '"
                            + roles + "'");
                }
                wanted.put(WORKSPACE + "." + layer.name() + ".r", roles);
            }
        }
        if (wanted.isEmpty()) {
            return;
        }
        Map<String, String> current = currentLayerRules();
        Map<String, String> add = new LinkedHashMap<>();
        Map<String, String> change = new LinkedHashMap<>();
        wanted.forEach((rule, roles) -> {
            String now = current.get(rule);
            if (now == null) {
                add.put(rule, roles);
            } else if (!now.replace(" ", "").equals(roles)) {
                change.put(rule, roles);
            }
        });
        if (!add.isEmpty()) {
            send("POST", ACL_LAYERS, json(add), "application/json", 200);
            add.forEach((rule, roles) -> actions.add("created layer rule " + rule + "=" + roles));
        }
        if (!change.isEmpty()) {
            send("PUT", ACL_LAYERS, json(change), "application/json", 200);
            change.forEach((rule, roles) -> actions.add("updated layer rule " + rule + "=" + roles));
        }
    }

    private static final String ACL_LAYERS = "rest/security/acl/layers.json";

    /** The layer data security rules, rule → roles, from {@code GET /rest/security/acl/layers.json}. */
    private Map<String, String> currentLayerRules() {
        HttpResponse<String> r = exchange("GET", ACL_LAYERS, null, null);
        if (r.statusCode() != 200) {
            throw new PublishException("GET " + base.resolve(ACL_LAYERS) + " answered " + r.statusCode() + authHint(r.statusCode()));
        }
        try {
            @SuppressWarnings("unchecked")
            Map<String, Object> rules = JSON.readValue(r.body(), Map.class);
            Map<String, String> out = new LinkedHashMap<>();
            rules.forEach((k, v) -> out.put(k, String.valueOf(v)));
            return out;
        } catch (IOException | RuntimeException e) {
            throw new PublishException("GET " + base.resolve(ACL_LAYERS) + " did not answer a JSON object of rules: " + e.getMessage());
        }
    }

    private Map<String, Object> store(Database db) {
        List<Map<String, String>> entries = new ArrayList<>();
        Map<String, String> params = new LinkedHashMap<>();
        params.put("dbtype", "postgis");
        params.put("host", db.host());
        params.put("port", Integer.toString(db.port()));
        params.put("database", db.name());
        params.put("schema", db.schema());
        params.put("user", db.user());
        params.put("passwd", db.password());
        params.put("Expose primary keys", "true");
        params.put("Primary key metadata table", "gt_pk_metadata");
        params.put("Loose bbox", "true");
        params.put("Estimated extends", "true");
        params.put("validate connections", "true");
        params.forEach((k, v) -> entries.add(Map.of("@key", k, "$", v)));
        Map<String, Object> store = new LinkedHashMap<>();
        store.put("name", STORE);
        store.put("description", "Yiwang PostGIS (read-only role)");
        store.put("type", "PostGIS");
        store.put("enabled", true);
        store.put("connectionParameters", Map.of("entry", entries));
        return store;
    }

    private void upsert(String itemPath, String collectionPath, String what, String body, String contentType, String updateQuery) {
        int status = send("GET", itemPath, null, null, -1);
        if (status == 200) {
            send("PUT", itemPath + (updateQuery == null ? "" : "?" + updateQuery), body, contentType, 200);
            actions.add("updated " + what);
        } else if (status == 404) {
            send("POST", collectionPath, body, contentType, 201);
            actions.add("created " + what);
        } else {
            throw new PublishException("GET " + base.resolve(itemPath) + " answered " + status + authHint(status));
        }
    }

    /** Sends a request; returns the status, or throws unless it is {@code expected} (−1: any). */
    private int send(String method, String path, String body, String contentType, int expected) {
        HttpResponse<String> r = exchange(method, path, body, contentType);
        URI uri = base.resolve(path);
        int status = r.statusCode();
        boolean ok = expected < 0 ? status < 500 : status == expected || (expected == 201 && status == 200);
        if (!ok) {
            String text = r.body() == null ? "" : r.body().strip();
            throw new PublishException(method + " " + uri + " answered " + status + authHint(status)
                    + (text.isEmpty() ? "" : ": " + (text.length() > 300 ? text.substring(0, 300) + "…" : text)));
        }
        return status;
    }

    private HttpResponse<String> exchange(String method, String path, String body, String contentType) {
        URI uri = base.resolve(path);
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60))
                .header("Authorization", authorization).header("Accept", "application/json");
        if (body == null) {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            b.header("Content-Type", contentType).method(method, HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        }
        try {
            return http.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new PublishException("cannot reach GeoServer at " + uri + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PublishException("interrupted");
        }
    }

    private static String authHint(int status) {
        return status == 401 || status == 403 ? " (check the GeoServer admin user and password)" : "";
    }

    /** The SLD of a style, from the classpath ({@code styles/<name>.sld}, packaged from data/styles). */
    static String style(String name) {
        try (InputStream in = GeoServerPublisher.class.getResourceAsStream("/styles/" + name + ".sld")) {
            if (in == null) {
                throw new IllegalStateException("style " + name + " is not packaged (data/styles/" + name + ".sld)");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("reading style " + name, e);
        }
    }

    private static final io.micronaut.json.JsonMapper JSON = io.micronaut.json.JsonMapper.createDefault();

    static String json(Map<String, ?> value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (IOException e) {
            throw new IllegalStateException("serialising a REST body", e);
        }
    }
}
