package cn.yiwang.building;

import cn.yiwang.api.ApiException;
import cn.yiwang.api.Params;
import cn.yiwang.data.BuildingRecord;
import cn.yiwang.geo.ChinaCoordinateTransformer;
import cn.yiwang.geo.CoordinateSystem;
import cn.yiwang.security.Role;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecurityRule;

/**
 * Building API, GeoJSON (RFC 7946, EPSG:4326). Reads need a token (buildings carry household
 * counts, so the anonymous grid read does not cover them); imports need the admin or planner role.
 * <ul>
 *   <li>{@code POST /api/buildings/import?crs=wgs84|gcj02|bd09|cgcs2000}: a FeatureCollection of
 *       footprints (see {@link BuildingGeoJsonReader}), upserted by id, all or nothing →
 *       {@link BuildingService.ImportSummary};</li>
 *   <li>{@code GET /api/buildings/{id}}: one Feature with properties id, name, compound, use,
 *       floors, heightM, households, microCode, generated;</li>
 *   <li>{@code GET /api/buildings/at?lon=&lat=&crs=}: FeatureCollection of the footprints
 *       covering the point (usually zero or one). The literal {@code at} shadows a building whose
 *       id is "at".</li>
 * </ul>
 */
@Controller("/api/buildings")
@Secured(SecurityRule.IS_AUTHENTICATED)
@ExecuteOn(TaskExecutors.BLOCKING)
public class BuildingController {

    static final String GEO_JSON = "application/geo+json";

    private final BuildingService service;
    private final BuildingRepository repository;

    public BuildingController(BuildingService service, BuildingRepository repository) {
        this.service = service;
        this.repository = repository;
    }

    @Post(uri = "/import", consumes = {MediaType.APPLICATION_JSON, GEO_JSON}, produces = MediaType.APPLICATION_JSON)
    @Secured({Role.ADMIN_KEY, Role.PLANNER_KEY})
    public BuildingService.ImportSummary importCollection(HttpRequest<?> request, @Nullable @Body String body,
                                                          @Nullable @QueryValue String crs, Authentication authentication) {
        CoordinateSystem system = crs(crs);
        String role = authentication.getRoles().stream().findFirst().orElse(null);
        return service.importCollection(body, system, authentication.getName(), role,
                request.getRemoteAddress().getAddress().getHostAddress());
    }

    @Get(uri = "/at", produces = GEO_JSON)
    public HttpResponse<String> at(@Nullable @QueryValue String lon, @Nullable @QueryValue String lat,
                                   @Nullable @QueryValue String crs) {
        double x = Params.decimal("lon", lon, -180, 180, true);
        double y = Params.decimal("lat", lat, -90, 90, true);
        double[] wgs = ChinaCoordinateTransformer.toWgs84(crs(crs), x, y);
        return HttpResponse.ok("{\"type\":\"FeatureCollection\",\"features\":" + repository.featuresAtJson(wgs[0], wgs[1]) + "}")
                .contentType(GEO_JSON);
    }

    @Get(uri = "/{id}", produces = GEO_JSON)
    public HttpResponse<String> one(@PathVariable String id) {
        if (!id.matches(BuildingRecord.ID_PATTERN)) {
            throw ApiException.badParameter("id", "'" + Params.clip(id) + "' is not a building id (1–64 letters, digits, _ . : -)");
        }
        return HttpResponse.ok(repository.featureJson(id).orElseThrow(() -> ApiException.notFound("No building with id " + id + ".")))
                .contentType(GEO_JSON);
    }

    private static CoordinateSystem crs(@Nullable String raw) {
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
