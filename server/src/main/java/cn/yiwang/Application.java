package cn.yiwang;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import cn.yiwang.db.DatabaseBootstrap;
import cn.yiwang.db.EmbeddedPostgis;
import cn.yiwang.security.JwtSecret;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.Micronaut;

/**
 * Entry point: chooses the database (existing PostGIS from {@code DATABASE_URL}, else the private
 * cluster under {@code $YIWANG_HOME/var}), then starts Micronaut. One shutdown hook stops the
 * server first (Micronaut's hook) and the cluster after it, so Ctrl-C leaves both stopped cleanly.
 */
public final class Application {

    private static final Logger LOG = LoggerFactory.getLogger(Application.class);

    private Application() {
    }

    public static void main(String[] args) throws Exception {
        Path home = Path.of(System.getenv().getOrDefault("YIWANG_HOME", ".")).toAbsolutePath().normalize();
        long t0 = System.nanoTime();
        DatabaseBootstrap.Database db;
        try {
            db = DatabaseBootstrap.open(System.getenv(), home);
        } catch (IllegalStateException e) {
            LOG.error(e.getMessage());
            System.exit(2);
            return;
        }
        Map<String, Object> props = new HashMap<>(db.properties());
        props.putAll(JwtSecret.properties(System.getenv(), home.resolve("var")));
        ApplicationContext context;
        try {
            context = Micronaut.build(args).mainClass(Application.class).properties(props).start();
        } catch (RuntimeException e) {
            db.embedded().ifPresent(EmbeddedPostgis::close);
            throw e;
        }
        // Micronaut's own shutdown hook stops the context; stopping it here too would deadlock with it.
        // This hook waits for the context to be down, then stops the cluster.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
            while (context.isRunning() && System.nanoTime() < deadline) {
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            db.embedded().ifPresent(pg -> {
                pg.close();
                System.err.println("[yiwang] PostgreSQL stopped");
            });
        }, "yiwang-shutdown"));
        LOG.info("Yiwang is up in {} ms", (System.nanoTime() - t0) / 1_000_000);
    }
}
