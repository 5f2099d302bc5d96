import {describe, expect, it} from 'vitest';
import {createReplayCursor, replayClock} from '../../../src/screen/replay.js';

const data = {
  from: '2026-11-22T02:00:00Z',
  t: [10, 20, 30, 40],
  kind: [0, 0, 1, 0],
  id: [1, 2, 1, 3],
  lon: [1, 2, 1, 3],
  lat: [1, 2, 1, 3],
};

describe('screen/replay', () => {
  describe('createReplayCursor', () => {
    it('adds creations and removes closures as time moves on', () => {
      const cursor = createReplayCursor(data);
      expect(cursor.seek(25)).toEqual({reset: false, added: [0, 1], removed: [], created: 2, closed: 0});
      expect(cursor.seek(45)).toEqual({reset: false, added: [3], removed: [1], created: 3, closed: 1});
      expect([...cursor.visible()].sort()).toEqual([2, 3]);
    });

    it('starts again when moved back', () => {
      const cursor = createReplayCursor(data);
      cursor.seek(45);
      const step = cursor.seek(15);
      expect(step).toEqual({reset: true, added: [0], removed: [], created: 1, closed: 0});
      expect([...cursor.visible()]).toEqual([1]);
    });
  });

  describe('replayClock', () => {
    it('shows Beijing time', () => {
      expect(replayClock(3600 + 60 * 5, data.from)).toBe('11:05');
    });
  });
});
