import {describe, expect, it} from 'vitest';
import {KEEP_BYTES, fitWithin, needsReencode} from '../../../src/worker/photoPrep.js';

describe('worker/photoPrep', () => {
  describe('needsReencode', () => {
    it('sends small JPEG, PNG and WebP files as they are', () => {
      expect(needsReencode({type: 'image/jpeg', size: 800_000})).toBe(false);
      expect(needsReencode({type: 'image/png', size: KEEP_BYTES})).toBe(false);
      expect(needsReencode({type: 'image/webp', size: 10})).toBe(false);
    });

    it('shrinks large photos and converts types the server refuses', () => {
      expect(needsReencode({type: 'image/jpeg', size: 4_500_000})).toBe(true);
      expect(needsReencode({type: 'image/heic', size: 900_000})).toBe(true);
      expect(needsReencode({type: '', size: 900_000})).toBe(true);
    });
  });

  describe('fitWithin', () => {
    it('scales the long edge down to the limit, keeping the aspect ratio', () => {
      expect(fitWithin(4032, 3024)).toEqual({width: 2048, height: 1536});
      expect(fitWithin(3024, 4032)).toEqual({width: 1536, height: 2048});
    });

    it('never scales up', () => {
      expect(fitWithin(800, 600)).toEqual({width: 800, height: 600});
    });
  });
});
