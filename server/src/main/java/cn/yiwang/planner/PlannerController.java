package cn.yiwang.planner;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import cn.yiwang.api.ApiException;
import cn.yiwang.api.Problem;
import cn.yiwang.security.Caller;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Put;
import io.micronaut.json.JsonMapper;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecurityRule;

/**
 * {@code /api/planner/drafts}: planners' boundary drafts (role planner or admin, within the grid
 * scope; a draft is its owner's). Bodies are JSON, geometry GeoJSON in lon/lat (EPSG:4326); every
 * answer that shows a draft carries its validation problems. Bodies above
 * {@code yiwang.planner.max-body-bytes} are refused with 413.
 */
@Controller("/api/planner/drafts")
@Secured(SecurityRule.IS_AUTHENTICATED)
@ExecuteOn(TaskExecutors.BLOCKING)
public class PlannerController {

    private final PlannerService service;
    private final JsonMapper json;

    public PlannerController(PlannerService service, JsonMapper json) {
        this.service = service;
        this.json = json;
    }

    /** Opens a draft on {@code parent}'s children (or its descendants of {@code level}). */
    @Post(consumes = MediaType.APPLICATION_JSON, produces = MediaType.APPLICATION_JSON)
    public HttpResponse<PlannerService.DraftView> open(HttpRequest<?> request, @Nullable @Body String body, Authentication auth) {
        Map<String, Object> o = object(body);
        String parent = string(o, "parent", true);
        String level = string(o, "level", false);
        if (!parent.matches("[0-9]{6,29}")) {
            throw PlannerService.badField("/parent", "'" + parent + "' is not a grid code");
        }
        PlannerService.DraftView v = service.open(Caller.of(auth), parent, level, ip(request));
        return HttpResponse.created(v).header("Location", "/api/planner/drafts/" + v.id());
    }

    @Get(uri = "/{id}", produces = MediaType.APPLICATION_JSON)
    public PlannerService.DraftView get(@PathVariable String id, Authentication auth) {
        return service.get(Caller.of(auth), id(id));
    }

    /** Saves the whole child set: a FeatureCollection (or {@code {"children": FeatureCollection}}). */
    @Put(uri = "/{id}", consumes = {MediaType.APPLICATION_JSON, "application/geo+json"}, produces = MediaType.APPLICATION_JSON)
    public PlannerService.DraftView save(HttpRequest<?> request, @PathVariable String id, @Nullable @Body String body, Authentication auth) {
        return service.save(Caller.of(auth), id(id), parse(body), ip(request));
    }

    @Post(uri = "/{id}/split", consumes = MediaType.APPLICATION_JSON, produces = MediaType.APPLICATION_JSON)
    public PlannerService.DraftView split(HttpRequest<?> request, @PathVariable String id, @Nullable @Body String body, Authentication auth) {
        Map<String, Object> o = object(body);
        return service.split(Caller.of(auth), id(id), string(o, "code", true), required(o, "line"), string(o, "newCode", false),
                string(o, "newName", false), ip(request));
    }

    @Post(uri = "/{id}/merge", consumes = MediaType.APPLICATION_JSON, produces = MediaType.APPLICATION_JSON)
    public PlannerService.DraftView merge(HttpRequest<?> request, @PathVariable String id, @Nullable @Body String body, Authentication auth) {
        Map<String, Object> o = object(body);
        if (!(o.get("codes") instanceof List<?> list) || !list.stream().allMatch(x -> x instanceof String)) {
            throw PlannerService.badField("/codes", "must be an array of two grid codes");
        }
        List<String> codes = new ArrayList<>();
        list.forEach(x -> codes.add((String) x));
        return service.merge(Caller.of(auth), id(id), codes, ip(request));
    }

    @Post(uri = "/{id}/reshape", consumes = MediaType.APPLICATION_JSON, produces = MediaType.APPLICATION_JSON)
    public PlannerService.DraftView reshape(HttpRequest<?> request, @PathVariable String id, @Nullable @Body String body, Authentication auth) {
        Map<String, Object> o = object(body);
        return service.reshape(Caller.of(auth), id(id), string(o, "a", true), string(o, "b", true), required(o, "newEdge"), ip(request));
    }

    @Post(uri = "/{id}/repair", consumes = MediaType.APPLICATION_JSON, produces = MediaType.APPLICATION_JSON)
    public PlannerService.DraftView repair(HttpRequest<?> request, @PathVariable String id, @Nullable @Body String body, Authentication auth) {
        Map<String, Object> o = object(body);
        double snap = number(o, "snapTolerance", 0.5, 0, 50);
        double sliver = number(o, "minSliverArea", service.configuration().minSliverAreaSqm(), 0, 1_000_000);
        return service.repair(Caller.of(auth), id(id), snap, sliver, ip(request));
    }

    @Get(uri = "/{id}/impact", produces = MediaType.APPLICATION_JSON)
    public PlannerService.Impact impact(@PathVariable String id, Authentication auth) {
        return service.impact(Caller.of(auth), id(id));
    }

    /** Commits: {@code {"reason": "…", "effectiveAt": "2026-11-23T08:00:00+08:00"?, "override": false?}}. */
    @Post(uri = "/{id}/commit", consumes = MediaType.APPLICATION_JSON, produces = MediaType.APPLICATION_JSON)
    public PlannerService.CommitResult commit(HttpRequest<?> request, @PathVariable String id, @Nullable @Body String body, Authentication auth) {
        Map<String, Object> o = object(body);
        String reason = string(o, "reason", true);
        if (reason.isBlank() || reason.length() > 2000) {
            throw PlannerService.badField("/reason", "say why, in 1 to 2000 characters");
        }
        String at = string(o, "effectiveAt", false);
        Instant effectiveAt = null;
        if (at != null) {
            try {
                effectiveAt = OffsetDateTime.parse(at).toInstant();
            } catch (DateTimeParseException e) {
                throw PlannerService.badField("/effectiveAt", "'" + at + "' is not an ISO-8601 date-time with offset");
            }
        }
        Object override = o.get("override");
        if (override != null && !(override instanceof Boolean)) {
            throw PlannerService.badField("/override", "must be true or false");
        }
        return service.commit(Caller.of(auth), id(id), reason.trim(), effectiveAt, Boolean.TRUE.equals(override), ip(request));
    }

    private Object parse(@Nullable String body) {
        if (body == null || body.isBlank()) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "/problems/invalid-body", "A JSON body is required.", List.of());
        }
        int max = service.configuration().maxBodyBytes();
        if (body.length() > max) {
            throw new ApiException(HttpStatus.REQUEST_ENTITY_TOO_LARGE, "/problems/payload-too-large",
                    "The body has " + body.length() + " characters; the planner API accepts at most " + max + " bytes.", List.of());
        }
        try {
            return json.readValue(body, Object.class);
        } catch (java.io.IOException | RuntimeException e) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "/problems/invalid-body", "The body is not JSON (GeoJSON is JSON).",
                    List.of(new Problem.InvalidParam(null, "/", "not JSON")));
        }
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> object(@Nullable String body) {
        Object parsed = parse(body);
        if (!(parsed instanceof Map<?, ?> m)) {
            throw PlannerService.badField("/", "must be a JSON object");
        }
        return (Map<String, Object>) m;
    }

    private static Object required(Map<String, Object> o, String name) {
        Object v = o.get(name);
        if (v == null) {
            throw PlannerService.badField("/" + name, "is required");
        }
        return v;
    }

    private static String string(Map<String, Object> o, String name, boolean required) {
        Object v = o.get(name);
        if (v == null) {
            if (required) {
                throw PlannerService.badField("/" + name, "is required");
            }
            return null;
        }
        if (!(v instanceof String s) || s.length() > 2000) {
            throw PlannerService.badField("/" + name, "must be a string");
        }
        return s;
    }

    private static double number(Map<String, Object> o, String name, double dflt, double min, double max) {
        Object v = o.get(name);
        if (v == null) {
            return dflt;
        }
        if (!(v instanceof Number n) || !Double.isFinite(n.doubleValue()) || n.doubleValue() < min || n.doubleValue() > max) {
            throw PlannerService.badField("/" + name, "must be a number in [" + min + ", " + max + "]");
        }
        return n.doubleValue();
    }

    private static long id(String raw) {
        try {
            return Long.parseLong(raw);
        } catch (NumberFormatException e) {
            throw ApiException.badParameter("id", "'" + cn.yiwang.api.Params.clip(raw) + "' is not a draft id");
        }
    }

    private static String ip(HttpRequest<?> request) {
        return request.getRemoteAddress().getAddress().getHostAddress();
    }
}
