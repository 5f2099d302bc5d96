package cn.yiwang.security;

import java.util.Map;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.security.authentication.Authentication;

/**
 * The authenticated user behind a request, as the token states it: role, grid scope (a grid code of
 * any level; the caller sees that grid and everything below it, since child codes extend their
 * parent's code) and, for department handlers, the department.
 */
public record Caller(String username, long userId, Role role, String scope, @Nullable String departmentCode) {

    public static final String USER_ID_CLAIM = "uid";
    public static final String SCOPE_CLAIM = "scope";
    public static final String DEPARTMENT_CLAIM = "dept";

    public static Caller of(Authentication authentication) {
        Map<String, Object> attrs = authentication.getAttributes();
        Role role = Role.fromKey(authentication.getRoles().stream().findFirst().orElse(""));
        Object uid = attrs.get(USER_ID_CLAIM);
        long userId = uid instanceof Number n ? n.longValue() : uid == null ? -1 : Long.parseLong(uid.toString());
        Object dept = attrs.get(DEPARTMENT_CLAIM);
        return new Caller(authentication.getName(), userId, role, String.valueOf(attrs.get(SCOPE_CLAIM)),
                dept == null ? null : dept.toString());
    }

    /** Whether a grid code lies inside the caller's scope. */
    public boolean covers(@Nullable String gridCode) {
        return gridCode != null && gridCode.startsWith(scope);
    }

    /** Dispatchers, the ops center and admins work the queue. */
    public boolean isDesk() {
        return role == Role.DISPATCHER || role == Role.OPS || role == Role.ADMIN;
    }
}
