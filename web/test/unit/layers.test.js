import {describe, expect, it, vi} from 'vitest';
import {get as getProjection, transformExtent} from 'ol/proj.js';
import {ApiError} from '../../src/api.js';
import {DRAW_ORDER, createGridLayers, toLonLatBbox} from '../../src/layers.js';

/**
 * @param {number} x Min longitude.
 * @param {number} y Min latitude.
 * @param {number} [d] Side length in degrees.
 */
const square = (x, y, d = 0.01) => ({
  type: 'Polygon',
  coordinates: [[[x, y], [x + d, y], [x + d, y + d], [x, y + d], [x, y]]],
});

/**
 * @param {string} level Level.
 * @param {Array<string>} codes Codes.
 */
function features(level, codes) {
  return codes.map((code, i) => ({
    type: 'Feature',
    id: code,
    geometry: square(113.6 + i * 0.01, 34.7),
    properties: {code, name: `网格${code}`, level, parentCode: null, areaSqm: 1e6, generated: true, kind: null},
  }));
}

const EPSG3857 = getProjection('EPSG:3857');
const VIEW_EXTENT = transformExtent([113.6, 34.7, 113.65, 34.73], 'EPSG:4326', 'EPSG:3857');

/**
 * @param {import('../../src/layers.js').GridLayer} layer Layer.
 */
function load(layer) {
  const source = /** @type {import('ol/source/Vector.js').default} */ (layer.getSource());
  source.loadFeatures(VIEW_EXTENT, 10, /** @type {import('ol/proj/Projection.js').default} */ (EPSG3857));
  return source;
}

describe('layers', () => {
  describe('toLonLatBbox', () => {
    it('converts a Web Mercator extent to lon/lat', () => {
      const bbox = toLonLatBbox(VIEW_EXTENT, 'EPSG:3857');
      expect(bbox.map((v) => Number(v.toFixed(6)))).toEqual([113.6, 34.7, 113.65, 34.73]);
    });

    it('clamps to the valid lon/lat range', () => {
      const bbox = toLonLatBbox([-3e7, -3e7, 3e7, 3e7], 'EPSG:3857');
      expect(bbox[0]).toBe(-180);
      expect(bbox[2]).toBe(180);
      expect(bbox[1]).toBeGreaterThanOrEqual(-90);
      expect(bbox[3]).toBeLessThanOrEqual(90);
    });
  });

  describe('createGridLayers', () => {
    it('creates one layer per level, tagged with its level, in draw order', () => {
      const api = /** @type {any} */ ({fetchAllGrids: vi.fn()});
      const grid = createGridLayers(api);
      expect(Object.keys(grid.layers).sort()).toEqual(['district', 'l1', 'l2', 'l3', 'micro', 'special']);
      expect(grid.ordered.map((layer) => layer.get('level'))).toEqual([...DRAW_ORDER]);
      expect(grid.layers.l3.getMinZoom()).toBe(13);
      expect(grid.layers.micro.getMinZoom()).toBe(15);
      expect(grid.layers.l1.getMinZoom()).toBe(-Infinity);
    });

    it('loads a whole level without bbox and resolves its first load', async () => {
      const fetchAllGrids = vi.fn(async () => ({features: features('l1', ['a', 'b']), numberMatched: 2}));
      const loaded = vi.fn();
      const grid = createGridLayers(/** @type {any} */ ({fetchAllGrids}), {loaded});

      const source = load(grid.layers.l1);
      await grid.firstLoads.l1;

      expect(fetchAllGrids).toHaveBeenCalledWith({level: 'l1', limit: 100});
      expect(source.getFeatures().map((f) => f.getId()).sort()).toEqual(['a', 'b']);
      expect(source.getFeatureById('a')?.get('name')).toBe('网格a');
      expect(loaded).toHaveBeenCalledWith('l1', 2);
    });

    it('requests micro grids with the view bbox in EPSG:4326', async () => {
      const fetchAllGrids = vi.fn(async () => ({features: features('micro', ['m1']), numberMatched: 1}));
      const grid = createGridLayers(/** @type {any} */ ({fetchAllGrids}));

      load(grid.layers.micro);
      await grid.firstLoads.micro;

      const [[query]] = /** @type {any} */ (fetchAllGrids.mock.calls);
      expect(query.level).toBe('micro');
      expect(query.limit).toBe(1000);
      expect(query.bbox.map((/** @type {number} */ v) => Number(v.toFixed(6)))).toEqual([113.6, 34.7, 113.65, 34.73]);
    });

    it('uses the code as id when a feature has none', async () => {
      const withoutId = features('l2', ['c1']).map(({id: _id, ...rest}) => rest);
      const grid = createGridLayers(/** @type {any} */ ({fetchAllGrids: async () => ({features: withoutId, numberMatched: 1})}));
      const source = load(grid.layers.l2);
      await grid.firstLoads.l2;
      expect(source.getFeatureById('c1')).toBeTruthy();
    });

    it('reports a failure and loads on retry', async () => {
      const fetchAllGrids = vi
        .fn()
        .mockRejectedValueOnce(new ApiError({status: 400, detail: 'level 参数无效'}))
        .mockResolvedValue({features: features('district', ['410103']), numberMatched: 1});
      const failed = vi.fn();
      const recovered = vi.fn();
      const grid = createGridLayers(/** @type {any} */ ({fetchAllGrids}), {failed, recovered});

      const source = load(grid.layers.district);
      await vi.waitFor(() => expect(failed).toHaveBeenCalled());
      const [[key, error, info]] = failed.mock.calls;
      expect(key).toBe('district');
      expect(error.message).toBe('level 参数无效');
      expect(source.getFeatures()).toHaveLength(0);

      info.retryNow();
      await grid.firstLoads.district;
      expect(source.getFeatures()).toHaveLength(1);
      expect(recovered).toHaveBeenCalledWith('district');
    });
  });
});
