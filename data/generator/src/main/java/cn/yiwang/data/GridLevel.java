package cn.yiwang.data;

/**
 * The levels of the grid hierarchy, from the district down to the micro grid, plus the special
 * grids that overlay them. Declaration order is parent-before-child order.
 */
public enum GridLevel {
    /** District / county (区县), 6-digit GB/T 2260 code. */
    DISTRICT("district"),
    /** Level-1 grid: street office or town (街道/乡镇), 9-digit code. */
    L1("l1"),
    /** Level-2 grid: community or village (社区/村), 12-digit code. */
    L2("l2"),
    /** Level-3 grid (三级网格), 15 digits: the level-2 code plus a 3-digit sequence. */
    L3("l3"),
    /** Micro grid (微网格), 18 digits: the level-3 code plus a 3-digit sequence. */
    MICRO("micro"),
    /** Special grid (专属网格) for a hospital, school or mall, overlaying the normal grids. */
    SPECIAL("special");

    private final String key;

    GridLevel(String key) {
        this.key = key;
    }

    /** Lower-case key used in exports and APIs: "district", "l1", "l2", "l3", "micro", "special". */
    public String key() {
        return key;
    }
}
