import {describe, expect, it} from 'vitest';
import {COLUMNS, cellText, changeText, columnsFor, defaultPeriod, reportPath, sortRows} from '../../../src/reports/reportView.js';

/**
 * @param {string} key Column key.
 * @return {import('../../../src/reports/reportView.js').Column} Column.
 */
function column(key) {
  const c = COLUMNS.find((x) => x.key === key);
  if (!c) {
    throw new Error(key);
  }
  return c;
}

describe('reports/reportView', () => {
  describe('reportPath', () => {
    it('leaves out empty parameters and encodes the rest', () => {
      expect(reportPath('monthly', {period: '2026-10', level: 'l1', scope: '', format: 'csv'})).toBe(
        '/api/reports/monthly?period=2026-10&level=l1&format=csv',
      );
      expect(reportPath('daily', {})).toBe('/api/reports/daily');
    });
  });

  describe('defaultPeriod', () => {
    it('is yesterday, last month or last quarter', () => {
      expect(defaultPeriod('daily', new Date(2026, 2, 1))).toBe('2026-02-28');
      expect(defaultPeriod('monthly', new Date(2026, 0, 15))).toBe('2025-12');
      expect(defaultPeriod('quarterly', new Date(2026, 1, 15))).toBe('2025-Q4');
      expect(defaultPeriod('quarterly', new Date(2026, 10, 23))).toBe('2026-Q3');
    });
  });

  describe('sortRows', () => {
    const rows = [
      {key: 'a', name: '乙', closureRate: 0.5},
      {key: 'b', name: '甲', closureRate: null},
      {key: 'c', name: '丙', closureRate: 0.9},
      {key: 'd', name: '丁', closureRate: 0.5},
    ];
    it('sorts numbers either way with empty values last and ties in report order', () => {
      expect(sortRows(rows, column('closureRate'), 'desc').map((r) => r.key)).toEqual(['c', 'a', 'd', 'b']);
      expect(sortRows(rows, column('closureRate'), 'asc').map((r) => r.key)).toEqual(['a', 'd', 'c', 'b']);
    });
    it('does not change the rows it was given', () => {
      sortRows(rows, column('closureRate'), 'asc');
      expect(rows.map((r) => r.key)).toEqual(['a', 'b', 'c', 'd']);
    });
  });

  describe('changeText', () => {
    it('shows an arrow up, down, a dash for no change and nothing when unranked', () => {
      expect(changeText(2)).toEqual({text: '↑2', trend: 'up'});
      expect(changeText(-1)).toEqual({text: '↓1', trend: 'down'});
      expect(changeText(0)).toEqual({text: '—', trend: 'same'});
      expect(changeText(null)).toEqual({text: '', trend: 'none'});
    });
  });

  describe('cellText', () => {
    it('writes shares as percentages and decimals with two places', () => {
      expect(cellText(column('closureRate'), {closureRate: 0.98765})).toBe('98.77%');
      expect(cellText(column('score'), {score: 71.5})).toBe('71.50');
      expect(cellText(column('onTimeRate'), {onTimeRate: null})).toBe('—');
      expect(cellText(column('householdVisits'), {patrol: {householdVisits: 3}})).toBe('3');
    });
  });

  describe('columnsFor', () => {
    it('shows patrol columns only when rows have patrol figures and the grid only for workers', () => {
      const dept = columnsFor({level: 'department', rows: [{patrol: null}]});
      expect(dept.some((c) => c.key === 'workerDays')).toBe(false);
      expect(dept.some((c) => c.key === 'grid')).toBe(false);
      const workers = columnsFor({level: 'worker', rows: [{patrol: {workerDays: 1}}]});
      expect(workers.some((c) => c.key === 'workerDays')).toBe(true);
      expect(workers.some((c) => c.key === 'grid')).toBe(true);
    });
  });
});
