import {Cartographic, Event, Math as CesiumMath, Primitive} from 'cesium';
import {describe, expect, it} from 'vitest';
import BuildingLayer, {polygonHierarchies} from '../../src/BuildingLayer.js';

/**
 * @param {number} x Min longitude.
 * @param {number} y Min latitude.
 * @param {number} [d] Side in degrees.
 * @return {Array<Array<number>>} A closed square ring.
 */
const square = (x, y, d = 0.001) => [[x, y], [x + d, y], [x + d, y + d], [x, y + d], [x, y]];

/**
 * @param {import('cesium').Cartesian3} position Position.
 * @return {Array<number>} Longitude and latitude in degrees, rounded to 1e-9.
 */
function lonLat(position) {
  const c = Cartographic.fromCartesian(position);
  return [CesiumMath.toDegrees(c.longitude), CesiumMath.toDegrees(c.latitude)].map((v) => Math.round(v * 1e9) / 1e9);
}

/** A scene stand-in: a primitive list, a postRender event and render requests. */
function fakeScene() {
  /** @type {Array<any>} */
  const added = [];
  const postRender = new Event();
  return {
    added,
    postRender,
    primitives: {
      add: (/** @type {any} */ p) => (added.push(p), p),
      remove: (/** @type {any} */ p) => added.splice(added.indexOf(p), 1).length > 0,
    },
    requestRender: () => {},
    /** Renders a frame: primitives whose workers finished become ready. */
    frame(ready = true) {
      for (const p of added) {
        if (ready && p instanceof Primitive) {
          // What Primitive.update does once the geometry workers are done.
          /** @type {any} */ (p)._ready = true;
        }
      }
      postRender.raiseEvent();
    },
  };
}

/**
 * @param {string} id Building id.
 * @param {number} x Longitude.
 * @param {string} [use] Use.
 * @return {any} A GeoJSON building.
 */
const building = (id, x, use = 'residential') => ({
  type: 'Feature',
  id,
  geometry: {type: 'Polygon', coordinates: [square(x, 34.7)]},
  properties: {id, name: `${id}号楼`, use, floors: 6, heightM: null},
});

describe('BuildingLayer', () => {
  describe('polygonHierarchies', () => {
    it('drops the closing position of a GeoJSON ring', () => {
      const [hierarchy] = polygonHierarchies({type: 'Polygon', coordinates: [square(113.6, 34.7)]});
      expect(hierarchy.positions.map(lonLat)).toEqual([
        [113.6, 34.7],
        [113.601, 34.7],
        [113.601, 34.701],
        [113.6, 34.701],
      ]);
      expect(hierarchy.holes).toEqual([]);
    });

    it('keeps holes', () => {
      const [hierarchy] = polygonHierarchies({type: 'Polygon', coordinates: [square(113.6, 34.7, 0.01), square(113.602, 34.702)]});
      expect(hierarchy.holes).toHaveLength(1);
      expect(hierarchy.holes[0].positions).toHaveLength(4);
    });

    it('makes one hierarchy per part of a MultiPolygon', () => {
      expect(polygonHierarchies({type: 'MultiPolygon', coordinates: [[square(113.6, 34.7)], [square(113.61, 34.7)]]})).toHaveLength(2);
    });

    it('skips degenerate rings, other geometry types and missing geometries', () => {
      expect(polygonHierarchies({type: 'Polygon', coordinates: [[[113.6, 34.7], [113.61, 34.7], [113.6, 34.7]]]})).toEqual([]);
      expect(polygonHierarchies({type: 'Point', coordinates: [113.6, 34.7]})).toEqual([]);
      expect(polygonHierarchies(null)).toEqual([]);
    });
  });

  describe('setBuildings', () => {
    it('adds one primitive with one instance per building, counted once it is shown', async () => {
      const scene = fakeScene();
      const layer = new BuildingLayer(/** @type {any} */ (scene));
      const shown = layer.setBuildings([building('a', 113.6), building('b', 113.61, 'commercial'), building('c', 113.62)]);
      expect(scene.added).toHaveLength(1);
      expect(layer.getCount()).toBe(0);
      scene.frame();
      scene.frame();
      await expect(shown).resolves.toBe(true);
      expect(layer.getCount()).toBe(3);
      expect(layer.getBuilding('b')).toMatchObject({id: 'b', use: 'commercial', floors: 6});
    });

    it('keeps the previous buildings on screen until the new primitive is ready', async () => {
      const scene = fakeScene();
      const layer = new BuildingLayer(/** @type {any} */ (scene));
      const first = layer.setBuildings([building('a', 113.6)]);
      scene.frame();
      scene.frame();
      await first;
      const old = scene.added[0];
      const second = layer.setBuildings([building('b', 113.61), building('c', 113.62)]);
      scene.frame(false);
      expect(scene.added).toContain(old);
      expect(layer.getCount()).toBe(1);
      scene.frame();
      scene.frame();
      await expect(second).resolves.toBe(true);
      expect(scene.added).not.toContain(old);
      expect(scene.added).toHaveLength(1);
      expect(layer.getCount()).toBe(2);
    });

    it('resolves false for buildings replaced before they were shown', async () => {
      const scene = fakeScene();
      const layer = new BuildingLayer(/** @type {any} */ (scene));
      const first = layer.setBuildings([building('a', 113.6)]);
      const second = layer.setBuildings([building('b', 113.61)]);
      expect(scene.added).toHaveLength(1);
      scene.frame();
      scene.frame();
      await expect(first).resolves.toBe(false);
      await expect(second).resolves.toBe(true);
      expect(layer.getBuilding('a')).toBeUndefined();
      expect(layer.getBuilding('b')).toBeDefined();
    });

    it('empties the scene for an empty batch', async () => {
      const scene = fakeScene();
      const layer = new BuildingLayer(/** @type {any} */ (scene));
      const first = layer.setBuildings([building('a', 113.6)]);
      scene.frame();
      scene.frame();
      await first;
      const empty = layer.setBuildings([]);
      scene.frame();
      scene.frame();
      await expect(empty).resolves.toBe(true);
      expect(scene.added).toEqual([]);
      expect(layer.getCount()).toBe(0);
    });
  });

  describe('fromPick', () => {
    it('returns the properties of a picked building instance and null for anything else', async () => {
      const scene = fakeScene();
      const layer = new BuildingLayer(/** @type {any} */ (scene));
      const shown = layer.setBuildings([building('a', 113.6)]);
      scene.frame();
      scene.frame();
      await shown;
      const primitive = scene.added[0];
      expect(layer.fromPick({primitive, id: 'a'})).toMatchObject({id: 'a', name: 'a号楼'});
      expect(layer.fromPick({primitive: {}, id: 'a'})).toBeNull();
      expect(layer.fromPick(undefined)).toBeNull();
    });
  });
});
