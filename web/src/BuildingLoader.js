/**
 * Loads the building footprints around the 3D camera's view: debounced,
 * one request sequence at a time (a newer view aborts the older one),
 * skipped when the view is still inside the last complete load, capped at
 * `maxBuildings`, retried with backoff on failure.
 * @module BuildingLoader
 */

import {buffer, containsExtent, equals, getHeight, getIntersection, getWidth, isEmpty} from 'ol/extent.js';
import {retrying} from './retry.js';

/**
 * @typedef {import('ol/extent.js').Extent} Extent
 * @typedef {import('./api.js').BuildingFeature} BuildingFeature
 */

/**
 * @typedef {Object} BuildingBatch
 * @property {Array<BuildingFeature>} features The buildings, at most `maxBuildings`.
 * @property {Extent} bbox The requested bbox (EPSG:4326).
 * @property {boolean} truncated More buildings intersect the bbox than were loaded.
 * @property {number|null} numberMatched Buildings in the bbox according to the server.
 */

/**
 * @typedef {Object} BuildingLoaderOptions
 * @property {Pick<import('./api.js').Api, 'fetchBuildings'>} api API client.
 * @property {function(BuildingBatch): void} onLoad Receives every completed load.
 * @property {function(): void} [onLoading] A load started.
 * @property {function(unknown, import('./retry.js').FailureInfo): void} [onError] A load failed (it is retried).
 * @property {function(): void} [onRecovered] A load succeeded after failures.
 * @property {number} [maxBuildings] Cap on buildings per load (default 20000).
 * @property {number} [pageSize] `limit` of one page (default 10000, the server's maximum).
 * @property {number} [debounceMs] Quiet time after the last view change before loading (default 400).
 * @property {number} [marginRatio] Margin added around the view, relative to its larger side (default 0.25).
 * @property {import('./retry.js').BackoffOptions} [backoff] Retry backoff.
 */

/**
 * The bbox to request for a view: the view with a margin, cut to `limit`
 * (e.g. the district, so a camera looking at the horizon does not ask for
 * the whole province). Without a view, `limit` itself.
 * @param {Extent|null} view View rectangle `[minLon, minLat, maxLon, maxLat]`, or `null` when unknown.
 * @param {Extent|null} limit Area worth loading, or `null` for no limit.
 * @param {number} marginRatio Margin relative to the view's larger side.
 * @return {Extent|null} The bbox, or `null` when the view is outside `limit`.
 */
export function requestBbox(view, limit, marginRatio) {
  if (!view || isEmpty(view)) {
    return limit && !isEmpty(limit) ? limit.slice() : null;
  }
  const margin = Math.max(getWidth(view), getHeight(view)) * marginRatio;
  const wanted = buffer(view, margin);
  const clamped = getIntersection(wanted, [-180, -90, 180, 90]);
  if (!limit) {
    return clamped;
  }
  const cut = getIntersection(clamped, limit);
  return isEmpty(cut) ? null : cut;
}

export default class BuildingLoader {
  /**
   * @param {BuildingLoaderOptions} options Options.
   */
  constructor(options) {
    /** @private */
    this.options_ = options;
    /** @private */
    this.maxBuildings_ = options.maxBuildings ?? 20000;
    /** @private */
    this.pageSize_ = options.pageSize ?? 10000;
    /** @private */
    this.debounceMs_ = options.debounceMs ?? 400;
    /** @private */
    this.marginRatio_ = options.marginRatio ?? 0.25;
    /**
     * @private
     * @type {ReturnType<typeof setTimeout>|undefined}
     */
    this.timer_ = undefined;
    /**
     * @private
     * @type {AbortController|null}
     */
    this.controller_ = null;
    /**
     * Bbox of the last completed load and whether it held every building.
     * @private
     * @type {{bbox: Extent, complete: boolean}|null}
     */
    this.loaded_ = null;
    /**
     * Bbox being loaded.
     * @private
     * @type {Extent|null}
     */
    this.loading_ = null;
  }

  /**
   * Asks for the buildings of a view; loads after `debounceMs` without a newer call.
   * @param {Extent|null} view View rectangle in EPSG:4326, or `null` when unknown.
   * @param {Extent|null} limit Area worth loading (e.g. the district), or `null`.
   */
  request(view, limit) {
    clearTimeout(this.timer_);
    this.timer_ = setTimeout(() => this.loadNow(view, limit), this.debounceMs_);
  }

  /**
   * Loads the buildings of a view now, unless they are loaded or loading.
   * @param {Extent|null} view View rectangle in EPSG:4326, or `null` when unknown.
   * @param {Extent|null} limit Area worth loading, or `null`.
   * @return {boolean} Whether a load started.
   */
  loadNow(view, limit) {
    clearTimeout(this.timer_);
    const bbox = requestBbox(view, limit, this.marginRatio_);
    if (!bbox) {
      return false;
    }
    const needed = view && !isEmpty(view) ? (limit ? getIntersection(view, limit) : view) : bbox;
    if (this.loading_ && containsExtent(this.loading_, needed)) {
      return false;
    }
    if (this.loaded_) {
      const {bbox: have, complete} = this.loaded_;
      // A capped load is redone for any other bbox: zooming in must fill in the buildings it left out.
      if (complete ? containsExtent(have, needed) : equals(have, bbox)) {
        return false;
      }
    }
    this.controller_?.abort();
    const controller = new AbortController();
    this.controller_ = controller;
    this.loading_ = bbox;
    const {api, onLoad, onLoading, onError, onRecovered, backoff} = this.options_;
    onLoading?.();
    retrying(
      () =>
        api.fetchBuildings(
          {bbox, limit: Math.min(this.pageSize_, this.maxBuildings_)},
          {signal: controller.signal, maxFeatures: this.maxBuildings_},
        ),
      {
        signal: controller.signal,
        backoff,
        onError,
        onSuccess: (failures) => {
          if (failures > 0) {
            onRecovered?.();
          }
        },
      },
    ).then(
      ({features, truncated, numberMatched}) => {
        if (this.controller_ !== controller) {
          return;
        }
        this.controller_ = null;
        this.loading_ = null;
        this.loaded_ = {bbox, complete: !truncated};
        onLoad({features, bbox, truncated, numberMatched});
      },
      () => {
        // Aborted by a newer view: that load reports instead.
        if (this.controller_ === controller) {
          this.controller_ = null;
          this.loading_ = null;
        }
      },
    );
    return true;
  }

  /** Cancels the pending and the running load. */
  abort() {
    clearTimeout(this.timer_);
    this.controller_?.abort();
    this.controller_ = null;
    this.loading_ = null;
  }
}
