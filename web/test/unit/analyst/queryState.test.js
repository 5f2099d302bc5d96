import {describe, expect, it} from 'vitest';
import {decodeState, emptyState, encodeState, nextDay, selectionBody} from '../../../src/analyst/queryState.js';

describe('analyst/queryState', () => {
  describe('encodeState / decodeState', () => {
    it('round-trips a drawn polygon, filters and view through the hash', () => {
      /** @type {import('../../../src/analyst/queryState.js').QueryState} */
      const state = {
        ...emptyState(),
        area: {type: 'polygon', ring: [[113.6, 34.7], [113.61, 34.7], [113.61, 34.71], [113.6, 34.7]]},
        from: '2026-01-01',
        to: '2026-06-30',
        categories: ['SRHJ', 'JTYX-02'],
        statuses: ['closed'],
        overdue: 'true',
        view: 'hex',
        resolution: 8,
        page: 3,
      };
      const hash = encodeState(state);
      expect(hash).toMatch(/^#q=[A-Za-z0-9_-]+$/);
      expect(decodeState(hash)).toEqual(state);
    });

    it('keeps Chinese text intact', () => {
      /** @type {import('../../../src/analyst/queryState.js').QueryState} */
      const state = {...emptyState(), area: {type: 'grids', codes: ['410103001', '兴华街']}};
      expect(decodeState(encodeState(state))?.area).toEqual({type: 'grids', codes: ['410103001', '兴华街']});
    });

    it('returns null for a hash without a query or with garbage', () => {
      expect(decodeState('')).toBeNull();
      expect(decodeState('#other')).toBeNull();
      expect(decodeState('#q=%%%')).toBeNull();
      expect(decodeState('#q=bm90anNvbg')).toBeNull();
    });

    it('drops fields of the wrong type and a malformed area', () => {
      const hash = `#q=${btoa(JSON.stringify({view: 42, from: '2026-01-01', statuses: [1], area: {type: 'circle', center: [1]}}))
        .replace(/=+$/, '')}`;
      const state = decodeState(hash);
      expect(state?.view).toBe('points');
      expect(state?.from).toBe('2026-01-01');
      expect(state?.statuses).toEqual([]);
      expect(state?.area).toBeNull();
    });
  });

  describe('nextDay', () => {
    it('crosses month and year ends', () => {
      expect(nextDay('2026-02-28')).toBe('2026-03-01');
      expect(nextDay('2026-12-31')).toBe('2027-01-01');
    });
  });

  describe('selectionBody', () => {
    it('is empty for the whole scope without filters', () => {
      expect(selectionBody(emptyState())).toEqual({});
    });

    it('turns a circle into a buffer around its centre and a line into a buffer around the line', () => {
      expect(selectionBody({...emptyState(), area: {type: 'circle', center: [113.6, 34.7], meters: 250}}).area).toEqual({
        type: 'buffer', geometry: {type: 'Point', coordinates: [113.6, 34.7]}, meters: 250,
      });
      expect(selectionBody({...emptyState(), area: {type: 'line', line: [[113.6, 34.7], [113.61, 34.7]], meters: 50}}).area).toEqual({
        type: 'buffer', geometry: {type: 'LineString', coordinates: [[113.6, 34.7], [113.61, 34.7]]}, meters: 50,
      });
    });

    it('makes the last day inclusive in the city time zone and sends boundaries only for grids', () => {
      const body = selectionBody({...emptyState(), area: {type: 'district', code: '410103'}, boundaries: 'current', timeField: 'closed', from: '2026-01-01', to: '2026-01-31'});
      expect(body.time).toEqual({field: 'closed', from: '2026-01-01T00:00:00+08:00', to: '2026-02-01T00:00:00+08:00'});
      expect(body.boundaries).toBe('current');
      expect(selectionBody({...emptyState(), boundaries: 'current'}).boundaries).toBeUndefined();
    });

    it('sends filters as the API names them and leaves the time out for /rising', () => {
      const state = {...emptyState(), from: '2026-01-01', channels: ['patrol'], urgencies: ['urgent'], sankua: /** @type {const} */ ('false')};
      expect(selectionBody(state)).toEqual({time: {field: 'reported', from: '2026-01-01T00:00:00+08:00'}, channels: ['patrol'], urgencies: ['urgent'], sankua: false});
      expect(selectionBody(state, false).time).toBeUndefined();
    });
  });
});
