package cn.yiwang.open311;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One token bucket per key (a client app, a client address): a bucket holds at most
 * {@code perMinute} tokens, refills at {@code perMinute / 60} tokens per second, and each request
 * takes one. A full bucket therefore allows a burst of one minute's allowance, after which requests
 * are spread evenly. The rate may differ per call (an admin changed a client's limit): the bucket
 * keeps its tokens, capped at the new size.
 *
 * <p>In memory, per server instance: behind a load balancer with n instances a key may get up to
 * n times its limit. Buckets that have refilled completely carry no information and are dropped
 * once more than {@code maxKeys} keys are held, so memory stays bounded. Thread-safe.
 */
public final class TokenBucketLimiter {

    private record Bucket(double tokens, long atNanos) {
    }

    private final Clock clock;
    private final int maxKeys;
    private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();

    /**
     * @param clock   time source (tests pass a fixed, movable clock)
     * @param maxKeys number of keys above which idle buckets are swept
     */
    public TokenBucketLimiter(Clock clock, int maxKeys) {
        if (maxKeys < 1) {
            throw new IllegalArgumentException("maxKeys must be at least 1, not " + maxKeys);
        }
        this.clock = clock;
        this.maxKeys = maxKeys;
    }

    /**
     * Takes a token for {@code key}.
     *
     * @param perMinute the key's allowance, at least 1
     * @return empty when the request may proceed; otherwise how long until a token is available
     *         (at least one second, as {@code Retry-After} counts whole seconds)
     */
    public Optional<Duration> tryAcquire(String key, int perMinute) {
        if (perMinute < 1) {
            throw new IllegalArgumentException("perMinute must be at least 1, not " + perMinute);
        }
        long now = nanos();
        double perNano = perMinute / 60e9;
        Duration[] wait = new Duration[1];
        buckets.compute(key, (k, b) -> {
            double tokens = b == null ? perMinute : Math.min(perMinute, b.tokens() + (now - b.atNanos()) * perNano);
            if (tokens >= 1) {
                return new Bucket(tokens - 1, now);
            }
            long nanosToOne = (long) Math.ceil((1 - tokens) / perNano);
            wait[0] = Duration.ofSeconds(Math.max(1, (nanosToOne + 999_999_999L) / 1_000_000_000L));
            return new Bucket(tokens, now);
        });
        if (buckets.size() > maxKeys) {
            sweep(now);
        }
        return Optional.ofNullable(wait[0]);
    }

    /** Number of keys currently held (for tests and metrics). */
    public int size() {
        return buckets.size();
    }

    private void sweep(long now) {
        // A bucket idle for a full minute has refilled at any rate of at least one per minute.
        buckets.entrySet().removeIf(e -> now - e.getValue().atNanos() >= 60_000_000_000L);
    }

    private long nanos() {
        Instant i = clock.instant();
        return i.getEpochSecond() * 1_000_000_000L + i.getNano();
    }
}
