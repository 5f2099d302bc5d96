package cn.yiwang.calendar;

import java.io.IOException;
import java.io.InputStream;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.Year;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Factory;
import io.micronaut.core.io.ResourceResolver;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;

/**
 * Builds the {@link WorkingCalendar} and the {@link DeadlineCalculator} from
 * {@link CalendarConfiguration} at start-up. A bad setting or holiday file stops the start with a
 * message naming it; a current year without a holiday file is logged as a warning (that year is
 * treated as plain Monday–Friday weeks).
 */
@Factory
public class CalendarFactory {

    private static final Logger LOG = LoggerFactory.getLogger(CalendarFactory.class);

    /** Built eagerly ({@code @Context}), so a bad setting or file stops the start, not the first case. */
    @Context
    WorkingCalendar workingCalendar(CalendarConfiguration config, ResourceResolver resources, JsonMapper json) {
        ZoneId zone;
        try {
            zone = ZoneId.of(config.zone());
        } catch (DateTimeException e) {
            throw new IllegalStateException("yiwang.calendar.zone: '" + config.zone() + "' is not a time zone id");
        }
        List<WorkingCalendar.Period> periods;
        try {
            periods = nonBlank(config.officeHours()).stream().map(WorkingCalendar.Period::parse).toList();
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("yiwang.calendar.office-hours: " + e.getMessage());
        }
        Set<LocalDate> holidays = new HashSet<>();
        Set<LocalDate> workingDays = new HashSet<>();
        Set<Integer> years = new TreeSet<>();
        for (String file : nonBlank(config.holidayFiles())) {
            HolidayFileReader.Content content = HolidayFileReader.read(read(file, resources, json), file);
            if (!years.add(content.year())) {
                throw new IllegalStateException("yiwang.calendar.holiday-files: two files for " + content.year());
            }
            holidays.addAll(content.holidays());
            workingDays.addAll(content.workingDays());
        }
        WorkingCalendar calendar;
        try {
            calendar = new WorkingCalendar(zone, periods, holidays, workingDays, years)
                    .with(dates(config.extraHolidays(), "extra-holidays"), dates(config.extraWorkingDays(), "extra-working-days"));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("yiwang.calendar: " + e.getMessage());
        }
        int thisYear = Year.now(zone).getValue();
        if (!years.contains(thisYear)) {
            LOG.warn("No holiday file covers {} (files cover {}): deadlines in {} count Monday to Friday only. "
                    + "Add data/calendar/cn-{}.json from the State Council's notice and list it in yiwang.calendar.holiday-files.",
                    thisYear, years, thisYear, thisYear);
        }
        LOG.info("Working calendar: {} office hours {} ({} per working day), {} holidays and {} adjusted working days in {}",
                zone, calendar.officeHours(), calendar.workingDayLength(), calendar.holidays().size(),
                calendar.adjustedWorkingDays().size(), years);
        return calendar;
    }

    @Singleton
    DeadlineCalculator deadlineCalculator(WorkingCalendar calendar) {
        return new DeadlineCalculator(calendar);
    }

    /** A parsed JSON resource: {@code classpath:…}, {@code file:…} or a plain file path. */
    static Object read(String location, ResourceResolver resources, JsonMapper json) {
        String path = location.startsWith("classpath:") || location.startsWith("file:") ? location : "file:" + location;
        try (InputStream in = resources.getResourceAsStream(path)
                .orElseThrow(() -> new IllegalStateException("file not found: " + location))) {
            return json.readValue(in.readAllBytes(), Object.class);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + location + ": " + e.getMessage(), e);
        }
    }

    private static List<String> nonBlank(List<String> values) {
        return values == null ? List.of() : values.stream().map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    private static Set<LocalDate> dates(List<String> values, String property) {
        Set<LocalDate> out = new HashSet<>();
        for (String v : nonBlank(values)) {
            try {
                out.add(LocalDate.parse(v));
            } catch (DateTimeParseException e) {
                throw new IllegalStateException("yiwang.calendar." + property + ": '" + v + "' is not a date YYYY-MM-DD");
            }
        }
        return out;
    }
}
