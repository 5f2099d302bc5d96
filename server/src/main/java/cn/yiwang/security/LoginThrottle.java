package cn.yiwang.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Slows down password guessing: after {@code maxFailures} consecutive failures for one
 * (username, client address), further attempts are refused until a wait has passed; the wait
 * starts at {@code firstWait} and doubles with every further failure, up to {@code maxWait}. A
 * success clears the record. Per server instance (in memory); thread-safe.
 */
public final class LoginThrottle {

    private record State(int failures, Instant blockedUntil) {
    }

    private final int maxFailures;
    private final Duration firstWait;
    private final Duration maxWait;
    private final Clock clock;
    private final ConcurrentHashMap<String, State> states = new ConcurrentHashMap<>();

    public LoginThrottle(int maxFailures, Duration firstWait, Duration maxWait, Clock clock) {
        if (maxFailures < 1 || firstWait.isNegative() || maxWait.compareTo(firstWait) < 0) {
            throw new IllegalArgumentException("maxFailures must be ≥ 1 and 0 ≤ firstWait ≤ maxWait");
        }
        this.maxFailures = maxFailures;
        this.firstWait = firstWait;
        this.maxWait = maxWait;
        this.clock = clock;
    }

    /** How long the caller must still wait, if blocked. */
    public Optional<Duration> blockedFor(String username, String clientIp) {
        State s = states.get(key(username, clientIp));
        if (s == null || s.blockedUntil() == null) {
            return Optional.empty();
        }
        Duration left = Duration.between(clock.instant(), s.blockedUntil());
        return left.isNegative() || left.isZero() ? Optional.empty() : Optional.of(left);
    }

    public void failed(String username, String clientIp) {
        states.compute(key(username, clientIp), (k, s) -> {
            int failures = (s == null ? 0 : s.failures()) + 1;
            Instant until = null;
            if (failures >= maxFailures) {
                int doublings = Math.min(failures - maxFailures, 20);
                Duration wait = firstWait.multipliedBy(1L << doublings);
                until = clock.instant().plus(wait.compareTo(maxWait) > 0 ? maxWait : wait);
            }
            return new State(failures, until);
        });
    }

    public void succeeded(String username, String clientIp) {
        states.remove(key(username, clientIp));
    }

    private static String key(String username, String clientIp) {
        return username + '\u0000' + clientIp;
    }
}
