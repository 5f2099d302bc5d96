package cn.yiwang.building;

import java.util.List;

import cn.yiwang.api.ApiException;
import cn.yiwang.api.Params;
import cn.yiwang.cases.CaseQuery;
import cn.yiwang.cases.CaseService;
import cn.yiwang.cases.CaseView;
import cn.yiwang.data.BuildingRecord;
import cn.yiwang.security.Caller;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecurityRule;
import io.micronaut.serde.annotation.Serdeable;

/**
 * {@code GET /api/buildings/{id}/cases?limit=}: the open cases whose point lies in a building's
 * footprint (what the console lists when a building is picked in 3D). The caller sees exactly what
 * {@code GET /api/cases} would show them (the scope rule of {@link CaseQuery}), with the reporter's
 * name and phone masked; newest first, {@code limit} 1–200 (default 50), {@code total} counting all.
 * 400 for a malformed id, 404 for an unknown building.
 */
@Controller("/api/buildings")
@Secured(SecurityRule.IS_AUTHENTICATED)
@ExecuteOn(TaskExecutors.BLOCKING)
public class BuildingCasesController {

    /** The open cases in one building. */
    @Serdeable
    public record BuildingCases(String building, List<CaseView> items, long total, int limit) {
    }

    private final BuildingRepository buildings;
    private final CaseQuery query;
    private final CaseService cases;

    public BuildingCasesController(BuildingRepository buildings, CaseQuery query, CaseService cases) {
        this.buildings = buildings;
        this.query = query;
        this.cases = cases;
    }

    @Get(uri = "/{id}/cases", produces = MediaType.APPLICATION_JSON)
    public BuildingCases openCases(@PathVariable String id, @Nullable @QueryValue String limit, Authentication auth) {
        if (!id.matches(BuildingRecord.ID_PATTERN)) {
            throw ApiException.badParameter("id", "'" + Params.clip(id) + "' is not a building id (1–64 letters, digits, _ . : -)");
        }
        int max = Params.limit(limit, 50, 200);
        if (buildings.featureJson(id).isEmpty()) {
            throw ApiException.notFound("No building with id " + id + ".");
        }
        Caller caller = Caller.of(auth);
        CaseQuery.Result result = query.openInBuilding(id, caller, max);
        List<CaseView> items = result.items().stream().map(s -> cases.view(s, caller, false)).toList();
        return new BuildingCases(id, items, result.total(), max);
    }
}
