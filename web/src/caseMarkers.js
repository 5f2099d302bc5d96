/**
 * Case markers of the 3D view, without Cesium: which cases to ask for
 * (open ones, only when the camera is close enough), which building a case
 * lies in, the height of its floor, and its colour by urgency and status.
 * @module caseMarkers
 */

import {FLOOR_HEIGHT_METERS, buildingHeightMeters} from './buildings.js';

/**
 * Statuses of open cases (everything but 不予受理, 已合并, 已结案, 已评价),
 * as the server's `CaseStatus.isOpen`.
 * @type {ReadonlyArray<string>}
 */
export const OPEN_STATUSES = Object.freeze([
  'reported',
  'accepted',
  'registered',
  'dispatched',
  'in_progress',
  'handled',
  'verified',
  'verification_failed',
  'returned',
  'extension_requested',
  'escalated',
  'suspended',
  'consulting',
]);

/** Most cases asked for per view (the API's page limit is 500). */
export const MAX_CASE_MARKERS = 500;

/**
 * Widest view (longitude or latitude span, degrees) for which cases are
 * loaded: about 5 km, a few communities. Farther out the markers would
 * hide each other and the page would pull thousands of cases.
 */
export const MAX_CASE_VIEW_DEGREES = 0.05;

/**
 * @typedef {Object} CaseItem A case as `GET /api/cases` lists it (the fields used here).
 * @property {number} id Id.
 * @property {string} code Case code, e.g. `EQ-20261123-000001`.
 * @property {string} status Status key.
 * @property {string} [statusName] Chinese status name.
 * @property {string} [urgency] `normal`, `urgent` or `critical`.
 * @property {boolean} [overdue] Past its deadline.
 * @property {{code: string, name?: string|null}} [category] Sub-category.
 * @property {{lon: number, lat: number, floor?: number|null}|null} [location] Where (WGS84).
 */

/**
 * @typedef {Object} CaseMarker
 * @property {number} id Case id.
 * @property {string} code Case code.
 * @property {number} lon Longitude.
 * @property {number} lat Latitude.
 * @property {number} heightM Height above ground in metres.
 * @property {number|null} floor Floor, `null` at ground level.
 * @property {string|null} buildingId The building the case lies in.
 * @property {string} color CSS colour.
 * @property {string} text Label.
 */

/**
 * @param {Array<number>|null} view `[minLon, minLat, maxLon, maxLat]` the camera sees.
 * @return {Array<number>|null} The bbox to ask cases for, or `null` when the view is too wide (or unknown).
 */
export function caseBbox(view) {
  if (!view || view.length !== 4 || !view.every(Number.isFinite)) {
    return null;
  }
  const [minLon, minLat, maxLon, maxLat] = view;
  if (maxLon <= minLon || maxLat <= minLat) {
    return null;
  }
  if (maxLon - minLon > MAX_CASE_VIEW_DEGREES || maxLat - minLat > MAX_CASE_VIEW_DEGREES) {
    return null;
  }
  return [Math.max(-180, minLon), Math.max(-90, minLat), Math.min(180, maxLon), Math.min(90, maxLat)];
}

/**
 * @param {Array<number>} bbox `[minLon, minLat, maxLon, maxLat]`.
 * @param {number} [limit] Page size.
 * @return {string} Path and query of `GET /api/cases` for the open cases in the bbox.
 */
export function openCasesPath(bbox, limit = MAX_CASE_MARKERS) {
  const params = new URLSearchParams();
  params.set('status', OPEN_STATUSES.join(','));
  params.set('bbox', bbox.map((v) => String(Math.round(v * 1e7) / 1e7)).join(','));
  params.set('limit', String(limit));
  return `/api/cases?${params.toString()}`;
}

/**
 * Even-odd test of a point against a GeoJSON ring.
 * @param {number} x Longitude.
 * @param {number} y Latitude.
 * @param {Array<Array<number>>} ring Ring.
 * @return {boolean} Inside.
 */
function inRing(x, y, ring) {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i];
    const [xj, yj] = ring[j];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) {
      inside = !inside;
    }
  }
  return inside;
}

/**
 * @param {number} lon Longitude.
 * @param {number} lat Latitude.
 * @param {{type: string, coordinates: any}|null} geometry GeoJSON Polygon or MultiPolygon.
 * @return {boolean} The point is inside (holes excluded).
 */
export function polygonContains(lon, lat, geometry) {
  if (!geometry) {
    return false;
  }
  /** @type {Array<Array<Array<Array<number>>>>} */
  const polygons =
    geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.type === 'MultiPolygon' ? geometry.coordinates : [];
  return polygons.some(
    (rings) => Array.isArray(rings) && rings.length > 0 && inRing(lon, lat, rings[0]) && !rings.slice(1).some((hole) => inRing(lon, lat, hole)),
  );
}

/**
 * @param {number} lon Longitude.
 * @param {number} lat Latitude.
 * @param {Array<import('./api.js').BuildingFeature>} buildings Footprints.
 * @return {import('./api.js').BuildingFeature|null} The building whose footprint holds the point.
 */
export function buildingAt(lon, lat, buildings) {
  for (const building of buildings) {
    if (polygonContains(lon, lat, building.geometry)) {
      return building;
    }
  }
  return null;
}

/**
 * Storey height of a building: its height over its floors, else the
 * default 3 m (also outside any building).
 * @param {import('./api.js').BuildingProperties|null} properties Building.
 * @return {number} Metres per storey.
 */
export function storeyHeightMeters(properties) {
  if (!properties) {
    return FLOOR_HEIGHT_METERS;
  }
  const floors = properties.floors;
  if (typeof floors === 'number' && Number.isFinite(floors) && floors >= 1) {
    return buildingHeightMeters(properties) / Math.round(floors);
  }
  return FLOOR_HEIGHT_METERS;
}

/**
 * Height of the middle of a floor above the ground: `(floor − 0.5) ×`
 * the storey height, so the 12th floor of a 3 m-storey building is at
 * 34.5 m. Floors below 1 (basements) and missing floors are at the ground.
 * @param {number|null|undefined} floor Floor.
 * @param {import('./api.js').BuildingProperties|null} building The building it is in.
 * @return {number} Metres above ground.
 */
export function floorHeightMeters(floor, building) {
  if (typeof floor !== 'number' || !Number.isFinite(floor) || floor < 1) {
    return 0;
  }
  return (Math.round(floor) - 0.5) * storeyHeightMeters(building);
}

/**
 * Colour of a case: overdue first (督办), then urgency, then whether it
 * waits for dispatch or for closure.
 * @param {CaseItem} item Case.
 * @return {string} CSS colour.
 */
export function caseColor(item) {
  if (item.overdue) {
    return '#8e0000';
  }
  if (item.urgency === 'critical') {
    return '#d32f2f';
  }
  if (item.urgency === 'urgent') {
    return '#ef6c00';
  }
  if (item.status === 'handled' || item.status === 'verified') {
    return '#2e7d32';
  }
  if (item.status === 'reported' || item.status === 'accepted' || item.status === 'registered') {
    return '#6a1b9a';
  }
  return '#1565c0';
}

/** Legend of the marker colours, in `caseColor`'s order. */
export const CASE_COLOR_LEGEND = Object.freeze([
  Object.freeze({color: '#8e0000', name: '超期督办'}),
  Object.freeze({color: '#d32f2f', name: '特急'}),
  Object.freeze({color: '#ef6c00', name: '紧急'}),
  Object.freeze({color: '#6a1b9a', name: '待派遣'}),
  Object.freeze({color: '#1565c0', name: '处置中'}),
  Object.freeze({color: '#2e7d32', name: '待核查结案'}),
]);

/**
 * Places the cases: each at its floor in the building holding it (or at
 * the ground), skipping cases without a valid location.
 * @param {Array<CaseItem>} items Cases.
 * @param {Array<import('./api.js').BuildingFeature>} buildings Footprints in the scene.
 * @return {Array<CaseMarker>} Markers.
 */
export function caseMarkers(items, buildings) {
  /** @type {Array<CaseMarker>} */
  const markers = [];
  for (const item of items) {
    const location = item.location;
    if (!location || !Number.isFinite(location.lon) || !Number.isFinite(location.lat)) {
      continue;
    }
    const floor = typeof location.floor === 'number' && location.floor >= 1 ? Math.round(location.floor) : null;
    const building = floor === null ? null : buildingAt(location.lon, location.lat, buildings);
    const properties = building ? building.properties || {} : null;
    markers.push({
      id: item.id,
      code: item.code,
      lon: location.lon,
      lat: location.lat,
      heightM: floorHeightMeters(floor, properties),
      floor,
      buildingId: building ? String(building.id ?? properties?.id ?? '') : null,
      color: caseColor(item),
      text: floor === null ? String(item.category?.name ?? item.code) : `${item.category?.name ?? item.code} ${floor}层`,
    });
  }
  return markers;
}

/**
 * One line about a case for lists: code, category, status, floor.
 * @param {CaseItem} item Case.
 * @return {string} E.g. `EQ-20261123-000001 高空抛物 · 已派遣 · 12层`.
 */
export function caseLine(item) {
  const parts = [`${item.code} ${item.category?.name ?? item.category?.code ?? ''}`.trim(), item.statusName ?? item.status];
  const floor = item.location?.floor;
  if (typeof floor === 'number' && Number.isFinite(floor)) {
    parts.push(`${floor}层`);
  }
  return parts.join(' · ');
}
