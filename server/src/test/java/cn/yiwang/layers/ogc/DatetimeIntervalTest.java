package cn.yiwang.layers.ogc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DatetimeIntervalTest {

    @Test
    void instantIsAClosedIntervalOfOneInstant() {
        DatetimeInterval t = DatetimeInterval.parse("2026-11-22T08:00:00Z");
        assertEquals(Instant.parse("2026-11-22T08:00:00Z"), t.start());
        assertEquals(t.start(), t.end());
    }

    @Test
    void offsetIsConvertedToUtc() {
        assertEquals(Instant.parse("2026-11-22T00:00:00Z"), DatetimeInterval.parse("2026-11-22T08:00:00+08:00").start());
    }

    @Test
    void plusOfAnOffsetThatArrivedAsASpaceIsAccepted() {
        assertEquals(Instant.parse("2026-11-22T00:00:00Z"), DatetimeInterval.parse("2026-11-22T08:00:00 08:00").start());
    }

    @Test
    void dateIsTheWholeUtcDay() {
        DatetimeInterval t = DatetimeInterval.parse("2026-11-22");
        assertEquals(Instant.parse("2026-11-22T00:00:00Z"), t.start());
        assertEquals(Instant.parse("2026-11-22T23:59:59.999999Z"), t.end());
    }

    @Test
    void closedIntervalKeepsBothEnds() {
        DatetimeInterval t = DatetimeInterval.parse("2026-01-01T00:00:00Z/2026-12-31");
        assertEquals(Instant.parse("2026-01-01T00:00:00Z"), t.start());
        assertEquals(Instant.parse("2026-12-31T23:59:59.999999Z"), t.end());
    }

    @Test
    void doubleDotOrEmptyIsAnOpenEnd() {
        assertNull(DatetimeInterval.parse("../2026-01-01T00:00:00Z").start());
        assertNull(DatetimeInterval.parse("2026-01-01T00:00:00Z/..").end());
        assertNull(DatetimeInterval.parse("/2026-01-01T00:00:00Z").start());
        assertNull(DatetimeInterval.parse("2026-01-01T00:00:00Z/").end());
        assertTrue(DatetimeInterval.parse("../..").unbounded());
    }

    @Test
    void fractionsAreKeptToTheMicrosecond() {
        assertEquals(Instant.parse("2026-11-22T08:00:00.123456Z"), DatetimeInterval.parse("2026-11-22T08:00:00.1234567Z").start());
    }

    @Test
    void startAfterEndIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DatetimeInterval.parse("2026-02-01T00:00:00Z/2026-01-01T00:00:00Z"));
        assertTrue(e.getMessage().contains("after"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"yesterday", "2026-11-22T08:00:00", "2026-13-01", "2026-11-22T08:00:00Z/x", "a/b/c", "..", "1700000000"})
    void anythingElseIsRefusedNamingTheBadPart(String raw) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DatetimeInterval.parse(raw));
        assertTrue(e.getMessage().length() > 10, e.getMessage());
    }
}
