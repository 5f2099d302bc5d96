package cn.yiwang.patrol;

import cn.yiwang.security.Caller;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecurityRule;

/**
 * A grid worker's duty from the phone page: {@code POST /api/patrol/start} (开始巡查; the running patrol
 * when one runs already), {@code POST /api/patrol/stop} (结束巡查; 409 when none runs) and
 * {@code GET /api/patrol/duty}. Starting and stopping are grid workers' own acts (403 for other roles)
 * and audited. The answer is {@link PatrolDuty.State}.
 */
@Controller("/api/patrol")
@Secured(SecurityRule.IS_AUTHENTICATED)
@ExecuteOn(TaskExecutors.BLOCKING)
public class PatrolDutyController {

    private final PatrolDuty duty;

    public PatrolDutyController(PatrolDuty duty) {
        this.duty = duty;
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
