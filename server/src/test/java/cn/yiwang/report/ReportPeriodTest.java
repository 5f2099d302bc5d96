package cn.yiwang.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;

import org.junit.jupiter.api.Test;

class ReportPeriodTest {

    @Test
    void aMonthRunsFromItsFirstDayToTheNextMonthsAndFollowsTheOneBefore() {
        ReportPeriod p = ReportPeriod.parse(ReportKind.MONTHLY, "2026-03");
        assertEquals(LocalDate.of(2026, 3, 1), p.from());
        assertEquals(LocalDate.of(2026, 4, 1), p.to());
        assertEquals("2026年3月", p.label());
        assertEquals("2026-02", p.previous().text());
        assertEquals(28, p.previous().days());
    }

    @Test
    void theQuarterBeforeTheFirstIsTheLastOfTheYearBefore() {
        ReportPeriod q = ReportPeriod.parse(ReportKind.QUARTERLY, "2026-q1");
        assertEquals("2026-Q1", q.text());
        assertEquals("2025-Q4", q.previous().text());
        assertEquals(LocalDate.of(2025, 10, 1), q.previous().from());
        assertEquals("2026年第1季度", q.label());
    }

    @Test
    void aDayFollowsTheDayBeforeAcrossAMonthEnd() {
        assertEquals("2026-02-28", ReportPeriod.parse(ReportKind.DAILY, "2026-03-01").previous().text());
    }

    @Test
    void malformedPeriodsNameTheExpectedForm() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ReportPeriod.parse(ReportKind.MONTHLY, "2026-10-01"));
        assertTrue(e.getMessage().contains("yyyy-MM"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ReportPeriod.parse(ReportKind.MONTHLY, "2026-13"));
        assertThrows(IllegalArgumentException.class, () -> ReportPeriod.parse(ReportKind.DAILY, "2026-02-30"));
        assertThrows(IllegalArgumentException.class, () -> ReportPeriod.parse(ReportKind.QUARTERLY, "2026-Q5"));
    }

    @Test
    void elapsedDaysStopAtTodayInclusive() {
        ReportPeriod p = ReportPeriod.parse(ReportKind.MONTHLY, "2026-11");
        assertEquals(23, p.elapsedDays(LocalDate.of(2026, 11, 23)));
        assertEquals(30, p.elapsedDays(LocalDate.of(2027, 1, 1)));
        assertEquals(0, p.elapsedDays(LocalDate.of(2026, 10, 31)));
    }
}
