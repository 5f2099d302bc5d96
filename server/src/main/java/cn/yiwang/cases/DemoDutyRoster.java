package cn.yiwang.cases;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import cn.yiwang.db.Transactions;
import cn.yiwang.grid.GridService;
import cn.yiwang.grid.GridSummary;
import cn.yiwang.security.AuditLog;
import cn.yiwang.security.DemoUsers;
import cn.yiwang.security.PasswordHasher;
import cn.yiwang.security.SecuritySettings;
import io.micronaut.context.event.ApplicationEventListener;
import io.micronaut.context.event.StartupEvent;
import io.micronaut.core.annotation.Order;
import jakarta.inject.Singleton;

/**
 * In the demo configuration, gives every level-3 grid an on-duty grid worker (网格员): user
 * {@code gw<level-3 code>}, scoped to the grid's community, password {@value DemoUsers#DEMO_PASSWORD}.
 * The demo user {@code worker} (兴华街社区) takes the first level-3 grid of its community. Runs once:
 * nothing happens when the roster already has entries.
 */
@Singleton
@Order(30)
public class DemoDutyRoster implements ApplicationEventListener<StartupEvent> {

    private static final Logger LOG = LoggerFactory.getLogger(DemoDutyRoster.class);

    private final DataSource dataSource;
    private final GridService grids;
    private final PasswordHasher hasher;
    private final SecuritySettings settings;
    private final AuditLog audit;
    private final DutyRoster roster;

    public DemoDutyRoster(DataSource dataSource, GridService grids, PasswordHasher hasher, SecuritySettings settings,
                          AuditLog audit, DutyRoster roster) {
        this.dataSource = dataSource;
        this.grids = grids;
        this.hasher = hasher;
        this.settings = settings;
        this.audit = audit;
        this.roster = roster;
    }

    @Override
    public void onApplicationEvent(StartupEvent event) {
        if (!settings.demoUsers()) {
            return;
        }
        List<GridSummary> l3 = grids.catalog().atLevel("l3");
        if (l3.isEmpty()) {
            return;
        }
        long t0 = System.nanoTime();
        boolean created = Transactions.inTransaction(dataSource, "creating the demo duty roster", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT EXISTS (SELECT 1 FROM grid_duty)"); ResultSet rs = ps.executeQuery()) {
                rs.next();
                if (rs.getBoolean(1)) {
                    return false;
                }
            }
            String hash = hasher.hash(DemoUsers.DEMO_PASSWORD);
            String demoWorkerScope = scopeOf(c, "worker");
            // Who is on duty for each level-3 grid: the demo worker for the first one of its community, else gw<code>.
            Map<String, String> usernames = new LinkedHashMap<>();
            try (PreparedStatement user = c.prepareStatement("""
                         INSERT INTO app_user (username, password_hash, role, scope_code, display_name, demo)
                         VALUES (?, ?, 'grid_worker', ?, ?, true) ON CONFLICT (username) DO NOTHING""")) {
                for (GridSummary g : l3) {
                    boolean demoWorker = demoWorkerScope != null && !usernames.containsValue("worker") && g.code().startsWith(demoWorkerScope);
                    String username = demoWorker ? "worker" : "gw" + g.code();
                    usernames.put(g.code(), username);
                    if (!demoWorker) {
                        user.setString(1, username);
                        user.setString(2, hash);
                        user.setString(3, g.parentCode() == null ? g.code() : g.parentCode());
                        user.setString(4, g.name() + "网格员（演示）");
                        user.addBatch();
                    }
                }
                user.executeBatch();
            }
            try (PreparedStatement duty = c.prepareStatement("""
                         INSERT INTO grid_duty (grid_code, user_id) SELECT ?, id FROM app_user WHERE username = ?
                         ON CONFLICT DO NOTHING""")) {
                for (Map.Entry<String, String> e : usernames.entrySet()) {
                    duty.setString(1, e.getKey());
                    duty.setString(2, e.getValue());
                    duty.addBatch();
                }
                duty.executeBatch();
            }
            audit.record(c, "system", null, "duty.demo_roster", "grid_duty", null, Map.of("levelThreeGrids", l3.size()));
            return true;
        });
        if (created) {
            LOG.info("Demo duty roster: {} level-3 grids staffed in {} ms", l3.size(), (System.nanoTime() - t0) / 1_000_000);
            roster.reload();
        }
    }

    private static String scopeOf(Connection c, String username) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT scope_code FROM app_user WHERE username = ?")) {
            ps.setString(1, username);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }
}
