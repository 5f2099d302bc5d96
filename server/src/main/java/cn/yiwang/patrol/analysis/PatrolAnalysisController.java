package cn.yiwang.patrol.analysis;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.locationtech.jts.geom.MultiLineString;
import org.locationtech.jts.io.ParseException;
import org.locationtech.jts.io.WKBReader;
import org.locationtech.jts.io.geojson.GeoJsonWriter;

import cn.yiwang.api.ApiException;
import cn.yiwang.security.AuditLog;
import cn.yiwang.security.Caller;
import cn.yiwang.security.Role;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.json.JsonMapper;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecurityRule;

/**
 * Patrol analysis over HTTP: the stored worker-days of a date ({@code GET /api/patrol/days}), one
 * worker-day in full ({@code GET /api/patrol/days/{username}/{date}}, analysed on demand when not
 * stored yet or when it is today), any time range of one worker ({@code GET /api/patrol/analysis/{username}},
 * not stored), a day run ({@code POST /api/admin/patrol/analyse}, desk roles, audited) and the blind
 * spots ({@code GET /api/patrol/blind-spots}).
 *
 * <p>Who sees whom: a grid worker only themselves; dispatchers, the ops center, admins and analysts
 * the workers whose own grid lies in their scope; other roles nobody (403). An unknown user is 404;
 * a known one outside the caller's reach is 403. Viewing another worker's day (stops are places) is
 * audited.
 */
@Controller
@Secured(SecurityRule.IS_AUTHENTICATED)
@ExecuteOn(TaskExecutors.BLOCKING)
public class PatrolAnalysisController {

    /** Longest range of {@code GET /api/patrol/analysis}. */
    static final int MAX_RANGE_DAYS = 31;
    static final int MAX_BLIND_DAYS = 90;
    static final int MAX_BLIND_SPOTS = 5000;

    private final PatrolAnalysisService service;
    private final PatrolDayRepository repository;
    private final AuditLog audit;
    private final JsonMapper json;

    public PatrolAnalysisController(PatrolAnalysisService service, PatrolDayRepository repository, AuditLog audit, JsonMapper json) {
        this.service = service;
        this.repository = repository;
        this.audit = audit;
        this.json = json;
    }

    @Get("/api/patrol/days")
    public Map<String, Object> days(@QueryValue @Nullable String date, @QueryValue @Nullable String grid, Authentication auth) {
        Caller caller = Caller.of(auth);
        LocalDate day = date == null ? service.today() : date(date, "date");
        String prefix = scopeOf(caller, grid);
        List<Map<String, Object>> items = new ArrayList<>();
        for (PatrolDayRepository.Row r : repository.list(day, prefix, caller.role() == Role.GRID_WORKER ? caller.username() : null)) {
            items.add(summary(r));
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("date", day.toString());
        out.put("scope", prefix);
        out.put("count", items.size());
        out.put("items", items);
        return out;
    }

    @Get("/api/patrol/days/{username}/{date}")
    public Map<String, Object> day(HttpRequest<?> request, @PathVariable String username, @PathVariable String date,
                                   @QueryValue @Nullable Boolean refresh, Authentication auth) {
        Caller caller = Caller.of(auth);
        LocalDate day = date(date, "date");
        if (day.isAfter(service.today())) {
            throw ApiException.badParameter("date", "'" + date + "' is in the future: nothing to analyse yet");
        }
        PatrolDayRepository.Worker worker = reachable(caller, username);
        PatrolDayRepository.Row row = repository.find(worker.userId(), day).orElse(null);
        if (row == null && service.pastRetention(day)) {
            throw ApiException.notFound("No patrol analysis of " + username + " on " + day + " was stored, and the raw fixes of that"
                    + " day are past retention");
        }
        if (row == null || Boolean.TRUE.equals(refresh) || !day.isBefore(service.today())) {
            service.analyseAndStore(worker, day);
            row = repository.find(worker.userId(), day).orElseThrow();
        }
        viewed(request, caller, worker, "patrol.day_view", day.toString());
        Map<String, Object> out = summary(row);
        out.put("detail", row.detailJson() == null ? Map.of() : parse(row.detailJson()));
        MultiLineString track = track(row.trackWkbHex());
        String coverage = service.coverageGeoJson(row.gridCode(), track);
        out.put("coverage", coverage == null ? null : parse(coverage));
        out.put("track", track == null ? null : parse(geoJson(track)));
        return out;
    }

    @Get("/api/patrol/analysis/{username}")
    public Map<String, Object> range(HttpRequest<?> request, @PathVariable String username, @QueryValue @Nullable String from,
                                     @QueryValue @Nullable String to, Authentication auth) {
        Caller caller = Caller.of(auth);
        Instant f = instant(from, "from");
        Instant t = instant(to, "to");
        if (!t.isAfter(f)) {
            throw ApiException.badParameter("to", "'" + to + "' is not after from '" + from + "'");
        }
        if (java.time.Duration.between(f, t).toDays() >= MAX_RANGE_DAYS) {
            throw ApiException.badParameter("to", "the range is longer than " + MAX_RANGE_DAYS + " days: use GET /api/patrol/days per day");
        }
        PatrolDayRepository.Worker worker = reachable(caller, username);
        PatrolDayResult r = service.analyseRange(worker, f, t);
        viewed(request, caller, worker, "patrol.range_view", f + "/" + t);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("username", worker.username());
        out.put("grid", worker.ownGrid());
        out.put("from", f.toString());
        out.put("to", t.toString());
        out.put("fixes", r.fixes());
        out.put("keptFixes", r.keptFixes());
        out.put("distanceMeters", Math.round(r.distanceMeters() * 10) / 10.0);
        out.put("durationSeconds", r.durationSeconds());
        out.put("insideSeconds", r.insideSeconds());
        out.put("coverageShare", r.coverageShare());
        out.put("buildingsTotal", r.buildingsTotal());
        out.put("buildingsPassed", r.buildingsPassed());
        out.put("compliant", r.compliant());
        out.put("detail", parse(service.detailJson(r)));
        String coverage = service.coverageGeoJson(worker.ownGrid(), r.track());
        out.put("coverage", coverage == null ? null : parse(coverage));
        return out;
    }

    @Post("/api/admin/patrol/analyse")
    @Secured({Role.ADMIN_KEY, Role.OPS_KEY, Role.DISPATCHER_KEY})
    public Map<String, Object> analyse(HttpRequest<?> request, @QueryValue @Nullable String date, @QueryValue @Nullable String grid,
                                       Authentication auth) {
        Caller caller = Caller.of(auth);
        if (date == null) {
            throw ApiException.badParameter("date", "missing: the day to analyse, YYYY-MM-DD");
        }
        LocalDate day = date(date, "date");
        if (day.isAfter(service.today())) {
            throw ApiException.badParameter("date", "'" + date + "' is in the future: nothing to analyse yet");
        }
        String prefix = scopeOf(caller, grid);
        PatrolAnalysisService.RunSummary s = service.analyseDay(day, prefix);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("date", day.toString());
        out.put("scope", prefix);
        out.put("workers", s.workers());
        out.put("withFixes", s.withFixes());
        out.put("compliant", s.compliant());
        out.put("millis", s.millis());
        audit.record(caller.username(), caller.role().key(), "patrol.analyse", day + " " + prefix, ip(request), out);
        return out;
    }

    @Get("/api/patrol/blind-spots")
    public Map<String, Object> blindSpots(@QueryValue @Nullable String days, @QueryValue @Nullable String scope,
                                          @QueryValue @Nullable String until, Authentication auth) {
        Caller caller = Caller.of(auth);
        if (caller.role() == Role.DEPARTMENT) {
            throw new ApiException(HttpStatus.FORBIDDEN, "/problems/forbidden", "Departments do not see patrol blind spots", List.of());
        }
        int n = 7;
        if (days != null) {
            try {
                n = Integer.parseInt(days.trim());
            } catch (NumberFormatException e) {
                throw ApiException.badParameter("days", "'" + days + "' is not a whole number of days");
            }
            if (n < 1 || n > MAX_BLIND_DAYS) {
                throw ApiException.badParameter("days", n + " is outside 1–" + MAX_BLIND_DAYS);
            }
        }
        String prefix = scope == null || scope.isBlank() ? caller.scope() : scope.trim();
        if (!caller.covers(prefix)) {
            throw new ApiException(HttpStatus.FORBIDDEN, "/problems/forbidden", "Scope '" + prefix + "' is outside yours ("
                    + caller.scope() + ")", List.of());
        }
        LocalDate end = until == null ? service.today() : date(until, "until");
        LocalDate since = end.minusDays(n - 1L);
        List<PatrolDayRepository.BlindSpot> spots = repository.blindSpots(prefix, since, end, MAX_BLIND_SPOTS);
        List<Map<String, Object>> features = new ArrayList<>();
        int micro = 0;
        for (PatrolDayRepository.BlindSpot b : spots) {
            micro += "micro".equals(b.kind()) ? 1 : 0;
            Map<String, Object> props = new LinkedHashMap<>();
            props.put("kind", b.kind());
            props.put("id", b.id());
            props.put("name", b.name());
            props.put("grid", b.gridCode());
            props.put("lastPassed", b.lastPassed() == null ? null : b.lastPassed().toString());
            Map<String, Object> f = new LinkedHashMap<>();
            f.put("type", "Feature");
            f.put("id", b.kind() + ":" + b.id());
            f.put("geometry", parse(b.geometryJson()));
            f.put("properties", props);
            features.add(f);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("type", "FeatureCollection");
        out.put("scope", prefix);
        out.put("days", n);
        out.put("since", since.toString());
        out.put("until", end.toString());
        out.put("microGrids", micro);
        out.put("buildings", spots.size() - micro);
        out.put("features", features);
        return out;
    }

    /** The grid prefix a list covers: the caller's scope, narrowed by {@code grid}; 403 for roles that see no patrol days. */
    private static String scopeOf(Caller caller, @Nullable String grid) {
        Role role = caller.role();
        if (role == Role.DEPARTMENT || role == Role.PLANNER) {
            throw new ApiException(HttpStatus.FORBIDDEN, "/problems/forbidden", "Role " + role.key() + " does not see patrol days", List.of());
        }
        if (grid == null || grid.isBlank()) {
            return caller.scope();
        }
        String g = grid.trim();
        if (!g.matches("[0-9A-Za-z_-]{1,40}")) {
            throw ApiException.badParameter("grid", "'" + g + "' is not a grid code");
        }
        if (!caller.covers(g)) {
            throw new ApiException(HttpStatus.FORBIDDEN, "/problems/forbidden", "Grid '" + g + "' is outside your scope ("
                    + caller.scope() + ")", List.of());
        }
        return g;
    }

    /** The worker named, if the caller may see them: 404 unknown, 403 out of reach. */
    private PatrolDayRepository.Worker reachable(Caller caller, String username) {
        PatrolDayRepository.Worker worker = repository.worker(username).orElse(null);
        if (worker == null) {
            if (repository.userExists(username)) {
                throw ApiException.notFound("User '" + username + "' is not a grid worker: no patrol days");
            }
            throw ApiException.notFound("Unknown user '" + username + "'");
        }
        boolean self = caller.userId() == worker.userId();
        boolean allowed = switch (caller.role()) {
            case GRID_WORKER -> self;
            case ADMIN, OPS, DISPATCHER, ANALYST -> self || caller.covers(worker.visibilityGrid());
            default -> false;
        };
        if (!allowed) {
            throw new ApiException(HttpStatus.FORBIDDEN, "/problems/forbidden", "You may not see the patrol of '" + username
                    + "': " + (caller.role() == Role.GRID_WORKER ? "grid workers see their own days only" : "outside your scope or role"),
                    List.of());
        }
        return worker;
    }

    private void viewed(HttpRequest<?> request, Caller caller, PatrolDayRepository.Worker worker, String action, String what) {
        if (caller.userId() != worker.userId()) {
            audit.record(caller.username(), caller.role().key(), action, worker.username(), ip(request), Map.of("range", what));
        }
    }

    private static Map<String, Object> summary(PatrolDayRepository.Row r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("username", r.username());
        m.put("date", r.day().toString());
        m.put("grid", r.gridCode());
        m.put("fixes", r.fixes());
        m.put("keptFixes", r.keptFixes());
        m.put("firstFixAt", r.firstFixAt() == null ? null : r.firstFixAt().toString());
        m.put("lastFixAt", r.lastFixAt() == null ? null : r.lastFixAt().toString());
        m.put("distanceMeters", Math.round(r.distanceMeters() * 10) / 10.0);
        m.put("durationSeconds", r.durationSeconds());
        m.put("insideSeconds", r.insideSeconds());
        m.put("insideShare", r.durationSeconds() == 0 ? 0.0 : (double) r.insideSeconds() / r.durationSeconds());
        m.put("coverageShare", r.coverageShare());
        m.put("buildingsTotal", r.buildingsTotal());
        m.put("buildingsPassed", r.buildingsPassed());
        m.put("stops", r.stops());
        m.put("idleGaps", r.idleGaps());
        m.put("casesReported", r.casesReported());
        m.put("compliant", r.compliant());
        m.put("microPassed", r.microPassed());
        m.put("analysedAt", r.analysedAt().toString());
        return m;
    }

    private static LocalDate date(String raw, String name) {
        try {
            return LocalDate.parse(raw.trim());
        } catch (DateTimeParseException e) {
            throw ApiException.badParameter(name, "'" + raw + "' is not a date (YYYY-MM-DD)");
        }
    }

    private static Instant instant(@Nullable String raw, String name) {
        if (raw == null || raw.isBlank()) {
            throw ApiException.badParameter(name, "missing: an ISO-8601 time with offset, e.g. 2026-11-23T08:00:00+08:00");
        }
        try {
            return OffsetDateTime.parse(raw.trim()).toInstant();
        } catch (DateTimeParseException e) {
            throw ApiException.badParameter(name, "'" + raw + "' is not an ISO-8601 time with offset (e.g. 2026-11-23T08:00:00+08:00)");
        }
    }

    private static @Nullable MultiLineString track(@Nullable String hex) {
        if (hex == null) {
            return null;
        }
        try {
            return (MultiLineString) new WKBReader().read(WKBReader.hexToBytes(hex));
        } catch (ParseException e) {
            throw new IllegalStateException("a stored patrol track is not WKB", e);
        }
    }

    private static String geoJson(org.locationtech.jts.geom.Geometry g) {
        GeoJsonWriter w = new GeoJsonWriter(7);
        w.setEncodeCRS(false);
        return w.write(g);
    }

    private Object parse(String text) {
        try {
            return json.readValue(text, Argument.of(Object.class));
        } catch (java.io.IOException e) {
            throw new IllegalStateException("stored JSON is unreadable", e);
        }
    }

    private static String ip(HttpRequest<?> request) {
        return request.getRemoteAddress().getAddress().getHostAddress();
    }
}
