package cn.yiwang.security;

/** A row of {@code app_user}. */
public record AppUser(long id, String username, String passwordHash, Role role, String scopeCode, String displayName,
                      boolean demo, boolean disabled,
                      @io.micronaut.core.annotation.Nullable String departmentCode) {
}
