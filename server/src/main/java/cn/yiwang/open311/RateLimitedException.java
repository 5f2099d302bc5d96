package cn.yiwang.open311;

import java.time.Duration;

/** A request over its rate limit: answered 429 with {@code Retry-After}. */
public final class RateLimitedException extends RuntimeException {

    private final long retryAfterSeconds;

    public RateLimitedException(String detail, Duration retryAfter) {
        super(detail);
        this.retryAfterSeconds = Math.max(1, retryAfter.toSeconds());
    }

    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
