package cn.yiwang.patrol;

import java.util.List;

import cn.yiwang.api.ApiException;
import io.micronaut.http.HttpStatus;

/** 503: the ingestion queue is full (or the store failed); nothing of the request was kept. Carries {@code Retry-After}. */
public class PatrolOverloadedException extends ApiException {

    private final int retryAfterSeconds;

    public PatrolOverloadedException(String detail, int retryAfterSeconds) {
        super(HttpStatus.SERVICE_UNAVAILABLE, "/problems/overloaded", detail, List.of());
        this.retryAfterSeconds = retryAfterSeconds;
    }

    @Override
    public int retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
