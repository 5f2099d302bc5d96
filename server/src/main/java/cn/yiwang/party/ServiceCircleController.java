package cn.yiwang.party;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import cn.yiwang.api.ApiException;
import cn.yiwang.api.Params;
import cn.yiwang.geo.ChinaCoordinateTransformer;
import cn.yiwang.geo.CoordinateSystem;
import cn.yiwang.security.Caller;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecurityRule;

/**
 * {@code GET /api/service-circle?lon=&lat=&minutes=15&crs=}: the shops, services and organisations
 * within {@code minutes} of walking from a point (15-minute service circle, 15分钟生活圈), by kind,
 * nearest first. There is no road network in the system, so reach is the straight-line
 * approximation of {@link ServiceCircle}, stated in the answer ({@code method: "straight-line"},
 * speed, detour factor, radius). Authenticated; service points hold no personal data, and the
 * answer is limited to the districts of the caller's scope.
 */
@Controller("/api/service-circle")
@Secured(SecurityRule.IS_AUTHENTICATED)
@ExecuteOn(TaskExecutors.BLOCKING)
public class ServiceCircleController {

    private final PartyRepository repository;

    public ServiceCircleController(PartyRepository repository) {
        this.repository = repository;
    }

    @Get(produces = MediaType.APPLICATION_JSON)
    public Map<String, Object> circle(@Nullable @QueryValue String lon, @Nullable @QueryValue String lat, @Nullable @QueryValue String minutes,
                                      @Nullable @QueryValue String crs, Authentication authentication) {
        Caller caller = Caller.of(authentication);
        double x = Params.decimal("lon", lon, -180, 180, true);
        double y = Params.decimal("lat", lat, -90, 90, true);
        double m = minutes == null ? 15 : Params.decimal("minutes", minutes, 1, ServiceCircle.MAX_MINUTES, true);
        CoordinateSystem system;
        try {
            system = crs == null || crs.isBlank() ? CoordinateSystem.WGS84 : CoordinateSystem.parse(crs.strip());
        } catch (IllegalArgumentException e) {
            throw ApiException.badParameter("crs", "'" + Params.clip(crs) + "' is not supported; use wgs84, gcj02, bd09 or cgcs2000");
        }
        double[] wgs = ChinaCoordinateTransformer.toWgs84(system, x, y);
        double radius = ServiceCircle.radiusMeters(m);
        String districts = caller.scope().length() >= 6 ? caller.scope().substring(0, 6) : caller.scope();
        Map<String, Map<String, Object>> byKind = new LinkedHashMap<>();
        for (ServicePointKind k : ServicePointKind.values()) {
            Map<String, Object> group = new LinkedHashMap<>();
            group.put("kind", k.key());
            group.put("nameZh", k.nameZh());
            group.put("category", k.category());
            group.put("count", 0);
            group.put("items", new ArrayList<Map<String, Object>>());
            byKind.put(k.key(), group);
        }
        int total = 0;
        for (PartyRepository.ServicePointRow r : repository.servicePointsWithin(wgs[0], wgs[1], radius, districts)) {
            Map<String, Object> group = byKind.computeIfAbsent(r.kind(), kk -> {
                Map<String, Object> g = new LinkedHashMap<>();
                g.put("kind", kk);
                g.put("nameZh", kk);
                g.put("category", r.category());
                g.put("count", 0);
                g.put("items", new ArrayList<Map<String, Object>>());
                return g;
            });
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("id", r.id());
            item.put("code", r.code());
            item.put("name", r.name());
            item.put("lon", r.lon());
            item.put("lat", r.lat());
            item.put("microCode", r.microCode());
            item.put("distanceMeters", Math.round(r.distanceMeters() * 10) / 10.0);
            item.put("walkMinutes", Math.round(ServiceCircle.walkMinutes(r.distanceMeters()) * 10) / 10.0);
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> items = (List<Map<String, Object>>) group.get("items");
            items.add(item);
            group.put("count", items.size());
            total++;
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("center", Map.of("lon", wgs[0], "lat", wgs[1], "crs", "wgs84"));
        out.put("minutes", m);
        out.put("method", ServiceCircle.METHOD);
        out.put("walkMetersPerMinute", ServiceCircle.WALK_METERS_PER_MINUTE);
        out.put("detourFactor", ServiceCircle.DETOUR_FACTOR);
        out.put("radiusMeters", Math.round(radius * 10) / 10.0);
        out.put("note", "直线距离估算：步行 " + (int) ServiceCircle.WALK_METERS_PER_MINUTE + " 米/分钟，绕行系数 " + ServiceCircle.DETOUR_FACTOR
                + "（无路网）/ straight-line estimate: walk at 80 m/min, detour factor 1.3 (no road network)");
        out.put("total", total);
        out.put("missingKinds", byKind.values().stream().filter(g -> ((Integer) g.get("count")) == 0).map(g -> g.get("kind")).toList());
        out.put("byKind", new ArrayList<>(byKind.values()));
        return out;
    }
}
