import {describe, expect, it} from 'vitest';
import {deadlineState, formatDateTime, formatDuration} from '../../../src/worker/time.js';

const NOW = new Date('2025-11-23T04:00:00Z'); // 12:00 in Zhengzhou

describe('worker/time', () => {
  describe('formatDateTime', () => {
    it('shows China Standard Time, without the year in the current year', () => {
      expect(formatDateTime('2025-11-23T09:30:00Z', NOW)).toBe('11-23 17:30');
      expect(formatDateTime('2024-12-31T16:05:00Z', NOW)).toBe('01-01 00:05');
      expect(formatDateTime('2024-12-31T15:05:00Z', NOW)).toBe('2024-12-31 23:05');
      expect(formatDateTime('2023-06-01T00:00:00Z', NOW)).toBe('2023-06-01 08:00');
    });

    it('shows a dash for a missing or broken time', () => {
      expect(formatDateTime(null, NOW)).toBe('—');
      expect(formatDateTime('soon', NOW)).toBe('—');
    });
  });

  describe('formatDuration', () => {
    it('uses days and hours, hours and minutes, or minutes', () => {
      expect(formatDuration((2 * 24 + 3) * 3600e3)).toBe('2 天 3 小时');
      expect(formatDuration(5 * 3600e3 + 20 * 60e3)).toBe('5 小时 20 分');
      expect(formatDuration(12 * 60e3)).toBe('12 分钟');
      expect(formatDuration(10e3)).toBe('1 分钟');
    });
  });

  describe('deadlineState', () => {
    it('shows the time left', () => {
      expect(deadlineState({deadline: '2025-11-23T09:30:00Z'}, NOW)).toEqual({state: 'ok', text: '截止 11-23 17:30 · 剩余 5 小时 30 分'});
    });

    it('warns when less than two hours are left', () => {
      expect(deadlineState({deadline: '2025-11-23T05:00:00Z'}, NOW).state).toBe('soon');
    });

    it('shows how long a case is overdue, also when the server flagged it first', () => {
      expect(deadlineState({deadline: '2025-11-23T01:00:00Z'}, NOW)).toEqual({state: 'overdue', text: '截止 11-23 09:00 · 已超期 3 小时'});
      expect(deadlineState({deadline: '2025-11-23T04:00:30Z', overdue: true}, NOW).state).toBe('overdue');
    });

    it('says whether a handled case was handled in time instead of counting on', () => {
      expect(deadlineState({deadline: '2025-11-23T09:30:00Z', handledAt: '2025-11-23T03:00:00Z'}, NOW)).toEqual({
        state: 'ok',
        text: '截止 11-23 17:30 · 11-23 11:00 按期处置完毕',
      });
      expect(deadlineState({deadline: '2025-11-23T01:00:00Z', handledAt: '2025-11-23T03:00:00Z', overdue: true}, NOW)).toEqual({
        state: 'overdue',
        text: '截止 11-23 09:00 · 11-23 11:00 处置完毕，超期 2 小时',
      });
    });

    it('says when there is no deadline or the clock is paused', () => {
      expect(deadlineState({deadline: null}, NOW)).toEqual({state: 'none', text: '无处置时限'});
      expect(deadlineState({deadline: '2025-11-23T01:00:00Z', paused: true}, NOW).text).toContain('计时暂停');
    });
  });
});
