/**
 * The household standard of a micro grid (50–70 households) and the words
 * the planner page uses for the server's problems and figures.
 * @module planner/standard
 */

/** Fewest households a micro grid should hold. */
export const MIN_HOUSEHOLDS = 50;
/** Most households a micro grid should hold (the server's `max-households`). */
export const MAX_HOUSEHOLDS = 70;

/** @typedef {'under'|'ok'|'over'|'unknown'} StandardClass */

/**
 * @param {number|null|undefined} households Households in the grid (buildings' point on surface).
 * @return {StandardClass} Where the grid stands against 50–70.
 */
export function standardClass(households) {
  if (typeof households !== 'number' || !Number.isFinite(households)) {
    return 'unknown';
  }
  if (households < MIN_HOUSEHOLDS) {
    return 'under';
  }
  return households > MAX_HOUSEHOLDS ? 'over' : 'ok';
}

/** Fill colours by class (the legend of planner.html uses the same). */
export const STANDARD_FILL = Object.freeze({
  under: 'rgba(144, 202, 249, 0.45)',
  ok: 'rgba(165, 214, 167, 0.45)',
  over: 'rgba(239, 154, 154, 0.55)',
  unknown: 'rgba(224, 224, 224, 0.35)',
});

/** Chinese names of the validator's problem kinds. */
const KIND_NAMES = Object.freeze({
  'invalid-geometry': '几何无效',
  spike: '尖刺',
  'duplicate-point': '重复节点',
  overlap: '重叠',
  gap: '缝隙',
  'outside-parent': '超出上级',
  sliver: '碎片',
  'households-over-standard': '住户超标',
  'duplicate-code': '编码重复',
  'code-not-under-parent': '编码不在上级之下',
  'unknown-parent': '上级不存在',
  'empty-name': '名称为空',
});

/**
 * @param {string} kind Problem kind.
 * @return {string} Its Chinese name (the kind itself when unknown).
 */
export function problemKindName(kind) {
  return /** @type {Record<string, string>} */ (KIND_NAMES)[kind] || kind;
}

/**
 * @param {{kind: string, codes?: Array<string>, measure?: number|null, message?: string}} problem A problem of the draft.
 * @return {string} One line for the problem list.
 */
export function problemLine(problem) {
  const codes = (problem.codes || []).join('、');
  const measure = typeof problem.measure === 'number' ? `（${formatMeasure(problem.kind, problem.measure)}）` : '';
  return `${problemKindName(problem.kind)}${measure}${codes ? `：${codes}` : ''}${problem.message ? ` — ${problem.message}` : ''}`;
}

/**
 * @param {string} kind Problem kind.
 * @param {number} measure Its measure.
 * @return {string} The measure with its unit.
 */
function formatMeasure(kind, measure) {
  if (kind === 'households-over-standard') {
    return `${Math.round(measure)} 户`;
  }
  if (kind === 'spike') {
    return `${measure.toFixed(2)}°`;
  }
  return `${measure < 10 ? measure.toFixed(2) : Math.round(measure)} 平方米`;
}

/**
 * Households per grid after the change, from the impact preview.
 * @param {{grids?: Array<{code: string, after?: {households: number}|null}>}} impact Impact preview.
 * @return {Map<string, number>} Code → households.
 */
export function householdsAfter(impact) {
  const out = new Map();
  for (const g of impact.grids || []) {
    if (g.after) {
      out.set(g.code, g.after.households);
    }
  }
  return out;
}

/**
 * A local date-time input's value (`2026-11-23T08:00`, Beijing time as the page shows it) as
 * ISO-8601 with offset, or null when empty.
 * @param {string} value Input value.
 * @param {number} offsetMinutes The browser's `Date#getTimezoneOffset()` for that time.
 * @return {string|null} E.g. `2026-11-23T08:00:00+08:00`.
 */
export function withOffset(value, offsetMinutes) {
  if (!value) {
    return null;
  }
  const east = -offsetMinutes;
  const sign = east >= 0 ? '+' : '-';
  const abs = Math.abs(east);
  const hh = String(Math.floor(abs / 60)).padStart(2, '0');
  const mm = String(abs % 60).padStart(2, '0');
  const seconds = value.length === 16 ? ':00' : '';
  return `${value}${seconds}${sign}${hh}:${mm}`;
}
