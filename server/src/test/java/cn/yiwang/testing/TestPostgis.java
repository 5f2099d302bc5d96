package cn.yiwang.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

import cn.yiwang.db.EmbeddedPostgis;
import cn.yiwang.db.PostgresBinaries;
import cn.yiwang.security.JwtSecret;

/**
 * The one PostGIS cluster of a test run, started by our own launcher in a throwaway directory on
 * first use, shared by every test class of the JVM and stopped (and deleted) when the JVM exits.
 */
public final class TestPostgis {

    private static EmbeddedPostgis cluster;
    private static Map<String, String> properties;
    private static final String JWT_SECRET = JwtSecret.random();

    private TestPostgis() {
    }

    /** Datasource and token properties for an application context on the shared cluster. */
    public static synchronized Map<String, String> properties() {
        if (properties == null) {
            EmbeddedPostgis.ConnectionInfo c = start();
            Map<String, String> p = new LinkedHashMap<>();
            p.put("datasources.default.url", c.jdbcUrl());
            p.put("datasources.default.username", c.user());
            p.put("datasources.default.password", c.password());
            p.put("datasources.default.driver-class-name", "org.postgresql.Driver");
            p.put("micronaut.security.token.jwt.signatures.secret.generator.secret", JWT_SECRET);
            p.put("micronaut.server.port", "-1");
            properties = Map.copyOf(p);
        }
        return properties;
    }

    public static synchronized EmbeddedPostgis.ConnectionInfo connection() {
        properties();
        return cluster.connection();
    }

    /** A fresh, empty temp directory the postgres OS user can traverse (for launcher tests). */
    public static Path tempDir(String prefix) throws IOException {
        Path dir = Files.createTempDirectory(prefix, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(dir)));
        return dir;
    }

    private static EmbeddedPostgis.ConnectionInfo start() {
        try {
            Path dir = tempDir("yiwang-test-pg");
            cluster = new EmbeddedPostgis(new EmbeddedPostgis.Options(dir, "yiwang", false), PostgresBinaries.locate());
            EmbeddedPostgis.ConnectionInfo c = cluster.start();
            Runtime.getRuntime().addShutdownHook(new Thread(cluster::close));
            return c;
        } catch (Exception e) {
            throw new IllegalStateException("could not start the test PostGIS cluster: " + e.getMessage(), e);
        }
    }

    static void deleteTree(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // best effort: the OS cleans its temp directory
        }
    }
}
