/**
 * Entry point of the map console: wires the API client, grid layers, map,
 * click selection, legend, status line, error banner and the test hook.
 * @module main
 */

import 'ol/ol.css';
import './style.css';
import Feature from 'ol/Feature.js';
import Map from 'ol/Map.js';
import View from 'ol/View.js';
import {defaults as defaultControls} from 'ol/control/defaults.js';
import ScaleLine from 'ol/control/ScaleLine.js';
import {isEmpty} from 'ol/extent.js';
import {fromLonLat} from 'ol/proj.js';
import {createApi} from './api.js';
import {createErrorBanner} from './banner.js';
import {createInfoPanel} from './info.js';
import {createGridLayers} from './layers.js';
import {createStatusLine, renderLegend} from './legend.js';
import {INITIAL_LEVELS, isLevelKey, levelName, pickFinest} from './levels.js';
import {createLoginDialog} from './login.js';

/**
 * @typedef {import('./levels.js').LevelKey} LevelKey
 */

/** Approximate centre of 二七区, used until the district boundary has loaded. */
const INITIAL_CENTER = [113.62, 34.7];

/**
 * @param {string} id Element id.
 * @return {HTMLElement} The element.
 */
function byId(id) {
  const element = document.getElementById(id);
  if (!element) {
    throw new Error(`Missing element #${id}`);
  }
  return element;
}

const api = createApi({requestCredentials: createLoginDialog()});
const banner = createErrorBanner(byId('banner'));
const status = createStatusLine(byId('status'));

/** @type {Record<string, number>} Requests in flight per level. */
const pending = {};

const grid = createGridLayers(api, {
  loading(key) {
    pending[key] = (pending[key] || 0) + 1;
    status.set(key, 'loading');
  },
  loaded(key, count) {
    pending[key] = Math.max(0, (pending[key] || 0) - 1);
    status.set(key, pending[key] ? 'loading' : 'loaded', count);
    banner.clear(key);
  },
  failed(key, error, info) {
    const detail = error instanceof Error ? error.message : String(error);
    const when = Number.isFinite(info.delay)
      ? `，${Math.max(1, Math.round(info.delay / 1000))} 秒后自动重试`
      : '';
    banner.show(key, `加载「${levelName(key)}」失败：${detail}${when}`, info.retryNow);
    status.set(key, 'error');
  },
  recovered(key) {
    banner.clear(key);
  },
});

const view = new View({
  center: fromLonLat(INITIAL_CENTER),
  zoom: 12,
  minZoom: 8,
  maxZoom: 20,
});

const map = new Map({
  target: byId('map'),
  layers: [...grid.ordered, grid.highlight],
  view,
  controls: defaultControls({
    attribution: false,
    zoomOptions: {zoomInTipLabel: '放大', zoomOutTipLabel: '缩小'},
    rotateOptions: {tipLabel: '恢复正北'},
  }).extend([new ScaleLine()]),
});

/** Fits the view to the district (or, failing that, the streets). */
function fitDistrict() {
  for (const key of /** @type {Array<LevelKey>} */ (['district', 'l1'])) {
    const extent = grid.layers[key].getSource()?.getExtent();
    if (extent && !isEmpty(extent)) {
      view.fit(extent, {padding: [56, 24, 48, 24]});
      return;
    }
  }
}

renderLegend(byId('legend'), {onHome: fitDistrict});
const fitted = grid.firstLoads.district.then(fitDistrict);

view.on('change:resolution', () => status.setZoom(view.getZoom() ?? 0));
status.setZoom(view.getZoom() ?? 0);

const highlightSource = /** @type {import('ol/source/Vector.js').default} */ (
  grid.highlight.getSource()
);
const info = createInfoPanel(byId('info'), {onClose: () => highlightSource.clear()});

map.on('singleclick', (event) => {
  const zoom = view.getZoom() ?? 0;
  /** @type {Array<{level: LevelKey, item: import('ol/Feature.js').FeatureLike}>} */
  const hits = [];
  map.forEachFeatureAtPixel(
    event.pixel,
    (feature, layer) => {
      const level = layer?.get('level');
      if (isLevelKey(level)) {
        hits.push({level, item: feature});
      }
    },
    {layerFilter: (layer) => layer !== grid.highlight},
  );
  const feature = pickFinest(hits, zoom);
  highlightSource.clear();
  if (!feature) {
    info.hide();
    return;
  }
  const geometry = feature.getGeometry();
  if (geometry) {
    highlightSource.addFeature(
      new Feature(/** @type {import('ol/geom/Geometry.js').default} */ (geometry)),
    );
  }
  const properties = feature.getProperties();
  const code = String(properties.code ?? feature.getId() ?? '');
  info.show(properties, code ? api.getAncestors(code) : Promise.resolve([]));
});

/**
 * Resolves once the initial levels are loaded and the fitted map has rendered.
 * @type {Promise<void>}
 */
const ready = Promise.all(INITIAL_LEVELS.map((key) => grid.firstLoads[key]))
  .then(() => fitted)
  .then(
    () =>
      new Promise((resolve) => {
        map.once('rendercomplete', () => resolve(undefined));
        map.render();
      }),
  );

ready.then(() => document.body.setAttribute('data-ready', 'true'));

// Read-only hook for browser tests and debugging.
Object.defineProperty(window, '__yiwang', {
  value: Object.freeze({map, layers: Object.freeze({...grid.layers}), ready}),
  writable: false,
  configurable: false,
  enumerable: false,
});
