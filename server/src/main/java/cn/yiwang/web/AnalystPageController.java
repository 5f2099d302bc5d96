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
 * {@code GET /analyst} and {@code GET /analyst/}: the analyst's page (分析研判),
 * {@code public/analyst.html} of the built console. Public like {@code /worker}: the page asks for a
 * login, and the API calls it makes carry the token and are checked there (role and grid scope).
 * {@code Cache-Control: no-cache} so a new build is picked up; 404 problem+json when the console was not
 * built into the jar.
 */
@Controller("/analyst")
@Secured(SecurityRule.IS_ANONYMOUS)
@ExecuteOn(TaskExecutors.BLOCKING)
public class AnalystPageController {

    private final ResourceResolver resources;

    public AnalystPageController(ResourceResolver resources) {
        this.resources = resources;
    }

    /** Micronaut matches {@code /analyst/} to this route too (a trailing slash is optional). */
    @Get(produces = MediaType.TEXT_HTML)
    public HttpResponse<byte[]> page() {
        return BuiltPage.serve(resources, "analyst", "analyst page");
    }
}
