package cn.yiwang.calendar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.micronaut.core.io.ResourceResolver;
import io.micronaut.json.JsonMapper;

class CalendarFactoryTest {

    final CalendarFactory factory = new CalendarFactory();
    final ResourceResolver resources = new ResourceResolver();
    final JsonMapper json = JsonMapper.createDefault();

    WorkingCalendar build(String zone, List<String> officeHours, List<String> files, List<String> extraHolidays,
                          List<String> extraWorkingDays) {
        return factory.workingCalendar(new CalendarConfiguration(zone, officeHours, files, extraHolidays, extraWorkingDays),
                resources, json);
    }

    @Test
    void defaultsGiveTheBundled2026CalendarInShanghai() {
        WorkingCalendar c = build("Asia/Shanghai", List.of("08:30-12:00", "13:30-17:30"), List.of("classpath:calendar/cn-2026.json"),
                List.of(""), List.of(""));
        assertEquals(ZoneId.of("Asia/Shanghai"), c.zone());
        assertEquals(Duration.ofMinutes(450), c.workingDayLength());
        assertTrue(c.coveredYears().contains(2026));
        assertTrue(c.isWorkingDay(LocalDate.parse("2026-10-10")), "国庆调休 Saturday");
        assertFalse(c.isWorkingDay(LocalDate.parse("2026-05-05")), "劳动节 Tuesday");
    }

    @Test
    void extraDaysAndOtherOfficeHoursComeFromConfiguration() {
        WorkingCalendar c = build("Asia/Urumqi", List.of("10:00-13:30", "15:30-19:30"), List.of("classpath:calendar/cn-2026.json"),
                List.of("2026-03-16"), List.of("2026-10-02"));
        assertEquals(ZoneId.of("Asia/Urumqi"), c.zone());
        assertEquals(Duration.ofMinutes(450), c.workingDayLength());
        assertFalse(c.isWorkingDay(LocalDate.parse("2026-03-16")));
        assertTrue(c.isWorkingDay(LocalDate.parse("2026-10-02")));
    }

    @Test
    void aHolidayFileCanBeAPlainPath() throws IOException {
        Path file = Files.createTempFile("cn-2031", ".json");
        Files.writeString(file, """
                {"year": 2031, "holidays": [{"from": "2031-01-01", "to": "2031-01-01", "days": 1}]}""");
        WorkingCalendar c = build("Asia/Shanghai", List.of("08:30-17:30"), List.of(file.toString()), List.of(), List.of());
        assertFalse(c.isWorkingDay(LocalDate.parse("2031-01-01")));
        assertEquals(java.util.Set.of(2031), c.coveredYears());
        Files.delete(file);
    }

    @Test
    void badSettingsStopTheStartNamingTheSetting() {
        List<String> files = List.of("classpath:calendar/cn-2026.json");
        assertTrue(assertThrows(IllegalStateException.class, () -> build("Mars/Olympus", List.of("08:30-12:00"), files, List.of(), List.of()))
                .getMessage().contains("yiwang.calendar.zone"));
        assertTrue(assertThrows(IllegalStateException.class, () -> build("Asia/Shanghai", List.of("13:00-12:00"), files, List.of(), List.of()))
                .getMessage().contains("office-hours"));
        assertTrue(assertThrows(IllegalStateException.class, () -> build("Asia/Shanghai", List.of("08:30-12:00"), files, List.of("3月8日"),
                List.of())).getMessage().contains("extra-holidays"));
        assertTrue(assertThrows(IllegalStateException.class, () -> build("Asia/Shanghai", List.of("08:30-12:00"),
                List.of("classpath:calendar/cn-1999.json"), List.of(), List.of())).getMessage().contains("cn-1999.json"));
    }
}
