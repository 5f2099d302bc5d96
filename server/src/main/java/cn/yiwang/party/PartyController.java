package cn.yiwang.party;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import cn.yiwang.api.ApiException;
import cn.yiwang.api.Params;
import cn.yiwang.security.Caller;
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
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecurityRule;

/**
 * Party building API. {@code scope} (a grid code, default the caller's) must lie inside the caller's
 * scope (403 otherwise; audited for personal data).
 * <ul>
 *   <li>{@code GET /api/party/orgs?scope=}: the organisation tree with member and contact counts;</li>
 *   <li>{@code GET /api/party/orgs/{id}/contacts}: a compound group's contact households, masked;</li>
 *   <li>{@code GET /api/party/members?scope=&branch=&kind=&registered=&limit=&offset=}: masked;
 *       {@code GET /api/party/members/{id}/contact}: unmasked for admin and ops, audited;</li>
 *   <li>{@code GET /api/party/figures?level=micro|l3|l2|l1|district&scope=&year=}: per-grid figures;</li>
 *   <li>{@code GET /api/party/ratings?scope=&year=}: five-star ratings of the level-3 branches;
 *       {@code GET /api/party/star-weights}: the weights, targets and bands;</li>
 *   <li>{@code GET /api/party/compounds?scope=}: GeoJSON of the compounds, {@code covered} by a party group.</li>
 * </ul>
 */
@Controller("/api/party")
@Secured(SecurityRule.IS_AUTHENTICATED)
@ExecuteOn(TaskExecutors.BLOCKING)
public class PartyController {

    private final PartyService service;
    private final JsonMapper json;

    public PartyController(PartyService service, JsonMapper json) {
        this.service = service;
        this.json = json;
    }

    @Get(uri = "/orgs", produces = MediaType.APPLICATION_JSON)
    public Map<String, Object> orgs(@Nullable @QueryValue String scope, Authentication authentication) {
        Caller caller = Caller.of(authentication);
        return Map.of("roots", service.tree(caller, scope));
    }

    @Get(uri = "/orgs/{id}/contacts", produces = MediaType.APPLICATION_JSON)
    public Map<String, Object> contacts(HttpRequest<?> request, @PathVariable String id, Authentication authentication) {
        return Map.of("items", service.contacts(Caller.of(authentication), id(id), ip(request)));
    }

    @Get(uri = "/members", produces = MediaType.APPLICATION_JSON)
    public Map<String, Object> members(HttpRequest<?> request, @Nullable @QueryValue String scope, @Nullable @QueryValue String branch,
                                       @Nullable @QueryValue String kind, @Nullable @QueryValue String registered,
                                       @Nullable @QueryValue String limit, @Nullable @QueryValue String offset, Authentication authentication) {
        int n = Params.limit(limit, 100, 1000);
        int from = Params.offset(offset);
        Long branchId = branch == null ? null : id(branch);
        boolean reg = "true".equalsIgnoreCase(registered);
        return Map.of("items", service.members(Caller.of(authentication), scope, branchId, kind, reg, n, from, ip(request)),
                "limit", n, "offset", from);
    }

    @Get(uri = "/members/{id}/contact", produces = MediaType.APPLICATION_JSON)
    public PartyService.Member contact(HttpRequest<?> request, @PathVariable String id, Authentication authentication) {
        return service.memberUnmasked(Caller.of(authentication), id(id), ip(request));
    }

    @Get(uri = "/figures", produces = MediaType.APPLICATION_JSON)
    public PartyService.Figures figures(@Nullable @QueryValue String scope, @Nullable @QueryValue String level,
                                        @Nullable @QueryValue String year, Authentication authentication) {
        return service.figures(Caller.of(authentication), scope, level, service.year(year));
    }

    @Get(uri = "/ratings", produces = MediaType.APPLICATION_JSON)
    public Map<String, Object> ratings(@Nullable @QueryValue String scope, @Nullable @QueryValue String year, Authentication authentication) {
        int y = service.year(year);
        return Map.of("year", y, "items", service.ratings(Caller.of(authentication), scope, y));
    }

    @Get(uri = "/star-weights", produces = MediaType.APPLICATION_JSON)
    public Map<String, Object> weights() {
        return Map.of("weights", service.rater().weights(),
                "formula", "score = 100 × Σ weight·min(1, value/target) / Σ weight over the inputs that apply; stars by band");
    }

    @Get(uri = "/compounds", produces = "application/geo+json")
    public HttpResponse<String> compounds(@Nullable @QueryValue String scope, Authentication authentication) {
        List<Map<String, Object>> features = new ArrayList<>();
        for (PartyRepository.CompoundRow r : service.compounds(Caller.of(authentication), scope)) {
            Map<String, Object> props = new LinkedHashMap<>();
            props.put("compound", r.compound());
            props.put("districtCode", r.districtCode());
            props.put("microCode", r.microCode());
            props.put("buildings", r.buildings());
            props.put("households", r.households());
            props.put("covered", r.groupId() != null);
            props.put("groupId", r.groupId());
            props.put("groupName", r.groupName());
            features.add(Map.of("type", "Feature", "id", r.districtCode() + ":" + r.compound(),
                    "geometry", Map.of("type", "Point", "coordinates", List.of(r.lon(), r.lat())), "properties", props));
        }
        try {
            return HttpResponse.ok(json.writeValueAsString(Map.of("type", "FeatureCollection", "features", features)))
                    .contentType("application/geo+json");
        } catch (java.io.IOException e) {
            throw new IllegalStateException("writing compounds failed", e);
        }
    }

    static long id(String raw) {
        try {
            return Long.parseLong(raw);
        } catch (NumberFormatException e) {
            throw ApiException.badParameter("id", "'" + Params.clip(raw) + "' is not an id");
        }
    }

    static String ip(HttpRequest<?> request) {
        return request.getRemoteAddress().getAddress().getHostAddress();
    }
}
