package cn.yiwang.cases;

import java.util.List;

import org.locationtech.jts.geom.Envelope;

import cn.yiwang.api.Params;
import cn.yiwang.grid.GridService;
import cn.yiwang.security.Role;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.serde.annotation.Serdeable;

/**
 * {@code POST /api/admin/cases/reroute}: re-route open cases now (after an import of grids done
 * outside Yiwang, or to check routing), optionally only inside {@code bbox} and after rebuilding the
 * routing index from the database ({@code reload=true}).
 */
@Controller("/api/admin/cases")
@Secured({Role.ADMIN_KEY, Role.OPS_KEY})
@ExecuteOn(TaskExecutors.BLOCKING)
public class CaseAdminController {

    /** What the run did; {@code reloadMillis} is the index rebuild, {@code millis} the re-routing itself. */
    @Serdeable
    public record Rerouted(int scanned, int changed, int skipped, long millis, long reloadMillis) {
    }

    private final CaseRerouter rerouter;
    private final GridService grids;

    public CaseAdminController(CaseRerouter rerouter, GridService grids) {
        this.rerouter = rerouter;
        this.grids = grids;
    }

    @Post(uri = "/reroute", produces = MediaType.APPLICATION_JSON)
    public Rerouted reroute(@Nullable @QueryValue String bbox, @Nullable @QueryValue String reload) {
        double[] b = bbox == null ? null : Params.bbox(bbox);
        long reloadMillis = 0;
        if ("true".equals(reload)) {
            long t0 = System.nanoTime();
            grids.reload();
            reloadMillis = (System.nanoTime() - t0) / 1_000_000;
        } else if (reload != null && !"false".equals(reload)) {
            throw cn.yiwang.api.ApiException.badParameter("reload", "must be true or false");
        }
        CaseRerouter.Result r = rerouter.reroute(b == null ? List.of() : List.of(new Envelope(b[0], b[2], b[1], b[3])));
        return new Rerouted(r.scanned(), r.changed(), r.skipped(), r.millis(), reloadMillis);
    }
}
