package cn.yiwang.geoserver;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;

import org.w3c.dom.Element;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import io.micronaut.json.JsonMapper;

/**
 * A stand-in for GeoServer's REST API (GeoServer cannot be installed here), following its published
 * contract for the resources Yiwang uses (docs.geoserver.org, "REST API": workspaces, datastores,
 * featuretypes, styles, layers): Basic authentication, JSON bodies wrapped in their resource name,
 * GET 200/404, POST to the collection 201, PUT to the item 200, a POST of an existing resource is an
 * error. Like GeoServer it really uses what it is given: a PostGIS store's connection parameters are
 * used to log in to the database, a feature type's {@code nativeName} must be readable through that
 * store, and a style body must parse as an SLD 1.0 document. Layer data security rules
 * ({@code /rest/security/acl/layers.json}, "REST API: Access Control") start as GeoServer's defaults
 * ({@code *.*.r=*}, {@code *.*.w=GROUP_ADMIN,ADMIN}); POST adds rules and answers 409 when one exists,
 * PUT changes rules and answers 409 when one is missing, and {@link #canRead} resolves them the way
 * GeoServer's layer security does (the most specific rule wins). It records every request.
 */
final class GeoServerStandIn implements AutoCloseable {

    record Call(String method, String path, String contentType) {
    }

    private static final Pattern WORKSPACE = Pattern.compile("/geoserver/rest/workspaces/([^/]+)");
    private static final Pattern STORE = Pattern.compile("/geoserver/rest/workspaces/([^/]+)/datastores/([^/]+)");
    private static final Pattern STORES = Pattern.compile("/geoserver/rest/workspaces/([^/]+)/datastores");
    private static final Pattern TYPE = Pattern.compile("/geoserver/rest/workspaces/([^/]+)/datastores/([^/]+)/featuretypes/([^/]+)");
    private static final Pattern TYPES = Pattern.compile("/geoserver/rest/workspaces/([^/]+)/datastores/([^/]+)/featuretypes");
    private static final Pattern STYLE = Pattern.compile("/geoserver/rest/workspaces/([^/]+)/styles/([^/]+)");
    private static final Pattern STYLES = Pattern.compile("/geoserver/rest/workspaces/([^/]+)/styles");
    private static final Pattern LAYER = Pattern.compile("/geoserver/rest/layers/([^/:]+):([^/]+)");

    private final HttpServer server;
    private final String authorization;
    private final JsonMapper json = JsonMapper.createDefault();
    final List<Call> calls = new ArrayList<>();
    final Map<String, Object> workspaces = new LinkedHashMap<>();
    final Map<String, Map<String, String>> stores = new LinkedHashMap<>();
    final Map<String, Map<String, Object>> featureTypes = new LinkedHashMap<>();
    final Map<String, String> styles = new LinkedHashMap<>();
    final Map<String, String> layerStyles = new LinkedHashMap<>();
    final Map<String, String> layerRules = new LinkedHashMap<>(Map.of("*.*.r", "*", "*.*.w", "GROUP_ADMIN,ADMIN"));

    GeoServerStandIn(String user, String password) throws IOException {
        this.authorization = "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/geoserver/rest/", this::handle);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/geoserver";
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private synchronized void handle(HttpExchange ex) throws IOException {
        String method = ex.getRequestMethod();
        String path = ex.getRequestURI().getPath();
        String query = ex.getRequestURI().getQuery();
        String type = ex.getRequestHeaders().getFirst("Content-Type");
        calls.add(new Call(method, path, type));
        String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!authorization.equals(ex.getRequestHeaders().getFirst("Authorization"))) {
                reply(ex, 401, "HTTP 401 Unauthorized");
                return;
            }
            if (path.equals("/geoserver/rest/security/acl/layers.json")) {
                acl(ex, method, type, body);
                return;
            }
            reply(ex, route(method, path, query, type, body), "");
        } catch (IllegalArgumentException e) {
            reply(ex, 400, e.getMessage());
        } catch (Exception e) {
            reply(ex, 500, e.toString());
        }
    }

    private int route(String method, String path, String query, String type, String body) throws Exception {
        Matcher m;
        if ((m = TYPE.matcher(path)).matches()) {
            String key = m.group(1) + ":" + m.group(3);
            return switch (method) {
                case "GET" -> featureTypes.containsKey(key) ? 200 : 404;
                case "PUT" -> featureTypes.containsKey(key) ? putFeatureType(m.group(1), m.group(2), m.group(3), type, body) : 404;
                default -> 405;
            };
        }
        if ((m = TYPES.matcher(path)).matches() && method.equals("POST")) {
            Map<String, Object> ft = resource(type, body, "featureType");
            String key = m.group(1) + ":" + ft.get("name");
            if (featureTypes.containsKey(key)) {
                return 500; // GeoServer: "Resource named '…' already exists"
            }
            return putFeatureType(m.group(1), m.group(2), (String) ft.get("name"), type, body) == 200 ? 201 : 400;
        }
        if ((m = STORE.matcher(path)).matches()) {
            String key = m.group(1) + ":" + m.group(2);
            return switch (method) {
                case "GET" -> stores.containsKey(key) ? 200 : 404;
                case "PUT" -> stores.containsKey(key) ? putStore(m.group(1), type, body, m.group(2)) : 404;
                default -> 405;
            };
        }
        if ((m = STORES.matcher(path)).matches() && method.equals("POST")) {
            Map<String, Object> ds = resource(type, body, "dataStore");
            if (!workspaces.containsKey(m.group(1))) {
                return 404;
            }
            if (stores.containsKey(m.group(1) + ":" + ds.get("name"))) {
                return 500;
            }
            return putStore(m.group(1), type, body, (String) ds.get("name")) == 200 ? 201 : 400;
        }
        if ((m = STYLE.matcher(path)).matches()) {
            String key = m.group(1) + ":" + m.group(2);
            return switch (method) {
                case "GET" -> styles.containsKey(key) ? 200 : 404;
                case "PUT" -> {
                    if (!styles.containsKey(key)) {
                        yield 404;
                    }
                    styles.put(key, sld(type, body));
                    yield 200;
                }
                default -> 405;
            };
        }
        if ((m = STYLES.matcher(path)).matches() && method.equals("POST")) {
            String name = query == null ? null : query.replaceFirst("^.*name=([^&]+).*$", "$1");
            if (name == null || name.isEmpty()) {
                throw new IllegalArgumentException("POST of an SLD body needs ?name=");
            }
            if (styles.containsKey(m.group(1) + ":" + name)) {
                return 403; // GeoServer: style already exists
            }
            styles.put(m.group(1) + ":" + name, sld(type, body));
            return 201;
        }
        if ((m = WORKSPACE.matcher(path)).matches()) {
            return switch (method) {
                case "GET" -> workspaces.containsKey(m.group(1)) ? 200 : 404;
                case "PUT" -> workspaces.containsKey(m.group(1)) ? 200 : 404;
                default -> 405;
            };
        }
        if (path.equals("/geoserver/rest/workspaces") && method.equals("POST")) {
            Map<String, Object> ws = resource(type, body, "workspace");
            if (workspaces.containsKey(ws.get("name"))) {
                return 401; // GeoServer answers 401 for an existing workspace
            }
            workspaces.put((String) ws.get("name"), ws);
            return 201;
        }
        if ((m = LAYER.matcher(path)).matches() && method.equals("PUT")) {
            String key = m.group(1) + ":" + m.group(2);
            if (!featureTypes.containsKey(key)) {
                return 404;
            }
            Map<String, Object> layer = resource(type, body, "layer");
            @SuppressWarnings("unchecked")
            String style = (String) ((Map<String, Object>) layer.get("defaultStyle")).get("name");
            if (!styles.containsKey(style)) {
                return 404;
            }
            layerStyles.put(key, style);
            return 200;
        }
        return 404;
    }

    /** GET, POST or PUT of the layer rules. */
    private void acl(HttpExchange ex, String method, String type, String body) throws IOException {
        switch (method) {
            case "GET" -> {
                byte[] bytes = json.writeValueAsBytes(layerRules);
                ex.getResponseHeaders().set("Content-Type", "application/json");
                ex.sendResponseHeaders(200, bytes.length);
                try (OutputStream out = ex.getResponseBody()) {
                    out.write(bytes);
                }
                ex.close();
            }
            case "POST", "PUT" -> {
                if (type == null || !type.startsWith("application/json")) {
                    throw new IllegalArgumentException("expected application/json, got " + type);
                }
                @SuppressWarnings("unchecked")
                Map<String, Object> rules = json.readValue(body, Map.class);
                for (Map.Entry<String, Object> e : rules.entrySet()) {
                    if (!e.getKey().matches("[^.]+\\.[^.]+\\.[rwa]") || !(e.getValue() instanceof String)) {
                        throw new IllegalArgumentException("not a layer rule: " + e.getKey() + "=" + e.getValue());
                    }
                    if (method.equals("POST") == layerRules.containsKey(e.getKey())) {
                        reply(ex, 409, (method.equals("POST") ? "Already existing rules: " : "Unknown rules: ") + e.getKey());
                        return;
                    }
                }
                rules.forEach((k, v) -> layerRules.put(k, (String) v));
                reply(ex, 200, "");
            }
            default -> reply(ex, 405, "");
        }
    }

    /**
     * Whether a user holding {@code roles} may read layer {@code workspace:layer}: the rule for the
     * layer, else the workspace's, else the global one; {@code *} grants everyone.
     */
    synchronized boolean canRead(String workspace, String layer, Set<String> roles) {
        for (String rule : List.of(workspace + "." + layer + ".r", workspace + ".*.r", "*.*.r")) {
            String granted = layerRules.get(rule);
            if (granted != null) {
                return Arrays.stream(granted.split(",")).map(String::strip).anyMatch(r -> r.equals("*") || roles.contains(r));
            }
        }
        return false;
    }

    private int putStore(String workspace, String type, String body, String name) throws Exception {
        Map<String, Object> ds = resource(type, body, "dataStore");
        @SuppressWarnings("unchecked")
        List<Map<String, String>> entries = (List<Map<String, String>>) ((Map<String, Object>) ds.get("connectionParameters")).get("entry");
        Map<String, String> params = new LinkedHashMap<>();
        entries.forEach(e -> params.put(e.get("@key"), e.get("$")));
        if (!"postgis".equals(params.get("dbtype"))) {
            throw new IllegalArgumentException("dbtype must be postgis");
        }
        // GeoServer validates a store by connecting with its parameters.
        try (Connection c = connect(params)) {
            c.isValid(5);
        }
        stores.put(workspace + ":" + name, params);
        return 200;
    }

    private int putFeatureType(String workspace, String store, String name, String type, String body) throws Exception {
        Map<String, Object> ft = resource(type, body, "featureType");
        Map<String, String> params = stores.get(workspace + ":" + store);
        if (params == null) {
            return 404;
        }
        String nativeName = (String) ft.get("nativeName");
        if (nativeName == null || !nativeName.matches("[a-z_][a-z0-9_]*")) {
            throw new IllegalArgumentException("nativeName missing or not a plain identifier: " + nativeName);
        }
        try (Connection c = connect(params); Statement st = c.createStatement()) {
            st.executeQuery("SELECT * FROM " + nativeName + " LIMIT 1").close();
        }
        featureTypes.put(workspace + ":" + name, ft);
        return 200;
    }

    private static Connection connect(Map<String, String> p) throws Exception {
        return DriverManager.getConnection("jdbc:postgresql://" + p.get("host") + ":" + p.get("port") + "/" + p.get("database")
                + "?currentSchema=" + p.get("schema"), p.get("user"), p.get("passwd"));
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> resource(String type, String body, String wrapper) throws IOException {
        if (type == null || !type.startsWith("application/json")) {
            throw new IllegalArgumentException("expected application/json, got " + type);
        }
        Map<String, Object> outer = json.readValue(body, Map.class);
        Object inner = outer.get(wrapper);
        if (!(inner instanceof Map) || outer.size() != 1) {
            throw new IllegalArgumentException("body must be {\"" + wrapper + "\": {...}}");
        }
        return (Map<String, Object>) inner;
    }

    /** Parses the body as SLD 1.0 (external entities refused) and returns it. */
    private static String sld(String type, String body) throws Exception {
        if (!"application/vnd.ogc.sld+xml".equals(type)) {
            throw new IllegalArgumentException("SLD 1.0 bodies are application/vnd.ogc.sld+xml, got " + type);
        }
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        f.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        f.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
        Element root = f.newDocumentBuilder().parse(new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8))).getDocumentElement();
        if (!"StyledLayerDescriptor".equals(root.getLocalName()) || !"http://www.opengis.net/sld".equals(root.getNamespaceURI())
                || !"1.0.0".equals(root.getAttribute("version"))) {
            throw new IllegalArgumentException("not an SLD 1.0.0 document");
        }
        int symbolizers = 0;
        for (String symbolizer : List.of("PolygonSymbolizer", "LineSymbolizer", "PointSymbolizer")) {
            symbolizers += root.getElementsByTagNameNS("http://www.opengis.net/sld", symbolizer).getLength();
        }
        if (symbolizers == 0) {
            throw new IllegalArgumentException("style has no Polygon-, Line- or PointSymbolizer");
        }
        return body;
    }

    private static void reply(HttpExchange ex, int status, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "text/plain; charset=UTF-8");
        ex.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            try (OutputStream out = ex.getResponseBody()) {
                out.write(bytes);
            }
        }
        ex.close();
    }
}
