package cn.yiwang.cases;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

import cn.yiwang.grid.GridSummary;
import cn.yiwang.routing.MemoizingChain;
import cn.yiwang.routing.ResponsibilityLookup;
import cn.yiwang.routing.RouteResult;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;

/**
 * The one place that decides who answers for a case at a location: the on-duty worker of the
 * nearest grid up the chain ({@link DutyRoster}), and by sub-category the department the
 * responsibility list names at street level (l1) and whether the grid worker handles it himself
 * (自处置 allowed, or no department listed) or the department does. Intake ({@link CaseService})
 * and {@code POST /api/route} both ask it, so they never disagree. Thread-safe; answers from memory
 * (roster and taxonomy snapshots), and an admin's edit of the taxonomy applies to the next call.
 */
@Singleton
public class CaseResponsibility implements ResponsibilityLookup {

    /** The level whose department the responsibility list gives a newly routed case. */
    static final String DISPATCH_LEVEL = "l1";

    /** Remembered for a chain none of whose grids has a worker on duty. */
    private static final Object NO_ONE = new Object();

    private final DutyRoster roster;
    private final CategoryRules categories;
    private final ConcurrentHashMap<String, RouteResult.Department> departments = new ConcurrentHashMap<>();

    public CaseResponsibility(DutyRoster roster, CategoryRules categories) {
        this.roster = roster;
        this.categories = categories;
    }

    /** Who handles a case of {@code rule}: {@code grid_worker} or {@code department}, and the department if any. */
    record Handler(String kind, @Nullable String departmentCode) {
    }

    static Handler handlerOf(CategoryRules.Rule rule) {
        String dept = rule.departmentAt(DISPATCH_LEVEL);
        return new Handler(rule.selfHandle() || dept == null ? "grid_worker" : "department", dept);
    }

    @Override
    public boolean knowsCategory(String category) {
        return categories.rule(category).isPresent();
    }

    @Override
    public RouteResult.Responsible responsibleFor(List<GridSummary> chain, @Nullable String category) {
        RouteResult.Assignee assignee = null;
        if (!chain.isEmpty()) {
            // A routing snapshot's chain remembers its worker for the roster version it was found
            // in: a batch of 10,000 points walks each chain up the roster once, not once per point.
            Object version = roster.version();
            Object remembered = chain instanceof MemoizingChain m ? m.remembered(version) : null;
            if (remembered != null) {
                assignee = remembered == NO_ONE ? null : (RouteResult.Assignee) remembered;
            } else {
                List<String> codes = new ArrayList<>(chain.size());
                chain.forEach(g -> codes.add(g.code()));
                assignee = roster.onDuty(codes).map(p -> new RouteResult.Assignee(p.id(), p.username(), p.name())).orElse(null);
                if (chain instanceof MemoizingChain m) {
                    m.remember(version, assignee == null ? NO_ONE : assignee);
                }
            }
        }
        CategoryRules.Rule rule = category == null ? null : categories.rule(category).orElse(null);
        if (rule == null) {
            return new RouteResult.Responsible(null, assignee, null);
        }
        Handler h = handlerOf(rule);
        RouteResult.Department department = h.departmentCode() == null ? null : department(h.departmentCode());
        return new RouteResult.Responsible(h.kind(), assignee, department);
    }

    /**
     * The department as answers carry it; one object per code and name, shared by every answer
     * (the route writer renders each object once), replaced when an admin renames the department.
     */
    private RouteResult.Department department(String code) {
        String name = categories.departmentName(code).orElse(null);
        RouteResult.Department d = departments.get(code);
        if (d == null || !Objects.equals(d.name(), name)) {
            d = new RouteResult.Department(code, name);
            departments.put(code, d);
        }
        return d;
    }
}
