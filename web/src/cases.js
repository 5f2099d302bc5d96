/**
 * The cases layer (事件) of the 2D console: vector tiles `/tiles/cases/…`,
 * fetched with the user's token (the layer needs a login and shows the
 * cases of the user's grid scope), drawn as dots coloured by status group
 * at high zoom and as counted clusters at low zoom; its switch and legend.
 * Colours match the server's CaseStatusGroup and data/styles/cases-open.sld.
 * @module cases
 */

import MVT from 'ol/format/MVT.js';
import VectorTileLayer from 'ol/layer/VectorTile.js';
import VectorTileSource from 'ol/source/VectorTile.js';
import TileState from 'ol/TileState.js';
import Circle from 'ol/style/Circle.js';
import Fill from 'ol/style/Fill.js';
import Stroke from 'ol/style/Stroke.js';
import Style from 'ol/style/Style.js';
import Text from 'ol/style/Text.js';
import {el} from './dom.js';

/**
 * @typedef {'pending'|'working'|'handled'|'closed'|'void'} StatusGroupKey
 */

/**
 * @typedef {Object} StatusGroup
 * @property {StatusGroupKey} key Key as in tiles (`statusGroup`).
 * @property {string} name Chinese name.
 * @property {string} color Fill colour.
 */

/** Status groups in loop order. */
/** @type {ReadonlyArray<StatusGroup>} */
export const STATUS_GROUPS = Object.freeze([
  {key: 'pending', name: '待受理', color: '#f39c12'},
  {key: 'working', name: '处置中', color: '#2d7dd2'},
  {key: 'handled', name: '待结案', color: '#16a085'},
  {key: 'closed', name: '已结案', color: '#7f8c8d'},
  {key: 'void', name: '已作废', color: '#bdc3c7'},
]);

/** Ring colour of overdue cases and clusters holding overdue cases. */
export const OVERDUE_COLOR = '#d62728';

/** Tile URL template of the layer, relative to the page. */
export const CASES_TILE_PATH = '/tiles/cases/{z}/{x}/{y}.mvt';

/** Chinese names of urgency levels. */
const URGENCY_NAMES = Object.freeze({normal: '一般', urgent: '紧急', critical: '特急'});

/**
 * @param {string|undefined} key Status group key.
 * @return {StatusGroup} The group (unknown keys: 处置中).
 */
export function statusGroup(key) {
  return STATUS_GROUPS.find((g) => g.key === key) ?? STATUS_GROUPS[1];
}

/**
 * @param {string|undefined} urgency `normal`, `urgent` or `critical`.
 * @return {string} Chinese name, or the key itself.
 */
export function urgencyName(urgency) {
  return URGENCY_NAMES[/** @type {keyof typeof URGENCY_NAMES} */ (urgency)] ?? String(urgency ?? '—');
}

/**
 * @param {Record<string, any>} properties Feature properties of the tile.
 * @return {boolean} Whether the feature is a cluster (it has a `count`).
 */
export function isCluster(properties) {
  return typeof properties.count === 'number';
}

/**
 * Radius of a cluster's circle: grows with the logarithm of its count.
 * @param {number} count Cases in the cluster.
 * @return {number} Radius in CSS pixels, 9 to 22.
 */
export function clusterRadius(count) {
  return Math.min(22, 9 + 4 * Math.log10(Math.max(1, count)));
}

/**
 * Text of a cluster's count: `12`, `3.4k`, `12k`.
 * @param {number} count Count.
 * @return {string} Label.
 */
export function countLabel(count) {
  if (count < 1000) {
    return String(count);
  }
  return count < 10000 ? `${(count / 1000).toFixed(1)}k` : `${Math.round(count / 1000)}k`;
}

/**
 * The style function of the layer: clusters as circles with their count,
 * cases as dots (larger when urgent), a red ring when overdue.
 * @return {function(import('ol/Feature.js').FeatureLike): Style} Style function.
 */
export function createCaseStyle() {
  /** @type {Map<string, Style>} */
  const cache = new Map();
  return (feature) => {
    const p = feature.getProperties();
    const group = statusGroup(p.statusGroup);
    const cluster = isCluster(p);
    const overdue = cluster ? p.overdueCount > 0 : p.overdue === true;
    const key = cluster
      ? `c|${group.key}|${overdue}|${p.count}`
      : `p|${group.key}|${overdue}|${p.urgency !== 'normal'}`;
    let style = cache.get(key);
    if (!style) {
      const radius = cluster ? clusterRadius(p.count) : p.urgency && p.urgency !== 'normal' ? 7 : 5;
      style = new Style({
        image: new Circle({
          radius,
          fill: new Fill({color: group.color}),
          stroke: new Stroke({color: overdue ? OVERDUE_COLOR : '#ffffff', width: overdue ? 2.5 : 1.5}),
        }),
        text: cluster
          ? new Text({
              text: countLabel(p.count),
              font: 'bold 11px sans-serif',
              fill: new Fill({color: '#ffffff'}),
            })
          : undefined,
      });
      if (cache.size > 2000) {
        cache.clear();
      }
      cache.set(key, style);
    }
    return style;
  };
}

/**
 * Creates the layer (hidden until switched on). Tiles are fetched through
 * the API client, so they carry the token and a 401 opens the login dialog.
 * @param {import('./api.js').Api} api API client.
 * @param {{failed?: function(unknown): void, loaded?: function(): void}} [reporter] Tile load outcomes.
 * @return {VectorTileLayer} Layer.
 */
export function createCasesLayer(api, reporter = {}) {
  const source = new VectorTileSource({
    format: new MVT(),
    url: CASES_TILE_PATH,
    maxZoom: 18,
    overlaps: false,
    tileLoadFunction: (tile, url) => {
      const vectorTile = /** @type {import('ol/VectorTile.js').default<any>} */ (tile);
      vectorTile.setLoader((extent, _resolution, projection) => {
        api.send(url, {responseType: 'blob'}).then(
          async ({body}) => {
            const data = await /** @type {Blob} */ (body).arrayBuffer();
            const features = data.byteLength
              ? vectorTile.getFormat().readFeatures(data, {extent, featureProjection: projection})
              : [];
            vectorTile.setFeatures(/** @type {any} */ (features));
            reporter.loaded?.();
          },
          (error) => {
            vectorTile.setState(TileState.ERROR);
            reporter.failed?.(error);
          },
        );
      });
    },
  });
  return new VectorTileLayer({
    source,
    style: createCaseStyle(),
    visible: false,
    declutter: false,
    zIndex: 10,
    properties: {title: '事件', cases: true},
  });
}

/**
 * The 事件 switch and its status-group legend, appended to the legend panel.
 * @param {HTMLElement} container Where to append it.
 * @param {{onChange: function(boolean): (void|Promise<void>)}} options Called when switched.
 * @return {{element: HTMLElement, input: HTMLInputElement, setChecked: function(boolean): void}} The switch.
 */
export function renderCasesSwitch(container, options) {
  const input = /** @type {HTMLInputElement} */ (el('input', {type: 'checkbox', name: 'cases', 'data-layer': 'cases'}));
  input.addEventListener('change', () => {
    options.onChange(input.checked);
  });
  const swatches = STATUS_GROUPS.map((g) => {
    const dot = el('span', {class: 'legend__dot', 'aria-hidden': 'true'});
    dot.style.background = g.color;
    return el('li', {'data-status-group': g.key}, [dot, g.name]);
  });
  const ring = el('span', {class: 'legend__dot legend__dot--overdue', 'aria-hidden': 'true'});
  ring.style.borderColor = OVERDUE_COLOR;
  swatches.push(el('li', {'data-status-group': 'overdue'}, [ring, '超期']));
  const element = el('section', {class: 'legend__cases'}, [
    el('label', {class: 'legend__switch'}, [input, '事件（需登录，按网格范围显示；缩小时聚合计数）']),
    el('ul', {class: 'legend__list legend__list--cases'}, swatches),
  ]);
  container.append(element);
  return {
    element,
    input,
    setChecked(checked) {
      input.checked = checked;
    },
  };
}
