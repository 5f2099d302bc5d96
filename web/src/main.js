/**
 * Entry point of the map console: wires the API client, grid layers, map,
 * click selection, legend, status line, error banner, the 2D/3D switch and
 * the test hook.
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
import {fromLonLat, transformExtent} from 'ol/proj.js';
import {createApi} from './api.js';
import {createErrorBanner} from './banner.js';
import {createCasesLayer, isCluster, renderCasesSwitch} from './cases.js';
import {createInfoPanel} from './info.js';
import {createLayerPanel} from './layerPanel.js';
import {createGridLayers} from './layers.js';
import {createStatusLine, renderLegend} from './legend.js';
import {INITIAL_LEVELS, LEVELS_3D, isLevelKey, levelName, pickFinest, pickFinest3d} from './levels.js';
import {createLoginDialog} from './login.js';
import {createPlaybackPanel} from './patrol/PlaybackPanel.js';
import {createView3dSwitch} from './view3d.js';

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

const cases = createCasesLayer(api, {
  loaded: () => banner.clear('cases'),
  failed: (error) =>
    banner.show('cases', `加载「事件」失败：${error instanceof Error ? error.message : String(error)}`, () =>
      cases.getSource()?.refresh(),
    ),
});

const view = new View({
  center: fromLonLat(INITIAL_CENTER),
  zoom: 12,
  minZoom: 8,
  maxZoom: 20,
});

const map = new Map({
  target: byId('map'),
  layers: [...grid.ordered, cases, grid.highlight],
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
const layerPanel = createLayerPanel(byId('layers'), {map, api, banner});
const patrol = createPlaybackPanel(byId('patrol'), {map, api, banner});

/**
 * Switches the cases layer: on needs a login (the API client opens the login
 * dialog when the token is missing); cancelling it leaves the layer off.
 * @param {boolean} on Whether to show the layer.
 * @return {Promise<void>} Settles when the layer is shown or stays off.
 */
async function showCases(on) {
  if (!on) {
    cases.setVisible(false);
    return;
  }
  try {
    await api.getJson('/api/me');
    cases.setVisible(true);
  } catch (error) {
    casesSwitch.setChecked(false);
    banner.show('cases', `无法显示「事件」：${error instanceof Error ? error.message : String(error)}`, () => {
      casesSwitch.setChecked(true);
      showCases(true);
    });
  }
}
const casesSwitch = renderCasesSwitch(byId('legend'), {onChange: showCases});
const fitted = grid.firstLoads.district.then(fitDistrict);

view.on('change:resolution', () => status.setZoom(view.getZoom() ?? 0));
status.setZoom(view.getZoom() ?? 0);

const highlightSource = /** @type {import('ol/source/Vector.js').default} */ (
  grid.highlight.getSource()
);
const info = createInfoPanel(byId('info'), {
  onClose: () => {
    highlightSource.clear();
    three.clearSelection();
  },
});

/**
 * Shows a grid in the info panel and outlines it on the map.
 * @param {import('ol/Feature.js').FeatureLike} feature Grid feature.
 */
function selectGrid(feature) {
  highlightSource.clear();
  const geometry = feature.getGeometry();
  if (geometry) {
    highlightSource.addFeature(
      new Feature(/** @type {import('ol/geom/Geometry.js').default} */ (geometry)),
    );
  }
  const properties = feature.getProperties();
  const code = String(properties.code ?? feature.getId() ?? '');
  info.show(properties, code ? api.getAncestors(code) : Promise.resolve([]));
}

/**
 * Shows the chosen grid, or clears the selection.
 * @param {import('ol/Feature.js').FeatureLike|null} feature Grid.
 */
function selectOrClear(feature) {
  if (!feature) {
    highlightSource.clear();
    info.hide();
    return;
  }
  selectGrid(feature);
}

/**
 * A click on a case shows it; on a cluster zooms in on it. Uses the layer's
 * hit-detection image (`getFeatures`), which finds the tiles' points.
 * @param {Array<number>} pixel Clicked pixel.
 * @return {Promise<boolean>} Whether a case or cluster was hit.
 */
async function selectCaseAt(pixel) {
  if (!cases.getVisible()) {
    return false;
  }
  const [hit] = await cases.getFeatures(pixel);
  if (!hit) {
    return false;
  }
  const properties = hit.getProperties();
  if (isCluster(properties)) {
    view.animate({center: map.getCoordinateFromPixel(pixel), zoom: (view.getZoom() ?? 12) + 2, duration: 250});
    return true;
  }
  highlightSource.clear();
  info.showCaseView(api.getJson(`/api/cases/${encodeURIComponent(String(properties.id))}`));
  return true;
}

/**
 * Selects the finest grid drawn at a pixel, or clears the selection.
 * @param {Array<number>} pixel Clicked pixel.
 */
function selectGridAtPixel(pixel) {
  /** @type {Array<{level: LevelKey, item: import('ol/Feature.js').FeatureLike}>} */
  const hits = [];
  map.forEachFeatureAtPixel(
    pixel,
    (feature, layer) => {
      const level = layer?.get('level');
      if (isLevelKey(level)) {
        hits.push({level, item: feature});
      }
    },
    {layerFilter: (layer) => layer !== grid.highlight && layer !== cases},
  );
  selectOrClear(pickFinest(hits, view.getZoom() ?? 0));
}

map.on('singleclick', (event) => {
  selectCaseAt(event.pixel).then(
    (hit) => hit || selectGridAtPixel(event.pixel),
    () => selectGridAtPixel(event.pixel),
  );
});

/**
 * Selects the finest grid drawn in 3D at a point, from the 2D sources (the
 * 3D view draws outlines only, so its ground clicks come here).
 * @param {number} lon Longitude.
 * @param {number} lat Latitude.
 */
function selectGridAt(lon, lat) {
  const coordinate = fromLonLat([lon, lat], view.getProjection());
  /** @type {Array<{level: LevelKey, item: import('ol/Feature.js').FeatureLike}>} */
  const hits = [];
  for (const level of LEVELS_3D) {
    for (const item of grid.layers[level].getSource()?.getFeaturesAtCoordinate(coordinate) ?? []) {
      hits.push({level, item});
    }
  }
  selectOrClear(pickFinest3d(hits));
}

/**
 * @return {import('ol/extent.js').Extent|null} The district's extent in EPSG:4326, once loaded.
 */
function districtLonLatExtent() {
  for (const key of /** @type {Array<LevelKey>} */ (['district', 'l1'])) {
    const extent = grid.layers[key].getSource()?.getExtent();
    if (extent && !isEmpty(extent)) {
      return transformExtent(extent, view.getProjection(), 'EPSG:4326');
    }
  }
  return null;
}

const three = createView3dSwitch(byId('view3d'), {
  map,
  api,
  banner,
  info,
  limitExtent: districtLonLatExtent,
  onGroundClick: selectGridAt,
  onChange: () => highlightSource.clear(),
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
  value: Object.freeze({map, layers: Object.freeze({...grid.layers}), cases, showCases, ready, three, layerPanel, patrol}),
  writable: false,
  configurable: false,
  enumerable: false,
});
