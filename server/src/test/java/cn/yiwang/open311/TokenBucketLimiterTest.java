package cn.yiwang.open311;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class TokenBucketLimiterTest {

    /** A clock the test moves. */
    static final class MovableClock extends Clock {
        Instant now = Instant.parse("2026-01-05T08:00:00Z");

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }
    }

    final MovableClock clock = new MovableClock();
    final TokenBucketLimiter limiter = new TokenBucketLimiter(clock, 1000);

    int allowedInARow(String key, int perMinute) {
        int n = 0;
        while (limiter.tryAcquire(key, perMinute).isEmpty()) {
            n++;
            if (n > 100_000) {
                throw new AssertionError("never refused");
            }
        }
        return n;
    }

    @Test
    void aFullBucketAllowsOneMinutesAllowanceThenRefusesWithTheWaitForTheNextToken() {
        assertEquals(6, allowedInARow("app", 6));
        Optional<Duration> wait = limiter.tryAcquire("app", 6);
        assertEquals(Optional.of(Duration.ofSeconds(10)), wait);
    }

    @Test
    void tokensComeBackAtTheRateOfTheLimit() {
        allowedInARow("app", 6);
        clock.advance(Duration.ofSeconds(9));
        assertTrue(limiter.tryAcquire("app", 6).isPresent(), "9 s give 0.9 of a token");
        clock.advance(Duration.ofSeconds(1));
        assertTrue(limiter.tryAcquire("app", 6).isEmpty());
        assertTrue(limiter.tryAcquire("app", 6).isPresent());
        clock.advance(Duration.ofMinutes(5));
        assertEquals(6, allowedInARow("app", 6), "a bucket never holds more than one minute's allowance");
    }

    @Test
    void aLoweredLimitCapsTheSavedTokensAtOnce() {
        assertTrue(limiter.tryAcquire("app", 100).isEmpty());
        assertEquals(2, allowedInARow("app", 2));
    }

    @Test
    void keysHaveTheirOwnBuckets() {
        allowedInARow("a", 3);
        assertEquals(3, allowedInARow("b", 3));
    }

    @Test
    void theWaitIsAtLeastOneSecond() {
        allowedInARow("fast", 10_000);
        assertEquals(Optional.of(Duration.ofSeconds(1)), limiter.tryAcquire("fast", 10_000));
    }

    @Test
    void idleBucketsAreDroppedOnceTooManyKeysAreHeld() {
        TokenBucketLimiter small = new TokenBucketLimiter(clock, 3);
        for (int i = 0; i < 3; i++) {
            small.tryAcquire("ip" + i, 60);
        }
        clock.advance(Duration.ofSeconds(61));
        small.tryAcquire("busy", 60);
        assertEquals(1, small.size());
    }

    @Test
    void aLimitBelowOneIsAnError() {
        assertThrows(IllegalArgumentException.class, () -> limiter.tryAcquire("x", 0));
        assertThrows(IllegalArgumentException.class, () -> new TokenBucketLimiter(clock, 0));
    }
}
