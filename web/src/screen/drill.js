/**
 * Drill-down of the big screen: the selection is a path of grids from the
 * caller's scope down (district → street → community → level-3 → micro); a
 * click inside the selection goes one level down, the breadcrumb goes back up.
 * @module screen/drill
 */

/** Levels from coarse to fine, as the API names them. */
export const LEVEL_ORDER = Object.freeze(['city', 'district', 'l1', 'l2', 'l3', 'micro']);

/** Chinese names of the levels, for the breadcrumb's hints. */
export const LEVEL_NAMES = Object.freeze({
  city: '市',
  district: '区',
  l1: '街道',
  l2: '社区',
  l3: '三级网格',
  micro: '微网格',
});

/**
 * @typedef {Object} GridRef
 * @property {string} code Grid code.
 * @property {string} name Chinese name.
 * @property {string} level Level key.
 */

/**
 * @param {string} level Level key.
 * @return {number} Depth (0 = city), -1 when unknown.
 */
export function depth(level) {
  return LEVEL_ORDER.indexOf(level);
}

/**
 * The grid one level below the current selection that holds the clicked
 * point, or `null` when the click lies outside the selection or the selection
 * is already a micro grid.
 * @param {Array<GridRef>} path Selection from the root (last = current).
 * @param {Array<GridRef>} chain Grids holding the point (any order, e.g. micro → district).
 * @return {GridRef|null} Next selection.
 */
export function drillTarget(path, chain) {
  const current = path[path.length - 1];
  if (!current || !chain.some((g) => g.code.startsWith(current.code))) {
    return null;
  }
  const below = depth(current.level) + 1;
  if (below <= 0 || below >= LEVEL_ORDER.length) {
    return null;
  }
  const next = chain.find((g) => depth(g.level) === below && g.code.startsWith(current.code));
  return next ? {code: next.code, name: next.name, level: next.level} : null;
}

/**
 * @param {Array<GridRef>} path Selection.
 * @param {GridRef} next Grid to go down to.
 * @return {Array<GridRef>} The longer path.
 */
export function drillDown(path, next) {
  return [...path, next];
}

/**
 * @param {Array<GridRef>} path Selection.
 * @param {number} index Breadcrumb entry clicked (0 = root).
 * @return {Array<GridRef>} The path cut after that entry (the root at least).
 */
export function drillUp(path, index) {
  return path.slice(0, Math.max(1, Math.min(path.length, index + 1)));
}

/**
 * @param {Array<GridRef>} path Selection.
 * @return {string} Query of the panels' summary for the selection.
 */
export function summaryPath(path) {
  const current = path[path.length - 1];
  return current ? `/api/screen/summary?scope=${encodeURIComponent(current.code)}` : '/api/screen/summary';
}
