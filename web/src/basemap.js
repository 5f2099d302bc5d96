/**
 * Base maps under the grids, from the server's settings (`GET /api/basemap`):
 * none by default (the console draws the project's own data and works
 * offline), Tianditu (天地图) when the operator configured a `tk` key, and a
 * local MBTiles file served by our server. Tianditu is CGCS2000, which equals
 * WGS84 at map scale, so its Web Mercator tiles line up with our EPSG:4326
 * data without any shift (unlike GCJ-02 maps).
 * @module basemap
 */

import TileLayer from 'ol/layer/Tile.js';
import {transformExtent} from 'ol/proj.js';
import XYZ from 'ol/source/XYZ.js';

/**
 * @typedef {Object} TiandituSettings
 * @property {string} key The operator's `tk` key.
 * @property {string} matrixSet Tile matrix set (`w`: Web Mercator).
 * @property {Array<string>} layers Layers, bottom first (`vec`, `cva`).
 */

/**
 * @typedef {Object} LocalSettings
 * @property {string} kind `mbtiles`.
 * @property {string} name Name from the file's metadata.
 * @property {string} format `png`, `jpg` or `webp`.
 * @property {string} tiles Tile URL template on our server.
 * @property {number} minZoom Lowest zoom in the file.
 * @property {number} maxZoom Highest zoom in the file.
 * @property {Array<number>|null} bounds `[west, south, east, north]` in degrees.
 * @property {string|null} [attribution] Attribution.
 */

/**
 * @typedef {Object} BasemapSettings
 * @property {TiandituSettings|null} tianditu Tianditu, when a key is configured.
 * @property {LocalSettings|null} local The local file, when configured.
 */

/**
 * @typedef {Object} BasemapChoice
 * @property {string} id `none`, `tianditu` or `local`.
 * @property {string} title Chinese title.
 * @property {Array<TileLayer<any>>} layers Layers, bottom first (none for `none`).
 */

/** Chinese titles of Tianditu's layers. */
const TIANDITU_TITLES = Object.freeze(/** @type {Record<string, string>} */ ({vec: '天地图矢量', cva: '天地图矢量注记', img: '天地图影像', cia: '天地图影像注记'}));

/** Raster formats the console can draw. */
const RASTER_FORMATS = Object.freeze(['png', 'jpg', 'jpeg', 'webp']);

/**
 * WMTS GetTile URL template of one Tianditu layer, in the XYZ placeholders
 * OpenLayers fills (`{0-7}` spreads the requests over Tianditu's eight hosts).
 * In the `w` matrix set TILEMATRIX, TILEROW and TILECOL are z, y and x.
 * @param {string} layer Layer, e.g. `vec` or `cva`.
 * @param {string} key The `tk` key.
 * @param {string} [matrixSet] Tile matrix set (default `w`).
 * @return {string} URL template.
 */
export function tiandituUrl(layer, key, matrixSet = 'w') {
  if (!/^[a-z]{3}$/.test(layer)) {
    throw new Error(`Invalid Tianditu layer: ${layer}`);
  }
  if (!key) {
    throw new Error('A Tianditu key is required');
  }
  const params = new URLSearchParams({
    SERVICE: 'WMTS',
    REQUEST: 'GetTile',
    VERSION: '1.0.0',
    LAYER: layer,
    STYLE: 'default',
    TILEMATRIXSET: matrixSet,
    FORMAT: 'tiles',
    tk: key,
  });
  // The placeholders must stay unescaped for OpenLayers.
  return `https://t{0-7}.tianditu.gov.cn/${layer}_${matrixSet}/wmts?${params.toString()}&TILEMATRIX={z}&TILEROW={y}&TILECOL={x}`;
}

/**
 * @param {function(string): Promise<Blob>} fetchBlob Fetches a same-origin URL with the session's token.
 * @return {import('ol/Tile.js').LoadFunction} Loads a tile through `fetchBlob`, so tiles need no cookie or public access.
 */
export function blobTileLoader(fetchBlob) {
  return (tile, src) => {
    const imageTile = /** @type {import('ol/ImageTile.js').default} */ (tile);
    const image = /** @type {HTMLImageElement} */ (imageTile.getImage());
    fetchBlob(src).then(
      (blob) => {
        const url = URL.createObjectURL(blob);
        image.addEventListener('load', () => URL.revokeObjectURL(url), {once: true});
        image.addEventListener('error', () => URL.revokeObjectURL(url), {once: true});
        image.src = url;
      },
      () => imageTile.setState(3),
    );
  };
}

/**
 * The base map choices the settings allow, `none` (our own data only) first.
 * Tianditu is offered only with a key: without one no layer, and so no
 * request, ever names Tianditu.
 * @param {BasemapSettings|null} settings Server settings.
 * @param {function(string): Promise<Blob>} fetchBlob Same-origin fetch with the session's token (local tiles).
 * @return {Array<BasemapChoice>} Choices; all layers start hidden.
 */
export function basemapChoices(settings, fetchBlob) {
  /** @type {Array<BasemapChoice>} */
  const choices = [{id: 'none', title: '仅本系统数据', layers: []}];
  const tianditu = settings?.tianditu;
  if (tianditu && typeof tianditu.key === 'string' && tianditu.key) {
    const layers = (tianditu.layers?.length ? tianditu.layers : ['vec', 'cva']).map(
      (layer) =>
        new TileLayer({
          visible: false,
          source: new XYZ({url: tiandituUrl(layer, tianditu.key, tianditu.matrixSet || 'w'), maxZoom: 18, attributions: '天地图'}),
          properties: {title: TIANDITU_TITLES[layer] ?? layer, basemap: 'tianditu'},
        }),
    );
    choices.push({id: 'tianditu', title: '天地图', layers});
  }
  const local = settings?.local;
  if (local && typeof local.tiles === 'string' && RASTER_FORMATS.includes(local.format)) {
    const extent = Array.isArray(local.bounds) && local.bounds.length === 4
      ? transformExtent(local.bounds, 'EPSG:4326', 'EPSG:3857')
      : undefined;
    const layer = new TileLayer({
      visible: false,
      extent,
      source: new XYZ({
        url: local.tiles,
        minZoom: local.minZoom,
        maxZoom: local.maxZoom,
        tileLoadFunction: blobTileLoader(fetchBlob),
        attributions: local.attribution || undefined,
      }),
      properties: {title: local.name, basemap: 'local'},
    });
    choices.push({id: 'local', title: `本地底图：${local.name}`, layers: [layer]});
  }
  return choices;
}
