/**
 * Entry point of the big screen 一屏观全域 (`/screen`): the full-screen map
 * with grid boundaries and the case markers (WebGL), the live stream that
 * moves markers, figures and ticker on, the side panels, drill-down with a
 * breadcrumb, the instruction read share, the 24-hour time-lapse and the
 * connection indicator, the 党建 layer and figures. State changes go through the pure folds of
 * `markerSet.js`, `drill.js` and `replay.js`.
 * @module screen/main
 */

import 'ol/ol.css';
import './screen.css';
import Feature from 'ol/Feature.js';
import Map from 'ol/Map.js';
import Overlay from 'ol/Overlay.js';
import View from 'ol/View.js';
import {isEmpty} from 'ol/extent.js';
import Point from 'ol/geom/Point.js';
import {fromLonLat, toLonLat} from 'ol/proj.js';
import VectorSource from 'ol/source/Vector.js';
import {createApi} from '../api.js';
import {createSessionTokenStore} from '../auth.js';
import {el} from '../dom.js';
import {geojson, createGridLayers} from '../layers.js';
import {createLoginDialog} from '../login.js';
import {prefetchingFetch} from '../prefetch.js';
import {webglRenderer} from '../webgl.js';
import {drillDown, drillTarget, drillUp, summaryPath} from './drill.js';
import {darkGridStyle, SELECTED_STYLE} from './gridStyle.js';
import {createLiveConnection} from './LiveConnection.js';
import {createMarkerLayer, markerLayerKind} from './markerLayer.js';
import {createMarkerView} from './markerView.js';
import {MARKER_COLORS, applyToFigures, applyToMarkers, inScope, localHour, markersFromSnapshot} from './markerSet.js';
import {clockTime, pushTicker, renderBreadcrumb, renderCategories, renderFigures, renderInstruction, renderRanking, renderTicker} from './panels.js';
import {figureLevel, partyTiles} from './partyFigures.js';
import {createPartyLayer} from './partyLayer.js';
import {createTodayTracks} from './patrolTracks.js';
import {createReplayCursor, replayClock} from './replay.js';
import {createStatusMap} from './statusMap.js';
import {renderTrend} from './trend.js';

/** Asia/Shanghai, the offset of the screen's "today" (no daylight saving). */
const OFFSET_MINUTES = 480;
const INITIAL_CENTER = [113.62, 34.7];
/** A full refresh of the panels at least this often, and this long after a burst of events. */
const SUMMARY_REFRESH_MS = 60000;
const SUMMARY_SETTLE_MS = 2500;
/** How long a new case pulses. */
const PULSE_MS = 3000;
/** The time-lapse plays 24 hours in this long. */
const REPLAY_PLAY_MS = 60000;

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

const tokens = createSessionTokenStore();
const api = createApi({
  tokens,
  requestCredentials: createLoginDialog(),
  // The first reads, started by the page's head script while this module loaded.
  fetch: prefetchingFetch(/** @type {any} */ (window).__yiwangPrefetch, globalThis.fetch.bind(globalThis)),
});
const notice = byId('notice');
const connection = byId('connection');

/** @param {string|null} text Message, or null to hide. */
function showNotice(text) {
  notice.textContent = text ?? '';
  notice.hidden = !text;
}

// ---- Map
const grid = createGridLayers(api);
for (const [key, layer] of Object.entries(grid.layers)) {
  layer.setStyle(darkGridStyle(/** @type {import('../levels.js').LevelKey} */ (key)));
}
grid.layers.special.setVisible(false);
grid.highlight.setStyle(SELECTED_STYLE);

/** @type {VectorSource<Feature<Point>>} */
const replaySource = new VectorSource();

const kind = markerLayerKind(webglRenderer(), new URLSearchParams(location.search).get('markers'));
const markerView = createMarkerView(kind, {title: '案件'});
const markerLayer = markerView.layer;
const replayLayer = createMarkerLayer(replaySource, kind, {title: '回放'});
replayLayer.setVisible(false);

const view = new View({center: fromLonLat(INITIAL_CENTER), zoom: 12, minZoom: 8, maxZoom: 19});
const map = new Map({
  target: byId('map'),
  layers: [...grid.ordered, grid.highlight, markerLayer, replayLayer],
  view,
  controls: [],
});
const todayTracks = createTodayTracks(api, () => path[path.length - 1]?.code ?? null);
map.getLayers().insertAt(map.getLayers().getLength() - 2, todayTracks.layer);
const party = createPartyLayer(api, () => path[path.length - 1]?.code ?? null);
map.getLayers().insertAt(map.getLayers().getLength() - 2, party.layer);
/** @type {any} */
let partyTotal = null;
let partySeq = 0;

/** Loads the 党建引领 figures of the selection (the newest request wins). */
async function loadParty() {
  const current = path[path.length - 1];
  if (!current) {
    return;
  }
  const mine = ++partySeq;
  try {
    const body = await api.getJson(`/api/party/figures?scope=${encodeURIComponent(current.code)}&level=${figureLevel(current.level)}`);
    if (mine !== partySeq) {
      return;
    }
    partyTotal = body.total;
    byId('party-scope').textContent = current.name;
    byId('party').replaceChildren(
      ...partyTiles(partyTotal).map((tile) =>
        el('div', {class: `fig fig--${tile.key}`, 'data-party': tile.key}, [el('span', {class: 'fig__value'}, [tile.value]), el('span', {class: 'fig__label'}, [tile.label])]),
      ),
    );
  } catch (error) {
    byId('party').replaceChildren(el('p', {}, [`党建数据加载失败：${error instanceof Error ? error.message : String(error)}`]));
  }
}

const statusMap = createStatusMap(api);
map.getLayers().insertAt(map.getLayers().getLength() - 2, statusMap.layer);
document.querySelector('.scr-panel--right')?.prepend(statusMap.panel);

const legend = byId('legend');
legend.replaceChildren(
  ...MARKER_COLORS.map((c) => el('span', {class: 'legend__item'}, [el('i', {style: `background:${c.color}`}), c.name])),
  todayTracks.toggle,
  statusMap.toggle,
  party.toggle,
);

// ---- State
/** @type {globalThis.Map<number, import('./markerSet.js').Marker>} */
let markers = new globalThis.Map();
/** @type {Array<import('./drill.js').GridRef>} */
let path = [];
/** @type {any} */
let summary = null;
/** @type {Array<import('./panels.js').TickerItem>} */
let ticker = [];
/** @type {Record<string, string>} */
const categoryNames = {};
let summaryTimer = /** @type {ReturnType<typeof setTimeout>|null} */ (null);
let summarySeq = 0;
let replaying = false;

/** Rebuilds the marker layer from the marker set. */
function drawAllMarkers() {
  markerView.reset(markers.values());
}

/**
 * @param {number} lon Longitude.
 * @param {number} lat Latitude.
 */
function pulse(lon, lat) {
  const element = el('div', {class: 'pulse'});
  const overlay = new Overlay({element, position: fromLonLat([lon, lat]), positioning: 'center-center', stopEvent: false});
  map.addOverlay(overlay);
  setTimeout(() => map.removeOverlay(overlay), PULSE_MS);
}

function drawFigures() {
  if (!summary) {
    return;
  }
  renderFigures(byId('figures'), summary.figures);
  const hour = localHour(Date.now() / 1000, OFFSET_MINUTES);
  renderTrend(byId('trend'), summary.today, summary.yesterday, hour);
}

function drawTicker(/** @type {number|null} */ fresh = null) {
  renderTicker(byId('ticker'), ticker, fresh);
}

/** Asks for the selection's summary again (the newest request wins). */
async function loadSummary() {
  const seq = ++summarySeq;
  const body = await api.getJson(summaryPath(path));
  if (seq !== summarySeq) {
    return;
  }
  showSummary(body);
}

function scheduleSummary(delay = SUMMARY_SETTLE_MS) {
  if (summaryTimer) {
    clearTimeout(summaryTimer);
  }
  summaryTimer = setTimeout(() => {
    summaryTimer = null;
    loadSummary().catch((error) => showNotice(`刷新统计失败：${error.message}`));
  }, delay);
}

// ---- Drill-down
/** Shows the selection: breadcrumb, outline, view, panels. */
async function applySelection() {
  renderBreadcrumb(byId('breadcrumb'), path, (index) => {
    path = drillUp(path, index);
    void applySelection();
    if (todayTracks.layer.getVisible()) {
      void todayTracks.refresh();
    }
  });
  const current = path[path.length - 1];
  const source = /** @type {VectorSource} */ (grid.highlight.getSource());
  source.clear();
  const summaryDone = loadSummary();
  void loadParty();
  void party.refresh();
  if (current && current.level !== 'city') {
    const feature = await api.getGrid(current.code);
    const olFeature = /** @type {import('ol/Feature.js').default} */ (geojson.readFeature(feature));
    if (path.length > 1) {
      source.addFeature(olFeature);
    }
    const extent = olFeature.getGeometry()?.getExtent();
    if (extent && !isEmpty(extent)) {
      view.fit(extent, {padding: [80, 540, 80, 540], duration: 400});
    }
  }
  await summaryDone;
}

/**
 * Drills from the current selection to a child grid by code (ranking click).
 * @param {string} code Child grid code.
 */
async function drillToCode(code) {
  const feature = await api.getGrid(code);
  const p = feature.properties;
  path = drillDown(path, {code: p.code, name: p.name, level: p.level});
  await applySelection();
}

map.on('singleclick', (event) => {
  if (replaying) {
    return;
  }
  const [lon, lat] = toLonLat(event.coordinate);
  api
    .getJson(`/api/grids/at?lon=${lon.toFixed(7)}&lat=${lat.toFixed(7)}`)
    .then((answer) => {
      const next = drillTarget(path, Array.isArray(answer.chain) ? answer.chain : []);
      if (next) {
        path = drillDown(path, next);
        return applySelection();
      }
      return undefined;
    })
    .catch((error) => showNotice(`下钻失败：${error.message}`));
});

// ---- Live events
/**
 * @param {import('./LiveConnection.js').LiveEvent} event Event.
 */
function onLiveEvent(event) {
  if (event.type === 'resync') {
    void loadSnapshot(false);
    return;
  }
  if (event.type.startsWith('case.')) {
    const data = event.data;
    const applied = applyToMarkers(markers, event.type, data);
    const current = path[path.length - 1];
    const inside = current ? inScope(data.grid, current.code, path.length === 1) : false;
    if (summary) {
      summary.figures = applyToFigures(summary.figures, applied, {type: event.type, data, inside}, OFFSET_MINUTES);
      summary.today = summary.figures.hourly ?? summary.today;
    }
    if (applied.kind === 'added' || applied.kind === 'updated') {
      const m = /** @type {import('./markerSet.js').Marker} */ (applied.marker);
      markerView.upsert(m);
    } else if (applied.kind === 'removed') {
      markerView.remove(data.id);
    }
    if (event.type === 'case.created' && applied.kind === 'added') {
      const chain = Array.isArray(data.chain) ? data.chain : [];
      const community = chain.find((/** @type {any} */ g) => g.level === 'l2') ?? chain[0];
      ticker = pushTicker(ticker, {
        id: data.id,
        code: data.code,
        category: categoryNames[data.category] ?? data.category,
        grid: community ? community.name : '未落格',
        createdAt: data.updatedAt ?? new Date().toISOString(),
      });
      drawTicker(data.id);
      if (!replaying) {
        pulse(data.lon, data.lat);
      }
    }
    drawFigures();
    if (inside) {
      scheduleSummary();
    }
    return;
  }
  if (event.type.startsWith('status.')) {
    statusMap.onEvent(event);
    return;
  }
  if (event.type.startsWith('instruction.') && event.data && typeof event.data.id === 'number') {
    showInstruction(event.data.id);
  }
}

/** @type {ReturnType<typeof setTimeout>|null} */
let instructionTimer = null;
/** @param {number} id Instruction id. */
function showInstruction(id) {
  if (instructionTimer) {
    clearTimeout(instructionTimer);
  }
  instructionTimer = setTimeout(() => {
    api
      .getJson(`/api/instructions/${id}`)
      .then((body) => renderInstruction(byId('instruction'), body))
      .catch(() => undefined);
  }, 300);
}

/** @type {ReturnType<typeof setTimeout>|null} */
let recoveredTimer = null;
const live = createLiveConnection({
  url: (lastId) =>
    `/api/live?topics=cases,instructions,population&lastEventId=${lastId}&access_token=${encodeURIComponent(tokens.get() ?? '')}`,
  onEvent: onLiveEvent,
  onState: (state) => {
    if (recoveredTimer) {
      clearTimeout(recoveredTimer);
      recoveredTimer = null;
    }
    if (state === 'down') {
      connection.textContent = '连接中断，正在重连…';
      connection.className = 'conn conn--down';
    } else if (state === 'up') {
      const wasDown = connection.classList.contains('conn--down');
      connection.textContent = wasDown ? '已恢复' : '实时';
      connection.className = wasDown ? 'conn conn--recovered' : 'conn conn--up';
      if (wasDown) {
        scheduleSummary(200);
        recoveredTimer = setTimeout(() => {
          connection.textContent = '实时';
          connection.className = 'conn conn--up';
        }, 5000);
      }
    }
  },
  // A token that expired while the wall was disconnected: any API call asks for a login again.
  beforeReopen: () => api.getJson('/api/me').then(() => undefined),
});

/**
 * Loads the marker set and the ticker, then (first time) opens the stream from the snapshot's event id.
 * @param {boolean} first Whether this is the page's first load.
 */
async function loadSnapshot(first) {
  const snapshot = await api.getJson('/api/screen/markers');
  markers = markersFromSnapshot(snapshot);
  drawAllMarkers();
  ticker = (snapshot.latest ?? []).map((/** @type {any} */ t) => ({...t}));
  drawTicker();
  if (first) {
    live.start(snapshot.lastEventId);
  }
  byId('count').textContent = String(markers.size);
}

// ---- Time-lapse
const replayButton = /** @type {HTMLButtonElement} */ (byId('replay-play'));
const replaySlider = /** @type {HTMLInputElement} */ (byId('replay-slider'));
const replayLabel = byId('replay-time');
const replayExit = /** @type {HTMLButtonElement} */ (byId('replay-exit'));
/** @type {any} */
let replayData = null;
/** @type {ReturnType<typeof createReplayCursor>|null} */
let cursor = null;
let playing = false;
let playStart = 0;
let playFrom = 0;

/** @param {number} seconds Time since the start of the replay. */
function seekReplay(seconds) {
  if (!cursor || !replayData) {
    return;
  }
  const step = cursor.seek(seconds);
  if (step.reset) {
    replaySource.clear(true);
  }
  if (step.added.length) {
    replaySource.addFeatures(
      step.added.map((i) => {
        const f = new Feature({geometry: new Point(fromLonLat([replayData.lon[i], replayData.lat[i]])), c: 4});
        f.setId(replayData.id[i]);
        return f;
      }),
    );
  }
  for (const id of step.removed) {
    const f = replaySource.getFeatureById(id);
    if (f) {
      replaySource.removeFeature(f);
    }
  }
  replaySlider.value = String(Math.round(seconds));
  replayLabel.textContent = `${replayClock(seconds, replayData.from)} · 新增 ${step.created} · 办结 ${step.closed}`;
}

function playFrame() {
  if (!playing) {
    return;
  }
  const seconds = playFrom + ((performance.now() - playStart) / REPLAY_PLAY_MS) * 86400;
  seekReplay(Math.min(86400, seconds));
  if (seconds >= 86400) {
    playing = false;
    replayButton.textContent = '▶ 回放';
    return;
  }
  requestAnimationFrame(playFrame);
}

async function enterReplay() {
  if (!replaying) {
    replayData = await api.getJson(`/api/screen/replay?hours=24`);
    cursor = createReplayCursor(replayData);
    replaySource.clear(true);
    replaying = true;
    markerLayer.setVisible(false);
    replayLayer.setVisible(true);
    replayExit.hidden = false;
    document.body.classList.add('replaying');
  }
}

replayButton.addEventListener('click', () => {
  enterReplay()
    .then(() => {
      if (playing) {
        playing = false;
        replayButton.textContent = '▶ 回放';
        return;
      }
      playing = true;
      replayButton.textContent = '⏸ 暂停';
      playFrom = Number(replaySlider.value) >= 86400 ? 0 : Number(replaySlider.value);
      playStart = performance.now();
      requestAnimationFrame(playFrame);
    })
    .catch((error) => showNotice(`回放加载失败：${error.message}`));
});
replaySlider.addEventListener('input', () => {
  enterReplay()
    .then(() => {
      playing = false;
      replayButton.textContent = '▶ 回放';
      seekReplay(Number(replaySlider.value));
    })
    .catch((error) => showNotice(`回放加载失败：${error.message}`));
});
replayExit.addEventListener('click', () => {
  playing = false;
  replaying = false;
  replayButton.textContent = '▶ 回放';
  replayLayer.setVisible(false);
  markerLayer.setVisible(true);
  replaySource.clear(true);
  replayExit.hidden = true;
  replayLabel.textContent = '过去24小时';
  document.body.classList.remove('replaying');
});

// ---- Clock
setInterval(() => {
  byId('clock').textContent = clockTime(new Date().toISOString());
}, 1000);

// ---- Start
/**
 * @param {any} body A summary answer.
 */
function showSummary(body) {
  summary = body;
  summary.figures = {...body.figures, hourly: (body.today ?? []).slice()};
  drawFigures();
  renderRanking(byId('ranking'), body.ranking ?? [], (code) => {
    void drillToCode(code);
  });
  renderCategories(byId('categories'), body.categories ?? []);
  byId('ranking-title').textContent = body.rankingLevel === 'l1' ? '街道排名' : body.rankingLevel === 'l2' ? '社区排名' : '下级网格排名';
  byId('day').textContent = body.day ?? '';
}

async function start() {
  // Everything the first paint needs, at once; a missing login is asked for once (the API client shares the prompt).
  const [me, taxonomy, firstSummary] = await Promise.all([
    api.getJson('/api/me'),
    api.getJson('/api/categories').catch(() => null),
    api.getJson('/api/screen/summary'),
    loadSnapshot(true),
  ]);
  byId('who').textContent = me.username;
  for (const top of taxonomy?.topCategories ?? []) {
    for (const sub of top.subCategories ?? []) {
      categoryNames[sub.code] = sub.nameZh;
    }
  }
  path = [{code: firstSummary.scope, name: firstSummary.name ?? firstSummary.scope, level: firstSummary.level}];
  renderBreadcrumb(byId('breadcrumb'), path, (index) => {
    path = drillUp(path, index);
    void applySelection();
    if (todayTracks.layer.getVisible()) {
      void todayTracks.refresh();
    }
  });
  showSummary(firstSummary);
  void loadParty();
  setInterval(() => scheduleSummary(0), SUMMARY_REFRESH_MS);
  document.body.dataset.ready = 'true';
  // The view fits the district once its boundary is in (the grid layers load on their own).
  grid.firstLoads.district.then(() => {
    const extent = grid.layers.district.getSource()?.getExtent();
    if (path.length === 1 && extent && !isEmpty(extent)) {
      view.fit(extent, {padding: [80, 540, 80, 540]});
    }
  });
}

start().catch((error) => {
  const status = error && typeof error.status === 'number' ? error.status : 0;
  showNotice(status === 403 ? '当前账号无权查看大屏（需要城运中心、座席或管理员账号）' : `大屏加载失败：${error.message}`);
});

/** Test and benchmark hook (read-only views of the state). */
Object.assign(window, {
  __yiwangScreen: {
    markerCount: () => markers.size,
    markerLayerKind: () => kind,
    drawnMarkers: () => markerView.drawn(),
    replayMarkers: () => replaySource.getFeatures().length,
    ticker: () => ticker.map((t) => t.code),
    scope: () => path.map((g) => g.code),
    figures: () => summary && {...summary.figures},
    connection: () => live.state(),
    lastEventId: () => live.lastEventId(),
    /**
     * @param {number} lon Longitude.
     * @param {number} lat Latitude.
     * @return {Array<number>|null} Pixel of the point in the map's viewport.
     */
    pixelFor: (lon, lat) => map.getPixelFromCoordinate(fromLonLat([lon, lat])),
    view: () => view,
    map: () => map,
    patrolTracks: () => todayTracks.count(),
    statusRows: () => statusMap.rows(),
    statusPoints: () => statusMap.points(),
    party: () => ({figures: partyTotal && {...partyTotal}, compounds: party.counts()}),
  },
});
