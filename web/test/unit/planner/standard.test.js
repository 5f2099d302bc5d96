import {describe, expect, it} from 'vitest';
import {householdsAfter, problemLine, standardClass, withOffset} from '../../../src/planner/standard.js';

describe('planner/standard', () => {
  describe('standardClass', () => {
    it('puts 50 and 70 households inside the standard and 49 and 71 outside', () => {
      expect(standardClass(49)).toBe('under');
      expect(standardClass(50)).toBe('ok');
      expect(standardClass(70)).toBe('ok');
      expect(standardClass(71)).toBe('over');
    });
    it('says unknown when the figure is missing', () => {
      expect(standardClass(undefined)).toBe('unknown');
      expect(standardClass(NaN)).toBe('unknown');
    });
  });

  describe('problemLine', () => {
    it('names the kind in Chinese with its measure and codes', () => {
      expect(problemLine({kind: 'overlap', codes: ['a', 'b'], measure: 12.345})).toBe('重叠（12 平方米）：a、b');
      expect(problemLine({kind: 'households-over-standard', codes: ['a'], measure: 81})).toBe('住户超标（81 户）：a');
      expect(problemLine({kind: 'gap', measure: 0.5})).toBe('缝隙（0.50 平方米）');
    });
  });

  describe('householdsAfter', () => {
    it('keeps the figure after the change of every grid that still exists', () => {
      const m = householdsAfter({grids: [{code: 'a', after: {households: 60}}, {code: 'b', after: null}]});
      expect([...m.entries()]).toEqual([['a', 60]]);
    });
  });

  describe('withOffset', () => {
    it('adds seconds and the browser offset to a local date-time', () => {
      expect(withOffset('2026-11-23T08:00', -480)).toBe('2026-11-23T08:00:00+08:00');
      expect(withOffset('2026-11-23T08:00:30', 60)).toBe('2026-11-23T08:00:30-01:00');
      expect(withOffset('', -480)).toBeNull();
    });
  });
});
