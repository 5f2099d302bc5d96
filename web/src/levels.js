/**
 * Grid level metadata: keys, Chinese names, zoom ranges and colours.
 *
 * This module is pure data plus small helpers (no OpenLayers imports) so it
 * can be unit tested and shared by the layer, style, legend and info modules.
 *
 * Zoom semantics (EPSG:3857, 256 px tiles, fractional zoom allowed):
 * - `minZoom`: the layer is drawn (and loaded) when the view zoom is above it.
 * - `labelMinZoom` / `labelMaxZoom`: labels are drawn in `[labelMinZoom, labelMaxZoom)`.
 *   The finest *labelled* hierarchy level is also the one a click selects,
 *   so a user always selects what they can read on the map.
 * @module levels
 */

/**
 * @typedef {'district'|'l1'|'l2'|'l3'|'micro'|'special'} LevelKey
 */

/**
 * @typedef {Object} LevelMeta
 * @property {LevelKey} key API key of the level (`level=` query parameter).
 * @property {string} name Chinese name shown in the UI.
 * @property {number} rank Position in the hierarchy (0 = district, 4 = micro);
 *   special grids are outside the hierarchy and rank above micro when clicking.
 * @property {number} minZoom Drawn when the view zoom is above this value.
 * @property {number} labelMinZoom Labels are shown from this zoom.
 * @property {number} labelMaxZoom Labels are hidden from this zoom on.
 * @property {'all'|'bbox'} strategy How features are loaded.
 * @property {number} pageSize `limit` used for each page request.
 * @property {string} stroke Boundary colour.
 * @property {number} width Boundary width in CSS pixels.
 * @property {Array<number>|null} lineDash Dash pattern or `null` for solid.
 * @property {string} fill Polygon fill (also makes the interior hit-detectable).
 * @property {string} textColor Label colour.
 * @property {number} fontSize Label font size in CSS pixels.
 */

/** Font stack for labels and UI: local CJK fonts only, no web fonts. */
export const FONT_FAMILY =
  '"Microsoft YaHei", "PingFang SC", "Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Micro Hei", sans-serif';

/** Hierarchy levels from coarse to fine, followed by special grids. */
/** @type {ReadonlyArray<LevelKey>} */
export const LEVEL_KEYS = Object.freeze([
  'district',
  'l1',
  'l2',
  'l3',
  'micro',
  'special',
]);

/**
 * Levels draped on the ground in the 3D view (and selectable there); the
 * finer ones stay 2D-only to keep the 3D scene light.
 * @type {ReadonlyArray<LevelKey>}
 */
export const LEVELS_3D = Object.freeze(['district', 'l1', 'l2']);

/** @type {Readonly<Record<LevelKey, LevelMeta>>} */
export const LEVELS = Object.freeze({
  district: {
    key: 'district',
    name: '区',
    rank: 0,
    minZoom: 0,
    labelMinZoom: 0,
    labelMaxZoom: 10.5,
    strategy: 'all',
    pageSize: 100,
    stroke: '#8e1b1b',
    width: 4,
    lineDash: null,
    fill: 'rgba(255, 255, 255, 0.92)',
    textColor: '#8e1b1b',
    fontSize: 18,
  },
  l1: {
    key: 'l1',
    name: '街道(镇)',
    rank: 1,
    minZoom: 0,
    labelMinZoom: 10.5,
    labelMaxZoom: 15,
    strategy: 'all',
    pageSize: 100,
    stroke: '#c0392b',
    width: 2.5,
    lineDash: null,
    fill: 'rgba(192, 57, 43, 0.03)',
    textColor: '#9b2418',
    fontSize: 14,
  },
  l2: {
    key: 'l2',
    name: '社区(村)',
    rank: 2,
    minZoom: 0,
    labelMinZoom: 13,
    labelMaxZoom: 17,
    strategy: 'all',
    pageSize: 1000,
    stroke: '#1f6fb2',
    width: 1.2,
    lineDash: null,
    fill: 'rgba(31, 111, 178, 0.02)',
    textColor: '#174f80',
    fontSize: 12,
  },
  l3: {
    key: 'l3',
    name: '三级网格',
    rank: 3,
    minZoom: 13,
    labelMinZoom: 15,
    labelMaxZoom: 18,
    strategy: 'all',
    pageSize: 1000,
    stroke: '#2e8b57',
    width: 1,
    lineDash: null,
    fill: 'rgba(46, 139, 87, 0.02)',
    textColor: '#1f6b40',
    fontSize: 12,
  },
  micro: {
    key: 'micro',
    name: '微网格',
    rank: 4,
    minZoom: 15,
    labelMinZoom: 16.5,
    labelMaxZoom: Infinity,
    strategy: 'bbox',
    pageSize: 1000,
    stroke: '#7d7d7d',
    width: 0.7,
    lineDash: null,
    fill: 'rgba(125, 125, 125, 0.02)',
    textColor: '#4d4d4d',
    fontSize: 11,
  },
  special: {
    key: 'special',
    name: '专属网格',
    rank: 5,
    minZoom: 0,
    labelMinZoom: 12,
    labelMaxZoom: Infinity,
    strategy: 'all',
    pageSize: 100,
    stroke: '#7b1fa2',
    width: 2,
    lineDash: [8, 5],
    fill: 'rgba(123, 31, 162, 0.10)',
    textColor: '#5e1380',
    fontSize: 12,
  },
});

/** Levels loaded when the page starts (the `ready` hook waits for them). */
/** @type {ReadonlyArray<LevelKey>} */
export const INITIAL_LEVELS = Object.freeze(['district', 'l1', 'l2']);

/**
 * Resolution (m/px) of zoom level 0 in EPSG:3857 with 256 px tiles.
 */
const ZOOM0_RESOLUTION = 156543.03392804097;

/**
 * @param {unknown} key Candidate level key.
 * @return {key is LevelKey} Whether `key` names a level.
 */
export function isLevelKey(key) {
  return typeof key === 'string' && Object.prototype.hasOwnProperty.call(LEVELS, key);
}

/**
 * @param {LevelKey} key Level key.
 * @return {LevelMeta} Metadata for the level.
 */
export function getLevel(key) {
  if (!isLevelKey(key)) {
    throw new Error(`Unknown grid level: ${String(key)}`);
  }
  return LEVELS[key];
}

/**
 * Chinese display name of a level; unknown keys are shown as-is.
 * @param {string|null|undefined} key Level key as returned by the API.
 * @return {string} Chinese name.
 */
export function levelName(key) {
  return isLevelKey(key) ? LEVELS[key].name : String(key ?? '未知');
}

/**
 * Zoom level of an EPSG:3857 resolution (the default OpenLayers view setup).
 * @param {number} resolution Resolution in metres per pixel.
 * @return {number} Fractional zoom level.
 */
export function zoomForResolution(resolution) {
  return Math.log2(ZOOM0_RESOLUTION / resolution);
}

/**
 * @param {LevelKey} key Level key.
 * @param {number} zoom View zoom.
 * @return {boolean} Whether the level's boundaries are drawn at `zoom`.
 */
export function isDrawnAt(key, zoom) {
  return zoom > getLevel(key).minZoom;
}

/**
 * @param {LevelKey} key Level key.
 * @param {number} zoom View zoom.
 * @return {boolean} Whether the level's labels are shown at `zoom`.
 */
export function isLabelledAt(key, zoom) {
  const level = getLevel(key);
  return isDrawnAt(key, zoom) && zoom >= level.labelMinZoom && zoom < level.labelMaxZoom;
}

/**
 * Whether a click at `zoom` may select a grid of this level: the level must be
 * drawn and its labels must be visible at this zoom or a coarser one (labels
 * of coarse levels are hidden when zoomed far in, they stay selectable until
 * a finer level takes over).
 * @param {LevelKey} key Level key.
 * @param {number} zoom View zoom.
 * @return {boolean} Whether the level is selectable.
 */
export function isSelectableAt(key, zoom) {
  return isDrawnAt(key, zoom) && zoom >= getLevel(key).labelMinZoom;
}

/**
 * Picks the grid to select in the 3D view: the finest of {@link LEVELS_3D}.
 * @template T
 * @param {Array<{level: LevelKey, item: T}>} hits Grids at the clicked point.
 * @return {T|null} The chosen item or `null`.
 */
export function pickFinest3d(hits) {
  let best = null;
  let bestRank = -1;
  for (const hit of hits) {
    if (LEVELS_3D.includes(hit.level) && LEVELS[hit.level].rank > bestRank) {
      best = hit.item;
      bestRank = LEVELS[hit.level].rank;
    }
  }
  return best;
}

/**
 * Picks the grid to select from the grids under the pointer: the finest
 * selectable level wins (special grids win over the hierarchy).
 * @template T
 * @param {Array<{level: LevelKey, item: T}>} hits Hits under the pointer.
 * @param {number} zoom View zoom.
 * @return {T|null} The chosen item or `null`.
 */
export function pickFinest(hits, zoom) {
  let best = null;
  let bestRank = -1;
  for (const hit of hits) {
    if (!isLevelKey(hit.level) || !isSelectableAt(hit.level, zoom)) {
      continue;
    }
    const rank = LEVELS[hit.level].rank;
    if (rank > bestRank) {
      best = hit.item;
      bestRank = rank;
    }
  }
  return best;
}
