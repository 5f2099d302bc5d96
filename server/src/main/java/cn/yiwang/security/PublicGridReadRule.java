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
 * When {@code yiwang.security.public-grid-read} is on, lets anonymous callers GET what holds no
 * personal data: the grid read API ({@code /api/grids/**}, except a grid's {@code /history}, which
 * names who changed it and why), the layer catalog, and the grid and
 * building layers of OGC API – Features ({@code /ogc}, {@code /ogc/conformance}, {@code /ogc/api},
 * {@code /ogc/collections}, {@code /ogc/collections/grids-*|buildings/**}) and of the vector tiles
 * ({@code /tiles/grids-*|buildings…}), and the base map settings and tiles ({@code /api/basemap/**}). Cases and everything else stay behind authentication. Runs
 * before the {@code @Secured} annotation rule; otherwise it abstains.
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
            if (isPublic(request.getPath())) {
                return Publishers.just(SecurityRuleResult.ALLOWED);
            }
        }
        return Publishers.just(SecurityRuleResult.UNKNOWN);
    }

    static boolean isPublic(String path) {
        if (path.contains("..")) {
            return false;
        }
        if (path.startsWith("/api/grids/") && path.endsWith("/history")) {
            return false; // who changed a boundary and why: staff only
        }
        return path.equals("/api/grids") || path.startsWith("/api/grids/")
                || path.equals("/api/layers")
                || path.equals("/api/basemap") || path.startsWith("/api/basemap/tiles/")
                || path.equals("/ogc") || path.equals("/ogc/") || path.equals("/ogc/conformance") || path.equals("/ogc/api")
                || path.equals("/ogc/collections")
                || path.startsWith("/ogc/collections/grids-") || path.equals("/ogc/collections/buildings")
                || path.startsWith("/ogc/collections/buildings/")
                || path.startsWith("/tiles/grids-") || path.startsWith("/tiles/buildings/") || path.equals("/tiles/buildings.json");
    }

    @Override
    public int getOrder() {
        return SecuredAnnotationRule.ORDER - 100;
    }
}
