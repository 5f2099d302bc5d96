import {describe, expect, it} from 'vitest';
import {applyChain, statusStyle} from '../../../src/screen/statusMap.js';

describe('screen/statusMap', () => {
  describe('applyChain', () => {
    it('replaces the counts of the grids in the event and keeps the others', () => {
      /** @type {Array<import('../../../src/screen/statusMap.js').GridCounts>} */
      const rows = [
        {code: '410103001', name: '淮河路街道', counts: {vaccinated: 2}, total: 2},
        {code: '410103002', name: '解放路街道', counts: {monitoring: 1}, total: 1},
      ];
      /** @type {Array<import('../../../src/screen/statusMap.js').GridCounts>} */
      const chain = [
        {code: '410103', name: null, counts: {vaccinated: 3, monitoring: 1}, total: 4},
        {code: '410103001', name: null, counts: {vaccinated: 3}, total: 3},
      ];
      const next = applyChain(rows, chain);
      expect(next[0]).toEqual({code: '410103001', name: '淮河路街道', counts: {vaccinated: 3}, total: 3});
      expect(next[1]).toBe(rows[1]);
    });
  });

  describe('statusStyle', () => {
    it('draws the status in its own colour and symbol', () => {
      const style = statusStyle({code: 'home_isolation', label: '居家隔离', color: '#e53935', symbol: 'square'});
      const image = /** @type {import('ol/style/RegularShape.js').default} */ (style.getImage());
      expect(image.getPoints()).toBe(4);
      expect(image.getFill()?.getColor()).toBe('#e53935');
    });
  });
});
