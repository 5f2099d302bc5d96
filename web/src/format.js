/**
 * Display formatting helpers (Chinese UI).
 * @module format
 */

import {buildingHeightMeters} from './buildings.js';

const SQM_PER_HECTARE = 10_000;
const SQM_PER_SQKM = 1_000_000;

/**
 * @param {number} value Value.
 * @param {number} digits Maximum fraction digits.
 * @return {string} Value with at most `digits` fraction digits, trailing zeros kept off.
 */
function round(value, digits) {
  return value.toLocaleString('zh-CN', {
    maximumFractionDigits: digits,
    minimumFractionDigits: 0,
    useGrouping: true,
  });
}

/**
 * Formats an area given in square metres for display:
 * - below 0.1 ha (1000 m²): square metres (`850 平方米`),
 * - below 1 km²: hectares with two decimals (`12.35 公顷`),
 * - otherwise: square kilometres with two decimals (`8.06 平方公里`).
 * @param {number|null|undefined} sqm Area in square metres.
 * @return {string} Formatted area, or `—` when unknown.
 */
export function formatArea(sqm) {
  if (typeof sqm !== 'number' || !Number.isFinite(sqm) || sqm < 0) {
    return '—';
  }
  if (sqm < 1000) {
    return `${round(sqm, 0)} 平方米`;
  }
  if (sqm < SQM_PER_SQKM) {
    return `${round(sqm / SQM_PER_HECTARE, 2)} 公顷`;
  }
  return `${round(sqm / SQM_PER_SQKM, 2)} 平方公里`;
}

/**
 * Formats a parent chain (as returned by `/ancestors`, parent first) from the
 * district down, e.g. `二七区 › 淮河路街道`.
 * @param {Array<{name: string}>} ancestors Ancestors, nearest first.
 * @return {string} Chain from the top down, or `无（顶级）` when empty.
 */
export function formatChain(ancestors) {
  if (!ancestors.length) {
    return '无（顶级）';
  }
  return ancestors
    .slice()
    .reverse()
    .map((a) => a.name)
    .join(' › ');
}

/**
 * @param {unknown} value Number of floors, households, …
 * @param {string} unit Unit, e.g. `层`.
 * @return {string} `12 层`, or `—` when unknown.
 */
export function formatCount(value, unit) {
  return typeof value === 'number' && Number.isFinite(value) ? `${value} ${unit}` : '—';
}

/**
 * @param {{heightM?: number|null, floors?: number|null}} properties Building properties.
 * @return {string} `36.5 米`, or `约 36 米（按层数估算）` when only the floors are known, or `—`.
 */
export function formatHeight(properties) {
  if (isPositiveNumber(properties.heightM)) {
    return `${Math.round(properties.heightM * 10) / 10} 米`;
  }
  if (isPositiveNumber(properties.floors)) {
    return `约 ${buildingHeightMeters(properties)} 米（按层数估算）`;
  }
  return '—';
}

/**
 * @param {unknown} value Value.
 * @return {value is number} A finite number above zero.
 */
function isPositiveNumber(value) {
  return typeof value === 'number' && Number.isFinite(value) && value > 0;
}
