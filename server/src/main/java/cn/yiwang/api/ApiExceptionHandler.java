package cn.yiwang.api;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import io.micronaut.http.server.exceptions.response.ErrorContext;
import io.micronaut.http.server.exceptions.response.ErrorResponseProcessor;
import jakarta.inject.Singleton;

/** Maps {@link ApiException} to its status; the body is made by {@link ProblemErrorResponseProcessor}. */
@Singleton
public final class ApiExceptionHandler implements ExceptionHandler<ApiException, HttpResponse<?>> {

    private final ErrorResponseProcessor<?> processor;

    public ApiExceptionHandler(ErrorResponseProcessor<?> processor) {
        this.processor = processor;
    }

    @Override
    public HttpResponse<?> handle(HttpRequest request, ApiException exception) {
        MutableHttpResponse<?> response = HttpResponse.status(exception.status());
        if (exception.retryAfterSeconds() > 0) {
            response.header("Retry-After", Integer.toString(exception.retryAfterSeconds()));
        }
        return processor.processResponse(ErrorContext.builder(request).cause(exception).build(), response);
    }
}
