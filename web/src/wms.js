/**
 * GeoServer WMS layers from the layer catalog (`GET /api/layers`, whose
 * entries carry `sources2d.wms` when the server knows a GeoServer through
 * `GEOSERVER_URL`): tiled GetMap requests (`TileWMS`, 256 px tiles in the
 * view's EPSG:3857, WMS 1.3.0), hidden until the user turns them on.
 * @module wms
 */

import TileLayer from 'ol/layer/Tile.js';
import TileWMS from 'ol/source/TileWMS.js';

/**
 * @typedef {Object} WmsEntry
 * @property {string} id Layer id in the catalog.
 * @property {string} title Chinese title (GeoServer 图层 …).
 * @property {string} url WMS endpoint.
 * @property {string} layers WMS layer name, e.g. `yiwang:grids_l1`.
 */

/**
 * @param {any} catalog Body of `GET /api/layers`.
 * @return {Array<WmsEntry>} The layers GeoServer serves, in catalog order.
 */
export function wmsEntries(catalog) {
  const layers = Array.isArray(catalog?.layers) ? catalog.layers : [];
  /** @type {Array<WmsEntry>} */
  const out = [];
  for (const layer of layers) {
    const wms = layer?.sources2d?.wms;
    if (!wms || typeof wms.url !== 'string' || typeof wms.layers !== 'string') {
      continue;
    }
    let url;
    try {
      url = new URL(wms.url);
    } catch {
      continue;
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      continue;
    }
    const zh = layer.title?.zh ?? layer.id;
    out.push({id: String(layer.id), title: `${zh}（GeoServer）`, url: url.href, layers: wms.layers});
  }
  return out;
}

/**
 * @param {WmsEntry} entry Catalog entry.
 * @return {TileLayer<TileWMS>} A hidden layer requesting GetMap tiles.
 */
export function createWmsLayer(entry) {
  return new TileLayer({
    visible: false,
    source: new TileWMS({
      url: entry.url,
      params: {LAYERS: entry.layers, STYLES: '', FORMAT: 'image/png', TRANSPARENT: true, TILED: true},
      serverType: 'geoserver',
      transition: 0,
    }),
    properties: {title: entry.title, wms: entry.layers},
  });
}
