package cn.yiwang.cases;

import java.time.Instant;

/**
 * Working-time arithmetic for case deadlines (per-category limits on a calendar with office hours
 * and holidays). The clock starts at dispatch and stands still while a case is suspended.
 */
public interface DeadlinePolicy {

    /** When a case of {@code categoryCode} dispatched at {@code start} is due. */
    Instant due(String categoryCode, Instant start);

    /** {@code due} moved later by the time that passed on the category's clock between {@code pausedFrom} and {@code pausedTo}. */
    Instant extendByPause(String categoryCode, Instant due, Instant pausedFrom, Instant pausedTo);

    /** {@code due} moved later by {@code workingHours} of working time (an approved extension). */
    Instant extendByWorkingHours(Instant due, double workingHours);
}
