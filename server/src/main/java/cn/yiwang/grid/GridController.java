package cn.yiwang.grid;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import cn.yiwang.api.ApiException;
import cn.yiwang.api.Params;
import cn.yiwang.data.GridLevel;
import cn.yiwang.geo.CoordinateSystem;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.json.JsonMapper;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;

/**
 * Read API of the grid hierarchy, GeoJSON (RFC 7946, EPSG:4326). Any authenticated role may read
 * boundaries (they are not personal data); {@code yiwang.security.public-grid-read} opens the GET
 * endpoints to anonymous callers (demo default) through {@code PublicGridReadRule}.
 */
@Controller("/api/grids")
@Secured(SecurityRule.IS_AUTHENTICATED)
@ExecuteOn(TaskExecutors.BLOCKING)
public class GridController {

    static final String GEO_JSON = "application/geo+json";
    private static final int DEFAULT_LIMIT = 100;

    private final GridRepository repository;
    private final GridService service;
    private final GridsConfiguration config;
    private final JsonMapper json;

    public GridController(GridRepository repository, GridService service, GridsConfiguration config, JsonMapper json) {
        this.repository = repository;
        this.service = service;
        this.config = config;
        this.json = json;
    }

    /** Grids filtered by level, parent and bbox, paged, ordered by code. */
    @Get(produces = GEO_JSON)
    public HttpResponse<String> list(HttpRequest<?> request, @Nullable @QueryValue String level, @Nullable @QueryValue String parent,
                                     @Nullable @QueryValue String bbox, @Nullable @QueryValue String limit,
                                     @Nullable @QueryValue String offset) {
        GridRepository.Filter filter = new GridRepository.Filter(level(level), code("parent", parent), Params.bbox(bbox));
        return page(request, filter, Params.limit(limit, DEFAULT_LIMIT, config.maxPageSize()), Params.offset(offset));
    }

    /** The chain at a point: micro → level-3 → level-2 → level-1 → district, plus covering special grids. */
    @Get(uri = "/at", produces = {MediaType.APPLICATION_JSON, GEO_JSON})
    public GridService.Location at(@Nullable @QueryValue String lon, @Nullable @QueryValue String lat, @Nullable @QueryValue String crs,
                                   @Nullable @QueryValue("at") String at) {
        double x = Params.decimal("lon", lon, -180, 180, true);
        double y = Params.decimal("lat", lat, -90, 90, true);
        CoordinateSystem system;
        try {
            system = crs == null || crs.isBlank() ? CoordinateSystem.WGS84 : CoordinateSystem.parse(crs.trim());
        } catch (IllegalArgumentException e) {
            throw ApiException.badParameter("crs", "'" + Params.clip(crs) + "' is not supported; use wgs84, gcj02, bd09 or cgcs2000");
        }
        java.time.Instant instant = instant(at);
        return instant == null ? service.at(x, y, system) : service.at(x, y, system, instant);
    }

    /** The current version, or with {@code at} (ISO-8601 instant) the version valid then. */
    @Get(uri = "/{code}", produces = GEO_JSON)
    public HttpResponse<String> one(@PathVariable String code, @Nullable @QueryValue("at") String at) {
        String c = code("code", code);
        java.time.Instant instant = instant(at);
        if (instant != null) {
            return HttpResponse.ok(repository.featureJsonAt(c, instant)
                    .orElseThrow(() -> ApiException.notFound("Grid " + c + " had no version valid at " + instant + "."))).contentType(GEO_JSON);
        }
        return HttpResponse.ok(repository.featureJson(c).orElseThrow(() -> ApiException.notFound("No grid with code " + c + ".")))
                .contentType(GEO_JSON);
    }

    /** Every version of a grid, oldest first: validity, who changed it and why (GeoJSON FeatureCollection). */
    @Get(uri = "/{code}/history", produces = GEO_JSON)
    public HttpResponse<String> history(@PathVariable String code) {
        String c = code("code", code);
        List<String> versions = repository.historyJson(c);
        if (versions.isEmpty()) {
            throw ApiException.notFound("No grid with code " + c + " ever existed.");
        }
        return HttpResponse.ok("{\"type\":\"FeatureCollection\",\"numberReturned\":" + versions.size() + ",\"features\":["
                + String.join(",", versions) + "]}").contentType(GEO_JSON);
    }

    private static java.time.Instant instant(String raw) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        try {
            return java.time.OffsetDateTime.parse(raw.trim()).toInstant();
        } catch (java.time.format.DateTimeParseException e) {
            throw ApiException.badParameter("at", "'" + Params.clip(raw) + "' is not an ISO-8601 date-time with offset, e.g. 2026-11-01T00:00:00+08:00");
        }
    }

    @Get(uri = "/{code}/children", produces = GEO_JSON)
    public HttpResponse<String> children(HttpRequest<?> request, @PathVariable String code, @Nullable @QueryValue String limit,
                                         @Nullable @QueryValue String offset) {
        String c = existing(code);
        return page(request, new GridRepository.Filter(null, c, null),
                Params.limit(limit, config.maxPageSize(), config.maxPageSize()), Params.offset(offset));
    }

    /** The parent, grandparent, … up to the district. */
    @Get(uri = "/{code}/ancestors", produces = MediaType.APPLICATION_JSON)
    public List<GridSummary> ancestors(@PathVariable String code) {
        return service.catalog().ancestors(existing(code));
    }

    private String existing(String raw) {
        String c = code("code", raw);
        if (service.catalog().get(c).isEmpty()) {
            throw ApiException.notFound("No grid with code " + c + ".");
        }
        return c;
    }

    private HttpResponse<String> page(HttpRequest<?> request, GridRepository.Filter filter, int limit, int offset) {
        GridRepository.FeaturePage page = repository.page(filter, limit, offset);
        List<Map<String, String>> links = new ArrayList<>();
        links.add(link(request, "self", offset, limit));
        if (offset + page.returned() < page.matched()) {
            links.add(link(request, "next", offset + limit, limit));
        }
        if (offset > 0) {
            links.add(link(request, "prev", Math.max(0, offset - limit), limit));
        }
        String body;
        try {
            body = "{\"type\":\"FeatureCollection\",\"numberMatched\":" + page.matched()
                    + ",\"numberReturned\":" + page.returned()
                    + ",\"links\":" + json.writeValueAsString(links)
                    + ",\"features\":" + page.featuresJson() + "}";
        } catch (java.io.IOException e) {
            throw new IllegalStateException("serialising links failed", e);
        }
        return HttpResponse.ok(body).contentType(GEO_JSON);
    }

    private static Map<String, String> link(HttpRequest<?> request, String rel, int offset, int limit) {
        Map<String, List<String>> params = new LinkedHashMap<>();
        request.getParameters().forEach((k, v) -> params.put(k, v));
        params.put("offset", List.of(Integer.toString(offset)));
        params.put("limit", List.of(Integer.toString(limit)));
        String query = params.entrySet().stream()
                .flatMap(e -> e.getValue().stream().map(v -> enc(e.getKey()) + "=" + enc(v)))
                .collect(Collectors.joining("&"));
        Map<String, String> link = new LinkedHashMap<>();
        link.put("rel", rel);
        link.put("href", request.getPath() + "?" + query);
        link.put("type", GEO_JSON);
        return link;
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static String level(String raw) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        String key = raw.trim().toLowerCase(java.util.Locale.ROOT);
        for (GridLevel l : GridLevel.values()) {
            if (l.key().equals(key)) {
                return key;
            }
        }
        throw ApiException.badParameter("level", "unknown level '" + Params.clip(raw) + "'; expected one of "
                + Arrays.stream(GridLevel.values()).map(GridLevel::key).collect(Collectors.joining(", ")));
    }

    private static String code(String name, String raw) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        String c = raw.trim();
        if (!c.matches("[0-9]{6}[0-9S]{0,26}")) {
            throw ApiException.badParameter(name, "'" + Params.clip(raw) + "' is not a grid code (6 to 32 digits, special grids contain 'S')");
        }
        return c;
    }
}
