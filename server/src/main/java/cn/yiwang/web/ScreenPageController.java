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
 * {@code GET /screen} and {@code GET /screen/}: the big screen 一屏观全域 for the ops center wall, {@code public/screen.html}
 * of the built console ({@code web/dist/screen.html}; its scripts and styles are static files under
 * {@code /assets/}). The page is public, as the console's {@code index.html} is: it asks for a login, and
 * every API call it makes carries the token. {@code Cache-Control: no-cache} so that the wall picks up a
 * new build (the assets it names are content-hashed). 404 problem+json when the
 * console was not built into the jar.
 */
@Controller("/screen")
@Secured(SecurityRule.IS_ANONYMOUS)
@ExecuteOn(TaskExecutors.BLOCKING)
public class ScreenPageController {

    private final ResourceResolver resources;

    public ScreenPageController(ResourceResolver resources) {
        this.resources = resources;
    }

    /** Micronaut matches {@code /screen/} to this route too (a trailing slash is optional). */
    @Get(produces = MediaType.TEXT_HTML)
    public HttpResponse<byte[]> page() {
        return BuiltPage.serve(resources, "screen", "big-screen page");
    }
}
