package cn.yiwang.web;

import io.micronaut.core.io.ResourceResolver;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;

/**
 * {@code GET /worker} and {@code GET /worker/}: the phone page for grid workers, {@code public/worker.html}
 * of the built console ({@code web/dist/worker.html}; its scripts and styles are static files under
 * {@code /assets/}). The page is public, as the console's {@code index.html} is: it asks for a login, and
 * every API call it makes carries the token. {@code Cache-Control: no-cache} so that a phone picks up a
 * new build (the assets it names are content-hashed and cache themselves). 404 problem+json when the
 * console was not built into the jar.
 */
@Controller("/worker")
@Secured(SecurityRule.IS_ANONYMOUS)
@ExecuteOn(TaskExecutors.BLOCKING)
public class WorkerPageController {

    private final ResourceResolver resources;

    public WorkerPageController(ResourceResolver resources) {
        this.resources = resources;
    }

    /** Micronaut matches {@code /worker/} to this route too (a trailing slash is optional). */
    @Get(produces = MediaType.TEXT_HTML)
    public HttpResponse<byte[]> page() {
        return BuiltPage.serve(resources, "worker", "worker page");
    }
}
