/**
 * Loads the open cases in the 3D view: debounced on camera moves, only when
 * the camera is close enough (`caseBbox`), one page of at most
 * `MAX_CASE_MARKERS`, a newer view aborting the older request, failures
 * retried with backoff. Cases change all the time, so every move asks again.
 * @module CaseMarkerLoader
 */

import {MAX_CASE_MARKERS, caseBbox, openCasesPath} from './caseMarkers.js';
import {retrying} from './retry.js';

/**
 * @typedef {Object} CaseBatch
 * @property {Array<import('./caseMarkers.js').CaseItem>} items Cases received.
 * @property {number} total Open cases in the bbox (may exceed `items.length`).
 * @property {Array<number>} bbox The bbox asked for.
 */

/**
 * @typedef {Object} CaseMarkerLoaderOptions
 * @property {{getJson: function(string, {signal?: AbortSignal}=): Promise<any>}} api API client.
 * @property {function(CaseBatch): void} onLoad A batch arrived.
 * @property {function(): void} [onTooFar] The view is too wide: no cases are asked for.
 * @property {function(): void} [onLoading] A request started.
 * @property {function(unknown, import('./retry.js').FailureInfo): void} [onError] A request failed.
 * @property {function(): void} [onRecovered] A request succeeded after failures.
 * @property {number} [debounceMs] Wait after the last move (default 400).
 * @property {number} [limit] Page size (default `MAX_CASE_MARKERS`).
 * @property {import('./retry.js').BackoffOptions} [backoff] Retry backoff.
 */

export default class CaseMarkerLoader {
  /**
   * @param {CaseMarkerLoaderOptions} options Options.
   */
  constructor(options) {
    /** @private */
    this.options_ = options;
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
  }

  /**
   * Loads after the debounce delay (camera moves).
   * @param {Array<number>|null} view `[minLon, minLat, maxLon, maxLat]` the camera sees.
   */
  request(view) {
    clearTimeout(this.timer_);
    this.timer_ = setTimeout(() => this.loadNow(view), this.options_.debounceMs ?? 400);
  }

  /**
   * @param {Array<number>|null} view `[minLon, minLat, maxLon, maxLat]` the camera sees.
   * @return {boolean} Whether a request was started (`false`: too far out).
   */
  loadNow(view) {
    clearTimeout(this.timer_);
    this.controller_?.abort();
    this.controller_ = null;
    const bbox = caseBbox(view);
    if (!bbox) {
      this.options_.onTooFar?.();
      return false;
    }
    const controller = new AbortController();
    this.controller_ = controller;
    const {api, onLoad, onLoading, onError, onRecovered, backoff} = this.options_;
    onLoading?.();
    const path = openCasesPath(bbox, this.options_.limit ?? MAX_CASE_MARKERS);
    retrying(() => api.getJson(path, {signal: controller.signal}), {
      signal: controller.signal,
      backoff,
      onError,
      onSuccess: (failures) => {
        if (failures > 0) {
          onRecovered?.();
        }
      },
    }).then(
      (page) => {
        if (this.controller_ !== controller) {
          return;
        }
        this.controller_ = null;
        const items = Array.isArray(page?.items) ? page.items : [];
        onLoad({items, total: typeof page?.total === 'number' ? page.total : items.length, bbox});
      },
      () => {
        // Aborted by a newer view, which reports instead.
        if (this.controller_ === controller) {
          this.controller_ = null;
        }
      },
    );
    return true;
  }

  /** Cancels a pending or running load. */
  abort() {
    clearTimeout(this.timer_);
    this.controller_?.abort();
    this.controller_ = null;
  }
}
