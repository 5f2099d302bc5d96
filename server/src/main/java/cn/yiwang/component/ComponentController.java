package cn.yiwang.component;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import cn.yiwang.api.ApiException;
import cn.yiwang.api.Params;
import cn.yiwang.api.Problem;
import cn.yiwang.geo.CoordinateSystem;
import cn.yiwang.security.Caller;
import cn.yiwang.security.Role;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Put;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.json.JsonMapper;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecurityRule;

/**
 * City components (部件) API. Every read is limited to the caller's grid scope (components carry no
 * personal data, but a worker's list is their grid's).
 * <ul>
 *   <li>{@code POST /api/components/import?format=csv|geojson&crs=&update=}: admin, planner, ops; a CSV
 *       ({@code text/csv}, UTF-8 or GBK) or a GeoJSON FeatureCollection of Points, all or nothing →
 *       {@link ComponentService.ImportSummary}; bad rows → 400 listing each;</li>
 *   <li>{@code GET /api/components?kind=&status=&grid=&bbox=&limit=&offset=}: the caller's scope;</li>
 *   <li>{@code GET /api/components/counts}: kind → status → count in the caller's scope;</li>
 *   <li>{@code GET /api/components/{id}}; {@code PUT /api/components/{id}/status} {@code {"status":"fault"}}:
 *       grid workers, desk roles and admins in scope, audited.</li>
 * </ul>
 */
@Controller("/api/components")
@Secured(SecurityRule.IS_AUTHENTICATED)
@ExecuteOn(TaskExecutors.BLOCKING)
public class ComponentController {

    private static final Pattern CHARSET = Pattern.compile("(?i)charset\\s*=\\s*\"?([^\";\\s]+)");
    private static final int MAX_LIMIT = 5000;

    private final ComponentService service;
    private final ComponentRepository repository;
    private final JsonMapper json;

    public ComponentController(ComponentService service, ComponentRepository repository, JsonMapper json) {
        this.service = service;
        this.repository = repository;
        this.json = json;
    }

    @Post(uri = "/import", consumes = {"text/csv", MediaType.TEXT_PLAIN, MediaType.APPLICATION_JSON, "application/geo+json",
            MediaType.APPLICATION_OCTET_STREAM}, produces = MediaType.APPLICATION_JSON)
    @Secured({Role.ADMIN_KEY, Role.PLANNER_KEY, Role.OPS_KEY})
    public ComponentService.ImportSummary importFile(HttpRequest<?> request, @Nullable @Body byte[] body, @Nullable @QueryValue String format,
                                                     @Nullable @QueryValue String crs, @Nullable @QueryValue String update,
                                                     Authentication authentication) {
        Caller caller = Caller.of(authentication);
        CoordinateSystem system = crs(crs);
        String contentType = request.getHeaders().get("Content-Type");
        String kind = format != null ? format.strip().toLowerCase(java.util.Locale.ROOT)
                : contentType != null && contentType.toLowerCase(java.util.Locale.ROOT).contains("json") ? "geojson" : "csv";
        if (!kind.equals("csv") && !kind.equals("geojson")) {
            throw ApiException.badParameter("format", "'" + Params.clip(format) + "' is not csv or geojson");
        }
        boolean replace = "true".equalsIgnoreCase(update);
        if (update != null && !replace && !"false".equalsIgnoreCase(update)) {
            throw ApiException.badParameter("update", "'" + Params.clip(update) + "' is not true or false");
        }
        if (body == null || body.length == 0) {
            throw new ApiException(HttpStatus.BAD_REQUEST, ComponentService.INVALID_BODY, "The body is empty; send a CSV or GeoJSON file.",
                    List.of(new Problem.InvalidParam(null, "", "is empty")));
        }
        ComponentFileReader.Result read;
        try {
            if (kind.equals("csv")) {
                String declared = null;
                if (contentType != null) {
                    Matcher m = CHARSET.matcher(contentType);
                    declared = m.find() ? m.group(1) : null;
                }
                read = ComponentFileReader.readCsv(body, declared, system);
            } else {
                Object parsed;
                try {
                    parsed = json.readValue(body, Object.class);
                } catch (IOException | RuntimeException e) {
                    throw new ApiException(HttpStatus.BAD_REQUEST, ComponentService.INVALID_BODY, "The body is not valid JSON. Nothing was imported.",
                            List.of(new Problem.InvalidParam(null, "", "not JSON")));
                }
                read = ComponentFileReader.readGeoJson(parsed, system);
            }
        } catch (ComponentFileReader.Unreadable e) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "/problems/unreadable-file", e.getMessage(),
                    List.of(new Problem.InvalidParam(null, "", e.getMessage())));
        }
        return service.importRead(read, kind, replace, system, caller, request.getRemoteAddress().getAddress().getHostAddress());
    }

    @Get(produces = MediaType.APPLICATION_JSON)
    public Map<String, Object> list(@Nullable @QueryValue String kind, @Nullable @QueryValue String status, @Nullable @QueryValue String grid,
                                    @Nullable @QueryValue String bbox, @Nullable @QueryValue String limit, @Nullable @QueryValue String offset,
                                    Authentication authentication) {
        Caller caller = Caller.of(authentication);
        String k = kind == null ? null : ComponentKind.parse(kind).map(ComponentKind::key)
                .orElseThrow(() -> ApiException.badParameter("kind", "unknown component kind '" + Params.clip(kind) + "'"));
        String s = status == null ? null : ComponentStatus.parse(status).map(ComponentStatus::key)
                .orElseThrow(() -> ApiException.badParameter("status", "unknown status '" + Params.clip(status) + "'"));
        if (grid != null && !grid.matches("[0-9]{6,24}")) {
            throw ApiException.badParameter("grid", "'" + Params.clip(grid) + "' is not a grid code");
        }
        int n = Params.limit(limit, 500, MAX_LIMIT);
        int from = Params.offset(offset);
        double[] box = bbox == null ? null : Params.bbox(bbox);
        List<ComponentRepository.Component> items = repository.list(caller.scope(), k, s, grid, box, n, from);
        return Map.of("items", items, "limit", n, "offset", from);
    }

    @Get(uri = "/counts", produces = MediaType.APPLICATION_JSON)
    public Map<String, Object> counts(Authentication authentication) {
        Caller caller = Caller.of(authentication);
        return Map.of("scope", caller.scope(), "counts", repository.counts(caller.scope()));
    }

    @Get(uri = "/{id}", produces = MediaType.APPLICATION_JSON)
    public ComponentRepository.Component one(@PathVariable String id, Authentication authentication) {
        return service.visible(id(id), Caller.of(authentication));
    }

    @Put(uri = "/{id}/status", consumes = MediaType.APPLICATION_JSON, produces = MediaType.APPLICATION_JSON)
    @Secured({Role.ADMIN_KEY, Role.OPS_KEY, Role.DISPATCHER_KEY, Role.GRID_WORKER_KEY})
    public ComponentRepository.Component status(HttpRequest<?> request, @PathVariable String id, @Nullable @Body Map<String, Object> body,
                                                Authentication authentication) {
        Object status = body == null ? null : body.get("status");
        if (!(status instanceof String s)) {
            throw new ApiException(HttpStatus.BAD_REQUEST, ComponentService.INVALID_BODY, "Send {\"status\": \"normal|fault|offline|maintenance\"}.",
                    List.of(new Problem.InvalidParam(null, "/status", "is missing")));
        }
        return service.setStatus(id(id), s, Caller.of(authentication), request.getRemoteAddress().getAddress().getHostAddress());
    }

    private static long id(String raw) {
        try {
            return Long.parseLong(raw);
        } catch (NumberFormatException e) {
            throw ApiException.badParameter("id", "'" + Params.clip(raw) + "' is not a component id");
        }
    }

    static CoordinateSystem crs(@Nullable String raw) {
        if (raw == null || raw.isBlank()) {
            return CoordinateSystem.WGS84;
        }
        try {
            return CoordinateSystem.parse(raw.trim());
        } catch (IllegalArgumentException e) {
            throw ApiException.badParameter("crs", "'" + Params.clip(raw) + "' is not supported; use wgs84, gcj02, bd09 or cgcs2000");
        }
    }
}
