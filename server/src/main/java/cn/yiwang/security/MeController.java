package cn.yiwang.security;

import java.util.Map;

import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecurityRule;
import io.micronaut.serde.annotation.Serdeable;

/** {@code GET /api/me}: who the token says the caller is (username, role, grid scope). */
@Controller("/api/me")
@Secured(SecurityRule.IS_AUTHENTICATED)
public class MeController {

    /** The caller. */
    @Serdeable
    public record Me(String username, String role, String scope, String name) {
    }

    @Get
    public Me me(Authentication authentication) {
        Map<String, Object> attrs = authentication.getAttributes();
        String role = authentication.getRoles().stream().findFirst().orElse("");
        return new Me(authentication.getName(), role, String.valueOf(attrs.get("scope")), String.valueOf(attrs.getOrDefault("name", "")));
    }
}
