import {describe, expect, it} from 'vitest';
import {locationIn, problemMessages, translate} from '../../../src/analyst/problems.js';

describe('analyst/problems', () => {
  describe('problemMessages', () => {
    it('puts an invalid polygon next to the area control with its location', () => {
      const [m] = problemMessages({
        status: 400,
        message: 'Invalid request body',
        errors: [{pointer: '/area/geometry', detail: 'Self-intersection at or near (113.610000, 34.710000)'}],
      });
      expect(m.control).toBe('area');
      expect(m.text).toBe('多边形自相交（边线交叉）');
      expect(m.at).toEqual([113.61, 34.71]);
    });

    it('puts a reversed time range next to the time control', () => {
      const [m] = problemMessages({status: 400, message: 'x', errors: [{pointer: '/time', detail: 'the time range is reversed or empty: 2027 >= 2026'}]});
      expect(m.control).toBe('time');
      expect(m.text).toContain('时间范围颠倒');
    });

    it('explains a 403 for a grid outside the scope', () => {
      const [m] = problemMessages({status: 403, message: 'Grid 410103002 lies outside your scope 410103001.', detail: "Grid '410103002' lies outside your scope 410103001."});
      expect(m.text).toBe('超出您的辖区范围');
    });

    it('falls back to the general slot and keeps the server words', () => {
      const [m] = problemMessages({status: 500, message: '服务器错误（HTTP 500）'});
      expect(m.control).toBe('general');
      expect(m.text).toBe('服务器错误（HTTP 500）');
    });
  });

  describe('translate', () => {
    it('names an unknown grid code', () => {
      expect(translate("unknown grid code '999'")).toBe('网格编码 999 不存在');
    });
  });

  describe('locationIn', () => {
    it('is null without coordinates', () => {
      expect(locationIn('Too few points')).toBeNull();
    });
  });
});
