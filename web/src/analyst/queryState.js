/**
 * The analyst page's query state: what is drawn or picked, the filters and
 * how the result is shown. It round-trips through the URL hash (`#q=…`,
 * base64url of its JSON) so that a query can be saved and shared, and it
 * becomes the request body of `POST /api/analytics/cases/*`.
 * @module analyst/queryState
 */

/**
 * @typedef {Object} PolygonArea
 * @property {'polygon'} type Drawn polygon.
 * @property {Array<Array<number>>} ring Outer ring, lon/lat (EPSG:4326), closed.
 */

/**
 * @typedef {Object} CircleArea
 * @property {'circle'} type Drawn circle: a buffer around its centre.
 * @property {Array<number>} center Lon/lat.
 * @property {number} meters Radius on the ground.
 */

/**
 * @typedef {Object} LineArea
 * @property {'line'} type Drawn line with a buffer.
 * @property {Array<Array<number>>} line Lon/lat vertices.
 * @property {number} meters Buffer on the ground.
 */

/**
 * @typedef {Object} GridsArea
 * @property {'grids'} type Picked grids of any level.
 * @property {Array<string>} codes Grid codes.
 */

/**
 * @typedef {Object} DistrictArea
 * @property {'district'} type A whole district.
 * @property {string} code 6-digit code.
 */

/** @typedef {PolygonArea|CircleArea|LineArea|GridsArea|DistrictArea} Area */

/**
 * @typedef {Object} QueryState
 * @property {Area|null} area Selected area (`null`: the caller's whole scope).
 * @property {'routed'|'current'} boundaries How picked grids match cases.
 * @property {'reported'|'closed'} timeField Which clock the range applies to.
 * @property {string} from First day, `YYYY-MM-DD` (local), or ''.
 * @property {string} to Last day included, `YYYY-MM-DD` (local), or ''.
 * @property {Array<string>} categories Top or sub-category codes.
 * @property {Array<string>} statuses Status keys.
 * @property {Array<string>} channels Channel (`source`) keys.
 * @property {Array<string>} urgencies Urgency keys.
 * @property {''|'true'|'false'} overdue Overdue filter.
 * @property {''|'true'|'false'} sankua 三跨 filter.
 * @property {'points'|'hex'|'heat'|'grid'} view How the map shows the result.
 * @property {number} resolution H3 resolution of the hex bins.
 * @property {'l1'|'l2'|'l3'|'micro'} gridLevel Level of the choropleth.
 * @property {'day'|'week'|'month'} trend Trend chart bucket.
 * @property {number} page Page of the case list (0-based).
 */

/** The page's time zone offset: the city's calendar (Asia/Shanghai, no daylight saving). */
export const ZONE_OFFSET = '+08:00';

/** Page size of the case list. */
export const PAGE_SIZE = 20;

/** @return {QueryState} A query of everything in the caller's scope. */
export function emptyState() {
  return {
    area: null,
    boundaries: 'routed',
    timeField: 'reported',
    from: '',
    to: '',
    categories: [],
    statuses: [],
    channels: [],
    urgencies: [],
    overdue: '',
    sankua: '',
    view: 'points',
    resolution: 9,
    gridLevel: 'l2',
    trend: 'month',
    page: 0,
  };
}

/**
 * @param {string} text UTF-8 text.
 * @return {string} base64url without padding.
 */
function toBase64Url(text) {
  const bytes = new TextEncoder().encode(text);
  let binary = '';
  for (const b of bytes) {
    binary += String.fromCharCode(b);
  }
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/**
 * @param {string} value base64url.
 * @return {string} UTF-8 text.
 */
function fromBase64Url(value) {
  const binary = atob(value.replace(/-/g, '+').replace(/_/g, '/'));
  const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
  return new TextDecoder().decode(bytes);
}

/**
 * @param {QueryState} state State.
 * @return {string} The URL hash holding it (`#q=…`).
 */
export function encodeState(state) {
  return `#q=${toBase64Url(JSON.stringify(state))}`;
}

/**
 * Reads a state from a URL hash; fields missing or of the wrong type keep
 * their defaults, so an old or edited link still opens.
 * @param {string} hash `location.hash`.
 * @return {QueryState|null} The state, or `null` when the hash holds none or is unreadable.
 */
export function decodeState(hash) {
  const match = /^#?q=([A-Za-z0-9_-]+)$/.exec(hash || '');
  if (!match) {
    return null;
  }
  /** @type {any} */
  let raw;
  try {
    raw = JSON.parse(fromBase64Url(match[1]));
  } catch {
    return null;
  }
  if (!raw || typeof raw !== 'object') {
    return null;
  }
  const state = emptyState();
  /** @type {any} */
  const s = state;
  for (const key of Object.keys(state)) {
    const value = raw[key];
    const def = s[key];
    if (value === undefined) {
      continue;
    }
    if (Array.isArray(def) ? Array.isArray(value) && value.every((v) => typeof v === 'string') : typeof value === typeof def) {
      s[key] = value;
    }
  }
  state.area = readArea(raw.area);
  return state;
}

/**
 * @param {unknown} a Raw area.
 * @return {Area|null} The area, when well-formed.
 */
function readArea(a) {
  if (!a || typeof a !== 'object') {
    return null;
  }
  /** @type {any} */
  const area = a;
  const isPoint = (/** @type {any} */ p) => Array.isArray(p) && p.length === 2 && p.every(Number.isFinite);
  switch (area.type) {
    case 'polygon':
      return Array.isArray(area.ring) && area.ring.every(isPoint) ? {type: 'polygon', ring: area.ring} : null;
    case 'circle':
      return isPoint(area.center) && Number.isFinite(area.meters) ? {type: 'circle', center: area.center, meters: area.meters} : null;
    case 'line':
      return Array.isArray(area.line) && area.line.every(isPoint) && Number.isFinite(area.meters)
        ? {type: 'line', line: area.line, meters: area.meters}
        : null;
    case 'grids':
      return Array.isArray(area.codes) && area.codes.every((/** @type {unknown} */ c) => typeof c === 'string')
        ? {type: 'grids', codes: area.codes}
        : null;
    case 'district':
      return typeof area.code === 'string' ? {type: 'district', code: area.code} : null;
    default:
      return null;
  }
}

/**
 * @param {string} day `YYYY-MM-DD`.
 * @return {string} The next day, `YYYY-MM-DD`.
 */
export function nextDay(day) {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

/**
 * @param {Area|null} area Area.
 * @return {Object|undefined} The `area` member of a request body.
 */
export function areaBody(area) {
  if (!area) {
    return undefined;
  }
  switch (area.type) {
    case 'polygon':
      return {type: 'polygon', geometry: {type: 'Polygon', coordinates: [area.ring]}};
    case 'circle':
      return {type: 'buffer', geometry: {type: 'Point', coordinates: area.center}, meters: area.meters};
    case 'line':
      return {type: 'buffer', geometry: {type: 'LineString', coordinates: area.line}, meters: area.meters};
    case 'grids':
      return {type: 'grids', codes: area.codes};
    case 'district':
      return {type: 'district', code: area.code};
    default:
      return undefined;
  }
}

/**
 * The selection part of a request body, shared by all four endpoints
 * (`withTime` false for `/rising`, which has its own window).
 * @param {QueryState} state State.
 * @param {boolean} [withTime] Include the time range.
 * @return {Record<string, unknown>} Body.
 */
export function selectionBody(state, withTime = true) {
  /** @type {Record<string, unknown>} */
  const body = {};
  const area = areaBody(state.area);
  if (area) {
    body.area = area;
    if (state.area?.type === 'grids' || state.area?.type === 'district') {
      body.boundaries = state.boundaries;
    }
  }
  if (withTime && (state.from || state.to)) {
    /** @type {Record<string, string>} */
    const time = {field: state.timeField};
    if (state.from) {
      time.from = `${state.from}T00:00:00${ZONE_OFFSET}`;
    }
    if (state.to) {
      time.to = `${nextDay(state.to)}T00:00:00${ZONE_OFFSET}`;
    }
    body.time = time;
  }
  for (const key of /** @type {const} */ (['categories', 'statuses', 'channels', 'urgencies'])) {
    if (state[key].length) {
      body[key] = state[key];
    }
  }
  if (state.overdue) {
    body.overdue = state.overdue === 'true';
  }
  if (state.sankua) {
    body.sankua = state.sankua === 'true';
  }
  return body;
}
