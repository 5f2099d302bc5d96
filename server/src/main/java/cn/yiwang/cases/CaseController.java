package cn.yiwang.cases;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import cn.yiwang.api.ApiException;
import cn.yiwang.api.Params;
import cn.yiwang.api.Problem;
import cn.yiwang.geo.ChinaCoordinateTransformer;
import cn.yiwang.geo.CoordinateSystem;
import cn.yiwang.security.Caller;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.json.JsonMapper;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecurityRule;
import io.micronaut.serde.annotation.Serdeable;

/**
 * {@code /api/cases}: intake ({@code POST}, with {@code Idempotency-Key}), the caller's cases
 * ({@code GET}, scope-filtered), one case, its history, its unmasked reporter (desk roles, audited),
 * and workflow steps ({@code POST /api/cases/{id}/actions/{action}} with the {@code version} the
 * client saw).
 */
@Controller("/api/cases")
@Secured(SecurityRule.IS_AUTHENTICATED)
@ExecuteOn(TaskExecutors.BLOCKING)
public class CaseController {

    /** A page of cases. */
    @Serdeable
    public record Page(List<CaseView> items, long total, int limit, int offset) {
    }

    /** One history entry. */
    @Serdeable
    public record EventView(int seq, String at, String actor, @Nullable String role, String type, @Nullable String from,
                            @Nullable String to, @Nullable String comment, @Nullable Double lon, @Nullable Double lat,
                            List<String> attachments, Map<String, Object> changes) {
    }

    private final CaseService service;
    private final CaseQuery query;
    private final CaseIndicators indicators;
    private final JsonMapper json;
    private final CasesConfiguration config;

    public CaseController(CaseService service, CaseQuery query, CaseIndicators indicators, JsonMapper json, CasesConfiguration config) {
        this.indicators = indicators;
        this.service = service;
        this.query = query;
        this.json = json;
        this.config = config;
    }

    @Post(consumes = MediaType.APPLICATION_JSON, produces = MediaType.APPLICATION_JSON)
    public HttpResponse<CaseView> create(HttpRequest<?> request, @Nullable @Body String body,
                                         @Nullable @Header("Idempotency-Key") String idempotencyKey, Authentication auth) {
        if (idempotencyKey != null && (idempotencyKey.isBlank() || idempotencyKey.length() > 200)) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "/problems/invalid-header", "Header 'Idempotency-Key' must have 1 to 200 characters.",
                    List.of(new Problem.InvalidParam("Idempotency-Key", null, "1 to 200 characters")));
        }
        CaseRequest req;
        try {
            req = CaseRequest.parse(object(body), config.maxDescriptionChars(), config.maxPhotos());
        } catch (CaseRequest.Invalid e) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "/problems/invalid-body", e.getMessage(), e.errors());
        }
        CaseService.Created created = service.create(req, Caller.of(auth), idempotencyKey, ip(request));
        io.micronaut.http.MutableHttpResponse<CaseView> response = created.replayed() ? HttpResponse.ok(created.view())
                : HttpResponse.created(created.view());
        return response.header("Location", "/api/cases/" + created.view().id())
                .header("Idempotent-Replayed", Boolean.toString(created.replayed()));
    }

    @Get(produces = MediaType.APPLICATION_JSON)
    public Page list(@Nullable @QueryValue String status, @Nullable @QueryValue String category, @Nullable @QueryValue String grid,
                     @Nullable @QueryValue String source, @Nullable @QueryValue String overdue, @Nullable @QueryValue String sankua,
                     @Nullable @QueryValue String mine, @Nullable @QueryValue String bbox, @Nullable @QueryValue String limit,
                     @Nullable @QueryValue String offset, Authentication auth) {
        Caller caller = Caller.of(auth);
        CaseQuery.Filter filter = new CaseQuery.Filter(
                csv("status", status, s -> CaseStatus.fromKey(s).key()),
                csv("category", category, s -> s),
                grid == null ? null : checkedGrid(grid),
                csv("source", source, s -> {
                    if (!CaseRequest.SOURCES.contains(s)) {
                        throw new IllegalArgumentException("unknown channel '" + s + "'");
                    }
                    return s;
                }),
                bool("overdue", overdue), bool("sankua", sankua), Boolean.TRUE.equals(bool("mine", mine)),
                bbox == null ? null : Params.bbox(bbox), Params.limit(limit, 50, 500), Params.offset(offset));
        CaseQuery.Result r = query.list(filter, caller);
        List<CaseView> items = r.items().stream().map(s -> service.view(s, caller, false)).toList();
        return new Page(items, r.total(), filter.limit(), filter.offset());
    }

    /** Supervision indicators per grid level or department over {@code [from, to)} (ISO-8601; default: the last 30 days). */
    @Get(uri = "/indicators", produces = MediaType.APPLICATION_JSON)
    public List<CaseIndicators.Row> indicators(@Nullable @QueryValue String groupBy, @Nullable @QueryValue String from,
                                               @Nullable @QueryValue String to, Authentication auth) {
        java.time.Instant end = instant("to", to, java.time.Instant.now());
        java.time.Instant start = instant("from", from, end.minus(java.time.Duration.ofDays(30)));
        if (!start.isBefore(end)) {
            throw ApiException.badParameter("from", "must be before 'to'");
        }
        try {
            return indicators.compute(groupBy == null ? "l1" : groupBy, start, end, Caller.of(auth));
        } catch (IllegalArgumentException e) {
            throw ApiException.badParameter("groupBy", e.getMessage());
        }
    }

    private static java.time.Instant instant(String name, @Nullable String raw, java.time.Instant dflt) {
        if (raw == null || raw.isBlank()) {
            return dflt;
        }
        try {
            return java.time.OffsetDateTime.parse(raw).toInstant();
        } catch (java.time.format.DateTimeParseException e) {
            throw ApiException.badParameter(name, "'" + Params.clip(raw) + "' is not an ISO-8601 date-time with offset, e.g. 2026-11-01T00:00:00+08:00");
        }
    }

    @Get(uri = "/{id}", produces = MediaType.APPLICATION_JSON)
    public CaseView one(@PathVariable String id, Authentication auth) {
        return service.get(service.resolve(id), Caller.of(auth));
    }

    @Get(uri = "/{id}/events", produces = MediaType.APPLICATION_JSON)
    public List<EventView> events(@PathVariable String id, Authentication auth) {
        List<EventView> out = new ArrayList<>();
        for (CaseEvent e : service.events(service.resolve(id), Caller.of(auth))) {
            Map<String, Object> changes = new java.util.LinkedHashMap<>();
            e.changes().forEach((k, v) -> {
                if (k != CaseColumn.REPORTER_NAME && k != CaseColumn.REPORTER_PHONE) {
                    changes.put(k.column(), k.toJson(v));
                }
            });
            out.add(new EventView(e.seq(), e.at().toString(), e.actor(), e.role(), e.type(), e.fromStatus(), e.toStatus(), e.comment(),
                    e.lon(), e.lat(), e.attachments(), changes));
        }
        return out;
    }

    @Get(uri = "/{id}/reporter", produces = MediaType.APPLICATION_JSON)
    public CaseView.Reporter reporter(HttpRequest<?> request, @PathVariable String id, Authentication auth) {
        return service.reporter(service.resolve(id), Caller.of(auth), ip(request));
    }

    @Post(uri = "/{id}/actions/{action}", consumes = MediaType.APPLICATION_JSON, produces = MediaType.APPLICATION_JSON)
    public CaseView act(HttpRequest<?> request, @PathVariable String id, @PathVariable String action, @Nullable @Body String body,
                        Authentication auth) {
        CaseAction a;
        try {
            a = CaseAction.fromKey(action);
        } catch (IllegalArgumentException e) {
            throw ApiException.notFound("Unknown action '" + Params.clip(action) + "'; actions: "
                    + java.util.Arrays.stream(CaseAction.values()).map(CaseAction::key).toList());
        }
        long caseId = service.resolve(id);
        Map<String, Object> m = object(body);
        List<Problem.InvalidParam> errors = new ArrayList<>();
        Object version = m.get("version");
        if (!(version instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue()) || n.intValue() < 1) {
            errors.add(new Problem.InvalidParam(null, "/version", "required: the case version you are acting on (an integer ≥ 1)"));
        }
        String comment = CaseRequest.text(m, "comment", "/comment", false, 2000, errors);
        String handlerKind = CaseRequest.text(m, "handlerKind", "/handlerKind", false, 20, errors);
        String departmentCode = CaseRequest.text(m, "departmentCode", "/departmentCode", false, 64, errors);
        Long assigneeId = integer(m, "assigneeId", errors);
        Long mergeInto = integer(m, "mergeInto", errors);
        Long satisfaction = integer(m, "satisfaction", errors);
        Double hours = m.get("extensionHours") instanceof Number n ? n.doubleValue() : null;
        if (m.get("extensionHours") != null && hours == null) {
            errors.add(new Problem.InvalidParam(null, "/extensionHours", "must be a number"));
        }
        List<String> attachments = new ArrayList<>();
        if (m.get("attachments") instanceof List<?> l) {
            for (int i = 0; i < l.size(); i++) {
                if (l.get(i) instanceof String s && CaseRequest.PHOTO_ID.matcher(s).matches() && l.size() <= config.maxPhotos()) {
                    attachments.add(s);
                } else {
                    errors.add(new Problem.InvalidParam(null, "/attachments/" + i, "not a photo id (at most " + config.maxPhotos() + ")"));
                }
            }
        } else if (m.get("attachments") != null) {
            errors.add(new Problem.InvalidParam(null, "/attachments", "must be an array of photo ids"));
        }
        String gridCode = CaseRequest.text(m, "gridCode", "/gridCode", false, 32, errors);
        List<CaseWorkflow.Task> tasks = new ArrayList<>();
        if (m.get("tasks") instanceof List<?> l) {
            for (int i = 0; i < l.size() && i < 20; i++) {
                if (l.get(i) instanceof Map<?, ?> t && t.get("handlerKind") instanceof String kind) {
                    Object assignee = t.get("assigneeId");
                    tasks.add(new CaseWorkflow.Task(kind, t.get("departmentCode") == null ? null : t.get("departmentCode").toString(),
                            assignee instanceof Number n ? n.longValue() : null));
                } else {
                    errors.add(new Problem.InvalidParam(null, "/tasks/" + i, "must be {handlerKind, departmentCode | assigneeId}"));
                }
            }
            if (l.size() > 20) {
                errors.add(new Problem.InvalidParam(null, "/tasks", "at most 20 tasks"));
            }
        } else if (m.get("tasks") != null) {
            errors.add(new Problem.InvalidParam(null, "/tasks", "must be an array"));
        }
        double[] where = location(m.get("location"), errors);
        if (!errors.isEmpty()) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "/problems/invalid-body", errors.size() + " invalid field(s) for action '"
                    + a.key() + "'.", errors);
        }
        CaseWorkflow.Input input = new CaseWorkflow.Input(comment, handlerKind, assigneeId, departmentCode, mergeInto, hours,
                satisfaction == null ? null : satisfaction.intValue(), attachments, gridCode, tasks);
        return service.act(caseId, a, input, ((Number) version).intValue(), Caller.of(auth),
                where == null ? null : where[0], where == null ? null : where[1], ip(request));
    }

    private static double[] location(Object raw, List<Problem.InvalidParam> errors) {
        if (raw == null) {
            return null;
        }
        if (!(raw instanceof Map<?, ?> l) || !(l.get("lon") instanceof Number lon) || !(l.get("lat") instanceof Number lat)
                || !Double.isFinite(lon.doubleValue()) || !Double.isFinite(lat.doubleValue())) {
            errors.add(new Problem.InvalidParam(null, "/location", "must be {lon, lat, crs} with numeric lon and lat"));
            return null;
        }
        try {
            CoordinateSystem crs = l.get("crs") == null ? CoordinateSystem.WGS84 : CoordinateSystem.parse(l.get("crs").toString());
            return ChinaCoordinateTransformer.toWgs84(crs, lon.doubleValue(), lat.doubleValue());
        } catch (IllegalArgumentException e) {
            errors.add(new Problem.InvalidParam(null, "/location", e.getMessage()));
            return null;
        }
    }

    private static Long integer(Map<String, Object> m, String key, List<Problem.InvalidParam> errors) {
        Object v = m.get(key);
        if (v == null) {
            return null;
        }
        if (v instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())) {
            return n.longValue();
        }
        errors.add(new Problem.InvalidParam(null, "/" + key, "must be an integer"));
        return null;
    }

    private Map<String, Object> object(@Nullable String body) {
        if (body == null || body.isBlank()) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "/problems/invalid-body", "The request body is empty: a JSON object is expected.", List.of());
        }
        try {
            Object parsed = json.readValue(body, Argument.OBJECT_ARGUMENT);
            if (parsed instanceof Map<?, ?> map) {
                @SuppressWarnings("unchecked")
                Map<String, Object> m = (Map<String, Object>) map;
                return m;
            }
        } catch (IOException | RuntimeException e) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "/problems/malformed-json", "The request body is not valid JSON: "
                    + Params.clip(String.valueOf(e.getMessage()).split("\n")[0]), List.of());
        }
        throw new ApiException(HttpStatus.BAD_REQUEST, "/problems/invalid-body", "The request body must be a JSON object.", List.of());
    }

    private static String checkedGrid(String grid) {
        if (!grid.matches("^[0-9A-Za-z]{1,32}$")) {
            throw ApiException.badParameter("grid", "not a grid code");
        }
        return grid;
    }

    private static List<String> csv(String name, @Nullable String raw, java.util.function.UnaryOperator<String> check) {
        if (raw == null || raw.isBlank()) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (String s : raw.split(",")) {
            try {
                out.add(check.apply(s.trim()));
            } catch (IllegalArgumentException e) {
                throw ApiException.badParameter(name, e.getMessage());
            }
        }
        return out;
    }

    private static Boolean bool(String name, @Nullable String raw) {
        if (raw == null) {
            return null;
        }
        return switch (raw) {
            case "true" -> true;
            case "false" -> false;
            default -> throw ApiException.badParameter(name, "must be true or false");
        };
    }

    private static String ip(HttpRequest<?> request) {
        return request.getRemoteAddress().getAddress().getHostAddress();
    }
}
