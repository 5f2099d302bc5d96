/**
 * Building attributes for the 3D view: use names and colours, extrusion
 * height, and the height of a given floor (for markers such as 高空抛物
 * cases). Pure functions, no Cesium.
 * @module buildings
 */

/**
 * @typedef {'residential'|'commercial'|'public'|'industrial'|'other'} BuildingUse
 */

/**
 * @typedef {Object} UseStyle
 * @property {string} name Chinese name.
 * @property {string} color Roof and wall colour (CSS hex, opaque).
 */

/**
 * Uses in the order of the legend. The colours are muted so the grid
 * outlines draped on the ground stay readable between the buildings.
 * @type {Readonly<Record<BuildingUse, UseStyle>>}
 */
export const BUILDING_USES = Object.freeze({
  residential: Object.freeze({name: '住宅', color: '#e3cfa8'}),
  commercial: Object.freeze({name: '商业', color: '#7fa7d6'}),
  public: Object.freeze({name: '公共', color: '#8cc49b'}),
  industrial: Object.freeze({name: '工业', color: '#b3a2c7'}),
  other: Object.freeze({name: '其他', color: '#bdbdbd'}),
});

/** @type {ReadonlyArray<BuildingUse>} */
export const USE_KEYS = Object.freeze(
  /** @type {Array<BuildingUse>} */ (Object.keys(BUILDING_USES)),
);

/** Storey height used when a building has floors but no height, and for floor markers. */
export const FLOOR_HEIGHT_METERS = 3;

/**
 * @param {unknown} use Use from the server.
 * @return {BuildingUse} The use, `other` for anything unknown.
 */
export function useKey(use) {
  return typeof use === 'string' && Object.hasOwn(BUILDING_USES, use)
    ? /** @type {BuildingUse} */ (use)
    : 'other';
}

/**
 * @param {unknown} use Use from the server.
 * @return {string} CSS colour of the use (`other`'s for unknown uses).
 */
export function useColor(use) {
  return BUILDING_USES[useKey(use)].color;
}

/**
 * @param {unknown} use Use from the server.
 * @return {string} Chinese name of the use; `—` when missing, the raw value when unknown.
 */
export function useName(use) {
  if (use === null || use === undefined || use === '') {
    return '—';
  }
  return typeof use === 'string' && Object.hasOwn(BUILDING_USES, use)
    ? BUILDING_USES[/** @type {BuildingUse} */ (use)].name
    : String(use);
}

/**
 * @param {unknown} value Value.
 * @return {value is number} A finite number above zero.
 */
function isPositive(value) {
  return typeof value === 'number' && Number.isFinite(value) && value > 0;
}

/**
 * Extrusion height of a building: `heightM` when given, else
 * `floors × FLOOR_HEIGHT_METERS`, else one storey.
 * @param {{heightM?: number|null, floors?: number|null}} properties Building properties.
 * @return {number} Height above ground in metres (> 0).
 */
export function buildingHeightMeters(properties) {
  if (isPositive(properties.heightM)) {
    return properties.heightM;
  }
  if (isPositive(properties.floors)) {
    return Math.round(properties.floors) * FLOOR_HEIGHT_METERS;
  }
  return FLOOR_HEIGHT_METERS;
}

/**
 * @typedef {Object} FloorPlacement
 * @property {number} lon Longitude (EPSG:4326).
 * @property {number} lat Latitude (EPSG:4326).
 * @property {number} heightM Height above ground in metres.
 * @property {number} floor The floor.
 */

/**
 * Where a marker for something happening on a floor goes: in the middle of
 * the floor, `(floor − 0.5) × storeyM` above the ground (the 12th floor of a
 * building with 3 m storeys is at 34.5 m).
 * @param {number} lon Longitude (EPSG:4326).
 * @param {number} lat Latitude (EPSG:4326).
 * @param {number} floor Floor, an integer from 1 (ground floor).
 * @param {number} [storeyM] Storey height in metres (default `FLOOR_HEIGHT_METERS`).
 * @return {FloorPlacement} The placement.
 * @throws {RangeError} When a coordinate is out of range, the floor is not a positive integer or the storey height not positive.
 */
export function placeAtFloor(lon, lat, floor, storeyM = FLOOR_HEIGHT_METERS) {
  if (!Number.isFinite(lon) || lon < -180 || lon > 180) {
    throw new RangeError(`Invalid longitude: ${lon}`);
  }
  if (!Number.isFinite(lat) || lat < -90 || lat > 90) {
    throw new RangeError(`Invalid latitude: ${lat}`);
  }
  if (!Number.isInteger(floor) || floor < 1) {
    throw new RangeError(`Invalid floor: ${floor} (expected an integer from 1)`);
  }
  if (!isPositive(storeyM)) {
    throw new RangeError(`Invalid storey height: ${storeyM}`);
  }
  return {lon, lat, heightM: (floor - 0.5) * storeyM, floor};
}
