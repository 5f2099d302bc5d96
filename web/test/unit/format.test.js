import {describe, expect, it} from 'vitest';
import {formatArea, formatChain, formatCount, formatHeight} from '../../src/format.js';

describe('format', () => {
  describe('formatArea', () => {
    it('shows small areas in square metres', () => {
      expect(formatArea(850.4)).toBe('850 平方米');
    });

    it('shows areas below one square kilometre in hectares', () => {
      expect(formatArea(123456.7)).toBe('12.35 公顷');
      expect(formatArea(1000)).toBe('0.1 公顷');
    });

    it('shows areas of one square kilometre and more in square kilometres', () => {
      expect(formatArea(1_000_000)).toBe('1 平方公里');
      expect(formatArea(8_064_321)).toBe('8.06 平方公里');
    });

    it('groups thousands of square kilometres', () => {
      expect(formatArea(1_234_000_000)).toBe('1,234 平方公里');
    });

    it('shows a dash for missing or invalid areas', () => {
      expect(formatArea(null)).toBe('—');
      expect(formatArea(undefined)).toBe('—');
      expect(formatArea(Number.NaN)).toBe('—');
      expect(formatArea(-1)).toBe('—');
    });
  });

  describe('formatChain', () => {
    it('lists ancestors from the district down', () => {
      expect(
        formatChain([
          {name: '大学路社区'},
          {name: '淮河路街道'},
          {name: '二七区'},
        ]),
      ).toBe('二七区 › 淮河路街道 › 大学路社区');
    });

    it('says 无（顶级） for the district itself', () => {
      expect(formatChain([])).toBe('无（顶级）');
    });
  });

  describe('formatCount', () => {
    it('appends the unit', () => {
      expect(formatCount(18, '层')).toBe('18 层');
      expect(formatCount(0, '户')).toBe('0 户');
    });

    it('shows a dash when unknown', () => {
      expect(formatCount(null, '层')).toBe('—');
      expect(formatCount(undefined, '户')).toBe('—');
    });
  });

  describe('formatHeight', () => {
    it('shows the height in metres to one decimal', () => {
      expect(formatHeight({heightM: 52.46, floors: 18})).toBe('52.5 米');
    });

    it('estimates from the floors without a height', () => {
      expect(formatHeight({heightM: null, floors: 18})).toBe('约 54 米（按层数估算）');
    });

    it('shows a dash when neither is known', () => {
      expect(formatHeight({})).toBe('—');
    });
  });
});
