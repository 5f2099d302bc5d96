package cn.yiwang.geoserver;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * {@code ./yiwang geoserver-publish URL USER PASSWORD}: publishes the layers on the GeoServer at
 * URL. The database is {@code DATABASE_URL} (+ {@code DATABASE_USER}, {@code DATABASE_PASSWORD}) or
 * the running private cluster under {@code var/}; GeoServer connects to it as the read-only role
 * {@link ReadOnlyRole#NAME}, at {@code GEOSERVER_DB_HOST} / {@code GEOSERVER_DB_PORT} when the
 * database is reached under another address from the GeoServer host (the private cluster listens on
 * 127.0.0.1 only, so there GeoServer must run on this machine). The layers of open cases and of
 * today's patrol tracks are readable only by the GeoServer roles in {@code GEOSERVER_CASES_ROLE}
 * (default {@code ROLE_YIWANG_CASES}) and {@code GEOSERVER_TRACKS_ROLE} (default
 * {@code ROLE_YIWANG_PATROL}).
 */
public final class GeoServerPublish {

    private GeoServerPublish() {
    }

    /** Admin JDBC coordinates and the database as GeoServer should see it. */
    record Target(String jdbcUrl, String user, String password, String host, int port, String database) {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println("usage: ./yiwang geoserver-publish GEOSERVER_URL ADMIN_USER ADMIN_PASSWORD");
            System.exit(2);
        }
        Target t = target(System.getenv(), Path.of(System.getenv().getOrDefault("YIWANG_HOME", ".")));
        try {
            run(args[0], args[1], args[2], t, System.getenv());
        } catch (GeoServerPublisher.PublishException | IllegalArgumentException | IllegalStateException e) {
            System.err.println("geoserver-publish failed: " + e.getMessage());
            System.exit(1);
        }
    }

    static GeoServerPublisher.Report run(String url, String user, String password, Target t, Map<String, String> env) throws Exception {
        List<GeoServerLayer> layers = GeoServerLayer.ALL;
        String rolePassword;
        try (Connection c = DriverManager.getConnection(t.jdbcUrl(), t.user(), t.password())) {
            rolePassword = ReadOnlyRole.ensure(c, layers.stream().map(GeoServerLayer::view).toList());
        }
        GeoServerPublisher.Database db = new GeoServerPublisher.Database(
                env.getOrDefault("GEOSERVER_DB_HOST", t.host()),
                Integer.parseInt(env.getOrDefault("GEOSERVER_DB_PORT", Integer.toString(t.port()))),
                t.database(), "public", ReadOnlyRole.NAME, rolePassword);
        Map<String, String> readRoles = new java.util.LinkedHashMap<>();
        for (GeoServerLayer layer : layers) {
            String roles = layer.restricted() ? env.get(layer.readRoleVariable()) : null;
            if (roles != null && !roles.isBlank()) {
                readRoles.put(layer.name(), roles);
            }
        }
        GeoServerPublisher.Report report = new GeoServerPublisher(url, user, password).publish(db, layers, readRoles);
        report.actions().forEach(a -> System.out.println("  " + a));
        System.out.println("Published " + layers.size() + " layers in workspace " + GeoServerPublisher.WORKSPACE
                + "; WMS: " + url.replaceAll("/+$", "") + "/" + GeoServerPublisher.WORKSPACE + "/wms");
        return report;
    }

    static Target target(Map<String, String> env, Path home) throws IOException {
        String url = env.get("DATABASE_URL");
        if (url != null && !url.isBlank()) {
            String jdbc = url.startsWith("jdbc:") ? url : "jdbc:postgresql://" + url.replaceFirst("^postgres(ql)?://([^@]*@)?", "");
            URI uri = URI.create(jdbc.substring("jdbc:".length()));
            return new Target(jdbc, env.get("DATABASE_USER"), env.get("DATABASE_PASSWORD"), uri.getHost(),
                    uri.getPort() < 0 ? 5432 : uri.getPort(), uri.getPath().replaceFirst("^/", ""));
        }
        Path var = home.resolve("var");
        Path pid = var.resolve("pg/postmaster.pid");
        if (!Files.exists(pid)) {
            throw new IllegalStateException("the private database is not running: start ./yiwang run first, or set DATABASE_URL");
        }
        List<String> lines = Files.readAllLines(pid);
        int port = Integer.parseInt(lines.get(3).trim());
        Properties creds = new Properties();
        try (InputStream in = Files.newInputStream(var.resolve("credentials.properties"))) {
            creds.load(in);
        }
        return new Target("jdbc:postgresql://127.0.0.1:" + port + "/yiwang", creds.getProperty("user"), creds.getProperty("password"),
                "127.0.0.1", port, "yiwang");
    }
}
