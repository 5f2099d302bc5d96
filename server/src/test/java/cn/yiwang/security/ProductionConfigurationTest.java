package cn.yiwang.security;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import cn.yiwang.testing.TestPostgis;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;

class ProductionConfigurationTest {

    @Test
    void productionRefusesToStartWhileDemoUsersExist() {
        // A demo context first, so the demo users certainly exist in the shared database.
        Map<String, Object> demo = new HashMap<>(TestPostgis.properties());
        try (ApplicationContext ctx = ApplicationContext.run(EmbeddedServer.class, demo).getApplicationContext()) {
            assertTrue(ctx.isRunning());
        }
        Map<String, Object> prod = new HashMap<>(TestPostgis.properties());
        prod.put("micronaut.server.port", -1);
        Exception e = assertThrows(Exception.class,
                () -> ApplicationContext.run(EmbeddedServer.class, prod, "production").close());
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        assertTrue(root.getMessage().contains("Refusing to start") && root.getMessage().contains("admin"), root.getMessage());
    }
}
