/**
 * 巡查回放: pick a worker of one's scope and a day, draw the track coloured by
 * speed or by inside/outside the worker's own grid, and move a marker along it
 * with a time slider (play/pause, speed). Reads `GET /api/patrol/workers` and
 * `GET /api/patrol/tracks/{username}?date=` (audited by the server); then the
 * day's analysis (`GET /api/patrol/days/{username}/{date}`) draws the covered
 * part of the worker's grid and the stops under the track.
 * @module patrol/PlaybackPanel
 */

import Feature from 'ol/Feature.js';
import GeoJSON from 'ol/format/GeoJSON.js';
import LineString from 'ol/geom/LineString.js';
import Point from 'ol/geom/Point.js';
import VectorLayer from 'ol/layer/Vector.js';
import {fromLonLat, toLonLat} from 'ol/proj.js';
import VectorSource from 'ol/source/Vector.js';
import CircleStyle from 'ol/style/Circle.js';
import Fill from 'ol/style/Fill.js';
import Stroke from 'ol/style/Stroke.js';
import Style from 'ol/style/Style.js';
import {el} from '../dom.js';
import {clock, positionAt, segmentSpeed, speedColor, trackLengthMeters} from './track.js';

/** @typedef {import('./track.js').Track} Track */

/**
 * @typedef {Object} PlaybackState
 * @property {string|null} worker Username shown.
 * @property {number} count Fixes drawn.
 * @property {number} segments Track segments drawn.
 * @property {number} lengthMeters Length of the drawn track.
 * @property {number|null} time Slider time, epoch seconds.
 * @property {Array<number>|null} marker Marker position, lon/lat.
 * @property {boolean} playing Whether it plays.
 * @property {string} colorBy `speed` or `grid`.
 * @property {boolean} analysed Whether the day's analysis is drawn.
 * @property {number} stops Stops drawn.
 * @property {boolean} coverage Whether the covered area is drawn.
 * @property {number|null} coverageShare The analysis's coverage share of the own grid.
 */

const OUTSIDE = '#c0392b';
const INSIDE = '#2e86c1';

/**
 * @param {HTMLElement} container Panel element.
 * @param {{map: import('ol/Map.js').default, api: ReturnType<typeof import('../api.js').createApi>, banner: ReturnType<typeof import('../banner.js').createErrorBanner>}} options Map, API client, banner.
 * @return {{open: function(string, string): Promise<void>, state: function(): PlaybackState, seek: function(number): void, layer: VectorLayer}} Panel API.
 */
export function createPlaybackPanel(container, {map, api, banner}) {
  const source = new VectorSource();
  const layer = new VectorLayer({source, zIndex: 50, properties: {name: 'patrol-playback'}});
  map.addLayer(layer);
  // The day's analysis, under the track: covered area of the own grid and the stops.
  const analysisSource = new VectorSource();
  map.addLayer(new VectorLayer({source: analysisSource, zIndex: 49, properties: {name: 'patrol-analysis'}}));
  /** @type {any} */
  let analysis = null;
  const marker = new Feature();
  marker.setStyle(
    new Style({
      image: new CircleStyle({radius: 7, fill: new Fill({color: '#f1c40f'}), stroke: new Stroke({color: '#1b2631', width: 2})}),
      zIndex: 10,
    }),
  );
  const format = new GeoJSON();

  /** @type {Track|null} */
  let track = null;
  /** @type {import('ol/Feature.js').default|null} */
  let gridFeature = null;
  let segments = 0;
  let lengthMeters = 0;
  /** @type {number|null} */
  let time = null;
  /** @type {number|null} */
  let timer = null;

  const toggle = el('button', {type: 'button', class: 'patrol__toggle', 'aria-expanded': 'false'}, ['巡查回放']);
  const search = el('input', {type: 'search', name: 'worker', placeholder: '搜索网格员（账号或姓名）', list: 'patrol-workers', autocomplete: 'off'});
  const options = el('datalist', {id: 'patrol-workers'});
  const day = el('input', {type: 'date', name: 'day'});
  const show = el('button', {type: 'button', class: 'patrol__show'}, ['回放']);
  const colorBy = el('select', {name: 'colorBy', 'aria-label': '轨迹着色'}, [
    el('option', {value: 'speed'}, ['按速度着色']),
    el('option', {value: 'grid'}, ['按是否在本网格']),
  ]);
  const slider = el('input', {type: 'range', name: 'time', min: '0', max: '0', step: '1', value: '0', disabled: '', 'aria-label': '时间'});
  const play = el('button', {type: 'button', class: 'patrol__play', disabled: ''}, ['播放']);
  const rate = el('select', {name: 'rate', 'aria-label': '播放速度'}, [
    el('option', {value: '30'}, ['30倍']),
    el('option', {value: '120', selected: ''}, ['120倍']),
    el('option', {value: '600'}, ['600倍']),
  ]);
  const summary = el('p', {class: 'patrol__summary', 'aria-live': 'polite'}, ['选择网格员和日期后回放。']);
  const now = el('p', {class: 'patrol__now'});
  const body = el('div', {class: 'patrol__body', hidden: ''}, [
    el('label', {}, ['网格员 ', search]),
    options,
    el('label', {}, ['日期 ', day]),
    el('div', {class: 'patrol__row'}, [show, colorBy]),
    el('div', {class: 'patrol__row'}, [play, rate]),
    slider,
    now,
    summary,
  ]);
  container.append(toggle, body);
  /** @type {HTMLInputElement} */ (day).value = new Date(Date.now() + 8 * 3600e3).toISOString().slice(0, 10);

  toggle.addEventListener('click', () => {
    const open = body.hidden;
    body.hidden = !open;
    toggle.setAttribute('aria-expanded', String(open));
    layer.setVisible(open);
    if (open) {
      loadWorkers('');
    } else {
      pause();
    }
  });

  let searchTimer = 0;
  search.addEventListener('input', () => {
    clearTimeout(searchTimer);
    searchTimer = window.setTimeout(() => loadWorkers(/** @type {HTMLInputElement} */ (search).value), 250);
  });

  /**
   * @param {string} q Search text.
   */
  async function loadWorkers(q) {
    try {
      const list = /** @type {Array<{username: string, name: string, ownGrid: string|null}>} */ (
        await api.getJson(`/api/patrol/workers?limit=50&q=${encodeURIComponent(q.trim())}`)
      );
      options.replaceChildren(...list.map((w) => el('option', {value: w.username}, [`${w.name}（${w.ownGrid ?? ''}）`])));
      banner.clear('patrol');
    } catch (error) {
      banner.show('patrol', `加载网格员列表失败：${error instanceof Error ? error.message : String(error)}`, () => loadWorkers(q));
    }
  }

  show.addEventListener('click', () => {
    const username = /** @type {HTMLInputElement} */ (search).value.trim();
    if (!username) {
      summary.textContent = '请先选择网格员。';
      return;
    }
    open(username, /** @type {HTMLInputElement} */ (day).value);
  });
  colorBy.addEventListener('change', () => track && draw());
  slider.addEventListener('input', () => seek(Number(/** @type {HTMLInputElement} */ (slider).value)));
  play.addEventListener('click', () => (timer === null ? start() : pause()));

  /**
   * Loads and draws a worker's day.
   * @param {string} username Worker.
   * @param {string} date YYYY-MM-DD.
   * @return {Promise<void>} Settles when drawn (or the error shown).
   */
  async function open(username, date) {
    pause();
    summary.textContent = '加载中…';
    try {
      track = /** @type {Track} */ (
        await api.getJson(`/api/patrol/tracks/${encodeURIComponent(username)}?date=${encodeURIComponent(date)}`)
      );
    } catch (error) {
      track = null;
      source.clear();
      summary.textContent = `无法回放：${error instanceof Error ? error.message : String(error)}`;
      return;
    }
    gridFeature = track.grid
      ? /** @type {import('ol/Feature.js').default} */ (
          format.readFeature({type: 'Feature', geometry: track.grid.boundary, properties: {}}, {featureProjection: map.getView().getProjection()})
        )
      : null;
    draw();
    void loadAnalysis(username, date);
    if (track.count === 0) {
      summary.textContent = `${track.worker.name} 在 ${date} 没有巡查轨迹。`;
      return;
    }
    const view = map.getView();
    const extent = source.getExtent();
    if (extent) {
      view.fit(extent, {padding: [80, 360, 60, 60], maxZoom: 18});
    }
    /** @type {HTMLInputElement} */ (slider).min = String(track.t[0]);
    /** @type {HTMLInputElement} */ (slider).max = String(track.t[track.count - 1]);
    slider.removeAttribute('disabled');
    play.removeAttribute('disabled');
    seek(track.t[0]);
    summary.textContent = `${track.worker.name}：${track.count} 个定位点，${clock(track.t[0])}–${clock(track.t[track.count - 1])}，轨迹 ${(lengthMeters / 1000).toFixed(2)} 公里` +
      (track.grid ? `，本网格 ${track.grid.name}` : '');
  }

  /**
   * Reads and draws the day's analysis; without it (an error, no access) the track stays alone.
   * @param {string} username Worker.
   * @param {string} date YYYY-MM-DD.
   */
  async function loadAnalysis(username, date) {
    analysis = null;
    analysisSource.clear();
    let body;
    try {
      body = await api.getJson(`/api/patrol/days/${encodeURIComponent(username)}/${encodeURIComponent(date)}`);
    } catch {
      return;
    }
    if (!track || track.worker.username !== username) {
      return; // another day was opened meanwhile
    }
    analysis = body;
    const projection = map.getView().getProjection();
    if (body.coverage) {
      const covered = /** @type {import('ol/Feature.js').default} */ (
        format.readFeature({type: 'Feature', geometry: body.coverage.geometry ?? body.coverage, properties: {}}, {featureProjection: projection})
      );
      covered.setStyle(new Style({fill: new Fill({color: 'rgba(39,174,96,0.28)'}), stroke: new Stroke({color: 'rgba(39,174,96,0.6)', width: 1})}));
      analysisSource.addFeature(covered);
    }
    for (const stop of body.detail?.stops ?? []) {
      const minutes = Math.round((stop.toMillis - stop.fromMillis) / 60000);
      const f = new Feature(new Point(fromLonLat([stop.lon, stop.lat], projection)));
      f.setStyle(new Style({image: new CircleStyle({radius: 9, fill: new Fill({color: 'rgba(230,126,34,0.85)'}), stroke: new Stroke({color: '#fff', width: 2})})}));
      f.set('title', `停留 ${minutes} 分钟${stop.building ? `（${stop.building}）` : ''}`);
      f.set('kind', 'stop');
      analysisSource.addFeature(f);
    }
    const share = typeof body.coverageShare === 'number' ? `，网格覆盖率 ${(body.coverageShare * 100).toFixed(1)}%` : '';
    const stops = (body.detail?.stops ?? []).length;
    summary.textContent = `${summary.textContent}${share}，停留 ${stops} 处`;
  }

  /** Draws the grid outline and the coloured segments of the current track. */
  function draw() {
    source.clear();
    segments = 0;
    lengthMeters = 0;
    if (!track) {
      return;
    }
    const projection = map.getView().getProjection();
    if (gridFeature) {
      gridFeature.setStyle(new Style({stroke: new Stroke({color: '#8e44ad', width: 3, lineDash: [8, 6]}), fill: new Fill({color: 'rgba(142,68,173,0.06)'})}));
      source.addFeature(gridFeature);
    }
    const byGrid = /** @type {HTMLSelectElement} */ (colorBy).value === 'grid';
    const gridGeometry = gridFeature?.getGeometry();
    const points = [];
    for (let i = 0; i < track.count; i++) {
      points.push(fromLonLat([track.lon[i], track.lat[i]], projection));
    }
    for (let i = 0; i + 1 < track.count; i++) {
      const color = byGrid
        ? gridGeometry && gridGeometry.intersectsCoordinate(points[i]) ? INSIDE : OUTSIDE
        : speedColor(segmentSpeed(track, i));
      const segment = new Feature(new LineString([points[i], points[i + 1]]));
      segment.setStyle(new Style({stroke: new Stroke({color, width: 4})}));
      source.addFeature(segment);
      segments++;
    }
    lengthMeters = trackLengthMeters(track);
    source.addFeature(marker);
    if (time !== null) {
      seek(time);
    }
  }

  /**
   * Moves the marker to a time.
   * @param {number} t Epoch seconds.
   */
  function seek(t) {
    if (!track || track.count === 0) {
      return;
    }
    time = Math.min(Math.max(t, track.t[0]), track.t[track.count - 1]);
    /** @type {HTMLInputElement} */ (slider).value = String(time);
    const p = positionAt(track, time);
    marker.setGeometry(new Point(fromLonLat([p.lon, p.lat], map.getView().getProjection())));
    const speed = track.speed[p.index];
    now.textContent = `${clock(time)}  ${speed === null || speed === undefined ? '速度未知' : `${speed.toFixed(1)} 米/秒`}`;
  }

  function start() {
    if (!track || track.count === 0) {
      return;
    }
    if (time !== null && time >= track.t[track.count - 1]) {
      seek(track.t[0]);
    }
    play.textContent = '暂停';
    let last = performance.now();
    timer = window.setInterval(() => {
      const current = performance.now();
      const step = ((current - last) / 1000) * Number(/** @type {HTMLSelectElement} */ (rate).value);
      last = current;
      if (!track || time === null) {
        return;
      }
      seek(time + step);
      if (time >= track.t[track.count - 1]) {
        pause();
      }
    }, 100);
  }

  function pause() {
    if (timer !== null) {
      clearInterval(timer);
      timer = null;
    }
    play.textContent = '播放';
  }

  /** @return {PlaybackState} What is drawn, for tests. */
  function state() {
    const geometry = /** @type {Point|undefined} */ (marker.getGeometry());
    return {
      worker: track?.worker.username ?? null,
      count: track?.count ?? 0,
      segments,
      lengthMeters,
      time,
      marker: geometry ? toLonLat(geometry.getCoordinates(), map.getView().getProjection()) : null,
      playing: timer !== null,
      colorBy: /** @type {HTMLSelectElement} */ (colorBy).value,
      analysed: analysis !== null,
      stops: analysisSource.getFeatures().filter((f) => f.get('kind') === 'stop').length,
      coverage: analysisSource.getFeatures().some((f) => f.get('kind') !== 'stop'),
      coverageShare: analysis && typeof analysis.coverageShare === 'number' ? analysis.coverageShare : null,
    };
  }

  return {open, state, seek, layer};
}
