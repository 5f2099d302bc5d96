package cn.yiwang.report;

import java.util.Arrays;
import java.util.Optional;

/**
 * What one row of a report stands for. Grid levels carry their rank in the hierarchy ({@code depth}:
 * district 0 … micro 4) so a request can be checked against its scope; workers and departments are not
 * grids ({@code depth} -1). Patrol figures exist for street offices, communities, level-3 grids and
 * workers (a worker patrols their level-3 grid); micro grids and departments have case figures only.
 */
public enum ReportLevel {
    L1("l1", "街道", 1, true), L2("l2", "社区", 2, true), L3("l3", "网格", 3, true), MICRO("micro", "微网格", 4, false),
    WORKER("worker", "网格员", -1, true), DEPARTMENT("department", "部门", -1, false);

    /** Depths of the grid levels a scope may be. */
    public static final java.util.Map<String, Integer> GRID_DEPTH = java.util.Map.of("district", 0, "l1", 1, "l2", 2, "l3", 3, "micro", 4);

    private final String key;
    private final String nameZh;
    private final int depth;
    private final boolean patrol;

    ReportLevel(String key, String nameZh, int depth, boolean patrol) {
        this.key = key;
        this.nameZh = nameZh;
        this.depth = depth;
        this.patrol = patrol;
    }

    public String key() {
        return key;
    }

    public String nameZh() {
        return nameZh;
    }

    /** 1-4 for grid levels, -1 for workers and departments. */
    public int depth() {
        return depth;
    }

    public boolean isGrid() {
        return depth > 0;
    }

    /** Whether rows of this level carry patrol figures. */
    public boolean hasPatrol() {
        return patrol;
    }

    public static Optional<ReportLevel> fromKey(String key) {
        return Arrays.stream(values()).filter(l -> l.key.equals(key)).findFirst();
    }
}
