package cn.yiwang.planner;

import java.util.LinkedHashMap;
import java.util.Map;

import cn.yiwang.api.Problem;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;

/** Renders {@link DraftRefusedException} as RFC 9457 problem+json with its extension members (problems, conflicts). */
@Singleton
public final class DraftRefusedExceptionHandler implements ExceptionHandler<DraftRefusedException, HttpResponse<?>> {

    @Override
    public HttpResponse<?> handle(HttpRequest request, DraftRefusedException e) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", e.type());
        body.put("title", e.status().getReason());
        body.put("status", e.status().getCode());
        body.put("detail", e.getMessage());
        body.put("instance", request.getPath());
        body.putAll(e.extensions());
        return HttpResponse.status(e.status()).contentType(Problem.MEDIA_TYPE).body(body);
    }
}
