/**
 * Places (地): compounds (小区) derived from the buildings' compound names, households (户) per
 * building, unit, floor and room, business buildings (the commercial buildings), all linked to their
 * micro grid and re-linked, with the residents and campaign statuses on them, inside the planner's
 * commit transaction ({@link cn.yiwang.grid.MicroGridRelinker}) and on grid or building change events.
 */
package cn.yiwang.population.place;
