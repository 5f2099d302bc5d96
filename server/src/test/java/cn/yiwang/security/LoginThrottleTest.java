package cn.yiwang.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class LoginThrottleTest {

    static final class MutableClock extends Clock {
        Instant now = Instant.parse("2026-11-22T08:00:00Z");

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    void blocksAfterMaxFailuresAndDoublesTheWait() {
        MutableClock clock = new MutableClock();
        LoginThrottle t = new LoginThrottle(3, Duration.ofSeconds(30), Duration.ofSeconds(100), clock);
        t.failed("ops", "1.2.3.4");
        t.failed("ops", "1.2.3.4");
        assertEquals(Optional.empty(), t.blockedFor("ops", "1.2.3.4"));
        t.failed("ops", "1.2.3.4");
        assertEquals(Optional.of(Duration.ofSeconds(30)), t.blockedFor("ops", "1.2.3.4"));
        clock.now = clock.now.plusSeconds(31);
        assertTrue(t.blockedFor("ops", "1.2.3.4").isEmpty());
        t.failed("ops", "1.2.3.4");
        assertEquals(Optional.of(Duration.ofSeconds(60)), t.blockedFor("ops", "1.2.3.4"));
        t.failed("ops", "1.2.3.4");
        assertEquals(Optional.of(Duration.ofSeconds(100)), t.blockedFor("ops", "1.2.3.4"), "capped");
    }

    @Test
    void otherAddressesAndSuccessAreIndependent() {
        LoginThrottle t = new LoginThrottle(1, Duration.ofSeconds(30), Duration.ofSeconds(30), new MutableClock());
        t.failed("ops", "1.2.3.4");
        assertTrue(t.blockedFor("ops", "1.2.3.4").isPresent());
        assertTrue(t.blockedFor("ops", "5.6.7.8").isEmpty());
        t.succeeded("ops", "1.2.3.4");
        assertTrue(t.blockedFor("ops", "1.2.3.4").isEmpty());
    }
}
