package cn.yiwang.patrol;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import cn.yiwang.calendar.WorkingCalendar;

/** The duty rule without a database: shifts on the working calendar, started and stopped patrols. */
class PatrolDutyRuleTest {

    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    /** 2026-10-01 is a holiday (国庆), 2026-10-10 a Saturday worked (调休). */
    private static final WorkingCalendar CALENDAR = new WorkingCalendar(SHANGHAI,
            List.of(WorkingCalendar.Period.parse("08:30-17:30")), Set.of(LocalDate.parse("2026-10-01")),
            Set.of(LocalDate.parse("2026-10-10")), Set.of(2026));
    private static final PatrolDutyRule.Shift DAY_SHIFT = PatrolDutyRule.Shift.parse("08:00-18:00", "working");

    private static Instant at(String localDateTime) {
        return LocalDateTime.parse(localDateTime).atZone(SHANGHAI).toInstant();
    }

    @Test
    void aWorkingDayInsideTheShiftIsOnDuty() {
        assertTrue(PatrolDutyRule.onDuty(at("2026-11-23T08:00:00"), DAY_SHIFT, List.of(), CALENDAR));
        assertTrue(PatrolDutyRule.onDuty(at("2026-11-23T17:59:59"), DAY_SHIFT, List.of(), CALENDAR));
    }

    @Test
    void theShiftsEndAndTheNightAreOffDuty() {
        assertFalse(PatrolDutyRule.onDuty(at("2026-11-23T18:00:00"), DAY_SHIFT, List.of(), CALENDAR));
        assertFalse(PatrolDutyRule.onDuty(at("2026-11-23T07:59:59"), DAY_SHIFT, List.of(), CALENDAR));
    }

    @Test
    void weekendsAndHolidaysAreOffDutyButAnAdjustedWorkingSaturdayIsOn() {
        assertFalse(PatrolDutyRule.onDuty(at("2026-11-22T10:00:00"), DAY_SHIFT, List.of(), CALENDAR), "Sunday");
        assertFalse(PatrolDutyRule.onDuty(at("2026-10-01T10:00:00"), DAY_SHIFT, List.of(), CALENDAR), "National Day");
        assertTrue(PatrolDutyRule.onDuty(at("2026-10-10T10:00:00"), DAY_SHIFT, List.of(), CALENDAR), "调休 Saturday");
    }

    @Test
    void everyDayShiftsIgnoreTheCalendarAndNoneShiftsNeverApply() {
        assertTrue(PatrolDutyRule.onDuty(at("2026-11-22T10:00:00"), PatrolDutyRule.Shift.parse("08:00-18:00", "every"), List.of(), CALENDAR));
        assertFalse(PatrolDutyRule.onDuty(at("2026-11-23T10:00:00"), PatrolDutyRule.Shift.parse("08:00-18:00", "none"), List.of(), CALENDAR));
    }

    @Test
    void aStartedPatrolCoversFromItsStartUntilItsStop() {
        PatrolDutyRule.Patrol p = new PatrolDutyRule.Patrol(at("2026-11-22T20:00:00"), at("2026-11-22T21:00:00"));
        assertTrue(PatrolDutyRule.onDuty(at("2026-11-22T20:00:00"), DAY_SHIFT, List.of(p), CALENDAR), "the start is included");
        assertTrue(PatrolDutyRule.onDuty(at("2026-11-22T20:59:59"), DAY_SHIFT, List.of(p), CALENDAR));
        assertFalse(PatrolDutyRule.onDuty(at("2026-11-22T21:00:00"), DAY_SHIFT, List.of(p), CALENDAR), "the stop is excluded");
        assertFalse(PatrolDutyRule.onDuty(at("2026-11-22T19:59:59"), DAY_SHIFT, List.of(p), CALENDAR));
    }

    @Test
    void anOpenPatrolCoversEverythingAfterItsStart() {
        PatrolDutyRule.Patrol open = new PatrolDutyRule.Patrol(at("2026-11-22T20:00:00"), null);
        assertTrue(PatrolDutyRule.onDuty(at("2026-11-23T03:00:00"), DAY_SHIFT, List.of(open), CALENDAR));
    }

    @Test
    void badShiftsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> PatrolDutyRule.Shift.parse("18:00-08:00", "working"));
        assertThrows(IllegalArgumentException.class, () -> PatrolDutyRule.Shift.parse("08:00-18:00", "weekends"));
        assertThrows(IllegalArgumentException.class, () -> new PatrolDutyRule.Patrol(at("2026-11-22T20:00:00"), at("2026-11-22T19:00:00")));
    }
}
