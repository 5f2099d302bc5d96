import {describe, expect, it} from 'vitest';
import {
  INITIAL_LEVELS,
  LEVELS,
  LEVELS_3D,
  LEVEL_KEYS,
  getLevel,
  isLabelledAt,
  isLevelKey,
  levelName,
  pickFinest,
  pickFinest3d,
  zoomForResolution,
} from '../../src/levels.js';

describe('levels', () => {
  describe('LEVEL_KEYS', () => {
    it('lists the hierarchy from district to micro, then special grids', () => {
      expect(LEVEL_KEYS).toEqual(['district', 'l1', 'l2', 'l3', 'micro', 'special']);
    });

    it('has metadata for every key with increasing rank', () => {
      const ranks = LEVEL_KEYS.map((key) => LEVELS[key].rank);
      expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
      for (const key of LEVEL_KEYS) {
        expect(LEVELS[key].key).toBe(key);
      }
    });

    it('loads district, streets and communities at start', () => {
      expect(INITIAL_LEVELS).toEqual(['district', 'l1', 'l2']);
    });
  });

  describe('levelName', () => {
    it('gives the Chinese name of each level', () => {
      expect(LEVEL_KEYS.map(levelName)).toEqual([
        '区',
        '街道(镇)',
        '社区(村)',
        '三级网格',
        '微网格',
        '专属网格',
      ]);
    });

    it('shows unknown keys as they are and missing ones as 未知', () => {
      expect(levelName('l9')).toBe('l9');
      expect(levelName(undefined)).toBe('未知');
    });
  });

  describe('getLevel', () => {
    it('throws for an unknown key', () => {
      expect(() => getLevel(/** @type {any} */ ('street'))).toThrow(/Unknown grid level/);
    });

    it('loads micro grids by bbox and the other levels all at once', () => {
      expect(LEVEL_KEYS.filter((key) => getLevel(key).strategy === 'bbox')).toEqual(['micro']);
    });

    it('draws level-3 from zoom 13 and micro grids from zoom 15', () => {
      expect(getLevel('l3').minZoom).toBe(13);
      expect(getLevel('micro').minZoom).toBe(15);
    });

    it('uses a dashed line only for special grids', () => {
      expect(LEVEL_KEYS.filter((key) => getLevel(key).lineDash)).toEqual(['special']);
    });
  });

  describe('isLevelKey', () => {
    it('accepts level keys and rejects anything else', () => {
      expect(isLevelKey('micro')).toBe(true);
      expect(isLevelKey('toString')).toBe(false);
      expect(isLevelKey(3)).toBe(false);
    });
  });

  describe('zoomForResolution', () => {
    it('maps the zoom 0 resolution of EPSG:3857 to zoom 0', () => {
      expect(zoomForResolution(156543.03392804097)).toBeCloseTo(0, 10);
    });

    it('adds one zoom level per halving of the resolution', () => {
      expect(zoomForResolution(156543.03392804097 / 2 ** 13)).toBeCloseTo(13, 10);
    });
  });

  describe('isLabelledAt', () => {
    it('labels streets at district zoom but not communities', () => {
      expect(isLabelledAt('l1', 12)).toBe(true);
      expect(isLabelledAt('l2', 12)).toBe(false);
    });

    it('labels communities from zoom 13 and level-3 grids from zoom 15', () => {
      expect(isLabelledAt('l2', 13)).toBe(true);
      expect(isLabelledAt('l3', 14.9)).toBe(false);
      expect(isLabelledAt('l3', 15.1)).toBe(true);
    });

    it('labels micro grids only from zoom 16.5', () => {
      expect(isLabelledAt('micro', 16)).toBe(false);
      expect(isLabelledAt('micro', 16.5)).toBe(true);
    });

    it('hides street labels when zoomed far in', () => {
      expect(isLabelledAt('l1', 16)).toBe(false);
    });
  });

  describe('pickFinest', () => {
    const hits = /** @type {Array<{level: import('../../src/levels.js').LevelKey, item: string}>} */ ([
      {level: 'district', item: '410103'},
      {level: 'l1', item: '410103001'},
      {level: 'l2', item: '410103001001'},
      {level: 'l3', item: '410103001001001'},
      {level: 'micro', item: '410103001001001001'},
    ]);

    it('selects the street at district zoom', () => {
      expect(pickFinest(hits, 12.2)).toBe('410103001');
    });

    it('selects the community once community labels show', () => {
      expect(pickFinest(hits, 13.5)).toBe('410103001001');
    });

    it('selects the micro grid when zoomed in', () => {
      expect(pickFinest(hits, 17)).toBe('410103001001001001');
    });

    it('prefers a special grid over the hierarchy', () => {
      expect(pickFinest([...hits, {level: 'special', item: 'S1'}], 14)).toBe('S1');
    });

    it('returns null without hits', () => {
      expect(pickFinest([], 14)).toBeNull();
    });
  });

  describe('pickFinest3d', () => {
    const hits = /** @type {Array<{level: import('../../src/levels.js').LevelKey, item: string}>} */ ([
      {level: 'district', item: '410103'},
      {level: 'l1', item: '410103001'},
      {level: 'l2', item: '410103001001'},
      {level: 'micro', item: '410103001001001001'},
      {level: 'special', item: 'S1'},
    ]);

    it('drapes district, streets and communities only', () => {
      expect(LEVELS_3D).toEqual(['district', 'l1', 'l2']);
    });

    it('selects the finest level drawn in 3D, whatever the zoom', () => {
      expect(pickFinest3d(hits)).toBe('410103001001');
    });

    it('falls back to the street or the district', () => {
      expect(pickFinest3d(hits.slice(0, 2))).toBe('410103001');
      expect(pickFinest3d(hits.slice(0, 1))).toBe('410103');
    });

    it('returns null without hits', () => {
      expect(pickFinest3d([])).toBeNull();
    });
  });
});
