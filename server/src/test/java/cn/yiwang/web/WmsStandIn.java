package cn.yiwang.web;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

import javax.imageio.ImageIO;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import cn.yiwang.geoserver.GeoServerLayer;
import cn.yiwang.geoserver.GeoServerPublisher;

/**
 * A stand-in for GeoServer's WMS at {@code /geoserver/yiwang/wms}, for the console's browser test. It
 * answers GetMap as the WMS 1.1.1 / 1.3.0 contract says: parameter names case-insensitive;
 * {@code SERVICE=WMS}; {@code VERSION} 1.1.1 with {@code SRS} or 1.3.0 with {@code CRS}; {@code LAYERS}
 * among the layers {@code ./yiwang geoserver-publish} publishes; {@code STYLES} present; {@code BBOX}
 * four numbers with min &lt; max; {@code WIDTH} and {@code HEIGHT} 1–4096; {@code FORMAT=image/png}. A
 * valid request gets a WIDTH × HEIGHT PNG filled with {@link #FILL}; an invalid one a
 * {@code ServiceExceptionReport} (as GeoServer, with status 200 and
 * {@code application/vnd.ogc.se_xml}), and is kept in {@link #refused()}. It is not GeoServer: it
 * draws no features.
 */
final class WmsStandIn implements AutoCloseable {

    /** The colour of every map: opaque magenta, which nothing else in the console uses. */
    static final Color FILL = new Color(255, 0, 255);

    /** One GetMap as received (parameter names upper-cased). */
    record GetMap(Map<String, String> params) {
        String get(String name) {
            return params.get(name);
        }
    }

    private final HttpServer server;
    private final List<GetMap> served = new CopyOnWriteArrayList<>();
    private final List<String> refused = new CopyOnWriteArrayList<>();
    private final Set<String> layers = GeoServerLayer.ALL.stream()
            .map(l -> GeoServerPublisher.WORKSPACE + ":" + l.name()).collect(Collectors.toSet());

    WmsStandIn() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/geoserver/" + GeoServerPublisher.WORKSPACE + "/wms", this::handle);
        server.start();
    }

    /** The base URL to configure as {@code GEOSERVER_URL}. */
    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/geoserver";
    }

    String host() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    List<GetMap> served() {
        return List.copyOf(served);
    }

    List<String> refused() {
        return List.copyOf(refused);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            Map<String, String> p = params(exchange.getRequestURI().getRawQuery());
            String problem = check(p);
            if (problem != null) {
                refused.add(problem + " in " + exchange.getRequestURI());
                byte[] xml = ("<?xml version=\"1.0\" encoding=\"UTF-8\"?><ServiceExceptionReport version=\"1.1.1\">"
                        + "<ServiceException code=\"" + problem.split(":")[0] + "\">" + problem + "</ServiceException>"
                        + "</ServiceExceptionReport>").getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "application/vnd.ogc.se_xml");
                exchange.sendResponseHeaders(200, xml.length);
                exchange.getResponseBody().write(xml);
                return;
            }
            served.add(new GetMap(p));
            byte[] png = png(Integer.parseInt(p.get("WIDTH")), Integer.parseInt(p.get("HEIGHT")));
            exchange.getResponseHeaders().set("Content-Type", "image/png");
            exchange.sendResponseHeaders(200, png.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(png);
            }
        }
    }

    /** @return null when the request is a valid GetMap, else "Code: what is wrong". */
    private String check(Map<String, String> p) {
        if (!"WMS".equalsIgnoreCase(p.get("SERVICE"))) {
            return "InvalidParameterValue: SERVICE must be WMS, was " + p.get("SERVICE");
        }
        if (!"GetMap".equalsIgnoreCase(p.get("REQUEST"))) {
            return "OperationNotSupported: REQUEST " + p.get("REQUEST");
        }
        String version = p.get("VERSION");
        String crs;
        if ("1.3.0".equals(version)) {
            crs = p.get("CRS");
        } else if ("1.1.1".equals(version)) {
            crs = p.get("SRS");
        } else {
            return "InvalidParameterValue: VERSION " + version;
        }
        if (crs == null || !(crs.equals("EPSG:3857") || crs.equals("EPSG:900913") || crs.equals("EPSG:4326"))) {
            return ("1.3.0".equals(version) ? "InvalidCRS" : "InvalidSRS") + ": " + crs;
        }
        String requested = p.get("LAYERS");
        if (requested == null || requested.isEmpty()) {
            return "MissingParameterValue: LAYERS";
        }
        for (String layer : requested.split(",")) {
            if (!layers.contains(layer)) {
                return "LayerNotDefined: " + layer;
            }
        }
        if (!p.containsKey("STYLES")) {
            return "MissingParameterValue: STYLES";
        }
        String[] bbox = p.getOrDefault("BBOX", "").split(",");
        if (bbox.length != 4) {
            return "InvalidParameterValue: BBOX " + p.get("BBOX");
        }
        try {
            double[] b = new double[4];
            for (int i = 0; i < 4; i++) {
                b[i] = Double.parseDouble(bbox[i]);
            }
            if (!(b[0] < b[2] && b[1] < b[3])) {
                return "InvalidParameterValue: BBOX min not below max " + p.get("BBOX");
            }
            int width = Integer.parseInt(p.getOrDefault("WIDTH", ""));
            int height = Integer.parseInt(p.getOrDefault("HEIGHT", ""));
            if (width < 1 || height < 1 || width > 4096 || height > 4096) {
                return "InvalidParameterValue: WIDTH/HEIGHT " + width + "x" + height;
            }
        } catch (NumberFormatException e) {
            return "InvalidParameterValue: " + e.getMessage();
        }
        if (!"image/png".equals(p.get("FORMAT"))) {
            return "InvalidFormat: " + p.get("FORMAT");
        }
        return null;
    }

    private static Map<String, String> params(String rawQuery) {
        Map<String, String> out = new TreeMap<>();
        if (rawQuery == null) {
            return out;
        }
        for (String pair : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            out.put(name.toUpperCase(Locale.ROOT), value);
        }
        return out;
    }

    private static byte[] png(int width, int height) throws IOException {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_ARGB);
        int[] row = new int[width];
        java.util.Arrays.fill(row, FILL.getRGB());
        for (int y = 0; y < height; y++) {
            image.setRGB(0, y, width, 1, row, 0, width);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }

    @Override
    public void close() {
        server.stop(0);
    }

    /** For messages. */
    static String describe(List<GetMap> requests) {
        List<String> lines = new ArrayList<>();
        for (GetMap r : requests) {
            lines.add(r.params().toString());
        }
        return String.join("\n", lines);
    }
}
