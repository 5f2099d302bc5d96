package cn.yiwang.routing;

import java.util.List;

import cn.yiwang.grid.GridSummary;
import io.micronaut.core.annotation.Nullable;

/**
 * Who answers for a routed point: the on-duty grid worker of its grid chain and, for a case
 * category, the handling department from the responsibility list (权责清单). Provided by the cases
 * feature (duty roster and taxonomy), so routing stays free of them; {@code POST /api/route} asks it
 * once per point. Implementations are thread-safe and answer from memory.
 */
public interface ResponsibilityLookup {

    /** Whether {@code category} is a known sub-category code (the codes of {@code GET /api/categories}). */
    boolean knowsCategory(String category);

    /**
     * @param chain    the point's grid chain, micro grid first (empty when unassigned)
     * @param category a known sub-category code, or null
     * @return the on-duty worker (null when no grid of the chain has one), and with a category the
     *         department and whether the grid worker or the department handles it
     */
    RouteResult.Responsible responsibleFor(List<GridSummary> chain, @Nullable String category);
}
