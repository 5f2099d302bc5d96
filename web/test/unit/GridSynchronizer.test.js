import {LabelCollection, Primitive} from 'cesium';
import Feature from 'ol/Feature.js';
import Polygon from 'ol/geom/Polygon.js';
import {fromLonLat} from 'ol/proj.js';
import {describe, expect, it} from 'vitest';
import {distanceForZoom, levelPrimitives} from '../../src/GridSynchronizer.js';

/**
 * A square grid in EPSG:3857, without a name: labels measure their font in a
 * DOM, which these Node tests do not have (the browser test shows them).
 * @param {number} x Min longitude.
 * @return {Feature} The grid.
 */
function grid(x) {
  const ring = [[x, 34.7], [x + 0.01, 34.7], [x + 0.01, 34.71], [x, 34.71], [x, 34.7]].map((c) => fromLonLat(c));
  return new Feature({geometry: new Polygon([ring])});
}

describe('GridSynchronizer', () => {
  describe('distanceForZoom', () => {
    it('halves the camera distance per zoom level', () => {
      expect(distanceForZoom(14) / distanceForZoom(15)).toBeCloseTo(2, 10);
    });

    it('sees a few kilometres at street-office zoom 15', () => {
      expect(distanceForZoom(15)).toBeGreaterThan(2000);
      expect(distanceForZoom(15)).toBeLessThan(4000);
    });

    it('maps unbounded zooms to zero and infinite distances', () => {
      expect(distanceForZoom(Infinity)).toBe(0);
      expect(distanceForZoom(-Infinity)).toBe(Infinity);
    });
  });

  describe('levelPrimitives', () => {
    it('batches all boundaries of a level in one primitive, one instance per ring', () => {
      const primitives = levelPrimitives('l2', [grid(113.6), grid(113.62), grid(113.64)], 'EPSG:3857', '#e8e5de');
      expect(primitives).toHaveLength(1);
      expect(primitives[0]).toBeInstanceOf(Primitive);
      expect(/** @type {any} */ (primitives[0]).geometryInstances).toHaveLength(3);
    });

    it('fills only the district, whose fill is visible, under its boundary', () => {
      const primitives = levelPrimitives('district', [grid(113.6)], 'EPSG:3857', '#e8e5de');
      expect(primitives).toHaveLength(2);
      const [fill, boundary] = /** @type {Array<any>} */ (primitives);
      expect(fill.geometryInstances[0].geometry.constructor.name).toBe('PolygonGeometry');
      expect(boundary.geometryInstances[0].geometry.constructor.name).toBe('PolylineGeometry');
      expect(levelPrimitives('l1', [grid(113.6)], 'EPSG:3857', '#e8e5de')).toHaveLength(1);
    });

    it('does not make labels for grids without a name', () => {
      expect(levelPrimitives('l1', [grid(113.6)], 'EPSG:3857', '#e8e5de').some((p) => p instanceof LabelCollection)).toBe(false);
    });

    it('makes nothing without features', () => {
      expect(levelPrimitives('l1', [], 'EPSG:3857', '#e8e5de')).toEqual([]);
    });
  });
});
