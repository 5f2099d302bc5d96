import {afterEach, beforeEach, describe, expect, it, vi} from 'vitest';
import {ApiError} from '../../src/api.js';
import {backoffDelay, isTransient, retrying} from '../../src/retry.js';

describe('retry', () => {
  describe('backoffDelay', () => {
    it('doubles from one second', () => {
      expect([1, 2, 3, 4].map((n) => backoffDelay(n))).toEqual([1000, 2000, 4000, 8000]);
    });

    it('is capped at 30 seconds', () => {
      expect(backoffDelay(20)).toBe(30000);
    });

    it('honours custom base, factor and cap', () => {
      expect(backoffDelay(3, {base: 100, factor: 3, max: 500})).toBe(500);
      expect(backoffDelay(2, {base: 100, factor: 3, max: 500})).toBe(300);
    });
  });

  describe('isTransient', () => {
    it('retries network failures, server errors, timeouts and rate limits', () => {
      for (const status of [0, 408, 429, 500, 503]) {
        expect(isTransient(new ApiError({status}))).toBe(true);
      }
    });

    it('does not retry other client errors automatically', () => {
      for (const status of [400, 401, 403, 404]) {
        expect(isTransient(new ApiError({status}))).toBe(false);
      }
    });
  });

  describe('retrying', () => {
    beforeEach(() => {
      vi.useFakeTimers();
    });
    afterEach(() => {
      vi.useRealTimers();
    });

    it('retries a transient failure after the backoff delay', async () => {
      const task = vi
        .fn()
        .mockRejectedValueOnce(new ApiError({status: 503}))
        .mockRejectedValueOnce(new ApiError({status: 0}))
        .mockResolvedValue('ok');
      const onError = vi.fn();
      const onSuccess = vi.fn();

      const result = retrying(task, {onError, onSuccess});
      await vi.advanceTimersByTimeAsync(999);
      expect(task).toHaveBeenCalledTimes(1);
      await vi.advanceTimersByTimeAsync(1);
      expect(task).toHaveBeenCalledTimes(2);
      await vi.advanceTimersByTimeAsync(2000);

      await expect(result).resolves.toBe('ok');
      expect(onError.mock.calls.map(([, info]) => [info.attempt, info.delay])).toEqual([
        [1, 1000],
        [2, 2000],
      ]);
      expect(onSuccess).toHaveBeenCalledWith(2);
    });

    it('waits for retryNow after a non-transient failure', async () => {
      const task = vi.fn().mockRejectedValueOnce(new ApiError({status: 400})).mockResolvedValue(42);
      /** @type {import('../../src/retry.js').FailureInfo|undefined} */
      let failure;
      const result = retrying(task, {onError: (_error, info) => (failure = info)});

      await vi.advanceTimersByTimeAsync(60_000);
      expect(task).toHaveBeenCalledTimes(1);
      expect(failure?.delay).toBe(Infinity);

      failure?.retryNow();
      await expect(result).resolves.toBe(42);
      expect(task).toHaveBeenCalledTimes(2);
    });

    it('retries at once when retryNow is called during the backoff', async () => {
      const task = vi.fn().mockRejectedValueOnce(new ApiError({status: 500})).mockResolvedValue('now');
      const result = retrying(task, {onError: (_error, info) => info.retryNow()});
      await expect(result).resolves.toBe('now');
    });
  });
});
