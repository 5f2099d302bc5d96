/**
 * Entry of the analyst's page (`/analyst`, 分析研判): draw or pick an area,
 * filter, and see the cases the analytics API returns for the caller, on the
 * map (points, H3 hot spots with Gi* bins, heat, choropleth by grid), as
 * charts, recurring spots, rising categories and the paged case list. The
 * whole query lives in the URL hash, so the address is the saved query. The
 * test hook `window.__yiwangAnalyst.idle()` resolves once the last query has
 * been drawn.
 * @module analyst/main
 */

import 'ol/ol.css';
import './analyst.css';
import Feature from 'ol/Feature.js';
import Map from 'ol/Map.js';
import View from 'ol/View.js';
import GeoJSON from 'ol/format/GeoJSON.js';
import Circle from 'ol/geom/Circle.js';
import LineString from 'ol/geom/LineString.js';
import Point from 'ol/geom/Point.js';
import Polygon from 'ol/geom/Polygon.js';
import Draw from 'ol/interaction/Draw.js';
import HeatmapLayer from 'ol/layer/Heatmap.js';
import VectorLayer from 'ol/layer/Vector.js';
import {fromLonLat, toLonLat} from 'ol/proj.js';
import {getDistance} from 'ol/sphere.js';
import VectorSource from 'ol/source/Vector.js';
import {getCenter} from 'ol/extent.js';
import CircleStyle from 'ol/style/Circle.js';
import Fill from 'ol/style/Fill.js';
import Stroke from 'ol/style/Stroke.js';
import Style from 'ol/style/Style.js';
import Text from 'ol/style/Text.js';
import {createApi} from '../api.js';
import {createSessionTokenStore} from '../auth.js';
import {el} from '../dom.js';
import {createLoginScreen} from '../worker/loginScreen.js';
import {BIN_NAMES, BIN_COLORS, binColor, classColor, quantileBreaks} from './colors.js';
import {toCsv} from './csv.js';
import {CHANNEL_NAMES, LEVEL_NAMES, STATUS_NAMES, URGENCY_NAMES, WEEKDAYS, nameOf} from './labels.js';
import {problemMessages} from './problems.js';
import {PAGE_SIZE, decodeState, emptyState, encodeState, selectionBody} from './queryState.js';

/** How many of the newest cases the map shows as points. */
const MAP_POINTS = 1000;
/** The largest CSV export, in cases (pages of 1,000). */
const MAX_EXPORT = 50000;

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

/**
 * @param {string} id Element id.
 * @return {HTMLInputElement} The input, select or textarea.
 */
function input(id) {
  return /** @type {HTMLInputElement} */ (byId(id));
}

const tokens = createSessionTokenStore();
const api = createApi({tokens, requestCredentials: createLoginScreen(document.body, {title: '分析研判登录', hint: '登录后可查询本辖区的案件并进行分析。'})});
const geojson = new GeoJSON({dataProjection: 'EPSG:4326', featureProjection: 'EPSG:3857'});

// ------------------------------------------------------------------------------------------ map

const outlineSource = new VectorSource();
const areaSource = new VectorSource();
const markerSource = new VectorSource();
const pointSource = new VectorSource();
const hexSource = new VectorSource();
const heatSource = new VectorSource();
const gridSource = new VectorSource();
const highlightSource = new VectorSource();

const pointStyle = new Style({
  image: new CircleStyle({radius: 3.5, fill: new Fill({color: 'rgba(21,101,192,0.85)'}), stroke: new Stroke({color: '#fff', width: 0.8})}),
});
const highlightStyle = [
  new Style({
    image: new CircleStyle({radius: 6, fill: new Fill({color: '#ffeb3b'}), stroke: new Stroke({color: '#b71c1c', width: 2})}),
    stroke: new Stroke({color: '#b71c1c', width: 2, lineDash: [6, 4]}),
    fill: new Fill({color: 'rgba(255,235,59,0.12)'}),
  }),
];
/** @type {Array<number>} */
let gridBreaks = [];

const map = new Map({
  target: 'map',
  layers: [
    new VectorLayer({source: gridSource, style: (f) => new Style({fill: new Fill({color: classColor(f.get('count') || 0, gridBreaks)}), stroke: new Stroke({color: 'rgba(80,80,80,0.5)', width: 0.6})})}),
    new VectorLayer({source: outlineSource, style: new Style({stroke: new Stroke({color: '#8d6e63', width: 1.2})})}),
    new VectorLayer({source: hexSource, style: (f) => new Style({fill: new Fill({color: binColor(f.get('bin'))}), stroke: new Stroke({color: 'rgba(255,255,255,0.7)', width: 0.5})})}),
    new HeatmapLayer({source: heatSource, blur: 18, radius: 12, weight: (f) => f.get('weight') || 0}),
    new VectorLayer({source: pointSource, style: pointStyle}),
    new VectorLayer({
      source: areaSource,
      style: new Style({stroke: new Stroke({color: '#c62828', width: 2}), fill: new Fill({color: 'rgba(198,40,40,0.06)'})}),
    }),
    new VectorLayer({source: highlightSource, style: highlightStyle}),
    new VectorLayer({
      source: markerSource,
      style: new Style({
        image: new CircleStyle({radius: 9, fill: new Fill({color: 'rgba(198,40,40,0.35)'}), stroke: new Stroke({color: '#c62828', width: 2})}),
        text: new Text({text: '!', font: 'bold 13px sans-serif', fill: new Fill({color: '#fff'})}),
      }),
    }),
  ],
  view: new View({center: fromLonLat([113.62, 34.73]), zoom: 12}),
});

// --------------------------------------------------------------------------------------- state

let state = emptyState();
/** The area being drawn or picked, before 查询 is pressed. @type {import('./queryState.js').Area|null} */
let pendingArea = null;
/** Bumped by every query: answers of an older one are dropped. */
let generation = 0;
/** @type {Promise<void>} */
let lastRun = Promise.resolve();
/** What the test hook reports. */
const stats = {total: /** @type {number|null} */ (null), points: 0, hexagons: 0, grids: 0, recurring: 0, rising: 0, listed: 0};

/** @type {Draw|null} */
let draw = null;
/** @type {'none'|'pick'} */
let clickMode = 'none';

/** Control → error slot. */
const ERROR_SLOTS = ['area', 'time', 'categories', 'filters', 'view', 'recurring', 'list', 'general'];

function clearErrors() {
  for (const control of ERROR_SLOTS) {
    const slot = document.querySelector(`[data-error-for="${control}"]`);
    if (slot) {
      slot.textContent = '';
      /** @type {HTMLElement} */ (slot).hidden = true;
    }
  }
  markerSource.clear();
}

/**
 * Shows an API error next to the control it concerns (the same error from several calls once).
 * @param {any} error ApiError or other.
 */
function showError(error) {
  if (error?.name === 'AbortError') {
    return;
  }
  const messages = error?.name === 'ApiError' ? problemMessages(error) : [{control: 'general', text: String(error?.message || error), detail: '', at: null}];
  for (const m of messages) {
    const slot = /** @type {HTMLElement|null} */ (document.querySelector(`[data-error-for="${m.control}"]`)) ||
      byId('error-general');
    const line = `${m.text}${m.detail && m.detail !== m.text ? `（${m.detail}）` : ''}`;
    if (!slot.textContent?.includes(line)) {
      slot.append(el('div', {class: 'an-error__line'}, [line]));
    }
    slot.hidden = false;
    if (m.at) {
      const at = fromLonLat(m.at);
      if (!markerSource.getFeatures().some((f) => /** @type {Point} */ (f.getGeometry()).getCoordinates().join() === at.join())) {
        markerSource.addFeature(new Feature({geometry: new Point(at), reason: m.text}));
      }
    }
  }
}

// ------------------------------------------------------------------------------------- controls

/**
 * @param {HTMLSelectElement} select Multiple select.
 * @return {Array<string>} Selected values.
 */
function selected(select) {
  return [...select.selectedOptions].map((o) => o.value);
}

/**
 * @param {HTMLSelectElement} select Select.
 * @param {Record<string, string>} names Value → label.
 */
function fillOptions(select, names) {
  for (const [value, label] of Object.entries(names)) {
    select.append(el('option', {value}, [label]));
  }
}

fillOptions(/** @type {HTMLSelectElement} */ (byId('statuses')), STATUS_NAMES);
fillOptions(/** @type {HTMLSelectElement} */ (byId('channels')), CHANNEL_NAMES);
fillOptions(/** @type {HTMLSelectElement} */ (byId('urgencies')), URGENCY_NAMES);

/** @return {import('./queryState.js').QueryState} The state the controls show. */
function readControls() {
  const categories = [];
  for (const box of /** @type {NodeListOf<HTMLInputElement>} */ (document.querySelectorAll('#categories input[data-top]:checked'))) {
    categories.push(box.value);
  }
  for (const box of /** @type {NodeListOf<HTMLInputElement>} */ (document.querySelectorAll('#categories input[data-sub]:checked'))) {
    if (!categories.includes(box.dataset.sub || '')) {
      categories.push(box.value);
    }
  }
  return {
    ...state,
    area: pendingArea,
    boundaries: /** @type {'routed'|'current'} */ (input('boundaries').value),
    timeField: /** @type {'reported'|'closed'} */ (input('time-field').value),
    from: input('time-from').value,
    to: input('time-to').value,
    categories,
    statuses: selected(/** @type {HTMLSelectElement} */ (byId('statuses'))),
    channels: selected(/** @type {HTMLSelectElement} */ (byId('channels'))),
    urgencies: selected(/** @type {HTMLSelectElement} */ (byId('urgencies'))),
    overdue: /** @type {''|'true'|'false'} */ (input('overdue').value),
    sankua: /** @type {''|'true'|'false'} */ (input('sankua').value),
    view: /** @type {any} */ (input('view').value),
    resolution: Number(input('resolution').value),
    gridLevel: /** @type {any} */ (input('grid-level').value),
    trend: /** @type {any} */ (input('trend').value),
  };
}

/**
 * @param {import('./queryState.js').QueryState} s State to show.
 */
function writeControls(s) {
  input('boundaries').value = s.boundaries;
  input('time-field').value = s.timeField;
  input('time-from').value = s.from;
  input('time-to').value = s.to;
  for (const box of /** @type {NodeListOf<HTMLInputElement>} */ (document.querySelectorAll('#categories input[type=checkbox]'))) {
    box.checked = s.categories.includes(box.value);
  }
  for (const [id, values] of /** @type {Array<[string, Array<string>]>} */ ([['statuses', s.statuses], ['channels', s.channels], ['urgencies', s.urgencies]])) {
    for (const option of /** @type {HTMLSelectElement} */ (byId(id)).options) {
      option.selected = values.includes(option.value);
    }
  }
  input('overdue').value = s.overdue;
  input('sankua').value = s.sankua;
  input('view').value = s.view;
  input('resolution').value = String(s.resolution);
  input('grid-level').value = s.gridLevel;
  input('trend').value = s.trend;
  setArea(s.area);
}

// ----------------------------------------------------------------------------------------- area

/**
 * Shows an area on the map and in the summary, and makes it the pending one.
 * @param {import('./queryState.js').Area|null} area Area.
 */
function setArea(area) {
  pendingArea = area;
  areaSource.clear();
  const summary = byId('area-summary');
  if (!area) {
    summary.textContent = '未选择区域：查询本人辖区的全部案件';
    return;
  }
  switch (area.type) {
    case 'polygon':
      areaSource.addFeature(new Feature(new Polygon([area.ring.map((p) => fromLonLat(p))])));
      summary.textContent = `多边形（${area.ring.length - 1} 个顶点）`;
      break;
    case 'circle': {
      const center = fromLonLat(area.center);
      const scale = 1 / Math.cos((area.center[1] * Math.PI) / 180);
      areaSource.addFeature(new Feature(new Circle(center, area.meters * scale)));
      summary.textContent = `圆形：半径 ${Math.round(area.meters)} 米`;
      break;
    }
    case 'line':
      areaSource.addFeature(new Feature(new LineString(area.line.map((p) => fromLonLat(p)))));
      summary.textContent = `线路两侧 ${Math.round(area.meters)} 米（${area.line.length} 个点）`;
      break;
    case 'grids':
    case 'district': {
      const codes = area.type === 'grids' ? area.codes : [area.code];
      summary.textContent = area.type === 'district' ? `全区：${area.code}` : `已选网格：${codes.join('、') || '（无）'}`;
      for (const code of codes) {
        api.getGrid(code).then(
          (g) => {
            if (pendingArea === area) {
              areaSource.addFeature(/** @type {Feature} */ (geojson.readFeature(g)));
              summary.textContent = summary.textContent?.replace(code, `${g.properties.name}（${code}）`) || '';
            }
          },
          showError,
        );
      }
      break;
    }
    default:
      break;
  }
}

function stopDrawing() {
  if (draw) {
    map.removeInteraction(draw);
    draw = null;
  }
  clickMode = 'none';
  for (const b of document.querySelectorAll('[data-tool]')) {
    b.classList.remove('is-active');
  }
}

/**
 * @param {'Polygon'|'Circle'|'LineString'} type What to draw.
 * @param {HTMLElement} button Its button.
 */
function startDrawing(type, button) {
  stopDrawing();
  button.classList.add('is-active');
  const source = new VectorSource();
  draw = new Draw({source, type});
  draw.on('drawend', (event) => {
    const geometry = event.feature.getGeometry();
    if (geometry instanceof Polygon) {
      setArea({type: 'polygon', ring: geometry.getCoordinates()[0].map((c) => roundLonLat(toLonLat(c)))});
    } else if (geometry instanceof Circle) {
      const center = toLonLat(geometry.getCenter());
      const edge = toLonLat([geometry.getCenter()[0] + geometry.getRadius(), geometry.getCenter()[1]]);
      setArea({type: 'circle', center: roundLonLat(center), meters: Math.max(1, Math.round(getDistance(center, edge)))});
    } else if (geometry instanceof LineString) {
      setArea({type: 'line', line: geometry.getCoordinates().map((c) => roundLonLat(toLonLat(c))), meters: Number(input('buffer-meters').value) || 100});
    }
    setTimeout(stopDrawing, 0);
  });
  map.addInteraction(draw);
}

/**
 * @param {Array<number>} p Lon/lat.
 * @return {Array<number>} Rounded to 7 decimals (~1 cm), to keep shared links short.
 */
function roundLonLat(p) {
  return [Math.round(p[0] * 1e7) / 1e7, Math.round(p[1] * 1e7) / 1e7];
}

byId('tool-polygon').addEventListener('click', (e) => startDrawing('Polygon', /** @type {HTMLElement} */ (e.currentTarget)));
byId('tool-circle').addEventListener('click', (e) => startDrawing('Circle', /** @type {HTMLElement} */ (e.currentTarget)));
byId('tool-line').addEventListener('click', (e) => startDrawing('LineString', /** @type {HTMLElement} */ (e.currentTarget)));
byId('tool-pick').addEventListener('click', (e) => {
  stopDrawing();
  clickMode = 'pick';
  /** @type {HTMLElement} */ (e.currentTarget).classList.add('is-active');
});
byId('tool-clear').addEventListener('click', () => {
  stopDrawing();
  setArea(null);
});
input('buffer-meters').addEventListener('change', () => {
  if (pendingArea?.type === 'line') {
    setArea({...pendingArea, meters: Number(input('buffer-meters').value) || 100});
  }
});

/**
 * Adds a grid to the picked ones, or removes it when it is there already.
 * @param {string} code Grid code.
 */
function toggleGrid(code) {
  const codes = pendingArea?.type === 'grids' ? [...pendingArea.codes] : [];
  const i = codes.indexOf(code);
  if (i >= 0) {
    codes.splice(i, 1);
  } else {
    codes.push(code);
  }
  setArea(codes.length ? {type: 'grids', codes} : null);
}

map.on('singleclick', async (event) => {
  if (clickMode !== 'pick') {
    return;
  }
  const [lon, lat] = toLonLat(event.coordinate);
  try {
    const at = await api.getJson(`/api/grids/at?lon=${lon.toFixed(7)}&lat=${lat.toFixed(7)}`);
    const level = input('pick-level').value;
    const hit = (at.chain || []).find((/** @type {any} */ g) => g.level === level);
    if (hit) {
      toggleGrid(hit.code);
    } else {
      showError(new Error(`此处没有${LEVEL_NAMES[level] || level}`));
    }
  } catch (error) {
    showError(error);
  }
});

/** Grids searchable by name, loaded at the first search. @type {Promise<Array<{code: string, name: string, level: string}>>|null} */
let searchable = null;

byId('search-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const text = input('search').value.trim();
  const results = byId('search-results');
  results.replaceChildren();
  if (!text) {
    return;
  }
  try {
    /** @type {Array<{code: string, name: string, level: string}>} */
    let hits = [];
    if (/^\d{6,}$/.test(text)) {
      const g = await api.getGrid(text);
      hits = [{code: g.properties.code, name: g.properties.name, level: g.properties.level}];
    } else {
      searchable ||= Promise.all(['l1', 'l2', 'l3'].map((level) => api.fetchAllGrids({level: /** @type {any} */ (level), limit: 10000})))
        .then((pages) => pages.flatMap((p) => p.features.map((f) => ({code: f.properties.code, name: f.properties.name, level: f.properties.level}))));
      hits = (await searchable).filter((g) => g.name.includes(text)).slice(0, 20);
    }
    if (!hits.length) {
      results.append(el('li', {class: 'an-muted'}, ['未找到匹配的网格']));
    }
    for (const g of hits) {
      const item = el('button', {type: 'button', class: 'an-link', 'data-code': g.code}, [`${g.name}（${LEVEL_NAMES[g.level] || g.level} ${g.code}）`]);
      item.addEventListener('click', () => toggleGrid(g.code));
      results.append(el('li', {}, [item]));
    }
  } catch (error) {
    showError(error);
  }
});

byId('district-pick').addEventListener('click', () => {
  const code = input('district').value;
  if (code) {
    stopDrawing();
    setArea({type: 'district', code});
  }
});

// --------------------------------------------------------------------------------------- query

/**
 * @param {string} endpoint `query`, `hotspots`, `recurring` or `rising`.
 * @param {Record<string, unknown>} body Request body.
 * @return {Promise<any>} Answer.
 */
async function post(endpoint, body) {
  return (await api.send(`/api/analytics/cases/${endpoint}`, {method: 'POST', json: body})).body;
}

/**
 * Runs the query of the controls: stores it in the URL and draws everything.
 * @param {boolean} [resetPage] Start the case list from its first page.
 */
function runQuery(resetPage = true) {
  state = readControls();
  if (resetPage) {
    state.page = 0;
  }
  history.replaceState(null, '', encodeState(state));
  input('share-url').value = location.href;
  const run = ++generation;
  clearErrors();
  byId('results').dataset.state = 'loading';
  const sel = selectionBody(state);
  const current = state;
  /** @type {Array<Promise<unknown>>} */
  const jobs = [
    post('query', {...sel, limit: PAGE_SIZE, offset: current.page * PAGE_SIZE}).then((r) => run === generation && showTotals(r, current)),
    mapLayer(run, current, sel),
    post('recurring', {...sel, radiusMeters: 50, minCases: 3}).then((r) => run === generation && showRecurring(r, current)),
    post('rising', selectionBody(current, false)).then((r) => run === generation && showRising(r)),
    drawCharts(run, current, sel),
  ];
  lastRun = Promise.allSettled(jobs.map((j) => j.catch((error) => run === generation && showError(error)))).then(() => {
    if (run === generation) {
      byId('results').dataset.state = 'done';
    }
  });
  return lastRun;
}

/**
 * @param {any} r Answer of `/query`.
 * @param {import('./queryState.js').QueryState} s Its state.
 */
function showTotals(r, s) {
  const t = r.total;
  stats.total = t.count;
  const total = byId('total');
  total.dataset.count = String(t.count);
  const pct = (/** @type {number|null} */ v) => (v === null || v === undefined ? '—' : `${(v * 100).toFixed(1)}%`);
  total.replaceChildren(
    figure('案件数', String(t.count)),
    figure('结案率', pct(t.closureRate)),
    figure('按期办结率', pct(t.onTimeRate)),
    figure('满意率', pct(t.satisfactionRate)),
    figure('平均办理时长', t.averageHandlingHours === null ? '—' : `${t.averageHandlingHours} 小时`),
  );
  if (r.area?.clipped) {
    total.append(el('p', {class: 'an-muted'}, ['所画区域超出数据范围，已裁剪到现有辖区。']));
  }
  const list = byId('case-list');
  list.replaceChildren();
  stats.listed = r.cases.features.length;
  for (const f of r.cases.features) {
    const p = f.properties;
    list.append(
      el('tr', {'data-case': String(f.id)}, [
        el('td', {}, [p.code]),
        el('td', {}, [categoryName(p.category)]),
        el('td', {}, [nameOf(STATUS_NAMES, p.status)]),
        el('td', {}, [nameOf(CHANNEL_NAMES, p.channel)]),
        el('td', {}, [p.reportedAt.slice(0, 16).replace('T', ' ')]),
        el('td', {}, [p.l1 || '']),
        el('td', {}, [p.overdue ? '超期' : '']),
      ]),
    );
  }
  const pages = Math.max(1, Math.ceil(t.count / PAGE_SIZE));
  byId('page-info').textContent = `第 ${s.page + 1} / ${pages} 页，共 ${t.count} 件`;
  /** @type {HTMLButtonElement} */ (byId('page-prev')).disabled = s.page <= 0;
  /** @type {HTMLButtonElement} */ (byId('page-next')).disabled = s.page + 1 >= pages;
}

/**
 * @param {string} label Label.
 * @param {string} value Value.
 * @return {HTMLElement} One figure.
 */
function figure(label, value) {
  return el('div', {class: 'an-figure'}, [el('span', {class: 'an-figure__value'}, [value]), el('span', {class: 'an-figure__label'}, [label])]);
}

/** Sub-category code → name, from the taxonomy. @type {Record<string, string>} */
const categoryNames = {};

/**
 * @param {string} code Category code.
 * @return {string} Its name (code when unknown).
 */
function categoryName(code) {
  return categoryNames[code] || code;
}

/**
 * Draws the map layer of the state's view.
 * @param {number} run Generation.
 * @param {import('./queryState.js').QueryState} s State.
 * @param {Record<string, unknown>} sel Selection body.
 * @return {Promise<void>} Drawn.
 */
async function mapLayer(run, s, sel) {
  for (const source of [pointSource, hexSource, heatSource, gridSource, highlightSource]) {
    source.clear();
  }
  stats.points = 0;
  stats.hexagons = 0;
  stats.grids = 0;
  const legend = byId('legend');
  legend.replaceChildren();
  if (s.view === 'points') {
    const r = await post('query', {...sel, limit: MAP_POINTS});
    if (run !== generation) {
      return;
    }
    const features = geojson.readFeatures({type: 'FeatureCollection', features: r.cases.features.filter((/** @type {any} */ f) => f.geometry)});
    pointSource.addFeatures(features);
    stats.points = features.length;
    legend.append(el('span', {}, [`点位：最新 ${features.length} 件${r.cases.numberMatched > features.length ? `（共 ${r.cases.numberMatched} 件）` : ''}`]));
  } else if (s.view === 'hex' || s.view === 'heat') {
    const r = await post('hotspots', {...sel, resolution: s.resolution});
    if (run !== generation) {
      return;
    }
    const features = geojson.readFeatures(r);
    if (s.view === 'hex') {
      hexSource.addFeatures(features);
      stats.hexagons = features.length;
      legend.append(el('span', {}, [`六边形 ${features.length} 个，热点 ${r.hotCells}，冷点 ${r.coldCells}`]));
      BIN_COLORS.forEach((color, i) => legend.append(el('span', {class: 'an-swatch', style: `--c:${color}`}, [BIN_NAMES[i]])));
    } else {
      const max = Math.max(1, ...features.map((f) => f.get('count') || 0));
      heatSource.addFeatures(
        features.filter((f) => f.get('count') > 0).map((f) => new Feature({geometry: new Point(getCenter(/** @type {any} */ (f.getGeometry()).getExtent())), weight: f.get('count') / max})),
      );
      stats.hexagons = features.length;
      legend.append(el('span', {}, [`热力：${r.cases} 件，按 H3 第 ${s.resolution} 级汇总`]));
    }
  } else {
    const r = await post('query', {...sel, groupBy: s.gridLevel, limit: 0});
    if (run !== generation) {
      return;
    }
    /** @type {Record<string, number>} */
    const counts = {};
    for (const g of r.groups) {
      counts[g.key] = g.count;
    }
    gridBreaks = quantileBreaks(Object.values(counts));
    const codes = Object.keys(counts).filter((c) => c && c !== 'null');
    const grids = await gridsOf(s.gridLevel, codes);
    if (run !== generation) {
      return;
    }
    for (const g of grids) {
      const f = /** @type {Feature} */ (geojson.readFeature(g));
      f.set('count', counts[g.properties.code] || 0);
      gridSource.addFeature(f);
    }
    stats.grids = grids.length;
    legend.append(el('span', {}, [`按${LEVEL_NAMES[s.gridLevel]}分级：${codes.length} 个网格有案件`]));
  }
  byId('map').dataset.view = s.view;
}

/**
 * Geometries of grids of a level: the whole level when small, else one by one via their parents.
 * @param {string} level Level.
 * @param {Array<string>} codes Codes wanted.
 * @return {Promise<Array<any>>} GeoJSON features.
 */
async function gridsOf(level, codes) {
  if (!codes.length) {
    return [];
  }
  if (level === 'l1' || level === 'l2' || level === 'l3') {
    const all = await api.fetchAllGrids({level, limit: 10000});
    const wanted = new Set(codes);
    return all.features.filter((f) => wanted.has(f.properties.code));
  }
  // Micro grids: by their level-3 parents, which the codes start with (12 + 3 digits).
  const parents = [...new Set(codes.map((c) => c.slice(0, 15)))];
  const wanted = new Set(codes);
  const pages = [];
  for (let i = 0; i < parents.length; i += 6) {
    pages.push(...(await Promise.all(parents.slice(i, i + 6).map((p) => api.fetchAllGrids({level: 'micro', parent: p, limit: 1000})))));
  }
  return pages.flatMap((p) => p.features).filter((f) => wanted.has(f.properties.code));
}

/**
 * @param {any} r Answer of `/recurring`.
 * @param {import('./queryState.js').QueryState} s State.
 */
function showRecurring(r, s) {
  const list = byId('recurring-list');
  list.replaceChildren();
  stats.recurring = r.features.length;
  if (!r.features.length) {
    list.append(el('li', {class: 'an-muted'}, ['没有反复发生的问题点位（50 米内同类 3 件以上）']));
  }
  for (const f of r.features.slice(0, 50)) {
    const p = f.properties;
    const item = el('button', {type: 'button', class: 'an-link', 'data-rank': String(p.rank)}, [
      `${p.rank}. ${p.categoryName || p.category}：${p.count} 件，${p.firstReportedAt.slice(0, 10)} 至 ${p.lastReportedAt.slice(0, 10)}`,
    ]);
    item.addEventListener('click', () => highlightSpot(f, s));
    list.append(el('li', {}, [item]));
  }
}

/**
 * Zooms to a recurring spot and highlights its cases.
 * @param {any} spot Spot feature.
 * @param {import('./queryState.js').QueryState} s State it belongs to.
 */
async function highlightSpot(spot, s) {
  highlightSource.clear();
  const center = spot.geometry.coordinates;
  const p = spot.properties;
  const meters = p.radiusMeters + 2 * 50;
  const ring = new Circle(fromLonLat(center), meters / Math.cos((center[1] * Math.PI) / 180));
  highlightSource.addFeature(new Feature(ring));
  map.getView().fit(ring.getExtent(), {padding: [60, 60, 60, 60], maxZoom: 18, duration: 300});
  try {
    /** @type {Record<string, unknown>} */
    const body = {...selectionBody(s), area: {type: 'buffer', geometry: {type: 'Point', coordinates: center}, meters}, categories: [p.category], limit: 1000};
    delete body.boundaries;
    const r = await post('query', body);
    const ids = new Set(p.cases.map((/** @type {any} */ c) => c.id));
    const features = geojson.readFeatures({type: 'FeatureCollection', features: r.cases.features.filter((/** @type {any} */ f) => ids.has(f.id) && f.geometry)});
    highlightSource.addFeatures(features);
    byId('recurring-list').dataset.highlighted = String(features.length);
  } catch (error) {
    showError(error);
  }
}

/**
 * @param {any} r Answer of `/rising`.
 */
function showRising(r) {
  const list = byId('rising-list');
  list.replaceChildren();
  stats.rising = r.categories.length;
  if (!r.categories.length) {
    list.append(el('li', {class: 'an-muted'}, ['近 4 周没有明显上升的类别']));
  }
  for (const c of r.categories) {
    list.append(
      el('li', {}, [`${c.categoryName || c.category}：近 4 周 ${c.recent} 件，周均 ${c.recentWeeklyMean}（此前周均 ${c.baselineWeeklyMean}），p = ${Number(c.pValue).toExponential(1)}`]),
    );
  }
}

/**
 * The charts: trend, by top category, by channel (Chart.js, loaded on first use) and the hour × weekday grid.
 * @param {number} run Generation.
 * @param {import('./queryState.js').QueryState} s State.
 * @param {Record<string, unknown>} sel Selection body.
 * @return {Promise<void>} Drawn.
 */
async function drawCharts(run, s, sel) {
  const [trend, top, channel, hours] = await Promise.all(
    [s.trend, 'topCategory', 'channel', 'hourOfWeekday'].map((groupBy) => post('query', {...sel, groupBy, limit: 0})),
  );
  if (run !== generation) {
    return;
  }
  const {drawChart} = await import('./charts.js');
  const trendGroups = [...trend.groups].sort((/** @type {any} */ a, /** @type {any} */ b) => String(a.key).localeCompare(String(b.key)));
  await Promise.all([
    drawChart(/** @type {HTMLCanvasElement} */ (byId('chart-trend')), 'line', trendGroups.map((/** @type {any} */ g) => g.key), trendGroups.map((/** @type {any} */ g) => g.count), '案件数'),
    drawChart(/** @type {HTMLCanvasElement} */ (byId('chart-category')), 'bar', top.groups.map((/** @type {any} */ g) => g.name || g.key), top.groups.map((/** @type {any} */ g) => g.count), '案件数'),
    drawChart(/** @type {HTMLCanvasElement} */ (byId('chart-channel')), 'doughnut', channel.groups.map((/** @type {any} */ g) => nameOf(CHANNEL_NAMES, g.key)), channel.groups.map((/** @type {any} */ g) => g.count), '案件数'),
  ]);
  drawHourGrid(hours.groups);
}

/**
 * Hour-of-day × weekday counts as a shaded table.
 * @param {Array<{key: string, count: number}>} groups Groups keyed `ID-HH`.
 */
function drawHourGrid(groups) {
  /** @type {Record<string, number>} */
  const counts = {};
  for (const g of groups) {
    counts[g.key] = g.count;
  }
  const max = Math.max(1, ...Object.values(counts));
  const head = el('tr', {}, [el('th', {}, ['']), ...Array.from({length: 24}, (_, h) => el('th', {}, [String(h)]))]);
  const rows = WEEKDAYS.map((day, d) =>
    el('tr', {}, [
      el('th', {}, [day]),
      ...Array.from({length: 24}, (_, h) => {
        const n = counts[`${d + 1}-${String(h).padStart(2, '0')}`] || 0;
        return el('td', {title: `${day} ${h} 时：${n} 件`, style: `background: rgba(183,28,28,${(n / max).toFixed(3)})`}, []);
      }),
    ]),
  );
  byId('hour-grid').replaceChildren(el('thead', {}, [head]), el('tbody', {}, rows));
}

// ------------------------------------------------------------------------------------- actions

byId('run').addEventListener('click', () => runQuery(true));
for (const id of ['view', 'resolution', 'grid-level', 'trend']) {
  byId(id).addEventListener('change', () => runQuery(false));
}
byId('page-prev').addEventListener('click', () => {
  state = {...state, page: Math.max(0, state.page - 1)};
  runQuery(false);
});
byId('page-next').addEventListener('click', () => {
  state = {...state, page: state.page + 1};
  runQuery(false);
});
byId('share').addEventListener('click', async () => {
  const url = input('share-url');
  url.value = location.href;
  url.select();
  try {
    await navigator.clipboard.writeText(location.href);
    byId('share-note').textContent = '链接已复制，打开即可还原本次查询';
  } catch {
    byId('share-note').textContent = '请复制上面的链接';
  }
});

byId('export').addEventListener('click', async () => {
  const note = byId('export-note');
  note.textContent = '正在导出…';
  try {
    const sel = selectionBody(state);
    /** @type {Array<any>} */
    const rows = [];
    for (let offset = 0; offset < MAX_EXPORT; offset += 1000) {
      const r = await post('query', {...sel, limit: 1000, offset});
      rows.push(...r.cases.features);
      if (r.cases.features.length < 1000) {
        break;
      }
    }
    const csv = toCsv(
      ['案件编号', '类别编码', '类别', '状态', '渠道', '紧急程度', '超期', '三跨', '上报时间', '结案时间', '微网格', '三级网格', '社区', '街道', '责任部门', '经度', '纬度'],
      rows.map((f) => {
        const p = f.properties;
        return [p.code, p.category, categoryName(p.category), nameOf(STATUS_NAMES, p.status), nameOf(CHANNEL_NAMES, p.channel), nameOf(URGENCY_NAMES, p.urgency),
          p.overdue ? '是' : '否', p.sankua ? '是' : '否', p.reportedAt, p.closedAt || '', p.micro, p.l3, p.l2, p.l1, p.department || '',
          f.geometry?.coordinates[0] ?? '', f.geometry?.coordinates[1] ?? ''];
      }),
    );
    const link = el('a', {href: URL.createObjectURL(new Blob([csv], {type: 'text/csv;charset=utf-8'})), download: `案件清单-${new Date().toISOString().slice(0, 10)}.csv`});
    document.body.append(link);
    link.click();
    link.remove();
    note.textContent = `已导出 ${rows.length} 件${rows.length >= MAX_EXPORT ? `（最多 ${MAX_EXPORT} 件）` : ''}`;
  } catch (error) {
    note.textContent = '';
    showError(error);
  }
});

// --------------------------------------------------------------------------------------- start

/**
 * The category tree: a top category's box selects all of it, a sub-category's box just that one.
 * @param {any} tree Answer of `GET /api/categories`.
 */
function buildCategoryTree(tree) {
  const root = byId('categories');
  root.replaceChildren();
  for (const top of tree.topCategories) {
    const subs = top.subCategories.map((/** @type {any} */ c) => {
      categoryNames[c.code] = c.nameZh;
      return el('label', {class: 'an-check'}, [el('input', {type: 'checkbox', value: c.code, 'data-sub': top.code}), c.nameZh]);
    });
    categoryNames[top.code] = top.nameZh;
    root.append(
      el('details', {class: 'an-tree'}, [
        el('summary', {}, [el('label', {class: 'an-check'}, [el('input', {type: 'checkbox', value: top.code, 'data-top': top.code}), top.nameZh])]),
        ...subs,
      ]),
    );
  }
}

async function start() {
  const me = await api.getJson('/api/me');
  byId('who').textContent = `${me.name || me.username}（辖区 ${me.scope || ''}）`;
  const logout = byId('logout');
  logout.hidden = false;
  logout.addEventListener('click', () => {
    tokens.clear();
    location.reload();
  });
  const [tree, districts, streets] = await Promise.all([
    api.getJson('/api/categories'),
    api.fetchAllGrids({level: 'district', limit: 100}),
    api.fetchAllGrids({level: 'l1', limit: 1000}),
  ]);
  buildCategoryTree(tree);
  const districtSelect = byId('district');
  for (const d of districts.features) {
    districtSelect.append(el('option', {value: d.properties.code}, [`${d.properties.name}（${d.properties.code}）`]));
  }
  outlineSource.addFeatures(geojson.readFeatures({type: 'FeatureCollection', features: streets.features}));
  const shared = decodeState(location.hash);
  if (shared) {
    state = shared;
    writeControls(shared);
    const extent = areaSource.getExtent();
    if (extent && areaSource.getFeatures().length && Number.isFinite(extent[0])) {
      map.getView().fit(extent, {padding: [40, 40, 40, 40], maxZoom: 17});
    }
    await runQuery(false);
  } else {
    writeControls(state);
    const extent = outlineSource.getExtent();
    if (extent && outlineSource.getFeatures().length) {
      map.getView().fit(extent, {padding: [20, 20, 20, 20]});
    }
  }
}

const ready = start().catch((error) => showError(error));

/** Test hook. */
/** @type {any} */ (window).__yiwangAnalyst = {
  ready,
  /** @return {Promise<typeof stats & {markers: number, errors: Array<string>}>} The figures of the last query, once it is drawn. */
  idle: async () => {
    await ready;
    await lastRun;
    return {...stats, markers: markerSource.getFeatures().length, errors: [...document.querySelectorAll('.an-error:not([hidden])')].map((e) => e.textContent || '')};
  },
};
