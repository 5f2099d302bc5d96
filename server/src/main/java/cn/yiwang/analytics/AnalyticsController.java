package cn.yiwang.analytics;

import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import cn.yiwang.api.ApiException;
import cn.yiwang.api.Params;
import cn.yiwang.security.Caller;
import cn.yiwang.security.Role;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import io.micronaut.json.JsonMapper;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;

/**
 * The analysts' case queries, for analysts and the desk roles (ops, dispatcher, admin); grid
 * workers, department handlers and planners get 403. Each takes a JSON body describing the
 * selection (area, time, filters; see {@link CaseSelectionReader}) and answers within the caller's
 * scope only, without any personal field:
 * <ul>
 * <li>{@code POST /api/analytics/cases/query}: totals, groups ({@code groupBy}) and a page of cases as GeoJSON;</li>
 * <li>{@code POST /api/analytics/cases/hotspots}: H3 hexagons with counts and Getis-Ord Gi* bins;</li>
 * <li>{@code POST /api/analytics/cases/recurring}: places where one sub-category recurs (一类事);</li>
 * <li>{@code POST /api/analytics/cases/rising}: sub-categories rising against the area's history.</li>
 * </ul>
 */
@Controller("/api/analytics/cases")
@Secured({Role.ANALYST_KEY, Role.OPS_KEY, Role.DISPATCHER_KEY, Role.ADMIN_KEY})
@ExecuteOn(TaskExecutors.BLOCKING)
public class AnalyticsController {

    static final String GEOJSON = "application/geo+json";

    private final CaseAnalyticsService service;
    private final JsonMapper json;
    private final Function<Object, String> toJson;

    public AnalyticsController(CaseAnalyticsService service, JsonMapper json) {
        this.service = service;
        this.json = json;
        this.toJson = value -> {
            try {
                return json.writeValueAsString(value);
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot write the geometry back as JSON", e);
            }
        };
    }

    @Post(uri = "/query", consumes = MediaType.APPLICATION_JSON, produces = MediaType.APPLICATION_JSON)
    public Map<String, Object> query(@Nullable @Body String body, Authentication auth) {
        return service.query(object(body), Caller.of(auth), toJson);
    }

    @Post(uri = "/hotspots", consumes = MediaType.APPLICATION_JSON, produces = GEOJSON)
    public HttpResponse<byte[]> hotspots(@Nullable @Body String body, Authentication auth) throws IOException {
        return geoJson(service.hotspots(object(body), Caller.of(auth), toJson));
    }

    @Post(uri = "/recurring", consumes = MediaType.APPLICATION_JSON, produces = GEOJSON)
    public HttpResponse<byte[]> recurring(@Nullable @Body String body, Authentication auth) throws IOException {
        return geoJson(service.recurring(object(body), Caller.of(auth), toJson));
    }

    private HttpResponse<byte[]> geoJson(Map<String, Object> collection) throws IOException {
        return HttpResponse.ok(json.writeValueAsBytes(collection)).contentType(GEOJSON);
    }

    @Post(uri = "/rising", consumes = MediaType.APPLICATION_JSON, produces = MediaType.APPLICATION_JSON)
    public Map<String, Object> rising(@Nullable @Body String body, Authentication auth) {
        return service.rising(object(body), Caller.of(auth), toJson, Instant.now());
    }

    private Map<String, Object> object(@Nullable String body) {
        if (body == null || body.isBlank()) {
            return Map.of();
        }
        Object parsed;
        try {
            parsed = json.readValue(body, Argument.OBJECT_ARGUMENT);
        } catch (IOException | RuntimeException e) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "/problems/malformed-json", "The request body is not valid JSON: "
                    + Params.clip(String.valueOf(e.getMessage()).split("\n")[0]), List.of());
        }
        if (parsed instanceof Map<?, ?> map) {
            @SuppressWarnings("unchecked")
            Map<String, Object> m = (Map<String, Object>) map;
            return m;
        }
        throw new ApiException(HttpStatus.BAD_REQUEST, "/problems/invalid-body", "The request body must be a JSON object.", List.of());
    }
}
