package cn.yiwang.cases;

import java.time.Instant;

import cn.yiwang.calendar.Deadline;
import cn.yiwang.calendar.DeadlineCalculator;
import cn.yiwang.category.Category;
import cn.yiwang.category.TaxonomyService;
import jakarta.inject.Singleton;

/**
 * Case deadlines from the responsibility list's per-category limits on the working calendar. A
 * category unknown to the list (retired since the case was reported) gets one working day.
 */
@Singleton
public class CalendarDeadlinePolicy implements DeadlinePolicy {

    static final Deadline FALLBACK = Deadline.workingDays(1);

    private final TaxonomyService taxonomy;
    private final DeadlineCalculator calculator;

    public CalendarDeadlinePolicy(TaxonomyService taxonomy, DeadlineCalculator calculator) {
        this.taxonomy = taxonomy;
        this.calculator = calculator;
    }

    private Deadline deadlineOf(String categoryCode) {
        return taxonomy.subCategory(categoryCode).map(Category::deadline).orElse(FALLBACK);
    }

    @Override
    public Instant due(String categoryCode, Instant start) {
        return calculator.due(start, deadlineOf(categoryCode));
    }

    @Override
    public Instant extendByPause(String categoryCode, Instant due, Instant pausedFrom, Instant pausedTo) {
        return calculator.resume(due, deadlineOf(categoryCode), pausedFrom, pausedTo);
    }

    @Override
    public Instant extendByWorkingHours(Instant due, double workingHours) {
        return calculator.extend(due, Deadline.workingHours((int) Math.ceil(workingHours)));
    }
}
