package cn.yiwang.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;

import org.junit.jupiter.api.Test;

class DatabaseBootstrapTest {

    @Test
    void libpqUrlBecomesJdbcWithCredentials() {
        Map<String, Object> p = DatabaseBootstrap.external("postgres://gis:s%40cret@db.example:6543/yiwang?sslmode=require", null, null);
        assertEquals("jdbc:postgresql://db.example:6543/yiwang?sslmode=require", p.get("datasources.default.url"));
        assertEquals("gis", p.get("datasources.default.username"));
        assertEquals("s@cret", p.get("datasources.default.password"));
    }

    @Test
    void explicitUserAndPasswordWin() {
        Map<String, Object> p = DatabaseBootstrap.external("jdbc:postgresql://localhost/yiwang", "u", "p");
        assertEquals("jdbc:postgresql://localhost/yiwang", p.get("datasources.default.url"));
        assertEquals("u", p.get("datasources.default.username"));
        assertEquals("p", p.get("datasources.default.password"));
    }

    @Test
    void databaseUrlBypassesTheEmbeddedCluster() throws Exception {
        EmbeddedPostgis.ConnectionInfo c = cn.yiwang.testing.TestPostgis.connection();
        java.nio.file.Path home = cn.yiwang.testing.TestPostgis.tempDir("yiwang-home");
        DatabaseBootstrap.Database db = DatabaseBootstrap.open(
                Map.of("DATABASE_URL", c.jdbcUrl(), "DATABASE_USER", c.user(), "DATABASE_PASSWORD", c.password()), home);
        assertEquals(java.util.Optional.empty(), db.embedded());
        assertEquals(c.jdbcUrl(), db.properties().get("datasources.default.url"));
        assertEquals(false, java.nio.file.Files.exists(home.resolve("var/pg")), "no private cluster was created");
    }

    @Test
    void otherUrlsAreRejectedByName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DatabaseBootstrap.external("mysql://localhost/yiwang", null, null));
        assertEquals(true, e.getMessage().contains("mysql://localhost/yiwang"));
    }
}
