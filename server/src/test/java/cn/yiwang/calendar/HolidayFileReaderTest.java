package cn.yiwang.calendar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.time.DayOfWeek;
import java.time.LocalDate;

import org.junit.jupiter.api.Test;

import io.micronaut.json.JsonMapper;

class HolidayFileReaderTest {

    final JsonMapper json = JsonMapper.createDefault();

    HolidayFileReader.Content bundled() throws IOException {
        try (InputStream in = getClass().getResourceAsStream("/calendar/cn-2026.json")) {
            return HolidayFileReader.read(json.readValue(in.readAllBytes(), Object.class), "cn-2026.json");
        }
    }

    Object parse(String text) throws IOException {
        return json.readValue(text, Object.class);
    }

    @Test
    void bundled2026FileHasTheNoticesDays() throws IOException {
        HolidayFileReader.Content c = bundled();
        assertEquals(2026, c.year());
        // 元旦 3 + 春节 9 + 清明 3 + 劳动节 5 + 端午 3 + 中秋 3 + 国庆 7
        assertEquals(33, c.holidays().size());
        assertEquals(6, c.workingDays().size());
        for (LocalDate d : c.workingDays()) {
            assertTrue(d.getDayOfWeek() == DayOfWeek.SATURDAY || d.getDayOfWeek() == DayOfWeek.SUNDAY, d.toString());
        }
        assertTrue(c.holidays().contains(LocalDate.parse("2026-02-23")), "正月初七 Monday is still off");
        assertTrue(c.workingDays().contains(LocalDate.parse("2026-01-04")));
        assertFalse(c.holidays().contains(LocalDate.parse("2026-10-08")), "国庆 ends on the 7th in 2026");
    }

    @Test
    void daysThatDoNotMatchTheRangeAreRejected() throws IOException {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> HolidayFileReader.read(parse("""
                {"year": 2026, "holidays": [{"name": "春节", "from": "2026-02-15", "to": "2026-02-22", "days": 9}]}"""), "x.json"));
        assertTrue(e.getMessage().contains("/holidays/0/days"), e.getMessage());
    }

    @Test
    void aDateOutsideTheYearIsRejected() throws IOException {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> HolidayFileReader.read(parse("""
                {"year": 2026, "holidays": [{"from": "2025-12-31", "to": "2026-01-01", "days": 2}]}"""), "x.json"));
        assertTrue(e.getMessage().contains("/holidays/0/from"), e.getMessage());
    }

    @Test
    void anAdjustedWorkingDayMustBeAWeekendDay() throws IOException {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> HolidayFileReader.read(parse("""
                {"year": 2026, "workingDays": [{"date": "2026-02-13"}]}"""), "x.json"));
        assertTrue(e.getMessage().contains("/workingDays/0/date"), e.getMessage());
    }
}
