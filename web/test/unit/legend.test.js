import {describe, expect, it} from 'vitest';
import {statusText} from '../../src/legend.js';

describe('legend', () => {
  describe('statusText', () => {
    it('shows the loaded count', () => {
      expect(statusText('l1', {count: 17, state: 'loaded'}, 12)).toBe('街道(镇) 17');
    });

    it('says a level loads after zooming in when it is not drawn yet', () => {
      expect(statusText('l3', {count: null, state: 'idle'}, 12)).toBe('三级网格 —（放大后加载）');
    });

    it('shows loading and error states', () => {
      expect(statusText('l2', {count: null, state: 'loading'}, 12)).toBe('社区(村) 加载中…');
      expect(statusText('l2', {count: 176, state: 'error'}, 12)).toBe('社区(村) 加载失败');
    });
  });
});
