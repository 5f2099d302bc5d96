package cn.yiwang.security;

import org.reactivestreams.Publisher;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.async.publisher.Publishers;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.HttpRequest;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecuredAnnotationRule;
import io.micronaut.security.rules.SecurityRule;
import io.micronaut.security.rules.SecurityRuleResult;
import jakarta.inject.Singleton;

/**
 * When {@code yiwang.security.public-grid-read} is on, lets anonymous callers GET the grid read API
 * ({@code /api/grids} and below: boundaries and the point lookup, never personal data). Runs before
 * the {@code @Secured} annotation rule; otherwise it abstains.
 */
@Singleton
public class PublicGridReadRule implements SecurityRule<HttpRequest<?>> {

    private final boolean enabled;

    public PublicGridReadRule(SecuritySettings settings) {
        this.enabled = settings.publicGridRead();
    }

    @Override
    public Publisher<SecurityRuleResult> check(@Nullable HttpRequest<?> request, @Nullable Authentication authentication) {
        if (enabled && request != null && (request.getMethod() == HttpMethod.GET || request.getMethod() == HttpMethod.HEAD)) {
            String path = request.getPath();
            if (path.equals("/api/grids") || path.startsWith("/api/grids/")) {
                return Publishers.just(SecurityRuleResult.ALLOWED);
            }
        }
        return Publishers.just(SecurityRuleResult.UNKNOWN);
    }

    @Override
    public int getOrder() {
        return SecuredAnnotationRule.ORDER - 100;
    }
}
