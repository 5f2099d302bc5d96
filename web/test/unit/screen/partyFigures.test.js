import {describe, expect, it} from 'vitest';
import {figureLevel, partyTiles} from '../../../src/screen/partyFigures.js';

describe('screen/partyFigures', () => {
  describe('partyTiles', () => {
    it('shows coverage as a percentage and the counts as parts of their whole', () => {
      const tiles = partyTiles({
        compounds: 250,
        compoundsCovered: 219,
        coverage: 0.876,
        branches: 52,
        compoundGroups: 219,
        inServiceMembers: 500,
        registeredInService: 431,
        serviceHours: 10234.5,
        completedClaims: 300,
        fiveStarBranches: 7,
        branchesRated: 52,
      });
      expect(tiles.map((t) => t.value)).toEqual(['87.6%', '219/250', '52', '431/500', '10235', '7/52']);
      expect(tiles[0].label).toBe('小区党组织覆盖率');
    });
    it('shows a dash where there is no compound', () => {
      // @ts-ignore partial figures
      expect(partyTiles({coverage: null, compounds: 0, compoundsCovered: 0, branches: 0, inServiceMembers: 0, registeredInService: 0, serviceHours: 0, fiveStarBranches: 0, branchesRated: 0})[0].value).toBe('—');
    });
    it('shows nothing while loading', () => {
      expect(partyTiles(null)).toEqual([]);
    });
  });

  describe('figureLevel', () => {
    it('asks at the selection own level, the district for anything else', () => {
      expect(figureLevel('l1')).toBe('l1');
      expect(figureLevel('city')).toBe('district');
      expect(figureLevel(undefined)).toBe('district');
    });
  });
});
