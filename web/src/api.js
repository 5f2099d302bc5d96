/**
 * Client of the Yiwang server API: JSON fetch with bearer auth, login on 401,
 * RFC 7807 problem details as errors, and GeoJSON paging via `rel=next` links.
 * @module api
 */

import {createSessionTokenStore} from './auth.js';

/**
 * @typedef {import('./levels.js').LevelKey} LevelKey
 */

/**
 * @typedef {Object} GridProperties
 * @property {string} code Grid code.
 * @property {string} name Chinese name.
 * @property {LevelKey} level Level key.
 * @property {string|null} parentCode Code of the parent grid.
 * @property {number|null} areaSqm Area in square metres.
 * @property {boolean} generated Whether the grid is generated demo data.
 * @property {string|null} kind Kind of a special grid.
 */

/**
 * @typedef {Object} GridFeature
 * @property {'Feature'} type GeoJSON type.
 * @property {string|number} [id] Feature id (the grid code).
 * @property {Object} geometry GeoJSON Polygon or MultiPolygon (EPSG:4326).
 * @property {GridProperties} properties Grid properties.
 */

/**
 * @typedef {Object} Link
 * @property {string} rel Relation, e.g. `next`.
 * @property {string} href Target, absolute or relative to the request URL.
 * @property {string} [type] Media type.
 */

/**
 * @typedef {Object} GridCollection
 * @property {'FeatureCollection'} type GeoJSON type.
 * @property {Array<GridFeature>} features Features.
 * @property {number} [numberMatched] Total number of matching features.
 * @property {number} [numberReturned] Number of features in this page.
 * @property {Array<Link>} [links] Paging links.
 */

/**
 * Properties of a building in the OGC API `buildings` collection.
 * @typedef {Object} BuildingProperties
 * @property {string} [id] Building id (also the feature id).
 * @property {string|null} [name] Name, e.g. `3号楼`.
 * @property {string|null} [compound] Residential compound (小区) or site.
 * @property {string|null} [use] `residential`, `commercial`, `public`, `industrial` or `other`.
 * @property {number|null} [floors] Number of floors above ground.
 * @property {number|null} [heightM] Height above ground in metres.
 * @property {number|null} [households] Households living in it.
 * @property {string|null} [microCode] Code of the micro grid holding it.
 * @property {boolean} [generated] Whether it is generated demo data.
 */

/**
 * @typedef {Object} BuildingFeature
 * @property {'Feature'} type GeoJSON type.
 * @property {string|number} [id] Feature id (the building id).
 * @property {{type: string, coordinates: any}|null} geometry GeoJSON Polygon (EPSG:4326).
 * @property {BuildingProperties} properties Building properties.
 */

/**
 * The open cases in a building (`GET /api/buildings/{id}/cases`).
 * @typedef {Object} BuildingCases
 * @property {string} building Building id.
 * @property {Array<import('./caseMarkers.js').CaseItem>} items Newest first.
 * @property {number} total All open cases in it the caller may see.
 * @property {number} limit Page size.
 */

/**
 * Options of a paged listing.
 * @typedef {Object} PagingOptions
 * @property {AbortSignal} [signal] Cancels the requests.
 * @property {function(GridCollection): void} [onPage] Called with every page.
 * @property {number} [maxFeatures] Stop following `next` links once this many features arrived
 *   (the result is then cut to this length and `truncated` is true).
 */

/**
 * @typedef {Object} Ancestor
 * @property {string} code Grid code.
 * @property {string} name Chinese name.
 * @property {LevelKey} level Level key.
 */

/**
 * @typedef {Object} GridQuery
 * @property {LevelKey} level Level to list.
 * @property {string} [parent] Only children of this grid code.
 * @property {Array<number>} [bbox] `[minLon, minLat, maxLon, maxLat]` in EPSG:4326.
 * @property {number} [limit] Page size (1..10000).
 * @property {number} [offset] Offset of the first page.
 */

/**
 * @typedef {Object} Credentials
 * @property {string} username User name.
 * @property {string} password Password.
 */

/**
 * Asks the user for credentials; resolves `null` when the user cancels.
 * `message` explains why it asks again (e.g. wrong password), or is `null`.
 * @typedef {function(string|null): Promise<Credentials|null>} CredentialsPrompt
 */

/**
 * @typedef {Object} ApiOptions
 * @property {typeof fetch} [fetch] Fetch implementation (default: global `fetch`).
 * @property {string} [baseUrl] Base URL for relative paths (default: the page URL).
 * @property {import('./auth.js').TokenStore} [tokens] Token store (default: sessionStorage).
 * @property {CredentialsPrompt|null} [requestCredentials] Login prompt; without it a 401 is an error.
 * @property {number} [maxPages] Safety limit on pages followed for one listing.
 */

/**
 * One offending input of a problem+json body: `pointer` (RFC 6901) names a
 * field of a JSON body, `parameter` a query or path parameter or a form part.
 * @typedef {Object} InvalidParam
 * @property {string} [pointer] JSON pointer, e.g. `/location/lon`.
 * @property {string} [parameter] Parameter name, e.g. `file`.
 * @property {string} detail What is wrong with it.
 */

/**
 * Options of {@link createApi}'s `send`.
 * @typedef {Object} SendInit
 * @property {string} [method] HTTP method (default `GET`).
 * @property {unknown} [json] Body sent as JSON (`Content-Type: application/json`).
 * @property {Blob} [blob] Body sent as is, with the blob's type as `Content-Type`.
 * @property {Record<string, string>} [headers] Extra request headers.
 * @property {'json'|'blob'} [responseType] How to read a successful body (default `json`).
 * @property {AbortSignal} [signal] Cancels the request.
 */

/**
 * A successful answer of `send`.
 * @typedef {Object} SendResult
 * @property {number} status HTTP status.
 * @property {Headers} headers Response headers.
 * @property {any} body Parsed JSON (or `null` for an empty body), or a Blob.
 */

/** Media types the client accepts. */
export const ACCEPT =
  'application/geo+json, application/json;q=0.9, application/problem+json;q=0.8';

/** How many times one request may go through the login prompt. */
const MAX_LOGIN_ROUNDS = 3;

/** Error raised for failed API calls; `message` is Chinese, fit for the UI. */
export class ApiError extends Error {
  /**
   * @param {Object} options Options.
   * @param {number} options.status HTTP status, `0` for network failures.
   * @param {string} [options.title] Problem title.
   * @param {string} [options.detail] Problem detail.
   * @param {string} [options.type] Problem type URI.
   * @param {string} [options.url] Request URL.
   * @param {string} [options.message] Message override.
   * @param {Array<InvalidParam>} [options.errors] Offending inputs named by the problem.
   */
  constructor({status, title, detail, type, url, message, errors}) {
    super(message || detail || title || defaultMessage(status));
    this.name = 'ApiError';
    /** @type {number} */
    this.status = status;
    /** @type {string|undefined} */
    this.title = title;
    /** @type {string|undefined} */
    this.detail = detail;
    /** @type {string|undefined} */
    this.type = type;
    /** @type {string|undefined} */
    this.url = url;
    /** @type {Array<InvalidParam>} */
    this.errors = errors || [];
  }
}

/**
 * @param {number} status HTTP status (0 = no response).
 * @return {string} Chinese message for a status without problem details.
 */
export function defaultMessage(status) {
  if (status === 0) {
    return '无法连接服务器，请检查网络或服务是否启动';
  }
  if (status === 401) {
    return '需要登录';
  }
  if (status === 403) {
    return '没有访问权限';
  }
  if (status === 404) {
    return '未找到请求的数据';
  }
  if (status >= 500) {
    return `服务器错误（HTTP ${status}）`;
  }
  return `请求失败（HTTP ${status}）`;
}

/**
 * Builds an {@link ApiError} from an error response, using RFC 7807 problem
 * details (`application/problem+json`) when the body has them.
 * @param {Response} response Failed response.
 * @param {string} [url] Request URL.
 * @return {Promise<ApiError>} The error.
 */
export async function errorFromResponse(response, url) {
  const contentType = response.headers.get('content-type') || '';
  /** @type {{title?: unknown, detail?: unknown, type?: unknown, status?: unknown, errors?: unknown}} */
  let problem = {};
  if (/json/i.test(contentType)) {
    try {
      const body = await response.json();
      if (body && typeof body === 'object') {
        problem = body;
      }
    } catch {
      // Not JSON after all: fall back to the status text.
    }
  }
  return new ApiError({
    status: response.status,
    title: typeof problem.title === 'string' ? problem.title : undefined,
    detail: typeof problem.detail === 'string' ? problem.detail : undefined,
    type: typeof problem.type === 'string' ? problem.type : undefined,
    url,
    errors: invalidParams(problem.errors),
  });
}

/**
 * @param {unknown} raw The `errors` member of a problem body.
 * @return {Array<InvalidParam>} The well-formed entries.
 */
function invalidParams(raw) {
  if (!Array.isArray(raw)) {
    return [];
  }
  /** @type {Array<InvalidParam>} */
  const out = [];
  for (const e of raw) {
    if (e && typeof e === 'object' && typeof e.detail === 'string') {
      /** @type {InvalidParam} */
      const param = {detail: e.detail};
      if (typeof e.pointer === 'string') {
        param.pointer = e.pointer;
      }
      if (typeof e.parameter === 'string') {
        param.parameter = e.parameter;
      }
      out.push(param);
    }
  }
  return out;
}

/**
 * @param {GridQuery} query Query.
 * @return {string} Path and query string of `GET /api/grids`.
 */
export function gridsPath(query) {
  const params = new URLSearchParams();
  params.set('level', query.level);
  if (query.parent) {
    params.set('parent', query.parent);
  }
  if (query.bbox) {
    params.set('bbox', bboxParam(query.bbox));
  }
  if (query.limit !== undefined) {
    params.set('limit', String(query.limit));
  }
  if (query.offset) {
    params.set('offset', String(query.offset));
  }
  return `/api/grids?${params.toString()}`;
}

/**
 * @param {Array<number>} bbox `[minLon, minLat, maxLon, maxLat]` in EPSG:4326.
 * @return {string} The bbox as a query value, coordinates rounded to 7 decimals.
 */
function bboxParam(bbox) {
  if (bbox.length !== 4 || !bbox.every(Number.isFinite)) {
    throw new Error(`Invalid bbox: ${bbox.join(',')}`);
  }
  return bbox.map((v) => roundCoordinate(v)).join(',');
}

/** Path of the OGC API – Features collection of building footprints. */
export const BUILDINGS_ITEMS_PATH = '/ogc/collections/buildings/items';

/**
 * @param {{bbox: Array<number>, limit?: number}} query `bbox` as `[minLon, minLat, maxLon, maxLat]` (EPSG:4326) and page size.
 * @return {string} Path and query string of `GET /ogc/collections/buildings/items`.
 */
export function buildingsPath(query) {
  const params = new URLSearchParams();
  params.set('bbox', bboxParam(query.bbox));
  if (query.limit !== undefined) {
    params.set('limit', String(query.limit));
  }
  return `${BUILDINGS_ITEMS_PATH}?${params.toString()}`;
}

/**
 * @param {number} value Longitude or latitude.
 * @return {string} Value rounded to 7 decimals (~1 cm), without trailing zeros.
 */
function roundCoordinate(value) {
  return String(Math.round(value * 1e7) / 1e7);
}

/**
 * @param {{links?: Array<Link>}} collection Page of a listing.
 * @return {string|null} Href of the `next` link, or `null` on the last page.
 */
export function nextHref(collection) {
  const links = Array.isArray(collection.links) ? collection.links : [];
  const next = links.find((link) => link && link.rel === 'next' && typeof link.href === 'string');
  return next ? next.href : null;
}

/**
 * @param {ApiOptions} [options] Options.
 */
export function createApi(options = {}) {
  const fetchImpl = options.fetch || globalThis.fetch.bind(globalThis);
  const baseUrl =
    options.baseUrl || (globalThis.location ? globalThis.location.href : 'http://localhost/');
  const origin = new URL(baseUrl).origin;
  const tokens = options.tokens || createSessionTokenStore();
  const requestCredentials = options.requestCredentials || null;
  const maxPages = options.maxPages || 1000;

  /** @type {Promise<string>|null} */
  let loginInFlight = null;

  /**
   * @param {string} pathOrUrl Path or URL.
   * @param {string} [relativeTo] URL the path is relative to.
   * @return {URL} Resolved URL; other origins are refused (the token must not leak).
   */
  function resolve(pathOrUrl, relativeTo = baseUrl) {
    const url = new URL(pathOrUrl, relativeTo);
    if (url.origin !== origin) {
      throw new ApiError({
        status: 0,
        url: url.href,
        message: `拒绝访问其他服务器的地址：${url.origin}`,
      });
    }
    return url;
  }

  /**
   * Logs in with the given credentials and stores the token.
   * @param {string} username User name.
   * @param {string} password Password.
   * @return {Promise<string>} The access token.
   */
  async function login(username, password) {
    const url = resolve('/login').href;
    let response;
    try {
      response = await fetchImpl(url, {
        method: 'POST',
        headers: {'Content-Type': 'application/json', Accept: 'application/json'},
        body: JSON.stringify({username, password}),
      });
    } catch (error) {
      throw networkError(error, url);
    }
    if (!response.ok) {
      const error = await errorFromResponse(response, url);
      if (response.status === 401 && !error.detail) {
        throw new ApiError({status: 401, url, message: '用户名或密码错误'});
      }
      throw error;
    }
    const body = await response.json();
    const token = body && typeof body.access_token === 'string' ? body.access_token : '';
    if (!token) {
      throw new ApiError({status: response.status, url, message: '登录响应中没有访问令牌'});
    }
    tokens.set(token);
    return token;
  }

  /**
   * Prompts until a login succeeds or the user cancels. Concurrent callers
   * share one prompt.
   * @return {Promise<string>} The new token.
   */
  function ensureLogin() {
    if (!loginInFlight) {
      loginInFlight = promptLogin().finally(() => {
        loginInFlight = null;
      });
    }
    return loginInFlight;
  }

  /**
   * @return {Promise<string>} The new token.
   */
  async function promptLogin() {
    if (!requestCredentials) {
      throw new ApiError({status: 401});
    }
    /** @type {string|null} */
    let message = null;
    for (;;) {
      const credentials = await requestCredentials(message);
      if (!credentials) {
        throw new ApiError({status: 401, message: '需要登录后才能查看网格数据'});
      }
      try {
        return await login(credentials.username, credentials.password);
      } catch (error) {
        message = error instanceof Error ? error.message : String(error);
      }
    }
  }

  /**
   * Sends a request with the bearer token; on 401 asks for a login and sends
   * it again with the new token (the body is sent again as it was).
   * @param {string} pathOrUrl Path (relative to the base URL) or same-origin URL.
   * @param {SendInit} [init] Options.
   * @return {Promise<SendResult>} Status, headers and the parsed body of a 2xx answer.
   */
  async function send(pathOrUrl, init = {}) {
    const url = resolve(pathOrUrl).href;
    for (let round = 0; ; round++) {
      const token = tokens.get();
      /** @type {Record<string, string>} */
      const headers = {Accept: init.responseType === 'blob' ? '*/*' : ACCEPT, ...(init.headers || {})};
      /** @type {BodyInit|undefined} */
      let body;
      if (init.json !== undefined) {
        headers['Content-Type'] = 'application/json';
        body = JSON.stringify(init.json);
      } else if (init.blob) {
        headers['Content-Type'] = init.blob.type || 'application/octet-stream';
        body = init.blob;
      }
      if (token) {
        headers.Authorization = `Bearer ${token}`;
      }
      let response;
      try {
        response = await fetchImpl(url, {method: init.method || 'GET', headers, body, signal: init.signal});
      } catch (error) {
        throw networkError(error, url);
      }
      if (response.status === 401 && requestCredentials && round < MAX_LOGIN_ROUNDS) {
        // Drain the body so the connection can be reused.
        await response.text().catch(() => '');
        if (tokens.get() === token) {
          tokens.clear();
          await ensureLogin();
        }
        continue;
      }
      if (!response.ok) {
        throw await errorFromResponse(response, url);
      }
      try {
        if (init.responseType === 'blob') {
          return {status: response.status, headers: response.headers, body: await response.blob()};
        }
        const text = await response.text();
        return {status: response.status, headers: response.headers, body: text ? JSON.parse(text) : null};
      } catch (error) {
        if (error instanceof Error && error.name === 'AbortError') {
          throw error;
        }
        throw new ApiError({status: response.status, url, message: '服务器返回的数据格式无效'});
      }
    }
  }

  /**
   * GETs JSON; on 401 asks for a login and retries with the new token.
   * @param {string} pathOrUrl Path (relative to the base URL) or same-origin URL.
   * @param {{signal?: AbortSignal}} [init] Options.
   * @return {Promise<any>} Parsed body.
   */
  async function getJson(pathOrUrl, init = {}) {
    return (await send(pathOrUrl, {signal: init.signal})).body;
  }

  /**
   * GETs a GeoJSON listing, following `rel=next` links until the last page
   * (or until `maxFeatures` features arrived).
   * @param {string} pathOrUrl Path or same-origin URL of the first page.
   * @param {PagingOptions} [init] Options.
   * @return {Promise<{features: Array<any>, numberMatched: number|null, truncated: boolean}>} All features.
   */
  async function fetchAllPages(pathOrUrl, init = {}) {
    /** @type {Array<any>} */
    const features = [];
    /** @type {number|null} */
    let numberMatched = null;
    const maxFeatures = init.maxFeatures ?? Infinity;
    const seen = new Set();
    /** @type {string|null} */
    let url = resolve(pathOrUrl).href;
    while (url) {
      if (seen.has(url)) {
        throw new ApiError({status: 0, url, message: '分页链接出现循环，已停止加载'});
      }
      if (seen.size >= maxPages) {
        throw new ApiError({status: 0, url, message: `分页超过 ${maxPages} 页，已停止加载`});
      }
      seen.add(url);
      const page = await getJson(url, init);
      if (!page || page.type !== 'FeatureCollection' || !Array.isArray(page.features)) {
        throw new ApiError({status: 200, url, message: '服务器返回的不是 GeoJSON 要素集合'});
      }
      features.push(...page.features);
      if (typeof page.numberMatched === 'number') {
        numberMatched = page.numberMatched;
      }
      if (init.onPage) {
        init.onPage(page);
      }
      const href = nextHref(page);
      if (href && features.length >= maxFeatures) {
        features.length = maxFeatures;
        return {features, numberMatched, truncated: true};
      }
      url = href ? resolve(href, url).href : null;
    }
    const truncated = features.length > maxFeatures;
    if (truncated) {
      features.length = maxFeatures;
    }
    return {features, numberMatched, truncated};
  }

  /**
   * Lists grids, following `rel=next` links until the last page.
   * @param {GridQuery} query Query.
   * @param {PagingOptions} [init] Options.
   * @return {Promise<{features: Array<GridFeature>, numberMatched: number|null, truncated: boolean}>} All features.
   */
  function fetchAllGrids(query, init = {}) {
    return fetchAllPages(gridsPath(query), init);
  }

  /**
   * Lists the buildings intersecting a bbox (OGC API – Features), following
   * `rel=next` links, at most `maxFeatures` of them.
   * @param {{bbox: Array<number>, limit?: number}} query `bbox` in EPSG:4326 and page size.
   * @param {PagingOptions} [init] Options.
   * @return {Promise<{features: Array<BuildingFeature>, numberMatched: number|null, truncated: boolean}>} The buildings.
   */
  function fetchBuildings(query, init = {}) {
    return fetchAllPages(buildingsPath(query), init);
  }

  return {
    send,
    getJson,
    /** @return {boolean} Whether a token is held (calls will not ask for a login first). */
    signedIn: () => Boolean(tokens.get()),
    /**
     * @param {string} id Building id.
     * @return {Promise<BuildingCases>} The open cases in the building the caller may see.
     */
    getBuildingCases: (id) => getJson(`/api/buildings/${encodeURIComponent(id)}/cases`),
    fetchAllPages,
    fetchAllGrids,
    fetchBuildings,
    login,
    /**
     * @param {string} code Grid code.
     * @return {Promise<GridFeature>} The grid as a GeoJSON feature.
     */
    getGrid: (code) => getJson(`/api/grids/${encodeURIComponent(code)}`),
    /**
     * @param {string} code Grid code.
     * @return {Promise<Array<Ancestor>>} Ancestors from the parent up to the district.
     */
    getAncestors: (code) => getJson(`/api/grids/${encodeURIComponent(code)}/ancestors`),
  };
}

/**
 * @typedef {ReturnType<typeof createApi>} Api
 */

/**
 * @param {unknown} error Error thrown by fetch.
 * @param {string} url Request URL.
 * @return {Error} Abort errors unchanged, anything else as a network {@link ApiError}.
 */
function networkError(error, url) {
  if (error instanceof Error && error.name === 'AbortError') {
    return error;
  }
  return new ApiError({status: 0, url});
}
