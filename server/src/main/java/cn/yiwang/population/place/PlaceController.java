package cn.yiwang.population.place;

import java.util.List;

import javax.sql.DataSource;

import cn.yiwang.api.ApiException;
import cn.yiwang.api.Params;
import cn.yiwang.db.Transactions;
import cn.yiwang.population.PopulationConfiguration;
import cn.yiwang.security.Caller;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
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
 * Places, non-personal (counts only), within the caller's grid scope:
 * <ul>
 *   <li>{@code GET /api/places/compounds?grid=&limit=}: compounds as GeoJSON (name, micro grid, buildings, households);</li>
 *   <li>{@code GET /api/places/household-standard?grid=}: households per micro grid with status
 *       {@code under} / {@code ok} / {@code over} against the 50–70 standard ({@code yiwang.population.min-households},
 *       {@code max-households}), for the planner's map.</li>
 * </ul>
 */
@Controller("/api/places")
@Secured(SecurityRule.IS_AUTHENTICATED)
@ExecuteOn(TaskExecutors.BLOCKING)
public class PlaceController {

    private final DataSource dataSource;
    private final PlaceRepository repository;
    private final PopulationConfiguration config;

    public PlaceController(DataSource dataSource, PlaceRepository repository, PopulationConfiguration config) {
        this.dataSource = dataSource;
        this.repository = repository;
        this.config = config;
    }

    @Get(uri = "/compounds", produces = "application/geo+json")
    public HttpResponse<String> compounds(Authentication auth, @Nullable @QueryValue String grid, @Nullable @QueryValue String limit) {
        String prefix = scoped(Caller.of(auth), grid);
        int n = Params.limit(limit, 1000, 10000);
        String features = Transactions.inTransaction(dataSource, "reading compounds", c -> repository.compoundsJson(c, prefix, n));
        return HttpResponse.ok("{\"type\":\"FeatureCollection\",\"features\":" + features + "}").contentType("application/geo+json");
    }

    @Get(uri = "/household-standard", produces = MediaType.APPLICATION_JSON)
    public List<PlaceRepository.MicroHouseholds> householdStandard(Authentication auth, @Nullable @QueryValue String grid) {
        String prefix = scoped(Caller.of(auth), grid);
        return Transactions.inTransaction(dataSource, "counting households",
                c -> repository.householdStandard(c, prefix, config.minHouseholds(), config.maxHouseholds()));
    }

    static String scoped(Caller caller, @Nullable String grid) {
        if (grid == null || grid.isBlank()) {
            return caller.scope();
        }
        String g = grid.strip();
        if (!g.matches("[0-9]{6,24}")) {
            throw ApiException.badParameter("grid", "'" + Params.clip(grid) + "' is not a grid code");
        }
        if (!caller.covers(g)) {
            throw new ApiException(io.micronaut.http.HttpStatus.FORBIDDEN, "/problems/forbidden",
                    "Grid " + g + " lies outside your grid scope " + caller.scope() + ".", List.of());
        }
        return g;
    }
}
