import {describe, expect, it} from 'vitest';
import {drillDown, drillTarget, drillUp, summaryPath} from '../../../src/screen/drill.js';

const district = {code: '410103', name: '二七区', level: 'district'};
const street = {code: '410103001', name: '淮河路街道', level: 'l1'};
const community = {code: '410103001004', name: '兴华街社区', level: 'l2'};
const l3 = {code: '410103001004001', name: '第一网格', level: 'l3'};
const micro = {code: '410103001004001003', name: '微网格3', level: 'micro'};
const chain = [micro, l3, community, street, district];

describe('screen/drill', () => {
  describe('drillTarget', () => {
    it('goes one level down at each click inside the selection', () => {
      expect(drillTarget([district], chain)).toEqual(street);
      expect(drillTarget([district, street], chain)).toEqual(community);
      expect(drillTarget([district, street, community], chain)).toEqual(l3);
      expect(drillTarget([district, street, community, l3], chain)).toEqual(micro);
    });

    it('stops at a micro grid', () => {
      expect(drillTarget([district, street, community, l3, micro], chain)).toBeNull();
    });

    it('ignores a click outside the selection', () => {
      const elsewhere = [{code: '410103002001', name: '别的社区', level: 'l2'}, {code: '410103002', name: '别的街道', level: 'l1'}, district];
      expect(drillTarget([district, street], elsewhere)).toBeNull();
    });

    it('ignores a point in no grid', () => {
      expect(drillTarget([district], [])).toBeNull();
    });
  });

  describe('drillUp', () => {
    it('cuts the path after the breadcrumb entry, keeping the root', () => {
      const path = drillDown(drillDown([district], street), community);
      expect(drillUp(path, 0)).toEqual([district]);
      expect(drillUp(path, 1)).toEqual([district, street]);
      expect(drillUp(path, -3)).toEqual([district]);
    });
  });

  describe('summaryPath', () => {
    it('asks for the selection', () => {
      expect(summaryPath([district, street])).toBe('/api/screen/summary?scope=410103001');
      expect(summaryPath([])).toBe('/api/screen/summary');
    });
  });
});
