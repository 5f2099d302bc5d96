package cn.yiwang.calendar;

import java.util.List;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;

/**
 * {@code yiwang.calendar}: the office calendar for case deadlines.
 *
 * @param zone             time zone of office hours and dates (IANA id)
 * @param officeHours      office periods of every working day, {@code HH:mm-HH:mm}, sorted, not
 *                         overlapping
 * @param holidayFiles     holiday files, one per year ({@code classpath:…} or a file path); the
 *                         default is the bundled 2026 file from the State Council's notice
 * @param extraHolidays    more days off, {@code YYYY-MM-DD} (local holidays, a closure)
 * @param extraWorkingDays more working days, {@code YYYY-MM-DD}; they win over any holiday
 */
@ConfigurationProperties("yiwang.calendar")
public record CalendarConfiguration(
        @Bindable(defaultValue = "Asia/Shanghai") String zone,
        @Bindable(defaultValue = "08:30-12:00,13:30-17:30") List<String> officeHours,
        @Bindable(defaultValue = "classpath:calendar/cn-2026.json") List<String> holidayFiles,
        @Bindable(defaultValue = "") List<String> extraHolidays,
        @Bindable(defaultValue = "") List<String> extraWorkingDays) {
}
