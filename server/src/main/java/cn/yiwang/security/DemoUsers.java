package cn.yiwang.security;

import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.micronaut.context.event.ApplicationEventListener;
import io.micronaut.context.event.StartupEvent;
import io.micronaut.core.annotation.Order;
import jakarta.inject.Singleton;

/**
 * Creates one demo user per role (password {@value #DEMO_PASSWORD}) when {@code yiwang.security.demo-users}
 * is on, and otherwise refuses to start while a demo user or the default password is still present.
 */
@Singleton
@Order(20)
public class DemoUsers implements ApplicationEventListener<StartupEvent> {

    public static final String DEMO_PASSWORD = "yiwang-demo";
    private static final Logger LOG = LoggerFactory.getLogger(DemoUsers.class);

    /** username, role, scope (grid code), display name. Scopes are grids of the generated Erqi data. */
    record Demo(String username, Role role, String scope, String displayName, String department) {
        Demo(String username, Role role, String scope, String displayName) {
            this(username, role, scope, displayName, null);
        }
    }

    static final List<Demo> DEMO = List.of(
            new Demo("admin", Role.ADMIN, "410103", "系统管理员（演示）"),
            new Demo("ops", Role.OPS, "410103", "区城运中心坐席（演示）"),
            new Demo("dispatcher", Role.DISPATCHER, "410103001", "淮河路街道平台座席（演示）"),
            new Demo("worker", Role.GRID_WORKER, "410103001004", "兴华街社区网格员（演示）"),
            new Demo("dept", Role.DEPARTMENT, "410103", "街道城管执法中队处置员（演示）", "urban_mgmt_squad"),
            new Demo("planner", Role.PLANNER, "410103", "网格规划员（演示）"),
            new Demo("analyst", Role.ANALYST, "410103", "数据分析员（演示）"));

    private final UserRepository users;
    private final PasswordHasher hasher;
    private final AuditLog audit;
    private final SecuritySettings settings;

    public DemoUsers(UserRepository users, PasswordHasher hasher, AuditLog audit, SecuritySettings settings) {
        this.users = users;
        this.hasher = hasher;
        this.audit = audit;
        this.settings = settings;
    }

    @Override
    public void onApplicationEvent(StartupEvent event) {
        if (settings.demoUsers()) {
            for (Demo d : DEMO) {
                if (users.insertIfAbsent(d.username(), hasher.hash(DEMO_PASSWORD), d.role(), d.scope(), d.displayName(), true, d.department())) {
                    audit.record("system", null, "user.create", "user:" + d.username(), null,
                            Map.of("role", d.role().key(), "scope", d.scope(), "demo", true));
                    LOG.info("Created demo user '{}' ({}, scope {})", d.username(), d.role().key(), d.scope());
                }
            }
            return;
        }
        List<String> offending = users.all().stream()
                .filter(u -> !u.disabled() && (u.demo() || hasher.matches(DEMO_PASSWORD, u.passwordHash())))
                .map(AppUser::username).toList();
        if (!offending.isEmpty()) {
            throw new IllegalStateException("Refusing to start: users " + offending + " are demo users or still have the default password. "
                    + "Disable them or change their passwords, or run the demo configuration (yiwang.security.demo-users=true).");
        }
    }
}
