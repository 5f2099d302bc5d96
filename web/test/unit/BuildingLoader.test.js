import {afterEach, beforeEach, describe, expect, it, vi} from 'vitest';
import {ApiError} from '../../src/api.js';
import BuildingLoader, {requestBbox} from '../../src/BuildingLoader.js';

/** The district's extent, roughly. */
const DISTRICT = [113.5, 34.6, 113.7, 34.8];

/**
 * @param {Array<string>} ids Building ids.
 * @param {boolean} [truncated] Whether the load was capped.
 * @return {{features: Array<any>, numberMatched: number, truncated: boolean}} A fetchBuildings result.
 */
const result = (ids, truncated = false) => ({
  features: ids.map((id) => ({type: 'Feature', id, geometry: null, properties: {id}})),
  numberMatched: ids.length,
  truncated,
});

/**
 * @param {Array<any>} answers Results (or errors to throw) in call order.
 * @param {Partial<import('../../src/BuildingLoader.js').BuildingLoaderOptions>} [options] More options.
 */
function setUp(answers, options = {}) {
  const queue = [...answers];
  const fetchBuildings = vi.fn(async (/** @type {any} */ _query, /** @type {any} */ _init) => {
    const next = queue.shift();
    if (!next) {
      throw new Error('unexpected fetch');
    }
    if (next instanceof Error) {
      throw next;
    }
    return next;
  });
  const onLoad = vi.fn();
  const loader = new BuildingLoader({api: {fetchBuildings}, onLoad, debounceMs: 400, marginRatio: 0.25, ...options});
  return {loader, fetchBuildings, onLoad};
}

describe('BuildingLoader', () => {
  describe('requestBbox', () => {
    it('adds a margin of a quarter of the larger side around the view', () => {
      const bbox = /** @type {Array<number>} */ (requestBbox([113.6, 34.7, 113.64, 34.72], null, 0.25));
      expect(bbox.map((v) => Math.round(v * 1e6) / 1e6)).toEqual([113.59, 34.69, 113.65, 34.73]);
    });

    it('cuts the bbox to the limit, e.g. the district, when the camera sees the horizon', () => {
      expect(requestBbox([110, 30, 120, 40], DISTRICT, 0.25)).toEqual(DISTRICT);
    });

    it('is null when the view is outside the limit', () => {
      expect(requestBbox([120, 40, 121, 41], DISTRICT, 0.25)).toBeNull();
    });

    it('falls back to the limit without a view', () => {
      expect(requestBbox(null, DISTRICT, 0.25)).toEqual(DISTRICT);
      expect(requestBbox(null, null, 0.25)).toBeNull();
    });

    it('stays within valid longitudes and latitudes', () => {
      expect(requestBbox([-180, -90, 180, 90], null, 0.25)).toEqual([-180, -90, 180, 90]);
    });
  });

  describe('request', () => {
    beforeEach(() => {
      vi.useFakeTimers();
    });

    afterEach(() => {
      vi.useRealTimers();
    });

    it('loads once after the camera has been still for the debounce time', async () => {
      const {loader, fetchBuildings, onLoad} = setUp([result(['a', 'b'])]);
      loader.request([113.6, 34.7, 113.62, 34.72], DISTRICT);
      await vi.advanceTimersByTimeAsync(200);
      loader.request([113.61, 34.7, 113.63, 34.72], DISTRICT);
      await vi.advanceTimersByTimeAsync(399);
      expect(fetchBuildings).not.toHaveBeenCalled();
      await vi.advanceTimersByTimeAsync(1);
      expect(fetchBuildings).toHaveBeenCalledTimes(1);
      const [query, init] = /** @type {Array<any>} */ (fetchBuildings.mock.calls[0]);
      expect(query.bbox.map((/** @type {number} */ v) => Math.round(v * 1e6) / 1e6)).toEqual([113.605, 34.695, 113.635, 34.725]);
      expect(query.limit).toBe(10000);
      expect(init.maxFeatures).toBe(20000);
      expect(onLoad).toHaveBeenCalledTimes(1);
      expect(onLoad.mock.calls[0][0].features.map((/** @type {any} */ f) => f.id)).toEqual(['a', 'b']);
    });

    it('does not load again while the view stays inside a complete load', async () => {
      const {loader, fetchBuildings} = setUp([result(['a'])]);
      loader.loadNow([113.6, 34.7, 113.64, 34.74], DISTRICT);
      await vi.advanceTimersByTimeAsync(0);
      expect(loader.loadNow([113.595, 34.695, 113.645, 34.745], DISTRICT)).toBe(false);
      expect(fetchBuildings).toHaveBeenCalledTimes(1);
    });

    it('loads again when the view leaves the loaded bbox', async () => {
      const {loader, fetchBuildings, onLoad} = setUp([result(['a']), result(['b'])]);
      loader.loadNow([113.6, 34.7, 113.64, 34.74], DISTRICT);
      await vi.advanceTimersByTimeAsync(0);
      expect(loader.loadNow([113.66, 34.7, 113.69, 34.74], DISTRICT)).toBe(true);
      await vi.advanceTimersByTimeAsync(0);
      expect(fetchBuildings).toHaveBeenCalledTimes(2);
      expect(onLoad.mock.calls[1][0].features.map((/** @type {any} */ f) => f.id)).toEqual(['b']);
    });

    it('loads a capped area again for a smaller view, to fill in what the cap left out', async () => {
      const {loader, fetchBuildings, onLoad} = setUp([result(['a'], true), result(['b'])], {maxBuildings: 1});
      loader.loadNow([113.5, 34.6, 113.7, 34.8], DISTRICT);
      await vi.advanceTimersByTimeAsync(0);
      expect(onLoad.mock.calls[0][0].truncated).toBe(true);
      expect(loader.loadNow([113.5, 34.6, 113.7, 34.8], DISTRICT)).toBe(false);
      expect(loader.loadNow([113.6, 34.7, 113.61, 34.71], DISTRICT)).toBe(true);
      await vi.advanceTimersByTimeAsync(0);
      expect(fetchBuildings).toHaveBeenCalledTimes(2);
      expect(fetchBuildings.mock.calls[1][0]).toMatchObject({limit: 1});
    });

    it('aborts a load that a newer view replaces and reports only the newer one', async () => {
      /** @type {Array<AbortSignal>} */
      const signals = [];
      /** @type {function(any): void} */
      let finishFirst = () => {};
      const fetchBuildings = vi.fn(
        (/** @type {any} */ _query, /** @type {any} */ init) =>
          new Promise((resolve, reject) => {
            signals.push(init.signal);
            if (signals.length === 1) {
              finishFirst = resolve;
              init.signal.addEventListener('abort', () => reject(Object.assign(new Error('aborted'), {name: 'AbortError'})));
            } else {
              resolve(result(['new']));
            }
          }),
      );
      const onLoad = vi.fn();
      const loader = new BuildingLoader({api: {fetchBuildings}, onLoad});
      loader.loadNow([113.6, 34.7, 113.61, 34.71], DISTRICT);
      loader.loadNow([113.65, 34.75, 113.66, 34.76], DISTRICT);
      finishFirst(result(['old']));
      await vi.advanceTimersByTimeAsync(0);
      expect(signals[0].aborted).toBe(true);
      expect(onLoad).toHaveBeenCalledTimes(1);
      expect(onLoad.mock.calls[0][0].features.map((/** @type {any} */ f) => f.id)).toEqual(['new']);
    });

    it('reports a failure and retries with backoff', async () => {
      const onError = vi.fn();
      const onRecovered = vi.fn();
      const {loader, fetchBuildings, onLoad} = setUp([new ApiError({status: 503}), result(['a'])], {onError, onRecovered});
      loader.loadNow([113.6, 34.7, 113.61, 34.71], DISTRICT);
      await vi.advanceTimersByTimeAsync(0);
      expect(onError).toHaveBeenCalledTimes(1);
      expect(onError.mock.calls[0][1]).toMatchObject({attempt: 1, delay: 1000});
      expect(onLoad).not.toHaveBeenCalled();
      await vi.advanceTimersByTimeAsync(1000);
      expect(fetchBuildings).toHaveBeenCalledTimes(2);
      expect(onLoad).toHaveBeenCalledTimes(1);
      expect(onRecovered).toHaveBeenCalledTimes(1);
    });

    it('waits for 重试 after a client error such as a missing collection', async () => {
      const onError = vi.fn();
      const {loader, fetchBuildings, onLoad} = setUp([new ApiError({status: 404}), result(['a'])], {onError});
      loader.loadNow([113.6, 34.7, 113.61, 34.71], DISTRICT);
      await vi.advanceTimersByTimeAsync(60000);
      expect(fetchBuildings).toHaveBeenCalledTimes(1);
      onError.mock.calls[0][1].retryNow();
      await vi.advanceTimersByTimeAsync(0);
      expect(onLoad).toHaveBeenCalledTimes(1);
    });

    it('loads nothing for a view outside the district', async () => {
      const {loader, fetchBuildings} = setUp([]);
      expect(loader.loadNow([120, 40, 121, 41], DISTRICT)).toBe(false);
      expect(fetchBuildings).not.toHaveBeenCalled();
    });

    it('cancels a pending request on abort', async () => {
      const {loader, fetchBuildings} = setUp([result(['a'])]);
      loader.request([113.6, 34.7, 113.61, 34.71], DISTRICT);
      loader.abort();
      await vi.advanceTimersByTimeAsync(1000);
      expect(fetchBuildings).not.toHaveBeenCalled();
    });
  });
});
