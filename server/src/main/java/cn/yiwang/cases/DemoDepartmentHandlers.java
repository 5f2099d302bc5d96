package cn.yiwang.cases;

import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import cn.yiwang.category.Department;
import cn.yiwang.category.TaxonomyService;
import cn.yiwang.security.AuditLog;
import cn.yiwang.security.DemoUsers;
import cn.yiwang.security.PasswordHasher;
import cn.yiwang.security.Role;
import cn.yiwang.security.SecuritySettings;
import cn.yiwang.security.UserRepository;
import io.micronaut.context.event.ApplicationEventListener;
import io.micronaut.context.event.StartupEvent;
import io.micronaut.core.annotation.Order;
import jakarta.inject.Singleton;

/**
 * In the demo configuration, gives every active department of the responsibility list a demo
 * handler, so a case dispatched to any department can be worked in a demo (and by {@code ./yiwang
 * simulate}): user {@link #username(String)}, role department, scope the district, password
 * {@value DemoUsers#DEMO_PASSWORD}. The street squad {@value #DEMO_DEPT_DEPARTMENT} already has the
 * demo user {@value #DEMO_DEPT_USER}. Idempotent: existing users are left as they are. Like every
 * demo user, these stop a production start ({@link DemoUsers}).
 */
@Singleton
@Order(31)
public class DemoDepartmentHandlers implements ApplicationEventListener<StartupEvent> {

    public static final String DEMO_DEPT_USER = "dept";
    public static final String DEMO_DEPT_DEPARTMENT = "urban_mgmt_squad";
    private static final String DISTRICT_SCOPE = "410103";
    private static final Logger LOG = LoggerFactory.getLogger(DemoDepartmentHandlers.class);

    private final UserRepository users;
    private final TaxonomyService taxonomy;
    private final PasswordHasher hasher;
    private final SecuritySettings settings;
    private final AuditLog audit;

    public DemoDepartmentHandlers(UserRepository users, TaxonomyService taxonomy, PasswordHasher hasher, SecuritySettings settings,
                                  AuditLog audit) {
        this.users = users;
        this.taxonomy = taxonomy;
        this.hasher = hasher;
        this.settings = settings;
        this.audit = audit;
    }

    /** The demo handler of a department: {@code dept} for the street squad, {@code dept_<code>} for the others. */
    public static String username(String departmentCode) {
        return DEMO_DEPT_DEPARTMENT.equals(departmentCode) ? DEMO_DEPT_USER : "dept_" + departmentCode;
    }

    @Override
    public void onApplicationEvent(StartupEvent event) {
        if (!settings.demoUsers()) {
            return;
        }
        String hash = null;
        int created = 0;
        for (Department d : taxonomy.departments()) {
            String username = username(d.code());
            if (!d.active() || users.find(username).isPresent()) {
                continue;
            }
            if (hash == null) {
                hash = hasher.hash(DemoUsers.DEMO_PASSWORD);
            }
            if (users.insertIfAbsent(username, hash, Role.DEPARTMENT, DISTRICT_SCOPE, d.nameZh() + "处置员（演示）", true, d.code())) {
                created++;
                audit.record("system", null, "user.create", "user:" + username, null,
                        Map.of("role", Role.DEPARTMENT.key(), "scope", DISTRICT_SCOPE, "department", d.code(), "demo", true));
            }
        }
        if (created > 0) {
            LOG.info("Demo department handlers: {} created (user dept_<department code>, password {})", created, DemoUsers.DEMO_PASSWORD);
        }
    }
}
