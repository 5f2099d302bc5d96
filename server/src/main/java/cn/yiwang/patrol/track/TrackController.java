package cn.yiwang.patrol.track;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import cn.yiwang.api.ApiException;
import cn.yiwang.api.Params;
import cn.yiwang.api.Problem;
import cn.yiwang.patrol.PatrolConfiguration;
import cn.yiwang.patrol.PatrolController;
import cn.yiwang.patrol.PatrolPrivacyConfiguration;
import cn.yiwang.security.AuditLog;
import cn.yiwang.security.Caller;
import cn.yiwang.security.Role;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecurityRule;

/**
 * Track reads. {@code GET /api/patrol/tracks/{username}?date=YYYY-MM-DD} (or {@code from}/{@code to}
 * instants, at most {@code max-playback-days} apart; neither: today) answers the worker's fixes in
 * time order as compact parallel arrays with their own grid and its boundary, or GPX with
 * {@code Accept: application/gpx+xml} or a {@code .gpx} suffix. {@code GET /api/patrol/tracks/today}
 * answers today's simplified tracks of a scope for the big screen (desk roles). Visibility is
 * {@link TrackAccess}; every read is audited ({@code patrol.track_view}, {@code patrol.track_export},
 * {@code patrol.tracks_today}) with whose track and which days.
 */
@Controller("/api/patrol/tracks")
@Secured(SecurityRule.IS_AUTHENTICATED)
@ExecuteOn(TaskExecutors.BLOCKING)
public class TrackController {

    private final TrackRepository tracks;
    private final TodayTracks today;
    private final AuditLog audit;
    private final PatrolPrivacyConfiguration config;
    private final ZoneId zone;

    public TrackController(TrackRepository tracks, TodayTracks today, AuditLog audit, PatrolConfiguration patrol,
                           PatrolPrivacyConfiguration config) {
        this.tracks = tracks;
        this.today = today;
        this.audit = audit;
        this.config = config;
        this.zone = ZoneId.of(patrol.zoneId());
    }

    @Get(uri = "/today", produces = MediaType.APPLICATION_JSON)
    public HttpResponse<String> today(HttpRequest<?> request, @Nullable @QueryValue String scope, Authentication auth) {
        Caller caller = Caller.of(auth);
        if (!TrackAccess.readsOthers(caller)) {
            throw new ApiException(HttpStatus.FORBIDDEN, "/problems/forbidden", "Today's tracks are for desk roles"
                    + " (dispatcher, ops, admin); your role is " + caller.role().key(), List.of());
        }
        String code = scope(scope, caller);
        TodayTracks.Result r = today.read(code);
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("scope", code);
        detail.put("day", LocalDate.now(zone).toString());
        detail.put("workers", r.workers());
        audit.record(caller.username(), caller.role().key(), "patrol.tracks_today", code, ip(request), detail);
        return HttpResponse.ok(r.geoJson()).contentType(MediaType.APPLICATION_JSON_TYPE).header(HttpHeaders.CACHE_CONTROL, "no-store");
    }

    @Get(uri = "/{username}", produces = {MediaType.APPLICATION_JSON, PatrolController.GPX})
    public HttpResponse<String> track(HttpRequest<?> request, @PathVariable String username, @Nullable @QueryValue String date,
                                      @Nullable @QueryValue String from, @Nullable @QueryValue String to, Authentication auth) {
        Caller caller = Caller.of(auth);
        boolean gpx = request.getHeaders().accept().stream().anyMatch(m -> PatrolController.GPX.equals(m.getName()));
        String name = username;
        if (name.endsWith(".gpx")) {
            gpx = true;
            name = name.substring(0, name.length() - 4);
        }
        Instant[] range = range(date, from, to);
        if (!name.matches("^[a-z0-9_.-]{2,64}$")) {
            throw ApiException.badParameter("username", "'" + Params.clip(name) + "' is not a user name");
        }
        if (caller.role() == Role.GRID_WORKER && !caller.username().equals(name)) {
            throw new ApiException(HttpStatus.FORBIDDEN, "/problems/forbidden", "A grid worker may read their own track only,"
                    + " not '" + name + "'", List.of());
        }
        TrackRepository.Worker worker = tracks.worker(name);
        TrackAccess.Verdict verdict = worker == null ? (TrackAccess.readsOthers(caller) || caller.username().equals(name)
                ? TrackAccess.Verdict.OUT_OF_SCOPE : TrackAccess.Verdict.ROLE)
                : TrackAccess.check(caller, worker.id(), worker.visibilityGrid());
        switch (verdict) {
            case ROLE -> throw new ApiException(HttpStatus.FORBIDDEN, "/problems/forbidden", "Your role ("
                    + caller.role().key() + ") may not read other workers' raw tracks; desk roles may, within their scope",
                    List.of());
            case NOT_OWN -> throw new ApiException(HttpStatus.FORBIDDEN, "/problems/forbidden", "A grid worker may read"
                    + " their own track only, not '" + name + "'", List.of());
            case OUT_OF_SCOPE -> throw new ApiException(HttpStatus.NOT_FOUND, "/problems/unknown-worker", "No worker '"
                    + name + "' in your scope " + caller.scope(), List.of(new Problem.InvalidParam("username", null,
                    "no such worker in your scope")));
            default -> {
            }
        }
        TrackRepository.Fixes fixes = tracks.fixes(worker.id(), range[0], range[1]);
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("worker", worker.username());
        detail.put("userId", worker.id());
        detail.put("days", days(range[0], range[1]));
        detail.put("from", range[0].toString());
        detail.put("to", range[1].toString());
        detail.put("points", fixes.count());
        audit.record(caller.username(), caller.role().key(), gpx ? "patrol.track_export" : "patrol.track_view",
                worker.username(), ip(request), detail);
        if (gpx) {
            String file = "patrol-" + worker.username() + "-" + range[0].atZone(zone).toLocalDate() + ".gpx";
            return HttpResponse.ok(GpxTrackWriter.write(worker, range[0], range[1], fixes))
                    .contentType(new MediaType(PatrolController.GPX + ";charset=utf-8"))
                    .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + file + "\"")
                    .header(HttpHeaders.CACHE_CONTROL, "no-store");
        }
        TrackRepository.Grid grid = worker.ownGrid() == null ? null : tracks.grid(worker.ownGrid());
        return HttpResponse.ok(TrackJsonWriter.write(worker, range[0], range[1], fixes, grid))
                .contentType(MediaType.APPLICATION_JSON_TYPE).header(HttpHeaders.CACHE_CONTROL, "no-store");
    }

    /** [from, to) from {@code date}, or {@code from} + {@code to}, or today. */
    Instant[] range(@Nullable String date, @Nullable String from, @Nullable String to) {
        if (date != null && (from != null || to != null)) {
            throw ApiException.badParameter("date", "give either date or from and to, not both");
        }
        if (from == null && to == null) {
            LocalDate day;
            if (date == null) {
                day = LocalDate.now(zone);
            } else {
                try {
                    day = LocalDate.parse(date);
                } catch (DateTimeException e) {
                    throw ApiException.badParameter("date", "'" + Params.clip(date) + "' is not a day like 2026-11-23");
                }
            }
            return new Instant[] {day.atStartOfDay(zone).toInstant(), day.plusDays(1).atStartOfDay(zone).toInstant()};
        }
        if (from == null || to == null) {
            throw ApiException.badParameter(from == null ? "from" : "to", "missing: give both from and to (ISO-8601 instants)");
        }
        Instant a = instant("from", from);
        Instant b = instant("to", to);
        if (!b.isAfter(a)) {
            throw ApiException.badParameter("to", "'" + Params.clip(to) + "' is not after from '" + Params.clip(from) + "'");
        }
        if (Duration.between(a, b).compareTo(Duration.ofDays(config.maxPlaybackDays())) > 0) {
            throw ApiException.badParameter("to", "the range " + a + " – " + b + " is longer than "
                    + config.maxPlaybackDays() + " days: read it in parts");
        }
        return new Instant[] {a, b};
    }

    private static Instant instant(String name, String raw) {
        try {
            return OffsetDateTime.parse(raw).toInstant();
        } catch (DateTimeException e) {
            throw ApiException.badParameter(name, "'" + Params.clip(raw) + "' is not an ISO-8601 instant like 2026-11-23T08:00:00+08:00");
        }
    }

    private List<String> days(Instant from, Instant to) {
        List<String> days = new ArrayList<>();
        LocalDate last = to.minusNanos(1).atZone(zone).toLocalDate();
        for (LocalDate d = from.atZone(zone).toLocalDate(); !d.isAfter(last); d = d.plusDays(1)) {
            days.add(d.toString());
        }
        return days;
    }

    private static String scope(@Nullable String raw, Caller caller) {
        if (raw == null || raw.isBlank()) {
            return caller.scope();
        }
        if (!raw.matches("^[0-9]{2,32}$")) {
            throw ApiException.badParameter("scope", "'" + Params.clip(raw) + "' is not a grid code");
        }
        if (!caller.covers(raw)) {
            throw new ApiException(HttpStatus.FORBIDDEN, "/problems/forbidden-scope", "Scope '" + raw
                    + "' is outside your scope '" + caller.scope() + "'.", List.of(new Problem.InvalidParam("scope", null,
                    "outside your scope " + caller.scope())));
        }
        return raw;
    }

    private static String ip(HttpRequest<?> request) {
        return request.getRemoteAddress().getAddress().getHostAddress();
    }
}
