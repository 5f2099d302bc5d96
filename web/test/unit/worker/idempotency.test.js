import {describe, expect, it} from 'vitest';
import {newIdempotencyKey} from '../../../src/worker/idempotency.js';

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('worker/idempotency', () => {
  describe('newIdempotencyKey', () => {
    it('uses crypto.randomUUID where the page is a secure context', () => {
      expect(newIdempotencyKey({randomUUID: () => 'fixed', getRandomValues: (a) => a})).toBe('fixed');
    });

    it('builds a version 4 UUID from getRandomValues on a plain-HTTP page', () => {
      const key = newIdempotencyKey({getRandomValues: (a) => a.fill(0xff)});
      expect(key).toMatch(UUID_V4);
      expect(key).toBe('ffffffff-ffff-4fff-bfff-ffffffffffff');
    });

    it('makes a different key every time', () => {
      const random = {getRandomValues: (/** @type {Uint8Array} */ a) => globalThis.crypto.getRandomValues(a)};
      const keys = new Set(Array.from({length: 50}, () => newIdempotencyKey(random)));
      expect(keys.size).toBe(50);
      for (const k of keys) {
        expect(k).toMatch(UUID_V4);
      }
    });
  });
});
