package cn.yiwang.security;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import cn.yiwang.api.ApiException;
import cn.yiwang.api.Problem;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecurityRule;
import io.micronaut.security.token.generator.AccessRefreshTokenGenerator;
import io.micronaut.security.token.render.AccessRefreshToken;
import io.micronaut.serde.annotation.Serdeable;

/**
 * {@code POST /login} with {@code {"username","password"}} → {@code {"access_token", "token_type":
 * "Bearer", "expires_in", "username", "roles"}} (Micronaut Security's bearer shape). The token carries
 * the role and the grid scope ({@code scope} claim). Wrong credentials → 401; repeated failures →
 * 429 with {@code Retry-After}. Every attempt is audited.
 */
@Controller
@Secured(SecurityRule.IS_ANONYMOUS)
@ExecuteOn(TaskExecutors.BLOCKING)
public class LoginController {

    /** The login body. */
    @Serdeable
    public record Credentials(@Nullable String username, @Nullable String password) {
    }

    private final UserRepository users;
    private final PasswordHasher hasher;
    private final AccessRefreshTokenGenerator tokens;
    private final AuditLog audit;
    private final LoginThrottle throttle;

    public LoginController(UserRepository users, PasswordHasher hasher, AccessRefreshTokenGenerator tokens, AuditLog audit,
                           SecuritySettings settings) {
        this.users = users;
        this.hasher = hasher;
        this.tokens = tokens;
        this.audit = audit;
        this.throttle = new LoginThrottle(settings.maxFailedLogins(), Duration.ofSeconds(settings.lockoutSeconds()),
                Duration.ofSeconds(settings.maxLockoutSeconds()), Clock.systemUTC());
    }

    @Post(uri = "/login", consumes = MediaType.APPLICATION_JSON, produces = MediaType.APPLICATION_JSON)
    public HttpResponse<?> login(HttpRequest<?> request, @Body Credentials body) {
        String username = body.username() == null ? "" : body.username().trim().toLowerCase(java.util.Locale.ROOT);
        if (username.isEmpty() || username.length() > 64) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "/problems/invalid-body", "Field 'username' is required (1 to 64 characters).",
                    List.of(new Problem.InvalidParam(null, "/username", "required, 1 to 64 characters")));
        }
        if (body.password() == null || body.password().isEmpty() || body.password().length() > 200) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "/problems/invalid-body", "Field 'password' is required (1 to 200 characters).",
                    List.of(new Problem.InvalidParam(null, "/password", "required, 1 to 200 characters")));
        }
        String ip = request.getRemoteAddress().getAddress().getHostAddress();
        Optional<Duration> blocked = throttle.blockedFor(username, ip);
        if (blocked.isPresent()) {
            long seconds = Math.max(1, blocked.get().toSeconds());
            audit.record(username, null, "login.throttled", "user:" + username, ip, Map.of("retryAfterSeconds", seconds));
            return HttpResponse.status(HttpStatus.TOO_MANY_REQUESTS)
                    .header("Retry-After", Long.toString(seconds))
                    .contentType(Problem.MEDIA_TYPE)
                    .body(new Problem("/problems/too-many-login-failures", "Too Many Requests", 429,
                            "Too many failed logins for '" + username + "'. Try again in " + seconds + " s.", request.getPath(), null));
        }
        Optional<AppUser> user = users.find(username);
        boolean ok = hasher.matches(body.password(), user.map(AppUser::passwordHash).orElse(null))
                && user.map(u -> !u.disabled()).orElse(false);
        if (!ok) {
            throttle.failed(username, ip);
            audit.record(username, null, "login.failed", "user:" + username, ip, Map.of());
            return HttpResponse.status(HttpStatus.UNAUTHORIZED)
                    .contentType(Problem.MEDIA_TYPE)
                    .body(new Problem("/problems/bad-credentials", "Unauthorized", 401,
                            "Wrong username or password.", request.getPath(), null));
        }
        throttle.succeeded(username, ip);
        AppUser u = user.get();
        Map<String, Object> claims = new java.util.HashMap<>(Map.of(Caller.SCOPE_CLAIM, u.scopeCode(), "name", u.displayName(),
                Caller.USER_ID_CLAIM, u.id()));
        if (u.departmentCode() != null) {
            claims.put(Caller.DEPARTMENT_CLAIM, u.departmentCode());
        }
        Authentication authentication = Authentication.build(u.username(), List.of(u.role().key()), claims);
        AccessRefreshToken token = tokens.generate(authentication)
                .orElseThrow(() -> new IllegalStateException("token generation failed"));
        audit.record(u.username(), u.role().key(), "login", "user:" + u.username(), ip, Map.of());
        return HttpResponse.ok(token);
    }
}
