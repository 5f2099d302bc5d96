/**
 * Pure functions over a playback answer of `GET /api/patrol/tracks/{username}`:
 * the fixes as parallel arrays (`t` epoch seconds, `lon`, `lat` WGS84,
 * `speed` m/s or null).
 * @module patrol/track
 */

/**
 * @typedef {Object} Track
 * @property {{username: string, name: string}} worker Whose track.
 * @property {number} count Number of fixes.
 * @property {Array<number>} t Epoch seconds, ascending.
 * @property {Array<number>} lon Longitudes.
 * @property {Array<number>} lat Latitudes.
 * @property {Array<number|null>} accuracy Metres.
 * @property {Array<number|null>} speed Metres per second.
 * @property {{code: string, name: string, boundary: Object}|null} grid Own grid.
 */

const EARTH_RADIUS_M = 6371008.8;

/**
 * Great-circle distance.
 * @param {number} lon1 Longitude.
 * @param {number} lat1 Latitude.
 * @param {number} lon2 Longitude.
 * @param {number} lat2 Latitude.
 * @return {number} Metres.
 */
export function distanceMeters(lon1, lat1, lon2, lat2) {
  const rad = Math.PI / 180;
  const dLat = (lat2 - lat1) * rad;
  const dLon = (lon2 - lon1) * rad;
  const a = Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(a)));
}

/**
 * @param {Track} track Track.
 * @return {number} Length of the polyline through every fix, metres.
 */
export function trackLengthMeters(track) {
  let sum = 0;
  for (let i = 1; i < track.count; i++) {
    sum += distanceMeters(track.lon[i - 1], track.lat[i - 1], track.lon[i], track.lat[i]);
  }
  return sum;
}

/**
 * Where the worker was at a time: linear between the two fixes around it,
 * clamped to the first and last fix.
 * @param {Track} track Track with at least one fix.
 * @param {number} time Epoch seconds.
 * @return {{lon: number, lat: number, index: number}} Position and the index of the last fix at or before it.
 */
export function positionAt(track, time) {
  const {t, lon, lat, count} = track;
  if (count === 0) {
    throw new Error('empty track');
  }
  if (time <= t[0]) {
    return {lon: lon[0], lat: lat[0], index: 0};
  }
  if (time >= t[count - 1]) {
    return {lon: lon[count - 1], lat: lat[count - 1], index: count - 1};
  }
  let lo = 0;
  let hi = count - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (t[mid] <= time) {
      lo = mid;
    } else {
      hi = mid;
    }
  }
  const span = t[hi] - t[lo];
  const f = span > 0 ? (time - t[lo]) / span : 0;
  return {lon: lon[lo] + (lon[hi] - lon[lo]) * f, lat: lat[lo] + (lat[hi] - lat[lo]) * f, index: lo};
}

/** Speed classes: slow walk, walk, cycling, vehicle (m/s upper bounds). */
export const SPEED_CLASSES = [
  {max: 0.5, color: '#7f8c8d', label: '停留'},
  {max: 2, color: '#27ae60', label: '步行'},
  {max: 6, color: '#f39c12', label: '骑行'},
  {max: Infinity, color: '#c0392b', label: '乘车'},
];

/**
 * @param {number|null|undefined} speed Metres per second; null when unknown.
 * @return {string} Colour of its class; grey-blue when unknown.
 */
export function speedColor(speed) {
  if (speed === null || speed === undefined || !Number.isFinite(speed)) {
    return '#5d6d7e';
  }
  return (SPEED_CLASSES.find((c) => speed < c.max) ?? SPEED_CLASSES[SPEED_CLASSES.length - 1]).color;
}

/**
 * Speed of segment i → i+1: the recorded speed of its start, else distance / time.
 * @param {Track} track Track.
 * @param {number} i Segment index.
 * @return {number|null} Metres per second.
 */
export function segmentSpeed(track, i) {
  const recorded = track.speed[i];
  if (recorded !== null && recorded !== undefined) {
    return recorded;
  }
  const dt = track.t[i + 1] - track.t[i];
  return dt > 0 ? distanceMeters(track.lon[i], track.lat[i], track.lon[i + 1], track.lat[i + 1]) / dt : null;
}

/**
 * @param {number} epochSeconds Time.
 * @return {string} HH:mm:ss in Asia/Shanghai.
 */
export function clock(epochSeconds) {
  return new Date(epochSeconds * 1000).toLocaleTimeString('zh-CN', {timeZone: 'Asia/Shanghai', hour12: false});
}
