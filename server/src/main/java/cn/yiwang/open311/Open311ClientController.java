package cn.yiwang.open311;

import java.util.List;

import cn.yiwang.api.ApiException;
import cn.yiwang.security.Caller;
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
import io.micronaut.http.annotation.Put;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;

/**
 * Admin API of Open311 client apps (role admin; every change audited):
 * <ul>
 *   <li>{@code POST /api/admin/open311/clients} {@code {"name", "requestsPerMinute"?}} → 201 with the
 *       client and its {@code apiKey}, shown this once;</li>
 *   <li>{@code GET /api/admin/open311/clients} and {@code GET …/{id}}: the clients, never a key;</li>
 *   <li>{@code PUT …/{id}} {@code {"name"?, "enabled"?, "requestsPerMinute"?}}: changes what is given
 *       and takes effect with the client's next request.</li>
 * </ul>
 */
@Controller("/api/admin/open311/clients")
@Secured(Role.ADMIN_KEY)
@ExecuteOn(TaskExecutors.BLOCKING)
public class Open311ClientController {

    private final Open311ClientService service;

    public Open311ClientController(Open311ClientService service) {
        this.service = service;
    }

    @Post(consumes = MediaType.APPLICATION_JSON, produces = MediaType.APPLICATION_JSON)
    public HttpResponse<Open311ClientService.Registered> create(HttpRequest<?> request, @Nullable @Body String body,
                                                                Authentication auth) {
        Open311ClientService.Registered r = service.create(body, Caller.of(auth), ip(request));
        return HttpResponse.created(r).header("Location", "/api/admin/open311/clients/" + r.id()).header("Cache-Control", "no-store");
    }

    @Get(produces = MediaType.APPLICATION_JSON)
    public List<Open311Client> list() {
        return service.all();
    }

    @Get(uri = "/{id}", produces = MediaType.APPLICATION_JSON)
    public Open311Client one(@PathVariable String id) {
        return service.get(id(id));
    }

    @Put(uri = "/{id}", consumes = MediaType.APPLICATION_JSON, produces = MediaType.APPLICATION_JSON)
    public Open311Client update(HttpRequest<?> request, @PathVariable String id, @Nullable @Body String body, Authentication auth) {
        return service.update(id(id), body, Caller.of(auth), ip(request));
    }

    private static long id(String raw) {
        if (!raw.matches("^[0-9]{1,18}$")) {
            throw ApiException.badParameter("id", "not a client id (digits)");
        }
        return Long.parseLong(raw);
    }

    private static String ip(HttpRequest<?> request) {
        return request.getRemoteAddress().getAddress().getHostAddress();
    }
}
