/**
 * Routing: point → micro grid → level 3 → level 2 → level 1 → district, in memory.
 *
 * <p>{@link cn.yiwang.routing.GridIndex} is a pure cell index over the micro grids: a uniform grid
 * of top cells, each a quadtree. Most cells lie inside one grid and answer with an array read;
 * only cells crossed by edges keep those edges (as indices into flat vertex arrays) and a
 * reference point of known status, and test the point exactly, with JTS's robust orientation
 * predicate, by counting the edges between it and the reference (see {@code CellIndex}).
 *
 * <p><b>Tie-break on shared edges.</b> A point on an edge or vertex shared by several micro grids
 * is covered by all of them; the candidates of a cell are tested in ascending code order and the
 * first that covers the point wins. So the smallest code takes the point, the same answer as the
 * JTS reference locators, on every server and every run. A point covered by none snaps to the
 * nearest grid within {@code yiwang.grids.snap-meters}, else goes to the ops centre's unassigned
 * queue.
 *
 * <p>{@link cn.yiwang.routing.RoutingService} adds the chain, special grids (they come first: a
 * point inside one names it as the responsible unit), accuracy circles (the exact share of the
 * circle's area in each grid; the largest share wins) and the 三跨 flag
 * ({@link cn.yiwang.routing.DistrictBoundaryFinder}). The index is built by
 * {@code GridService.reload()}; after a planner's commit {@code GridService.apply} derives the next
 * one ({@link cn.yiwang.routing.GridIndex#withChanges}): the changed grids' old polygons are
 * retired in place and their new ones appended, only the top cells meeting their old or new
 * envelopes are rebuilt, and ids stay 0..n-1 in code order through a slot ↔ id mapping (the tie
 * break orders candidates by id, not by slot). Either way the index is swapped atomically with
 * the catalog.
 */
package cn.yiwang.routing;
