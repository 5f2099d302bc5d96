package cn.yiwang.patrol;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Map;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import cn.yiwang.db.Transactions;
import cn.yiwang.security.AuditLog;
import cn.yiwang.security.SecuritySettings;
import io.micronaut.context.event.ApplicationEventListener;
import io.micronaut.context.event.StartupEvent;
import io.micronaut.core.annotation.Order;
import jakarta.inject.Singleton;

/**
 * In the demo configuration, gives every demo grid worker on duty a phone: {@code demo-device-N},
 * numbered by the code of the level-3 grid they are on duty for (so {@code demo-device-1} is the
 * worker of the smallest level-3 code), and the demo user {@code worker} also {@code demo-device-worker}.
 * Runs after the duty roster; once: nothing happens when demo devices exist.
 */
@Singleton
@Order(40)
public class DemoPatrolDevices implements ApplicationEventListener<StartupEvent> {

    private static final Logger LOG = LoggerFactory.getLogger(DemoPatrolDevices.class);

    private static final String INSERT = """
            INSERT INTO patrol_device (device_id, user_id, label)
            SELECT 'demo-device-' || row_number() OVER (ORDER BY g.grid_code), g.user_id, 'demo phone of ' || u.username
            FROM (SELECT DISTINCT ON (user_id) user_id, grid_code FROM grid_duty WHERE on_duty ORDER BY user_id, grid_code) g
            JOIN app_user u ON u.id = g.user_id AND u.demo AND u.role = 'grid_worker'
            ORDER BY g.grid_code
            ON CONFLICT DO NOTHING""";

    private final DataSource dataSource;
    private final SecuritySettings settings;
    private final AuditLog audit;

    public DemoPatrolDevices(DataSource dataSource, SecuritySettings settings, AuditLog audit) {
        this.dataSource = dataSource;
        this.settings = settings;
        this.audit = audit;
    }

    @Override
    public void onApplicationEvent(StartupEvent event) {
        if (!settings.demoUsers()) {
            return;
        }
        int created = Transactions.inTransaction(dataSource, "creating the demo patrol devices", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT EXISTS (SELECT 1 FROM patrol_device WHERE device_id LIKE 'demo-device-%')"
                    + " OR NOT EXISTS (SELECT 1 FROM grid_duty)");
                 ResultSet rs = ps.executeQuery()) {
                rs.next();
                if (rs.getBoolean(1)) {
                    return 0;
                }
            }
            int n;
            try (PreparedStatement ps = c.prepareStatement(INSERT)) {
                n = ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("""
                    INSERT INTO patrol_device (device_id, user_id, label)
                    SELECT 'demo-device-worker', id, 'demo phone of worker' FROM app_user WHERE username = 'worker'
                    ON CONFLICT DO NOTHING""")) {
                n += ps.executeUpdate();
            }
            audit.record(c, "system", null, "patrol.demo_devices", "patrol_device", null, Map.of("devices", n));
            return n;
        });
        if (created > 0) {
            LOG.info("Demo patrol devices: {} created", created);
        }
    }
}
