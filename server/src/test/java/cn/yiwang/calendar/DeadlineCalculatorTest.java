package cn.yiwang.calendar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.micronaut.json.JsonMapper;

class DeadlineCalculatorTest {

    static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    static final List<WorkingCalendar.Period> OFFICE = List.of(WorkingCalendar.Period.parse("08:30-12:00"),
            WorkingCalendar.Period.parse("13:30-17:30"));

    /** The bundled 2026 calendar with the default office hours, as the server builds it. */
    static final WorkingCalendar CN_2026 = cn2026();
    final DeadlineCalculator calc = new DeadlineCalculator(CN_2026);

    static WorkingCalendar cn2026() {
        try (InputStream in = DeadlineCalculatorTest.class.getResourceAsStream("/calendar/cn-2026.json")) {
            HolidayFileReader.Content c = HolidayFileReader.read(JsonMapper.createDefault().readValue(in.readAllBytes(), Object.class),
                    "cn-2026.json");
            return new WorkingCalendar(SHANGHAI, OFFICE, c.holidays(), c.workingDays(), Set.of(c.year()));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Local time in Shanghai, "2026-03-13T16:00". */
    static Instant at(String local) {
        return LocalDateTime.parse(local).atZone(SHANGHAI).toInstant();
    }

    void checkDue(String start, Deadline d, String expectedLocal) {
        assertEquals(at(expectedLocal), calc.due(at(start), d), () -> d + " from " + start);
    }

    @Test
    void eightWorkingHoursFromFridayAfternoonEndMondayAfternoon() {
        // Friday 16:00–17:30 is 1.5 h, Monday 08:30–12:00 3.5 h, the last 3 h end 16:30
        checkDue("2026-03-13T16:00", Deadline.workingHours(8), "2026-03-16T16:30");
    }

    @Test
    void otherOfficeHoursMoveTheDueTime() {
        DeadlineCalculator nineToFive = new DeadlineCalculator(
                WorkingCalendar.weekdays(SHANGHAI, List.of(WorkingCalendar.Period.parse("09:00-17:00"))));
        assertEquals(at("2026-03-16T16:00"), nineToFive.due(at("2026-03-13T16:00"), Deadline.workingHours(8)));
    }

    @Test
    void clockWaitsForTheNextOfficePeriod() {
        checkDue("2026-03-14T10:00", Deadline.workingHours(2), "2026-03-16T10:30");  // Saturday
        checkDue("2026-03-16T12:30", Deadline.workingHours(1), "2026-03-16T14:30");  // lunch break
        checkDue("2026-03-16T20:00", Deadline.workingHours(1), "2026-03-17T09:30");  // evening
        checkDue("2026-03-16T17:30", Deadline.workingHours(1), "2026-03-17T09:30");  // closing time
    }

    @Test
    void amountEndingWithAPeriodReturnsItsEnd() {
        assertEquals(at("2026-03-16T12:00"), calc.addWorkingTime(at("2026-03-16T08:30"), Duration.ofMinutes(210)));
        checkDue("2026-03-16T08:30", Deadline.workingHours(3), "2026-03-16T11:30");
    }

    @Test
    void statutoryHolidayIsSkipped() {
        // 清明节 Saturday 4 to Monday 6 April 2026: Friday 1.5 h, then Tuesday
        checkDue("2026-04-03T16:00", Deadline.workingHours(8), "2026-04-07T16:30");
        assertFalse(CN_2026.isWorkingDay(LocalDate.parse("2026-04-06")));
    }

    @Test
    void adjustedWorkingSaturdayCounts() {
        // Saturday 14 February 2026 is a working day (春节调休)
        checkDue("2026-02-13T16:00", Deadline.workingHours(8), "2026-02-14T16:30");
        DeadlineCalculator weekdaysOnly = new DeadlineCalculator(WorkingCalendar.weekdays(SHANGHAI, OFFICE));
        assertEquals(at("2026-02-16T16:30"), weekdaysOnly.due(at("2026-02-13T16:00"), Deadline.workingHours(8)),
                "without the holiday file the Saturday is off");
    }

    @Test
    void springFestivalIsSkippedAsAWhole() {
        // 春节 15–23 February 2026; Tuesday 24 is the next working day
        checkDue("2026-02-14T16:00", Deadline.workingHours(8), "2026-02-24T16:30");
    }

    @Test
    void workingDaysKeepTheOfficeClockTime() {
        // Thursday 24 September; 中秋 Friday 25 to Sunday 27; Monday 28 is day one, Tuesday 29 day two
        checkDue("2026-09-24T10:00", Deadline.workingDays(2), "2026-09-29T10:00");
        checkDue("2026-03-17T10:00", Deadline.workingDays(1), "2026-03-18T10:00");
    }

    @Test
    void workingDayStartedOnAWeekendEndsAtClosingTime() {
        checkDue("2026-03-14T11:00", Deadline.workingDays(1), "2026-03-16T17:30");
    }

    @Test
    void adjustedWorkingSundayCountsForWorkingDays() {
        // Sunday 20 September 2026 is a working day (国庆调休): Saturday 19 10:00 + 1 day → Sunday 17:30
        checkDue("2026-09-19T10:00", Deadline.workingDays(1), "2026-09-20T17:30");
    }

    @Test
    void calendarHoursIgnoreTheCalendar() {
        checkDue("2026-10-03T23:00", Deadline.calendarHours(2), "2026-10-04T01:00");  // 国庆 holiday, at night
        checkDue("2026-03-13T16:00", Deadline.calendarHours(8), "2026-03-14T00:00");
    }

    @Test
    void budgetOfWorkingDaysIsTheOfficeDayLength() {
        assertEquals(Duration.ofMinutes(450), CN_2026.workingDayLength());
        assertEquals(Duration.ofMinutes(3 * 450), calc.budget(Deadline.workingDays(3)));
        assertEquals(Duration.ofHours(5), calc.budget(Deadline.workingHours(5)));
    }

    @Test
    void workingDurationOfTheDueTimeIsTheBudget() {
        Random random = new Random(20261122);
        Instant yearStart = at("2026-01-01T00:00");
        for (int i = 0; i < 2000; i++) {
            Instant start = yearStart.plusSeconds(random.nextInt(360 * 86_400));
            Deadline d = random.nextBoolean() ? Deadline.workingHours(1 + random.nextInt(60)) : Deadline.workingDays(1 + random.nextInt(12));
            Instant due = calc.due(start, d);
            assertEquals(calc.budget(d), calc.workingDuration(start, due), () -> d + " from " + start);
            assertEquals(calc.budget(d), calc.elapsed(start, due, d));
            assertEquals(calc.budget(d).negated(), calc.workingDuration(due, start), "antisymmetric");
        }
    }

    @Test
    void addingTheWorkingDurationReachesAnInstantInOfficeTime() {
        Random random = new Random(7);
        Instant yearStart = at("2026-01-01T00:00");
        int checked = 0;
        while (checked < 1000) {
            Instant from = yearStart.plusSeconds(random.nextInt(300 * 86_400));
            Instant to = from.plusSeconds(random.nextInt(30 * 86_400));
            // the earliest instant with that working time is returned: 12:00 rather than 13:30
            if (!CN_2026.isOfficeTime(to) || !CN_2026.isOfficeTime(to.minusSeconds(1)) || !to.isAfter(from)) {
                continue;
            }
            assertEquals(to, calc.addWorkingTime(from, calc.workingDuration(from, to)), () -> from + " → " + to);
            checked++;
        }
    }

    @Test
    void workingDurationCountsOnlyOfficeTime() {
        assertEquals(Duration.ofMinutes(90), calc.workingDuration(at("2026-03-13T16:00"), at("2026-03-16T08:00")));
        assertEquals(Duration.ofHours(4), calc.workingDuration(at("2026-03-16T10:00"), at("2026-03-16T15:30")));
        assertEquals(Duration.ZERO, calc.workingDuration(at("2026-10-01T09:00"), at("2026-10-07T17:00")), "国庆");
    }

    @Test
    void extendMovesTheDueTimeOnTheExtensionsClock() {
        Instant due = at("2026-03-13T16:30");
        assertEquals(at("2026-03-16T16:30"), calc.extend(due, Deadline.workingDays(1)));
        assertEquals(at("2026-03-14T16:30"), calc.extend(due, Deadline.calendarHours(24)));
        assertEquals(at("2026-03-16T09:30"), calc.extend(due, Deadline.workingHours(2)));
    }

    @Test
    void resumeGivesBackThePausedClockTime() {
        Deadline d = Deadline.workingHours(8);
        Instant due = calc.due(at("2026-03-13T16:00"), d);  // Monday 16:30
        // paused Monday 10:00 (5 h left), resumed Wednesday 10:00: the 5 h run to Wednesday 16:30
        assertEquals(at("2026-03-18T16:30"), calc.resume(due, d, at("2026-03-16T10:00"), at("2026-03-18T10:00")));
        // a pause over the weekend costs no working time
        Instant fridayDue = at("2026-03-20T16:00");
        assertEquals(fridayDue, calc.resume(fridayDue, d, at("2026-03-13T18:00"), at("2026-03-16T08:00")));
        Deadline urgent = Deadline.calendarHours(4);
        assertEquals(at("2026-03-14T02:00"), calc.resume(at("2026-03-14T00:00"), urgent, at("2026-03-13T21:00"), at("2026-03-13T23:00")));
    }

    @Test
    void pauseAfterTheDueTimeChangesNothing() {
        Instant due = at("2026-03-16T16:30");
        assertEquals(due, calc.resume(due, Deadline.workingHours(8), at("2026-03-17T09:00"), at("2026-03-18T09:00")));
    }

    @Test
    void reworkRestartsTheClockFromTheReturn() {
        Deadline d = Deadline.workingHours(4);
        Instant first = calc.due(at("2026-03-16T09:00"), d);
        Instant rework = calc.due(at("2026-03-16T15:00"), d);
        assertEquals(at("2026-03-16T14:30"), first);
        assertEquals(at("2026-03-17T10:00"), rework);  // 15:00–17:30, then 08:30–10:00
    }

    @Test
    void badArgumentsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> calc.addWorkingTime(at("2026-03-16T09:00"), Duration.ofHours(-1)));
        assertThrows(IllegalArgumentException.class,
                () -> calc.resume(at("2026-03-16T09:00"), Deadline.workingHours(1), at("2026-03-16T09:00"), at("2026-03-15T09:00")));
        assertThrows(IllegalArgumentException.class, () -> Deadline.workingHours(0));
        assertThrows(IllegalArgumentException.class, () -> new Deadline(-3, Deadline.Unit.WORKING_DAYS));
        assertThrows(IllegalArgumentException.class, () -> Deadline.Unit.fromKey("weeks"));
    }

    @Test
    void officePeriodsMustBeOrderedAndApart() {
        assertThrows(IllegalArgumentException.class, () -> WorkingCalendar.Period.parse("12:00-08:30"));
        assertThrows(IllegalArgumentException.class, () -> WorkingCalendar.Period.parse("8.30 to 12"));
        assertThrows(IllegalArgumentException.class, () -> WorkingCalendar.weekdays(SHANGHAI,
                List.of(WorkingCalendar.Period.parse("08:30-12:00"), WorkingCalendar.Period.parse("11:00-17:30"))));
        assertThrows(IllegalArgumentException.class, () -> WorkingCalendar.weekdays(SHANGHAI, List.of()));
    }

    @Test
    void extraDaysOverrideTheHolidayFile() {
        LocalDate nationalDay = LocalDate.parse("2026-10-02");
        LocalDate ordinaryMonday = LocalDate.parse("2026-03-16");
        WorkingCalendar local = CN_2026.with(Set.of(ordinaryMonday), Set.of(nationalDay));
        assertTrue(local.isWorkingDay(nationalDay));
        assertFalse(local.isWorkingDay(ordinaryMonday));
        assertThrows(IllegalArgumentException.class, () -> new WorkingCalendar(SHANGHAI, OFFICE, Set.of(ordinaryMonday),
                Set.of(ordinaryMonday), Set.of()));
    }
}
