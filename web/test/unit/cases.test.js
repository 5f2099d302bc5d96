import {readFileSync} from 'node:fs';
import {dirname, join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {describe, expect, it} from 'vitest';
import Feature from 'ol/Feature.js';
import Point from 'ol/geom/Point.js';
import {
  OVERDUE_COLOR,
  STATUS_GROUPS,
  clusterRadius,
  countLabel,
  createCaseStyle,
  isCluster,
  statusGroup,
  urgencyName,
} from '../../src/cases.js';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

/**
 * @param {Record<string, any>} properties Properties.
 * @return {Feature} A point feature with them.
 */
function feature(properties) {
  return new Feature({geometry: new Point([0, 0]), ...properties});
}

describe('cases', () => {
  describe('STATUS_GROUPS', () => {
    it('uses the colours of the GeoServer style for the open groups', () => {
      const sld = readFileSync(join(repo, 'data', 'styles', 'cases-open.sld'), 'utf8');
      for (const key of ['pending', 'working', 'handled']) {
        const group = statusGroup(key);
        const rule = sld.slice(sld.indexOf(`<ogc:Literal>${key}</ogc:Literal>`));
        expect(rule.slice(0, rule.indexOf('</Rule>'))).toContain(group.color);
      }
      expect(sld).toContain(OVERDUE_COLOR);
    });

    it('falls back to 处置中 for an unknown group', () => {
      expect(statusGroup('nope').key).toBe('working');
      expect(STATUS_GROUPS.map((g) => g.key)).toEqual(['pending', 'working', 'handled', 'closed', 'void']);
    });
  });

  describe('isCluster', () => {
    it('tells clusters (with a count) from cases', () => {
      expect(isCluster({count: 3, statusGroup: 'pending'})).toBe(true);
      expect(isCluster({id: 7, code: 'EQ-20261123-000001'})).toBe(false);
    });
  });

  describe('countLabel', () => {
    it('abbreviates thousands', () => {
      expect(countLabel(7)).toBe('7');
      expect(countLabel(999)).toBe('999');
      expect(countLabel(3400)).toBe('3.4k');
      expect(countLabel(168692)).toBe('169k');
    });
  });

  describe('clusterRadius', () => {
    it('grows with the count and stays bounded', () => {
      expect(clusterRadius(1)).toBe(9);
      expect(clusterRadius(100)).toBeGreaterThan(clusterRadius(10));
      expect(clusterRadius(10 ** 9)).toBe(22);
    });
  });

  describe('urgencyName', () => {
    it('names the urgency levels in Chinese', () => {
      expect(urgencyName('critical')).toBe('特急');
      expect(urgencyName('normal')).toBe('一般');
    });
  });

  describe('createCaseStyle', () => {
    const style = createCaseStyle();

    it('draws a cluster as a circle of its dominant group with its count', () => {
      const s = style(feature({count: 1234, statusGroup: 'handled', overdueCount: 0}));
      const circle = /** @type {import('ol/style/Circle.js').default} */ (s.getImage());
      expect(circle.getFill()?.getColor()).toBe(statusGroup('handled').color);
      expect(s.getText()?.getText()).toBe('1.2k');
    });

    it('rings overdue cases and clusters in red', () => {
      const c = /** @type {import('ol/style/Circle.js').default} */ (
        style(feature({count: 5, statusGroup: 'working', overdueCount: 1})).getImage()
      );
      expect(c.getStroke()?.getColor()).toBe(OVERDUE_COLOR);
      const p = /** @type {import('ol/style/Circle.js').default} */ (
        style(feature({id: 1, statusGroup: 'pending', overdue: true, urgency: 'normal'})).getImage()
      );
      expect(p.getStroke()?.getColor()).toBe(OVERDUE_COLOR);
    });

    it('draws urgent cases larger and without a label', () => {
      const urgent = style(feature({id: 1, statusGroup: 'pending', overdue: false, urgency: 'urgent'}));
      const normal = style(feature({id: 2, statusGroup: 'pending', overdue: false, urgency: 'normal'}));
      const radius = (/** @type {import('ol/style/Style.js').default} */ s) =>
        /** @type {import('ol/style/Circle.js').default} */ (s.getImage()).getRadius();
      expect(radius(urgent)).toBeGreaterThan(radius(normal));
      expect(normal.getText()).toBeFalsy();
      expect(/** @type {import('ol/style/Circle.js').default} */ (normal.getImage()).getFill()?.getColor()).toBe(
        statusGroup('pending').color,
      );
    });
  });
});
