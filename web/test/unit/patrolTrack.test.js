import {describe, expect, it} from 'vitest';
import {distanceMeters, positionAt, segmentSpeed, speedColor, trackLengthMeters} from '../../src/patrol/track.js';

/** Three fixes 10 s apart going east along the equator, 0.0001° (≈ 11.1 m) each. */
const TRACK = {
  worker: {username: 'w', name: 'W'},
  count: 3,
  t: [100, 110, 120],
  lon: [0, 0.0001, 0.0002],
  lat: [0, 0, 0],
  accuracy: [5, null, 5],
  speed: [null, 3, null],
  grid: null,
};

describe('patrol/track', () => {
  describe('positionAt', () => {
    it('interpolates between the fixes around the time', () => {
      const p = positionAt(TRACK, 105);
      expect(p.lon).toBeCloseTo(0.00005, 9);
      expect(p.index).toBe(0);
    });
    it('clamps before the first and after the last fix', () => {
      expect(positionAt(TRACK, 0)).toEqual({lon: 0, lat: 0, index: 0});
      expect(positionAt(TRACK, 999)).toEqual({lon: 0.0002, lat: 0, index: 2});
    });
    it('lands on a fix at its exact time', () => {
      expect(positionAt(TRACK, 110).lon).toBe(0.0001);
      expect(positionAt(TRACK, 110).index).toBe(1);
    });
  });
  describe('trackLengthMeters', () => {
    it('sums the great-circle legs', () => {
      expect(trackLengthMeters(TRACK)).toBeCloseTo(2 * distanceMeters(0, 0, 0.0001, 0), 6);
      expect(trackLengthMeters(TRACK)).toBeCloseTo(22.24, 1);
    });
  });
  describe('segmentSpeed', () => {
    it('uses the recorded speed, else distance over time', () => {
      expect(segmentSpeed(TRACK, 1)).toBe(3);
      expect(segmentSpeed(TRACK, 0)).toBeCloseTo(1.112, 2);
    });
  });
  describe('speedColor', () => {
    it('colours walking, cycling and unknown speeds apart', () => {
      expect(speedColor(1)).not.toBe(speedColor(4));
      expect(speedColor(null)).not.toBe(speedColor(1));
      expect(speedColor(50)).toBe('#c0392b');
    });
  });
});
