package cn.yiwang.db;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chooses the database before the application context starts: an existing PostGIS named by
 * {@code DATABASE_URL} ({@code jdbc:postgresql://…} or {@code postgres://user:pass@host:port/db},
 * with {@code DATABASE_USER} / {@code DATABASE_PASSWORD}), or else the embedded cluster under
 * {@code <home>/var}. Returns the datasource properties and, for the embedded case, the launcher
 * to close after the context has stopped.
 */
public final class DatabaseBootstrap {

    private static final Logger LOG = LoggerFactory.getLogger(DatabaseBootstrap.class);

    /** Datasource properties plus the cluster we started, if any. */
    public record Database(Map<String, Object> properties, Optional<EmbeddedPostgis> embedded) {
    }

    private DatabaseBootstrap() {
    }

    public static Database open(Map<String, String> env, Path home) throws IOException, InterruptedException, SQLException {
        String url = env.get("DATABASE_URL");
        if (url != null && !url.isBlank()) {
            Map<String, Object> props = external(url.trim(), env.get("DATABASE_USER"), env.get("DATABASE_PASSWORD"));
            LOG.info("Using the existing database {}", props.get("datasources.default.url"));
            return new Database(props, Optional.empty());
        }
        EmbeddedPostgis pg = new EmbeddedPostgis(
                new EmbeddedPostgis.Options(home.resolve("var"), "yiwang", true), PostgresBinaries.locate());
        EmbeddedPostgis.ConnectionInfo c = pg.start();
        LOG.info("Private PostGIS cluster in {} listening on 127.0.0.1:{}", pg.dataDir(), c.port());
        return new Database(datasource(c.jdbcUrl(), c.user(), c.password()), Optional.of(pg));
    }

    /** Accepts JDBC URLs and libpq-style {@code postgres://user:password@host:port/db} URLs. */
    static Map<String, Object> external(String url, String user, String password) {
        String jdbc = url;
        String u = user;
        String p = password;
        if (url.startsWith("postgres://") || url.startsWith("postgresql://")) {
            URI uri = URI.create(url);
            String userInfo = uri.getRawUserInfo();
            if (userInfo != null) {
                String[] parts = userInfo.split(":", 2);
                u = u != null ? u : java.net.URLDecoder.decode(parts[0], java.nio.charset.StandardCharsets.UTF_8);
                if (parts.length > 1) {
                    p = p != null ? p : java.net.URLDecoder.decode(parts[1], java.nio.charset.StandardCharsets.UTF_8);
                }
            }
            int port = uri.getPort() < 0 ? 5432 : uri.getPort();
            jdbc = "jdbc:postgresql://" + uri.getHost() + ":" + port + uri.getRawPath()
                    + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        } else if (!url.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException("DATABASE_URL must start with jdbc:postgresql:, postgres:// or postgresql://, got " + url);
        }
        return datasource(jdbc, u, p);
    }

    static Map<String, Object> datasource(String jdbcUrl, String user, String password) {
        Map<String, Object> props = new LinkedHashMap<>();
        props.put("datasources.default.url", jdbcUrl);
        props.put("datasources.default.driver-class-name", "org.postgresql.Driver");
        if (user != null) {
            props.put("datasources.default.username", user);
        }
        if (password != null) {
            props.put("datasources.default.password", password);
        }
        return props;
    }
}
