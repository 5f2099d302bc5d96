package cn.yiwang.party;

import java.util.Map;

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

import cn.yiwang.security.Caller;

/**
 * Volunteer tasks (抢任务挣积分), see {@link VolunteerService}:
 * {@code POST /api/volunteer/tasks}, {@code GET /api/volunteer/tasks?status=&mine=},
 * {@code GET /api/volunteer/tasks/{id}}, {@code POST /api/volunteer/tasks/{id}/claim},
 * {@code POST /api/volunteer/tasks/{id}/claims/{username}/confirm}, {@code GET /api/volunteer/points}.
 */
@Controller("/api/volunteer")
@Secured(SecurityRule.IS_AUTHENTICATED)
@ExecuteOn(TaskExecutors.BLOCKING)
public class VolunteerController {

    private final VolunteerService service;

    public VolunteerController(VolunteerService service) {
        this.service = service;
    }

    @Post(uri = "/tasks", consumes = MediaType.APPLICATION_JSON, produces = MediaType.APPLICATION_JSON)
    public HttpResponse<VolunteerRepository.Task> post(HttpRequest<?> request, @Nullable @Body Map<String, Object> body,
                                                       Authentication authentication) {
        return HttpResponse.created(service.post(Caller.of(authentication), body, PartyController.ip(request)));
    }

    @Get(uri = "/tasks", produces = MediaType.APPLICATION_JSON)
    public Map<String, Object> list(@Nullable @QueryValue String status, @Nullable @QueryValue String mine, Authentication authentication) {
        return Map.of("items", service.list(Caller.of(authentication), status, "true".equalsIgnoreCase(mine)));
    }

    @Get(uri = "/tasks/{id}", produces = MediaType.APPLICATION_JSON)
    public VolunteerService.TaskWithClaims one(@PathVariable String id, Authentication authentication) {
        return service.one(Caller.of(authentication), PartyController.id(id));
    }

    @Post(uri = "/tasks/{id}/claim", produces = MediaType.APPLICATION_JSON)
    public VolunteerRepository.Task claim(HttpRequest<?> request, @PathVariable String id, Authentication authentication) {
        return service.claim(Caller.of(authentication), PartyController.id(id), PartyController.ip(request));
    }

    @Post(uri = "/tasks/{id}/claims/{username}/confirm", produces = MediaType.APPLICATION_JSON)
    public VolunteerService.TaskWithClaims confirm(HttpRequest<?> request, @PathVariable String id, @PathVariable String username,
                                                   Authentication authentication) {
        return service.confirm(Caller.of(authentication), PartyController.id(id), username, PartyController.ip(request));
    }

    @Get(uri = "/points", produces = MediaType.APPLICATION_JSON)
    public VolunteerService.Points points(Authentication authentication) {
        return service.points(Caller.of(authentication));
    }
}
