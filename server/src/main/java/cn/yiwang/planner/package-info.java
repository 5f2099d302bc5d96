/**
 * Planners redraw grid boundaries: drafts of a parent's children, server-side edit operations
 * (split, merge, reshape a shared edge, repair), validation of "全覆盖、无缝隙" (full coverage, no
 * gaps, no overlaps) with located problems, an impact preview and the commit as new grid versions.
 *
 * <p>The geometry work is pure JTS ({@link cn.yiwang.planner.GridDraftValidator},
 * {@link cn.yiwang.planner.PolygonSplitter}, {@link cn.yiwang.planner.SharedEdgeReshaper},
 * {@link cn.yiwang.planner.CoverageRepairer}); PostGIS re-checks validity, gaps and overlaps inside
 * the commit transaction, so the two must agree before anything becomes visible. After a commit the
 * usual {@code LayerChangedEvent} does the rest: tiles of the touched area are dropped, other
 * instances and consoles hear {@code grid.changed}, and for micro grids the routing index is rebuilt
 * and open cases are re-routed by {@code CaseRerouter}.
 */
package cn.yiwang.planner;
