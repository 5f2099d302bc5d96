import {describe, expect, it} from 'vitest';
import Feature from 'ol/Feature.js';
import MultiPolygon from 'ol/geom/MultiPolygon.js';
import Polygon from 'ol/geom/Polygon.js';
import {createLevelStyle, labelFont, labelPoint} from '../../src/styles.js';

const resolutionAt = (/** @type {number} */ zoom) => 156543.03392804097 / 2 ** zoom;

describe('styles', () => {
  describe('labelPoint', () => {
    it('puts the label of a multipolygon in its largest part', () => {
      const small = [[[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]];
      const large = [[[10, 10], [20, 10], [20, 20], [10, 20], [10, 10]]];
      const point = labelPoint(new Feature(new MultiPolygon([small, large])));
      expect(point).not.toBeNull();
      const [x, y] = /** @type {import('ol/geom/Point.js').default} */ (point).getCoordinates();
      expect(x).toBeGreaterThan(10);
      expect(x).toBeLessThan(20);
      expect(y).toBeGreaterThan(10);
      expect(y).toBeLessThan(20);
    });

    it('returns null for a feature without geometry', () => {
      expect(labelPoint(new Feature())).toBeNull();
    });
  });

  describe('labelFont', () => {
    it('uses a local CJK font stack', () => {
      expect(labelFont(14)).toMatch(/^600 14px .*WenQuanYi Micro Hei.*sans-serif$/);
    });
  });

  describe('createLevelStyle', () => {
    const feature = new Feature({
      geometry: new Polygon([[[0, 0], [100, 0], [100, 100], [0, 100], [0, 0]]]),
      name: '淮河路街道',
    });

    it('labels a street at district zoom', () => {
      const styles = /** @type {Array<import('ol/style/Style.js').default>} */ (createLevelStyle('l1')(feature, resolutionAt(12)));
      expect(styles).toHaveLength(2);
      expect(styles[1].getText()?.getText()).toBe('淮河路街道');
    });

    it('draws only the boundary of a community at district zoom', () => {
      const styles = /** @type {Array<import('ol/style/Style.js').default>} */ (createLevelStyle('l2')(feature, resolutionAt(12)));
      expect(styles).toHaveLength(1);
      expect(styles[0].getFill()).toBeTruthy();
    });

    it('draws special grids dashed', () => {
      const styles = /** @type {Array<import('ol/style/Style.js').default>} */ (createLevelStyle('special')(feature, resolutionAt(12)));
      expect(styles[0].getStroke()?.getLineDash()).toEqual([8, 5]);
    });
  });
});
