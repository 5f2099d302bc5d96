package cn.yiwang.patrol;

import java.util.List;

import cn.yiwang.security.Caller;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MediaType;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Put;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecurityRule;

/**
 * A grid worker's duty from the phone page: {@code POST /api/patrol/start} (开始巡查; the running patrol
 * when one runs already), {@code POST /api/patrol/stop} (结束巡查; 409 when none runs) and
 * {@code GET /api/patrol/duty}. Starting and stopping are grid workers' own acts (403 for other roles)
 * and audited. The answer is {@link PatrolDuty.State}. The districts' duty shifts:
 * {@code GET /api/patrol/shifts}, {@code PUT} and {@code DELETE /api/patrol/shifts/{district}}
 * ({@link PatrolShifts}).
 */
@Controller("/api/patrol")
@Secured(SecurityRule.IS_AUTHENTICATED)
@ExecuteOn(TaskExecutors.BLOCKING)
public class PatrolDutyController {

    private final PatrolDuty duty;
    private final PatrolShifts shifts;

    public PatrolDutyController(PatrolDuty duty, PatrolShifts shifts) {
        this.duty = duty;
        this.shifts = shifts;
    }

    /** The duty shifts of the districts the caller works in (desk roles). */
    @Get(uri = "/shifts", produces = MediaType.APPLICATION_JSON)
    public List<PatrolShifts.ShiftView> shifts(Authentication auth) {
        return shifts.list(Caller.of(auth));
    }

    /** Sets a district's shift (ops and admins with the district in scope; audited). */
    @Put(uri = "/shifts/{district}", consumes = MediaType.ALL, produces = MediaType.APPLICATION_JSON)
    public PatrolShifts.ShiftView setShift(HttpRequest<?> request, @PathVariable String district, @Nullable @Body String body,
                                           Authentication auth) {
        return shifts.set(Caller.of(auth), district, body, request.getRemoteAddress().getAddress().getHostAddress());
    }

    /** Back to the configured default shift (same roles; audited). */
    @Delete(uri = "/shifts/{district}", produces = MediaType.APPLICATION_JSON)
    public PatrolShifts.ShiftView resetShift(HttpRequest<?> request, @PathVariable String district, Authentication auth) {
        return shifts.reset(Caller.of(auth), district, request.getRemoteAddress().getAddress().getHostAddress());
    }

    @Post(uri = "/start", consumes = MediaType.ALL, produces = MediaType.APPLICATION_JSON)
    public PatrolDuty.State start(HttpRequest<?> request, Authentication auth) {
        return duty.start(Caller.of(auth), request.getRemoteAddress().getAddress().getHostAddress());
    }

    @Post(uri = "/stop", consumes = MediaType.ALL, produces = MediaType.APPLICATION_JSON)
    public PatrolDuty.State stop(HttpRequest<?> request, Authentication auth) {
        return duty.stop(Caller.of(auth), request.getRemoteAddress().getAddress().getHostAddress());
    }

    @Get(uri = "/duty", produces = MediaType.APPLICATION_JSON)
    public PatrolDuty.State state(Authentication auth) {
        return duty.state(Caller.of(auth));
    }
}
