package cn.yiwang.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import cn.yiwang.testing.Http;
import cn.yiwang.testing.PostgisTest;
import io.micronaut.context.ApplicationContext;
import io.micronaut.json.JsonMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.token.validator.TokenValidator;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import reactor.core.publisher.Flux;

/** The server's real JWT validator behind the cache: what it accepts and refuses must not change. */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TokenValidationCacheTest implements PostgisTest {

    @Inject
    EmbeddedServer server;
    @Inject
    JsonMapper json;
    @Inject
    ApplicationContext context;
    Http http;

    @BeforeAll
    void client() {
        http = new Http(server, json);
    }

    @SuppressWarnings({"rawtypes", "unchecked"})
    List<TokenValidationCache.Caching<Object>> validators() {
        Collection<TokenValidator> all = context.getBeansOfType(TokenValidator.class);
        assertFalse(all.isEmpty());
        all.forEach(v -> assertTrue(v instanceof TokenValidationCache.Caching, "not wrapped: " + v.getClass()));
        return all.stream().map(v -> (TokenValidationCache.Caching<Object>) v).toList();
    }

    Authentication validate(String token) {
        for (TokenValidationCache.Caching<Object> v : validators()) {
            Authentication a = Flux.from(v.validateToken(token, null)).blockFirst();
            if (a != null) {
                return a;
            }
        }
        return null;
    }

    @Test
    void anAcceptedTokenIsRememberedAndATamperedOneIsStillRefused() {
        String token = http.login("dispatcher", DemoUsers.DEMO_PASSWORD);
        Authentication first = validate(token);
        assertEquals("dispatcher", first.getName());
        int remembered = validators().stream().mapToInt(TokenValidationCache.Caching::size).sum();
        assertTrue(remembered >= 1, "the accepted token is remembered");
        assertEquals("dispatcher", validate(token).getName());
        assertEquals(remembered, validators().stream().mapToInt(TokenValidationCache.Caching::size).sum(), "answered from memory");

        // Same header and signature, another role in the claims: the signature no longer matches.
        String[] parts = token.split("\\.");
        String claims = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
        String forged = Base64.getUrlEncoder().withoutPadding().encodeToString(
                claims.replace("\"dispatcher\"", "\"admin\"").getBytes(StandardCharsets.UTF_8));
        assertTrue(validate(parts[0] + "." + forged + "." + parts[2]) == null, "a forged token is refused although its sibling is remembered");
        assertEquals(401, http.get("/api/me", parts[0] + "." + forged + "." + parts[2]).status());
        assertEquals(401, http.get("/api/me", token + "x").status());

        Http.Response me = http.get("/api/me", token);
        assertEquals(200, me.status(), me.body());
        assertEquals("dispatcher", me.map().get("role"));
    }

    @Test
    void requestsGoThroughTheCache() {
        String token = http.login("analyst", DemoUsers.DEMO_PASSWORD);
        int before = validators().stream().mapToInt(TokenValidationCache.Caching::size).sum();
        assertEquals(200, http.get("/api/me", token).status());
        assertEquals(before + 1, validators().stream().mapToInt(TokenValidationCache.Caching::size).sum(),
                "the server's authentication used the wrapped validator");
    }

    @Test
    void aTokenIsRememberedNoLongerThanItsExpiryAndAMinute() {
        long now = 1_800_000_000_000L;
        assertEquals(now + 5_000, TokenValidationCache.rememberUntil(auth(new Date(now + 5_000)), now), "expires first");
        assertEquals(now + TokenValidationCache.TTL_MILLIS, TokenValidationCache.rememberUntil(auth(new Date(now + 3_600_000)), now));
        assertEquals(now + 5_000, TokenValidationCache.rememberUntil(auth((now + 5_000) / 1000), now), "exp in seconds");
        assertEquals(-1, TokenValidationCache.rememberUntil(auth(new Date(now - 1)), now), "already expired");
        assertEquals(-1, TokenValidationCache.rememberUntil(Authentication.build("x", Map.of()), now), "no exp: never remembered");
    }

    static Authentication auth(Object exp) {
        return Authentication.build("x", Map.of("exp", exp));
    }
}
