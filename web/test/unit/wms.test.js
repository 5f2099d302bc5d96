import {describe, expect, it} from 'vitest';
import {createWmsLayer, wmsEntries} from '../../src/wms.js';

const catalog = {
  layers: [
    {id: 'grids-l1', title: {zh: '街道（镇）', en: 'Street offices'}, sources2d: {wms: {url: 'http://gis.example:8080/geoserver/yiwang/wms', layers: 'yiwang:grids_l1'}}},
    {id: 'grids-l2', title: {zh: '社区（村）'}, sources2d: {wms: null}},
    {id: 'evil', title: {zh: 'x'}, sources2d: {wms: {url: 'javascript:alert(1)', layers: 'x'}}},
  ],
};

describe('wms', () => {
  describe('wmsEntries', () => {
    it('lists the layers with a WMS source, titled in Chinese', () => {
      expect(wmsEntries(catalog)).toEqual([
        {id: 'grids-l1', title: '街道（镇）（GeoServer）', url: 'http://gis.example:8080/geoserver/yiwang/wms', layers: 'yiwang:grids_l1'},
      ]);
    });

    it('lists nothing without a GeoServer', () => {
      expect(wmsEntries({layers: [{id: 'a', sources2d: {wms: null}}]})).toEqual([]);
      expect(wmsEntries(null)).toEqual([]);
    });
  });

  describe('createWmsLayer', () => {
    it('asks GeoServer for PNG tiles of the layer and starts hidden', () => {
      const layer = createWmsLayer(wmsEntries(catalog)[0]);
      expect(layer.getVisible()).toBe(false);
      const source = /** @type {any} */ (layer.getSource());
      expect(source.getParams()).toMatchObject({LAYERS: 'yiwang:grids_l1', FORMAT: 'image/png', TRANSPARENT: true});
      expect(source.getUrls()).toEqual(['http://gis.example:8080/geoserver/yiwang/wms']);
    });
  });
});
