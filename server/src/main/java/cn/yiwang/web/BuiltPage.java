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

/**
 * One HTML page of the built console ({@code web/dist/<name>.html}, packed as
 * {@code classpath:public/<name>.html}; its scripts and styles are content-hashed static files under
 * {@code /assets/}), answered with {@code Cache-Control: no-cache} so a browser picks up a new build.
 * 404 problem+json, naming the page, when the console was not built into the jar. Stateless.
 */
final class BuiltPage {

    private BuiltPage() {
    }

    /** The page {@code public/<name>.html}; {@code title} names it in the 404 ("the worker page"). */
    static HttpResponse<byte[]> serve(ResourceResolver resources, String name, String title) {
        String page = "classpath:public/" + name + ".html";
        Optional<InputStream> in = resources.getResourceAsStream(page);
        if (in.isEmpty()) {
            throw new ApiException(HttpStatus.NOT_FOUND, "/problems/not-found",
                    "The " + title + " is not built into this server (no " + page + "): build web/ first (./yiwang build).", List.of());
        }
        byte[] html;
        try (InputStream stream = in.get()) {
            html = stream.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + page + " failed", e);
        }
        return HttpResponse.ok(html)
                .contentType(MediaType.TEXT_HTML_TYPE.toString() + ";charset=utf-8")
                .header(HttpHeaders.CACHE_CONTROL, "no-cache");
    }
}
