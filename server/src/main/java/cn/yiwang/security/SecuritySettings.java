package cn.yiwang.security;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;

/**
 * {@code yiwang.security}.
 *
 * @param publicGridRead       anonymous callers may GET {@code /api/grids/**} (the demo opens it; off by default)
 * @param demoUsers            create the demo users (password {@code yiwang-demo}) at first start; a
 *                             configuration with this off refuses to start while any demo user or
 *                             default password remains
 * @param maxFailedLogins      consecutive failures of one username from one address before it is slowed down
 * @param lockoutSeconds       first wait after {@code maxFailedLogins}; doubles with each further failure
 * @param maxLockoutSeconds    the longest wait
 */
@ConfigurationProperties("yiwang.security")
public record SecuritySettings(
        @Bindable(defaultValue = "false") boolean publicGridRead,
        @Bindable(defaultValue = "false") boolean demoUsers,
        @Bindable(defaultValue = "5") int maxFailedLogins,
        @Bindable(defaultValue = "30") int lockoutSeconds,
        @Bindable(defaultValue = "900") int maxLockoutSeconds) {
}
