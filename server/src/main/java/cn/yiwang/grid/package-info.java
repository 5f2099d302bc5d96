/**
 * The grid hierarchy: storage, the public read API and the in-memory point locator.
 *
 * <p>Routing tie-break: a point on an edge shared by two micro grids is covered by both; the
 * locator gives it to the grid with the smallest code, so the answer is deterministic and the
 * same in every instance. A point outside every micro grid snaps to the nearest one within
 * {@code yiwang.grids.snap-meters}; farther away it is reported as unassigned. The locator is an
 * immutable snapshot swapped atomically when boundaries change; PostGIS stays the truth.
 */
package cn.yiwang.grid;
