import {describe, expect, it, vi} from 'vitest';
import {ApiError} from '../../../src/api.js';
import {emptyDraft} from '../../../src/worker/draft.js';
import {submitCase} from '../../../src/worker/submit.js';

/** @return {import('../../../src/worker/draft.js').Draft} A draft. */
function draft() {
  const d = emptyDraft('4d1c0c1e-0000-4000-8000-000000000001', 'wgs84');
  d.category = 'SRHJ-03';
  d.title = '非法小广告';
  d.location = {lon: 113.64, lat: 34.73, accuracy: 8, source: 'gps', at: ''};
  return d;
}

/**
 * @param {Array<Error|{status: number, replayed?: boolean}>} answers Answers in order.
 * @return {{send: import('vitest').Mock}} Fake API client.
 */
function fakeApi(answers) {
  const queue = [...answers];
  return {
    send: vi.fn(async () => {
      const next = queue.shift();
      if (!next) {
        throw new Error('unexpected request');
      }
      if (next instanceof Error) {
        throw next;
      }
      return {
        status: next.status,
        headers: new Headers(next.replayed ? {'Idempotent-Replayed': 'true'} : {}),
        body: {id: 1, code: 'EQ-20251123-000001'},
      };
    }),
  };
}

const FAST = {base: 1, factor: 1, max: 1};

describe('worker/submit', () => {
  describe('submitCase', () => {
    it('posts the patrol report with the draft key as Idempotency-Key', async () => {
      const api = fakeApi([{status: 201}]);
      const done = await submitCase(api, draft());
      expect(done).toEqual({view: {id: 1, code: 'EQ-20251123-000001'}, replayed: false, tries: 1});
      const [path, init] = api.send.mock.calls[0];
      expect(path).toBe('/api/cases');
      expect(init.method).toBe('POST');
      expect(init.headers).toEqual({'Idempotency-Key': '4d1c0c1e-0000-4000-8000-000000000001'});
      expect(init.json.source).toBe('patrol');
    });

    it('retries network failures and server errors with the same key and body until the server answers', async () => {
      const api = fakeApi([new ApiError({status: 0}), new ApiError({status: 503}), {status: 200, replayed: true}]);
      const waits = vi.fn();
      const done = await submitCase(api, draft(), {backoff: FAST, onWait: waits});
      expect(done.replayed).toBe(true);
      expect(done.tries).toBe(3);
      expect(waits).toHaveBeenCalledTimes(2);
      const keys = api.send.mock.calls.map(([, init]) => init.headers['Idempotency-Key']);
      expect(new Set(keys).size).toBe(1);
      const bodies = api.send.mock.calls.map(([, init]) => JSON.stringify(init.json));
      expect(new Set(bodies).size).toBe(1);
    });

    it('stops at an answer the worker must act on', async () => {
      const bad = new ApiError({status: 400, errors: [{pointer: '/title', detail: 'required'}]});
      const api = fakeApi([bad]);
      await expect(submitCase(api, draft(), {backoff: FAST})).rejects.toBe(bad);
      expect(api.send).toHaveBeenCalledTimes(1);
    });

    it('retries at once when asked', async () => {
      const api = fakeApi([new ApiError({status: 0}), {status: 201}]);
      const done = await submitCase(api, draft(), {
        backoff: {base: 60_000, factor: 1, max: 60_000},
        onWait: (info) => info.retryNow(),
      });
      expect(done.tries).toBe(2);
    });

    it('gives up after maxTries', async () => {
      const api = fakeApi([new ApiError({status: 0}), new ApiError({status: 0})]);
      await expect(submitCase(api, draft(), {backoff: FAST, maxTries: 2})).rejects.toMatchObject({status: 0});
    });
  });
});
