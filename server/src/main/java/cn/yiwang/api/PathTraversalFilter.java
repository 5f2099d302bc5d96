package cn.yiwang.api;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.filter.ServerFilterPhase;

/**
 * Refuses, before authentication and routing, any request whose path holds a {@code .} or
 * {@code ..} segment, raw or percent-encoded ({@code %2e%2e}, {@code ..%2f}, {@code ..\}): a
 * traversal attempt gets 400 problem+json naming the path, whatever route or file it aimed at, and
 * never reaches a file, a tile or a login prompt. Clients never send such segments (browsers and
 * HTTP libraries resolve them before sending).
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
public class PathTraversalFilter implements Ordered {

    @RequestFilter
    public void check(HttpRequest<?> request) {
        String raw = request.getUri().getRawPath();
        if (raw != null && hasDotSegment(raw)) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "/problems/invalid-path",
                    "The path holds a '.' or '..' segment (raw or percent-encoded); such paths are refused", List.of());
        }
    }

    /** Whether the raw path, once percent-decoded, has a {@code .} or {@code ..} segment (split on '/' and '\'). */
    static boolean hasDotSegment(String rawPath) {
        if (rawPath.indexOf('.') < 0 && rawPath.indexOf('%') < 0) {
            return false; // the common case, on every request: nothing that could become a dot
        }
        String decoded;
        try {
            decoded = URLDecoder.decode(rawPath.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            decoded = rawPath; // a malformed escape: routing answers it
        }
        for (String segment : decoded.split("[/\\\\]")) {
            if (segment.equals("..") || segment.equals(".")) {
                return true;
            }
        }
        return false;
    }

    @Override
    public int getOrder() {
        return ServerFilterPhase.FIRST.order();
    }
}
