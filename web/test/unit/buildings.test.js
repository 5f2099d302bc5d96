import {describe, expect, it} from 'vitest';
import {
  BUILDING_USES,
  FLOOR_HEIGHT_METERS,
  USE_KEYS,
  buildingHeightMeters,
  placeAtFloor,
  useColor,
  useKey,
  useName,
} from '../../src/buildings.js';

describe('buildings', () => {
  describe('useColor', () => {
    it('gives each use its own opaque colour', () => {
      const colors = USE_KEYS.map((use) => useColor(use));
      expect(new Set(colors).size).toBe(USE_KEYS.length);
      for (const color of colors) {
        expect(color).toMatch(/^#[0-9a-f]{6}$/);
      }
    });

    it('colours residential, commercial, public and industrial buildings by their use', () => {
      expect(useColor('residential')).toBe(BUILDING_USES.residential.color);
      expect(useColor('commercial')).toBe(BUILDING_USES.commercial.color);
      expect(useColor('public')).toBe(BUILDING_USES.public.color);
      expect(useColor('industrial')).toBe(BUILDING_USES.industrial.color);
    });

    it('colours unknown and missing uses like other', () => {
      for (const use of ['warehouse', '', null, undefined, 3, 'toString', '__proto__']) {
        expect(useColor(use)).toBe(BUILDING_USES.other.color);
      }
    });
  });

  describe('useKey', () => {
    it('keeps known uses and maps anything else to other', () => {
      expect(useKey('public')).toBe('public');
      expect(useKey('hospital')).toBe('other');
    });
  });

  describe('useName', () => {
    it('names the uses in Chinese', () => {
      expect(USE_KEYS.map(useName)).toEqual(['住宅', '商业', '公共', '工业', '其他']);
    });

    it('shows an unknown use as given and a missing one as a dash', () => {
      expect(useName('warehouse')).toBe('warehouse');
      expect(useName(null)).toBe('—');
      expect(useName('')).toBe('—');
    });
  });

  describe('buildingHeightMeters', () => {
    it('uses heightM when given', () => {
      expect(buildingHeightMeters({heightM: 52.5, floors: 18})).toBe(52.5);
    });

    it('falls back to floors × 3 m without a height', () => {
      expect(FLOOR_HEIGHT_METERS).toBe(3);
      expect(buildingHeightMeters({heightM: null, floors: 18})).toBe(54);
      expect(buildingHeightMeters({floors: 6})).toBe(18);
    });

    it('ignores heights and floors that are zero, negative or not numbers', () => {
      expect(buildingHeightMeters({heightM: 0, floors: 4})).toBe(12);
      expect(buildingHeightMeters({heightM: -3, floors: 4})).toBe(12);
      expect(buildingHeightMeters({heightM: Number.NaN, floors: 4})).toBe(12);
      expect(buildingHeightMeters({heightM: /** @type {any} */ ('30'), floors: 4})).toBe(12);
    });

    it('rounds fractional floors', () => {
      expect(buildingHeightMeters({floors: 5.6})).toBe(18);
    });

    it('gives one storey when neither is known', () => {
      expect(buildingHeightMeters({})).toBe(3);
      expect(buildingHeightMeters({heightM: null, floors: null})).toBe(3);
    });
  });

  describe('placeAtFloor', () => {
    it('puts the 12th floor at 34.5 m, the middle of the floor', () => {
      expect(placeAtFloor(113.64, 34.72, 12)).toEqual({lon: 113.64, lat: 34.72, heightM: 34.5, floor: 12});
    });

    it('puts the ground floor at half a storey', () => {
      expect(placeAtFloor(113.64, 34.72, 1).heightM).toBe(FLOOR_HEIGHT_METERS / 2);
    });

    it('scales linearly with the floor', () => {
      for (const floor of [2, 7, 33, 100]) {
        expect(placeAtFloor(0, 0, floor).heightM).toBe((floor - 0.5) * 3);
      }
    });

    it('uses the storey height it is given', () => {
      expect(placeAtFloor(0, 0, 12, 2.8).heightM).toBeCloseTo(32.2, 9);
      expect(() => placeAtFloor(0, 0, 12, 0)).toThrow(/storey/);
    });

    it('keeps the coordinates unchanged', () => {
      const placement = placeAtFloor(-180, 90, 3);
      expect([placement.lon, placement.lat]).toEqual([-180, 90]);
    });

    it('rejects floors that are not positive integers', () => {
      for (const floor of [0, -1, 2.5, Number.NaN, Infinity]) {
        expect(() => placeAtFloor(113.64, 34.72, floor)).toThrow(RangeError);
      }
    });

    it('rejects coordinates out of range', () => {
      expect(() => placeAtFloor(181, 34.72, 12)).toThrow(/longitude/);
      expect(() => placeAtFloor(113.64, -91, 12)).toThrow(/latitude/);
      expect(() => placeAtFloor(Number.NaN, 34.72, 12)).toThrow(/longitude/);
    });
  });
});
