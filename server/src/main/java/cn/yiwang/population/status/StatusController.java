package cn.yiwang.population.status;

import java.util.List;
import java.util.Map;

import cn.yiwang.api.ApiException;
import cn.yiwang.api.Params;
import cn.yiwang.security.Caller;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Put;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecurityRule;

/**
 * Status maps (作战图):
 * <ul>
 *   <li>{@code GET /api/campaigns}: the campaigns with their statuses and styles;</li>
 *   <li>{@code POST /api/admin/campaigns}: define or replace one (admins, audited);</li>
 *   <li>{@code PUT /api/campaigns/{code}/statuses/{subjectId}} {@code {"status": "…"}}, {@code DELETE} to clear;</li>
 *   <li>{@code GET /api/campaigns/{code}/counts?groupBy=district|l1|l2|l3|micro&grid=}: counts per grid;</li>
 *   <li>{@code GET /api/campaigns/{code}/points?bbox=&limit=}: household/person points by status (GeoJSON, nothing personal).</li>
 * </ul>
 */
@Controller
@Secured(SecurityRule.IS_AUTHENTICATED)
@ExecuteOn(TaskExecutors.BLOCKING)
public class StatusController {

    private final StatusService service;

    public StatusController(StatusService service) {
        this.service = service;
    }

    @Get(uri = "/api/campaigns", produces = MediaType.APPLICATION_JSON)
    public List<Campaign> all() {
        return service.all();
    }

    @Post(uri = "/api/admin/campaigns", consumes = MediaType.APPLICATION_JSON, produces = MediaType.APPLICATION_JSON)
    public Campaign define(HttpRequest<?> request, Authentication auth, @Nullable @Body Campaign campaign) {
        if (campaign == null) {
            throw ApiException.badParameter("body", "is empty; send the campaign");
        }
        return service.define(Caller.of(auth), campaign, ip(request));
    }

    @Put(uri = "/api/campaigns/{code}/statuses/{subjectId}", consumes = MediaType.APPLICATION_JSON, produces = MediaType.APPLICATION_JSON)
    public StatusService.Changed set(HttpRequest<?> request, Authentication auth, @PathVariable String code, @PathVariable String subjectId,
                                     @Nullable @Body Map<String, Object> body) {
        Object status = body == null ? null : body.get("status");
        if (!(status instanceof String s) || s.isBlank()) {
            throw new ApiException(io.micronaut.http.HttpStatus.BAD_REQUEST, "/problems/invalid-body",
                    "The body must be {\"status\": \"<status code>\"}; to clear a status use DELETE.",
                    List.of(new cn.yiwang.api.Problem.InvalidParam(null, "/status", "missing")));
        }
        return service.set(Caller.of(auth), code, id(subjectId), s, ip(request));
    }

    @Delete(uri = "/api/campaigns/{code}/statuses/{subjectId}", produces = MediaType.APPLICATION_JSON)
    public StatusService.Changed clear(HttpRequest<?> request, Authentication auth, @PathVariable String code, @PathVariable String subjectId) {
        return service.set(Caller.of(auth), code, id(subjectId), null, ip(request));
    }

    @Get(uri = "/api/campaigns/{code}/counts", produces = MediaType.APPLICATION_JSON)
    public StatusService.Counts counts(Authentication auth, @PathVariable String code, @Nullable @QueryValue String groupBy,
                                       @Nullable @QueryValue String grid) {
        return service.counts(Caller.of(auth), code, groupBy == null ? "l1" : groupBy, grid);
    }

    @Get(uri = "/api/campaigns/{code}/points", produces = "application/geo+json")
    public HttpResponse<String> points(Authentication auth, @PathVariable String code, @Nullable @QueryValue String bbox,
                                       @Nullable @QueryValue String limit) {
        double[] box = bbox == null ? new double[] {-180, -90, 180, 90} : Params.bbox(bbox);
        return HttpResponse.ok(service.points(Caller.of(auth), code, box, Params.limit(limit, 20000, 50000))).contentType("application/geo+json");
    }

    private static long id(String raw) {
        try {
            return Long.parseLong(raw);
        } catch (NumberFormatException e) {
            throw ApiException.badParameter("subjectId", "'" + Params.clip(raw) + "' is not an id");
        }
    }

    private static String ip(HttpRequest<?> request) {
        return request.getRemoteAddress().getAddress().getHostAddress();
    }
}
