package cn.yiwang.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;

import cn.yiwang.api.ApiException;
import io.micronaut.core.io.ResourceResolver;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;

/**
 * {@code GET /dispatch} and {@code GET /dispatch/}: the dispatcher's page (座席员工作台),
 * {@code public/dispatch.html} of the built console. Public like {@code /worker}: the page asks for a
 * login, and the API calls it makes carry the token and are checked there (role and grid scope).
 * {@code Cache-Control: no-cache} so a new build is picked up; 404 problem+json when the console was not
 * built into the jar.
 */
@Controller("/dispatch")
@Secured(SecurityRule.IS_ANONYMOUS)
@ExecuteOn(TaskExecutors.BLOCKING)
public class DispatchPageController {

    static final String PAGE = "classpath:public/dispatch.html";

    private final ResourceResolver resources;

    public DispatchPageController(ResourceResolver resources) {
        this.resources = resources;
    }

    @Get(produces = MediaType.TEXT_HTML)
    public HttpResponse<byte[]> page() {
        Optional<InputStream> in = resources.getResourceAsStream(PAGE);
        if (in.isEmpty()) {
            throw new ApiException(HttpStatus.NOT_FOUND, "/problems/not-found",
                    "The dispatcher page is not built into this server (no " + PAGE + "): build web/ first (./yiwang build).", List.of());
        }
        byte[] html;
        try (InputStream stream = in.get()) {
            html = stream.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + PAGE + " failed", e);
        }
        return HttpResponse.ok(html)
                .contentType(MediaType.TEXT_HTML_TYPE.toString() + ";charset=utf-8")
                .header(HttpHeaders.CACHE_CONTROL, "no-cache");
    }
}
