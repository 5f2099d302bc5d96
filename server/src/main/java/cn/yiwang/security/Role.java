package cn.yiwang.security;

import java.util.Locale;

/** The roles of Yiwang's users; {@link #key()} is what tokens, the database and {@code @Secured} use. */
public enum Role {
    ADMIN, OPS, DISPATCHER, GRID_WORKER, DEPARTMENT, PLANNER, ANALYST;

    public static final String ADMIN_KEY = "admin";
    public static final String OPS_KEY = "ops";
    public static final String DISPATCHER_KEY = "dispatcher";
    public static final String GRID_WORKER_KEY = "grid_worker";
    public static final String DEPARTMENT_KEY = "department";
    public static final String PLANNER_KEY = "planner";
    public static final String ANALYST_KEY = "analyst";

    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Role fromKey(String key) {
        for (Role r : values()) {
            if (r.key().equals(key)) {
                return r;
            }
        }
        throw new IllegalArgumentException("unknown role '" + key + "'");
    }
}
