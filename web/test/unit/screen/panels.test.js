import {describe, expect, it} from 'vitest';
import {clockTime, figureTiles, percent, pushTicker} from '../../../src/screen/panels.js';
import {niceMax, polylinePoints} from '../../../src/screen/trend.js';

describe('screen/panels', () => {
  describe('figureTiles', () => {
    it('computes the closure rate from the received cases already closed', () => {
      const tiles = figureTiles({received: 8, closed: 3, closedOfReceived: 2, onTimeRate: 0.5, satisfactionRate: null, overdue: 1, sankua: 0, open: 6});
      const byKey = Object.fromEntries(tiles.map((t) => [t.key, t.value]));
      expect(byKey).toMatchObject({received: '8', closed: '3', closureRate: '25.0%', onTimeRate: '50.0%', satisfactionRate: '—', overdue: '1'});
    });
  });

  describe('percent', () => {
    it('shows a dash without a value', () => {
      expect(percent(null)).toBe('—');
      expect(percent(0.9876)).toBe('98.8%');
    });
  });

  describe('pushTicker', () => {
    it('puts the newest first, once per case, keeping the length', () => {
      /**
       * @param {number} id Case id.
       * @return {import('../../../src/screen/panels.js').TickerItem} Item.
       */
      const item = (id) => ({id, code: `C${id}`, category: null, grid: null, createdAt: '2026-11-23T00:00:00Z'});
      let items = [item(1), item(2)];
      items = pushTicker(items, item(3), 2);
      expect(items.map((i) => i.id)).toEqual([3, 1]);
      expect(pushTicker(items, item(3), 2)).toBe(items);
    });
  });

  describe('clockTime', () => {
    it('shows Beijing time', () => {
      expect(clockTime('2026-11-23T01:02:03Z')).toBe('09:02:03');
    });
  });
});

describe('screen/trend', () => {
  describe('niceMax', () => {
    it('rounds the top of the scale up', () => {
      expect(niceMax(3)).toBe(5);
      expect(niceMax(37)).toBe(50);
      expect(niceMax(120)).toBe(200);
    });
  });

  describe('polylinePoints', () => {
    it('draws only the hours asked for, scaled to the box', () => {
      expect(polylinePoints([0, 5, 10], 10, 230, 100, 2)).toBe('0.0,100.0 10.0,50.0');
    });
  });
});
