package cn.yiwang.open311;

import java.time.Clock;

import jakarta.inject.Singleton;

/**
 * The Open311 rate limits: per client app for POSTs ({@code requests_per_minute} of its row, so an
 * admin's change applies at once), per client address for anonymous GETs and for POSTs whose key
 * is unknown (slowing down key guessing). Token buckets in memory, per server instance.
 */
@Singleton
public class Open311Throttle {

    /** Distinct addresses or clients held before idle buckets are swept. */
    static final int MAX_KEYS = 100_000;

    private final TokenBucketLimiter perClient = new TokenBucketLimiter(Clock.systemUTC(), MAX_KEYS);
    private final TokenBucketLimiter perAddress = new TokenBucketLimiter(Clock.systemUTC(), MAX_KEYS);
    private final int readsPerMinutePerIp;

    public Open311Throttle(Open311Configuration config) {
        if (config.readsPerMinutePerIp() < 1) {
            throw new IllegalStateException("yiwang.open311.reads-per-minute-per-ip must be at least 1, not " + config.readsPerMinutePerIp());
        }
        this.readsPerMinutePerIp = config.readsPerMinutePerIp();
    }

    /** An anonymous read, or a POST with a key that opened nothing. */
    public void address(String clientIp) {
        perAddress.tryAcquire(clientIp, readsPerMinutePerIp).ifPresent(wait -> {
            throw new RateLimitedException("More than " + readsPerMinutePerIp + " Open311 requests per minute from " + clientIp
                    + ". Retry in " + Math.max(1, wait.toSeconds()) + " s.", wait);
        });
    }

    public void client(Open311Client client) {
        perClient.tryAcquire(Long.toString(client.id()), client.requestsPerMinute()).ifPresent(wait -> {
            throw new RateLimitedException("Client app '" + client.name() + "' may send " + client.requestsPerMinute()
                    + " service requests per minute. Retry in " + Math.max(1, wait.toSeconds()) + " s.", wait);
        });
    }
}
