import {describe, expect, it} from 'vitest';
import {
  MAX_CASE_VIEW_DEGREES,
  OPEN_STATUSES,
  buildingAt,
  caseBbox,
  caseColor,
  caseLine,
  caseMarkers,
  floorHeightMeters,
  openCasesPath,
  polygonContains,
  storeyHeightMeters,
} from '../../src/caseMarkers.js';

/**
 * A square footprint of `size` degrees with its south-west corner at lon, lat.
 * @param {number} lon Longitude.
 * @param {number} lat Latitude.
 * @param {number} [size] Side in degrees.
 * @return {{type: string, coordinates: any}} Polygon.
 */
function square(lon, lat, size = 0.001) {
  return {
    type: 'Polygon',
    coordinates: [
      [
        [lon, lat],
        [lon + size, lat],
        [lon + size, lat + size],
        [lon, lat + size],
        [lon, lat],
      ],
    ],
  };
}

/**
 * @param {string} id Building id.
 * @param {any} geometry Footprint.
 * @param {any} properties Properties.
 */
const building = (id, geometry, properties) => ({type: /** @type {'Feature'} */ ('Feature'), id, geometry, properties: {id, ...properties}});

/**
 * @param {Partial<import('../../src/caseMarkers.js').CaseItem>} fields Fields.
 * @return {import('../../src/caseMarkers.js').CaseItem} A case.
 */
const item = (fields) => ({id: 1, code: 'EQ-20261123-000001', status: 'dispatched', ...fields});

describe('caseMarkers', () => {
  describe('caseBbox', () => {
    it('asks for the view when it is a few communities wide', () => {
      expect(caseBbox([113.62, 34.71, 113.64, 34.72])).toEqual([113.62, 34.71, 113.64, 34.72]);
    });

    it('asks for nothing when the view is wider than the limit', () => {
      expect(caseBbox([113.5, 34.7, 113.5 + MAX_CASE_VIEW_DEGREES * 1.01, 34.71])).toBeNull();
      expect(caseBbox([113.5, 34.7, 113.51, 34.7 + MAX_CASE_VIEW_DEGREES * 2])).toBeNull();
    });

    it('asks for nothing without a proper view', () => {
      expect(caseBbox(null)).toBeNull();
      expect(caseBbox([113.6, 34.7, 113.5, 34.71])).toBeNull();
      expect(caseBbox([Number.NaN, 34.7, 113.5, 34.71])).toBeNull();
    });
  });

  describe('openCasesPath', () => {
    it('lists the open statuses, the bbox rounded to 7 decimals and the limit', () => {
      const url = new URL(openCasesPath([113.123456789, 34.7, 113.2, 34.8], 200), 'http://x/');
      expect(url.pathname).toBe('/api/cases');
      expect(url.searchParams.get('bbox')).toBe('113.1234568,34.7,113.2,34.8');
      expect(url.searchParams.get('limit')).toBe('200');
      expect(url.searchParams.get('status')?.split(',')).toEqual([...OPEN_STATUSES]);
      expect(OPEN_STATUSES).not.toContain('closed');
      expect(OPEN_STATUSES).not.toContain('rejected');
    });
  });

  describe('polygonContains', () => {
    it('tells inside from outside and leaves holes out', () => {
      const withHole = {
        type: 'Polygon',
        coordinates: [square(0, 0, 10).coordinates[0], square(4, 4, 2).coordinates[0]],
      };
      expect(polygonContains(1, 1, withHole)).toBe(true);
      expect(polygonContains(5, 5, withHole)).toBe(false);
      expect(polygonContains(11, 5, withHole)).toBe(false);
    });

    it('reads every part of a MultiPolygon', () => {
      const multi = {type: 'MultiPolygon', coordinates: [square(0, 0, 1).coordinates, square(5, 5, 1).coordinates]};
      expect(polygonContains(5.5, 5.5, multi)).toBe(true);
      expect(polygonContains(3, 3, multi)).toBe(false);
      expect(polygonContains(0.5, 0.5, null)).toBe(false);
    });
  });

  describe('storeyHeightMeters', () => {
    it('divides the height by the floors', () => {
      expect(storeyHeightMeters({heightM: 56, floors: 20})).toBeCloseTo(2.8, 9);
    });

    it('uses 3 m without a building or floors', () => {
      expect(storeyHeightMeters(null)).toBe(3);
      expect(storeyHeightMeters({heightM: 20, floors: null})).toBe(3);
    });
  });

  describe('floorHeightMeters', () => {
    it('puts the 12th floor of a 3 m-storey building at 34.5 m', () => {
      expect(floorHeightMeters(12, {heightM: 54, floors: 18})).toBe(34.5);
    });

    it('uses the building storey height', () => {
      expect(floorHeightMeters(12, {heightM: 56, floors: 20})).toBeCloseTo(11.5 * 2.8, 9);
    });

    it('puts cases without a floor, and basements, on the ground', () => {
      expect(floorHeightMeters(null, {heightM: 54, floors: 18})).toBe(0);
      expect(floorHeightMeters(-1, null)).toBe(0);
      expect(floorHeightMeters(0, null)).toBe(0);
    });
  });

  describe('caseColor', () => {
    it('shows overdue first, then urgency, then the stage', () => {
      expect(caseColor(item({overdue: true, urgency: 'critical'}))).toBe('#8e0000');
      expect(caseColor(item({urgency: 'critical'}))).toBe('#d32f2f');
      expect(caseColor(item({urgency: 'urgent'}))).toBe('#ef6c00');
      expect(caseColor(item({status: 'reported', urgency: 'normal'}))).toBe('#6a1b9a');
      expect(caseColor(item({status: 'handled'}))).toBe('#2e7d32');
      expect(caseColor(item({status: 'in_progress'}))).toBe('#1565c0');
    });
  });

  describe('caseMarkers', () => {
    const tower = building('B1', square(113.6, 34.7), {floors: 20, heightM: 56});
    const low = building('B2', square(113.61, 34.7), {floors: 2, heightM: null});

    it('places a case with a floor at that floor of the building it lies in', () => {
      const [marker] = caseMarkers(
        [item({location: {lon: 113.6005, lat: 34.7005, floor: 12}, category: {code: 'GGAQ-03', name: '高空抛物'}})],
        [low, tower],
      );
      expect(marker.buildingId).toBe('B1');
      expect(marker.floor).toBe(12);
      expect(marker.heightM).toBeCloseTo(11.5 * 2.8, 9);
      expect(marker.text).toBe('高空抛物 12层');
    });

    it('uses 3 m storeys for a floor outside every building', () => {
      const [marker] = caseMarkers([item({location: {lon: 113.62, lat: 34.7005, floor: 12}})], [tower]);
      expect(marker.buildingId).toBeNull();
      expect(marker.heightM).toBe(34.5);
    });

    it('puts cases without a floor on the ground, even inside a building', () => {
      const [marker] = caseMarkers([item({location: {lon: 113.6005, lat: 34.7005, floor: null}})], [tower]);
      expect(marker.heightM).toBe(0);
      expect(marker.floor).toBeNull();
    });

    it('skips cases without a location', () => {
      expect(caseMarkers([item({location: null}), item({})], [tower])).toEqual([]);
    });

    it('finds the building holding a point', () => {
      expect(buildingAt(113.6105, 34.7005, [tower, low])?.id).toBe('B2');
      expect(buildingAt(113.65, 34.7005, [tower, low])).toBeNull();
    });
  });

  describe('caseLine', () => {
    it('names code, category, status and floor', () => {
      expect(
        caseLine(item({category: {code: 'GGAQ-03', name: '高空抛物'}, statusName: '已派遣', location: {lon: 0, lat: 0, floor: 12}})),
      ).toBe('EQ-20261123-000001 高空抛物 · 已派遣 · 12层');
      expect(caseLine(item({location: {lon: 0, lat: 0}}))).toBe('EQ-20261123-000001 · dispatched');
    });
  });
});
