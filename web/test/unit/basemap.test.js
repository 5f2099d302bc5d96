import {describe, expect, it, vi} from 'vitest';
import {transformExtent} from 'ol/proj.js';
import {basemapChoices, tiandituUrl} from '../../src/basemap.js';

const fetchBlob = vi.fn(async () => new Blob());

describe('basemap', () => {
  describe('tiandituUrl', () => {
    it('builds a WMTS GetTile template in the Web Mercator matrix set with the key', () => {
      const url = tiandituUrl('vec', 'abc123');
      expect(url.startsWith('https://t{0-7}.tianditu.gov.cn/vec_w/wmts?')).toBe(true);
      const params = new URL(url.replace('{0-7}', '0')).searchParams;
      expect(params.get('SERVICE')).toBe('WMTS');
      expect(params.get('REQUEST')).toBe('GetTile');
      expect(params.get('LAYER')).toBe('vec');
      expect(params.get('TILEMATRIXSET')).toBe('w');
      expect(params.get('tk')).toBe('abc123');
      expect(url.endsWith('&TILEMATRIX={z}&TILEROW={y}&TILECOL={x}')).toBe(true);
    });

    it('escapes the key', () => {
      expect(tiandituUrl('cva', 'a&b=c')).toContain('tk=a%26b%3Dc');
    });

    it('refuses a missing key or a strange layer', () => {
      expect(() => tiandituUrl('vec', '')).toThrow(/key/);
      expect(() => tiandituUrl('../x', 'k')).toThrow(/layer/);
    });
  });

  describe('basemapChoices', () => {
    it('offers only our own data without settings', () => {
      expect(basemapChoices(null, fetchBlob).map((c) => c.id)).toEqual(['none']);
      expect(basemapChoices({tianditu: null, local: null}, fetchBlob).map((c) => c.id)).toEqual(['none']);
    });

    it('never names Tianditu without a key', () => {
      const choices = basemapChoices({tianditu: {key: '', matrixSet: 'w', layers: ['vec']}, local: null}, fetchBlob);
      expect(choices.map((c) => c.id)).toEqual(['none']);
    });

    it('adds the vector map and its labels with the key, hidden', () => {
      const choices = basemapChoices({tianditu: {key: 'k1', matrixSet: 'w', layers: ['vec', 'cva']}, local: null}, fetchBlob);
      const tianditu = choices.find((c) => c.id === 'tianditu');
      expect(tianditu?.layers.map((l) => l.get('title'))).toEqual(['天地图矢量', '天地图矢量注记']);
      const urls = tianditu?.layers.map((l) => /** @type {any} */ (l.getSource()).getUrls()[0]);
      expect(urls?.[0]).toContain('/vec_w/wmts?');
      expect(urls?.[1]).toContain('/cva_w/wmts?');
      expect(urls?.every((u) => u.includes('tk=k1'))).toBe(true);
      expect(tianditu?.layers.every((l) => !l.getVisible())).toBe(true);
    });

    it('serves a raster MBTiles file from our server within its zooms and bounds', () => {
      const choices = basemapChoices(
        {
          tianditu: null,
          local: {kind: 'mbtiles', name: '测试底图', format: 'png', tiles: '/api/basemap/tiles/{z}/{x}/{y}.png', minZoom: 10, maxZoom: 13, bounds: [113.5, 34.6, 113.7, 34.8]},
        },
        fetchBlob,
      );
      const local = choices.find((c) => c.id === 'local');
      expect(local?.title).toBe('本地底图：测试底图');
      const layer = /** @type {any} */ (local?.layers[0]);
      expect(layer.getSource().getUrls()).toEqual(['/api/basemap/tiles/{z}/{x}/{y}.png']);
      expect(layer.getSource().getTileGrid().getMaxZoom()).toBe(13);
      expect(layer.getSource().getTileGrid().getMinZoom()).toBe(10);
      const expected = transformExtent([113.5, 34.6, 113.7, 34.8], 'EPSG:4326', 'EPSG:3857');
      layer.getExtent().forEach((/** @type {number} */ v, /** @type {number} */ i) => expect(v).toBeCloseTo(expected[i], 3));
    });

    it('leaves out a vector MBTiles file it cannot draw', () => {
      const choices = basemapChoices(
        {tianditu: null, local: {kind: 'mbtiles', name: 'v', format: 'pbf', tiles: '/t/{z}/{x}/{y}', minZoom: 0, maxZoom: 14, bounds: null}},
        fetchBlob,
      );
      expect(choices.map((c) => c.id)).toEqual(['none']);
    });
  });
});
