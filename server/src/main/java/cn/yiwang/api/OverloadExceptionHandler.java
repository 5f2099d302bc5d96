package cn.yiwang.api;

import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import cn.yiwang.db.DatabaseFailures;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import io.micronaut.http.server.exceptions.response.ErrorContext;
import io.micronaut.http.server.exceptions.response.ErrorResponseProcessor;
import jakarta.inject.Singleton;

/**
 * A request that could not get a database connection in time (the pool is exhausted: the server is
 * overloaded), or whose connection the database cut or refused (a restart, a failover: SQLSTATE class
 * {@code 08}, {@code 57P01}–{@code 57P03}), answers 503 with {@code Retry-After}, so clients back off
 * and retry instead of seeing a 500; the transaction did not commit, so nothing was written (the pool
 * drops the broken connection, the retry gets a fresh one). Any other failure stays a 500 without
 * details.
 */
@Singleton
public final class OverloadExceptionHandler implements ExceptionHandler<IllegalStateException, HttpResponse<?>> {

    private static final Logger LOG = LoggerFactory.getLogger(OverloadExceptionHandler.class);
    static final String RETRY_AFTER_SECONDS = "2";

    private final ErrorResponseProcessor<?> processor;

    public OverloadExceptionHandler(ErrorResponseProcessor<?> processor) {
        this.processor = processor;
    }

    @Override
    public HttpResponse<?> handle(HttpRequest request, IllegalStateException exception) {
        if (DatabaseFailures.isConnectionLost(exception)) {
            LOG.warn("Database connection lost on {} {}: {}", request.getMethod(), request.getPath(), rootMessage(exception));
            ApiException gone = new ApiException(HttpStatus.SERVICE_UNAVAILABLE, "/problems/database-unavailable",
                    "The database is not reachable right now (restarting or failing over); nothing was changed. Retry after "
                            + RETRY_AFTER_SECONDS + " s.", List.of());
            return processor.processResponse(ErrorContext.builder(request).cause(gone).build(),
                    HttpResponse.status(HttpStatus.SERVICE_UNAVAILABLE).header("Retry-After", RETRY_AFTER_SECONDS));
        }
        if (DatabaseFailures.isPoolTimeout(exception)) {
            LOG.warn("Overloaded: no database connection for {} {}", request.getMethod(), request.getPath());
            ApiException overload = new ApiException(HttpStatus.SERVICE_UNAVAILABLE, "/problems/overloaded",
                    "The server is busy (no database connection free in time); nothing was changed. Retry after "
                            + RETRY_AFTER_SECONDS + " s.", List.of());
            return processor.processResponse(ErrorContext.builder(request).cause(overload).build(),
                    HttpResponse.status(HttpStatus.SERVICE_UNAVAILABLE).header("Retry-After", RETRY_AFTER_SECONDS));
        }
        LOG.error("Unexpected error on {} {}", request.getMethod(), request.getPath(), exception);
        return processor.processResponse(ErrorContext.builder(request).cause(exception).build(),
                HttpResponse.status(HttpStatus.INTERNAL_SERVER_ERROR));
    }

    private static String rootMessage(Throwable t) {
        Throwable c = t;
        while (c.getCause() != null) {
            c = c.getCause();
        }
        return c.getMessage();
    }
}
