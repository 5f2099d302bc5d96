import {afterEach, beforeEach, describe, expect, it, vi} from 'vitest';
import CaseMarkerLoader from '../../src/CaseMarkerLoader.js';

const NEAR = [113.62, 34.71, 113.64, 34.72];
const FAR = [113.4, 34.5, 113.8, 34.9];

/**
 * @param {Array<any>} answers Pages (or errors) in call order.
 */
function setUp(answers) {
  const queue = [...answers];
  const getJson = vi.fn(async (/** @type {string} */ _path, /** @type {any} */ _init) => {
    const next = queue.shift();
    if (next instanceof Error) {
      throw next;
    }
    return next;
  });
  const onLoad = vi.fn();
  const onTooFar = vi.fn();
  const loader = new CaseMarkerLoader({api: {getJson}, onLoad, onTooFar, debounceMs: 400, backoff: {base: 10, max: 10}});
  return {loader, getJson, onLoad, onTooFar};
}

describe('CaseMarkerLoader', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  describe('loadNow', () => {
    it('asks for the open cases in the view and hands them over', async () => {
      const {loader, getJson, onLoad} = setUp([{items: [{id: 1}], total: 1}]);
      expect(loader.loadNow(NEAR)).toBe(true);
      await vi.runAllTimersAsync();
      expect(getJson).toHaveBeenCalledOnce();
      const url = new URL(getJson.mock.calls[0][0], 'http://x/');
      expect(url.searchParams.get('bbox')).toBe(NEAR.join(','));
      expect(url.searchParams.get('limit')).toBe('500');
      expect(onLoad).toHaveBeenCalledWith({items: [{id: 1}], total: 1, bbox: NEAR});
    });

    it('asks nothing when the view is too wide, and says so', async () => {
      const {loader, getJson, onTooFar} = setUp([]);
      expect(loader.loadNow(FAR)).toBe(false);
      await vi.runAllTimersAsync();
      expect(getJson).not.toHaveBeenCalled();
      expect(onTooFar).toHaveBeenCalledOnce();
    });

    it('retries a failed request', async () => {
      const {loader, getJson, onLoad} = setUp([new TypeError('network'), {items: [], total: 0}]);
      loader.loadNow(NEAR);
      await vi.runAllTimersAsync();
      expect(getJson).toHaveBeenCalledTimes(2);
      expect(onLoad).toHaveBeenCalledWith({items: [], total: 0, bbox: NEAR});
    });

    it('drops the answer of a request a newer view replaced', async () => {
      /** @type {function(any): void} */
      let answerFirst = () => {};
      const getJson = vi
        .fn()
        .mockImplementationOnce(() => new Promise((resolve) => (answerFirst = resolve)))
        .mockImplementationOnce(async () => ({items: [{id: 2}], total: 1}));
      const onLoad = vi.fn();
      const loader = new CaseMarkerLoader({api: {getJson}, onLoad});
      loader.loadNow(NEAR);
      const other = [113.63, 34.71, 113.65, 34.72];
      loader.loadNow(other);
      answerFirst({items: [{id: 1}], total: 1});
      await vi.runAllTimersAsync();
      expect(onLoad).toHaveBeenCalledOnce();
      expect(onLoad.mock.calls[0][0].items).toEqual([{id: 2}]);
    });
  });

  describe('request', () => {
    it('waits for the camera to settle and loads once', async () => {
      const {loader, getJson} = setUp([{items: [], total: 0}]);
      loader.request(NEAR);
      loader.request(NEAR);
      await vi.advanceTimersByTimeAsync(399);
      expect(getJson).not.toHaveBeenCalled();
      await vi.advanceTimersByTimeAsync(1);
      expect(getJson).toHaveBeenCalledOnce();
    });
  });
});
