import {describe, expect, it} from 'vitest';
import {describeGridChain} from '../../../src/worker/locationField.js';

const CHAIN = [
  {code: '410103001004001008', name: '兴华街社区第1网格8号微网格', level: 'micro'},
  {code: '410103001004001', name: '兴华街社区第1网格', level: 'l3'},
  {code: '410103001004', name: '兴华街社区', level: 'l2'},
  {code: '410103001', name: '淮河路街道', level: 'l1'},
  {code: '410103', name: '二七区', level: 'district'},
];

describe('worker/locationField', () => {
  describe('describeGridChain', () => {
    it('reads the chain from the street office down to the micro grid', () => {
      expect(describeGridChain({assigned: true, chain: CHAIN, special: []})).toBe(
        '淮河路街道 › 兴华街社区 › 兴华街社区第1网格 › 兴华街社区第1网格8号微网格',
      );
    });

    it('says when the point was snapped into the nearest grid, and which special grids cover it', () => {
      const text = describeGridChain({assigned: true, chain: CHAIN, snappedMeters: 42.4, special: [{name: '郑州市第二中学'}]});
      expect(text).toContain('在网格外 42 米，已就近归入');
      expect(text).toContain('专属网格：郑州市第二中学');
    });

    it('says that a point outside every grid goes to the ops center', () => {
      expect(describeGridChain({assigned: false, chain: []})).toContain('城运中心人工分派');
    });
  });
});
