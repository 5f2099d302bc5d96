/**
 * Working time for case deadlines: the office calendar ({@link cn.yiwang.calendar.WorkingCalendar}:
 * statutory holidays, adjusted working days 调休, office hours, time zone) and the pure
 * {@link cn.yiwang.calendar.DeadlineCalculator} that the case workflow calls for due times, deferral
 * (缓办), suspension and rework (返工).
 *
 * <p>As in digital city management practice the clock starts at dispatch and runs only in office
 * hours for deadlines counted in working hours or working days; urgent safety items count calendar
 * hours and ignore the calendar. Holidays come from data files ({@code data/calendar/cn-YYYY.json},
 * one per year, from the State Council's annual notice) plus extra days in configuration
 * ({@link cn.yiwang.calendar.CalendarConfiguration}). A year without a file is plain Monday–Friday.
 *
 * <p>{@code WorkingCalendar}, {@code DeadlineCalculator}, {@code Deadline} and
 * {@code HolidayFileReader} have no framework imports; {@code CalendarFactory} wires them up.
 */
package cn.yiwang.calendar;
