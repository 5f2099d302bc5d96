import {describe, expect, it} from 'vitest';
import {BIN_COLORS, CLASS_COLORS, binColor, classColor, quantileBreaks} from '../../../src/analyst/colors.js';

describe('analyst/colors', () => {
  describe('binColor', () => {
    it('colours hot spots red, cold spots blue and untested cells as not significant', () => {
      expect(binColor(3)).toBe(BIN_COLORS[6]);
      expect(binColor(-3)).toBe(BIN_COLORS[0]);
      expect(binColor(null)).toBe(BIN_COLORS[3]);
    });
  });

  describe('quantileBreaks / classColor', () => {
    it('spreads counts over the classes and leaves empty grids transparent', () => {
      const counts = [1, 2, 3, 4, 5, 6, 7, 8, 9, 100];
      const breaks = quantileBreaks(counts);
      expect(breaks).toEqual([3, 5, 7, 9]);
      expect(classColor(1, breaks)).toBe(CLASS_COLORS[0]);
      expect(classColor(100, breaks)).toBe(CLASS_COLORS[4]);
      expect(classColor(0, breaks)).toBe('rgba(255,255,255,0)');
    });

    it('has no breaks without cases', () => {
      expect(quantileBreaks([0, 0])).toEqual([]);
    });
  });
});
