package cn.yiwang.screen;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;

import cn.yiwang.api.ApiException;
import cn.yiwang.calendar.CalendarConfiguration;
import cn.yiwang.security.Caller;
import cn.yiwang.security.Role;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;

/**
 * The big screen's reads, for the ops center, dispatchers and admins (others 403). Every endpoint takes
 * {@code scope} (a grid code inside the caller's scope, default the caller's; 400 when not a grid code,
 * 403 outside, 404 when no such grid):
 * <ul>
 * <li>{@code GET /api/screen/summary}: today's figures, received per hour today and yesterday, the child
 * grids ranked, top categories;</li>
 * <li>{@code GET /api/screen/markers}: open and today's cases as compact columns ({@code limit} 1–50,000,
 * default 20,000) plus the newest for the ticker and the live event id to resume the stream from;</li>
 * <li>{@code GET /api/screen/replay}: creations and closures of the last {@code hours} (1–24, default 24).</li>
 * </ul>
 * No personal data is read. The cases routed to no grid belong to the ops center's own scope, so
 * markers and replay include them for ops and admins reading their whole scope.
 */
@Controller("/api/screen")
@Secured({Role.OPS_KEY, Role.ADMIN_KEY, Role.DISPATCHER_KEY})
@ExecuteOn(TaskExecutors.BLOCKING)
public class ScreenController {

    static final int MAX_MARKERS = 50_000;
    static final int DEFAULT_MARKERS = 20_000;
    static final int TICKER_LINES = 30;
    static final int MAX_CATEGORIES = 10;
    static final int MAX_REPLAY_EVENTS = 100_000;

    private final ScreenRepository repository;
    private final ZoneId zone;
    private final Clock clock = Clock.systemUTC();

    public ScreenController(ScreenRepository repository, CalendarConfiguration calendar) {
        this.repository = repository;
        this.zone = ZoneId.of(calendar.zone());
    }

    @Get(uri = "/summary", produces = MediaType.APPLICATION_JSON)
    public ScreenRepository.Summary summary(@Nullable @QueryValue String scope, Authentication auth) {
        Caller caller = Caller.of(auth);
        String code = ScreenScope.requested(scope, caller);
        String[] grid = resolve(code);
        Instant now = clock.instant();
        return repository.summary(ScreenScope.of(code, grid[0]), grid[1], ScreenDay.of(now, zone),
                now.atZone(zone).toLocalDate().toString(), MAX_CATEGORIES);
    }

    @Get(uri = "/markers", produces = MediaType.APPLICATION_JSON)
    public ScreenRepository.Markers markers(@Nullable @QueryValue String scope, @Nullable @QueryValue String limit, Authentication auth) {
        Caller caller = Caller.of(auth);
        String code = ScreenScope.requested(scope, caller);
        String[] grid = resolve(code);
        int max = intParam("limit", limit, DEFAULT_MARKERS, 1, MAX_MARKERS);
        return repository.markers(ScreenScope.of(code, grid[0]), withUnassigned(caller, code), ScreenDay.of(clock.instant(), zone), max,
                TICKER_LINES);
    }

    @Get(uri = "/replay", produces = MediaType.APPLICATION_JSON)
    public ScreenRepository.Replay replay(@Nullable @QueryValue String scope, @Nullable @QueryValue String hours, Authentication auth) {
        Caller caller = Caller.of(auth);
        String code = ScreenScope.requested(scope, caller);
        String[] grid = resolve(code);
        int h = intParam("hours", hours, 24, 1, 24);
        Instant to = clock.instant();
        return repository.replay(ScreenScope.of(code, grid[0]), withUnassigned(caller, code), to.minus(Duration.ofHours(h)), to,
                MAX_REPLAY_EVENTS);
    }

    private static boolean withUnassigned(Caller caller, String code) {
        return (caller.role() == Role.OPS || caller.role() == Role.ADMIN) && code.equals(caller.scope());
    }

    /** Level and name of the scope; a 4-digit city code without a grid row is the city. */
    private String[] resolve(String code) {
        return repository.grid(code).orElseGet(() -> {
            if (code.length() == 4) {
                return new String[] {"city", null};
            }
            throw ApiException.notFound("No grid '" + code + "'.");
        });
    }

    private static int intParam(String name, @Nullable String raw, int dflt, int min, int max) {
        if (raw == null || raw.isBlank()) {
            return dflt;
        }
        int v;
        try {
            v = Integer.parseInt(raw.trim());
        } catch (NumberFormatException e) {
            throw ApiException.badParameter(name, "'" + cn.yiwang.api.Params.clip(raw) + "' is not an integer");
        }
        if (v < min || v > max) {
            throw ApiException.badParameter(name, v + " is outside " + min + ".." + max);
        }
        return v;
    }
}
