/**
 * The 图层 panel: the base map choice (仅本系统数据 by default; 天地图 and a
 * local MBTiles file when the server's settings offer them) and the
 * GeoServer WMS layers of the catalog, all off until chosen. Hidden when the
 * server offers neither.
 * @module layerPanel
 */

import {basemapChoices} from './basemap.js';
import {el} from './dom.js';
import {retrying} from './retry.js';
import {createWmsLayer, wmsEntries} from './wms.js';

/**
 * The test and debugging hook at `window.__yiwang.layerPanel`.
 * @typedef {Object} LayerPanel
 * @property {Promise<void>} ready Resolves once the settings and the catalog are read and the panel is built.
 * @property {function(): Array<string>} basemaps Ids of the base map choices.
 * @property {function(): string} basemap The chosen base map.
 * @property {function(string): void} setBasemap Chooses a base map, like the radio buttons.
 * @property {function(): Array<import('./wms.js').WmsEntry>} wms The WMS layers offered.
 * @property {function(string, boolean): void} setWmsVisible Turns a WMS layer (by catalog id) on or off.
 * @property {function(string): (import('ol/layer/Tile.js').default<any>|null)} layer The OpenLayers layer of a base map layer (`local`, `tianditu`) or WMS id.
 */

/**
 * @param {HTMLElement} container Panel element.
 * @param {{map: import('ol/Map.js').default, api: import('./api.js').Api, banner: import('./banner.js').ErrorBanner}} options Options.
 * @return {LayerPanel} The panel.
 */
export function createLayerPanel(container, {map, api, banner}) {
  container.classList.add('layers');
  container.hidden = true;
  /** @type {Array<import('./basemap.js').BasemapChoice>} */
  let choices = [];
  let chosen = 'none';
  /** @type {Map<string, {entry: import('./wms.js').WmsEntry, layer: import('ol/layer/Tile.js').default<any>, input: HTMLInputElement}>} */
  const wms = new Map();
  /** @type {Map<string, HTMLInputElement>} */
  const radios = new Map();

  /** @param {string} url Same-origin URL. @return {Promise<Blob>} Its body. */
  const fetchBlob = (url) => api.send(url, {responseType: 'blob'}).then((r) => /** @type {Blob} */ (r.body));

  /** @param {string} id Choice id. */
  function setBasemap(id) {
    if (!choices.some((c) => c.id === id)) {
      throw new Error(`Unknown base map: ${id}`);
    }
    chosen = id;
    for (const choice of choices) {
      for (const layer of choice.layers) {
        layer.setVisible(choice.id === id);
      }
    }
    const radio = radios.get(id);
    if (radio) {
      radio.checked = true;
    }
  }

  /**
   * @param {string} id Catalog id.
   * @param {boolean} visible On.
   */
  function setWmsVisible(id, visible) {
    const item = wms.get(id);
    if (!item) {
      throw new Error(`No WMS layer ${id}`);
    }
    item.layer.setVisible(visible);
    item.input.checked = visible;
  }

  /**
   * @param {any} settings `GET /api/basemap`.
   * @param {any} catalog `GET /api/layers`.
   */
  function build(settings, catalog) {
    choices = basemapChoices(settings, fetchBlob);
    const entries = wmsEntries(catalog);
    // Base maps at the bottom, WMS layers above them, our vector layers on top.
    let index = 0;
    for (const choice of choices) {
      for (const layer of choice.layers) {
        map.getLayers().insertAt(index++, layer);
      }
    }
    /** @type {Array<HTMLElement>} */
    const sections = [];
    if (choices.length > 1) {
      sections.push(
        el('fieldset', {class: 'layers__group'}, [
          el('legend', {}, ['底图']),
          ...choices.map((choice) => {
            const input = /** @type {HTMLInputElement} */ (el('input', {type: 'radio', name: 'basemap', value: choice.id}));
            input.checked = choice.id === chosen;
            input.addEventListener('change', () => input.checked && setBasemap(choice.id));
            radios.set(choice.id, input);
            return el('label', {'data-basemap': choice.id}, [input, ` ${choice.title}`]);
          }),
        ]),
      );
    }
    if (entries.length) {
      sections.push(
        el('fieldset', {class: 'layers__group'}, [
          el('legend', {}, ['GeoServer 图层']),
          ...entries.map((entry) => {
            const layer = createWmsLayer(entry);
            map.getLayers().insertAt(index++, layer);
            const input = /** @type {HTMLInputElement} */ (el('input', {type: 'checkbox', value: entry.id}));
            input.addEventListener('change', () => layer.setVisible(input.checked));
            wms.set(entry.id, {entry, layer, input});
            return el('label', {'data-wms': entry.id}, [input, ` ${entry.title}`]);
          }),
        ]),
      );
    }
    if (sections.length) {
      container.replaceChildren(el('h2', {class: 'layers__title'}, ['图层']), ...sections);
      container.hidden = false;
    }
  }

  const ready = retrying(() => Promise.all([api.getJson('/api/basemap'), api.getJson('/api/layers')]), {
    onError: (error, failure) => {
      const detail = error instanceof Error ? error.message : String(error);
      banner.show('layer-panel', `加载「图层设置」失败：${detail}`, failure.retryNow);
    },
    onSuccess: () => banner.clear('layer-panel'),
  }).then(([settings, catalog]) => build(settings, catalog));

  return Object.freeze({
    ready,
    basemaps: () => choices.map((c) => c.id),
    basemap: () => chosen,
    setBasemap,
    wms: () => [...wms.values()].map((w) => w.entry),
    setWmsVisible,
    layer: (id) => {
      const choice = choices.find((c) => c.id === id);
      if (choice) {
        return choice.layers[0] ?? null;
      }
      return wms.get(id)?.layer ?? null;
    },
  });
}
