/**
 * Where the problem is: the phone's position with its accuracy, the system it
 * is in (preselected from the user agent, always changeable), typed-in
 * coordinates when locating is impossible, and the grid the point falls in
 * (`GET /api/grids/at`), shown before the report is sent.
 * @module worker/locationField
 */

import {el} from '../dom.js';
import {crsLabel} from './crs.js';
import {createCrsSelect} from './crsSelect.js';
import {fieldRow, uniqueId} from './form.js';
import {accuracyText, locate} from './geolocation.js';
import {errorText} from './problems.js';

/**
 * @typedef {import('./draft.js').DraftLocation} DraftLocation
 * @typedef {import('./crs.js').CrsKey} CrsKey
 */

/**
 * @typedef {Object} LocationField
 * @property {HTMLElement} element The field row.
 * @property {function(): void} locateNow Asks the phone for a fix.
 * @property {function(DraftLocation|null, CrsKey): void} set Shows a position (a restored draft).
 * @property {function(Array<string>|undefined): void} showErrors Messages for the field.
 */

/**
 * @param {any} at Body of `GET /api/grids/at`.
 * @return {string} `淮河路街道 › 兴华街社区 › 第1网格 › 微网格3`, or why there is none.
 */
export function describeGridChain(at) {
  const chain = Array.isArray(at?.chain) ? at.chain : [];
  if (!at || !at.assigned || !chain.length) {
    return '该位置不在任何网格内：提交后由城运中心人工分派';
  }
  // The chain runs micro → district; the district is the same for everyone here.
  const names = chain
    .filter((/** @type {any} */ g) => g.level !== 'district')
    .map((/** @type {any} */ g) => g.name)
    .reverse();
  let text = names.join(' › ');
  if (typeof at.snappedMeters === 'number' && at.snappedMeters > 0) {
    text += `（在网格外 ${Math.round(at.snappedMeters)} 米，已就近归入）`;
  }
  const special = Array.isArray(at.special) ? at.special : [];
  if (special.length) {
    text += `；专属网格：${special.map((/** @type {any} */ g) => g.name).join('、')}`;
  }
  return text;
}

/**
 * @param {Object} options Options.
 * @param {{send: function(string, import('../api.js').SendInit): Promise<import('../api.js').SendResult>}} options.api API client.
 * @param {CrsKey} options.crs Preselected system.
 * @param {string|null} options.shell Name of the GCJ-02 shell the page runs in, if any.
 * @param {function(DraftLocation|null, CrsKey): void} options.onChange Called with every new position or system.
 * @param {boolean} [options.required] Marked as required.
 * @return {LocationField} The field.
 */
export function createLocationField(options) {
  /** @type {DraftLocation|null} */
  let location = null;
  /** @type {CrsKey} */
  let crs = options.crs;
  /** @type {AbortController|null} */
  let resolving = null;

  const position = el('p', {class: 'wk-loc__position', 'data-role': 'position'}, ['尚未定位']);
  const message = el('p', {class: 'wk-loc__message', role: 'alert'});
  message.hidden = true;
  const grid = el('p', {class: 'wk-loc__grid', 'data-role': 'grid', 'aria-live': 'polite'});
  grid.hidden = true;
  const locateButton = el('button', {type: 'button', class: 'wk-button', name: 'locate'}, ['定位']);
  const crsId = uniqueId('crs');
  const select = createCrsSelect(
    crs,
    (value) => {
      crs = value;
      render();
      options.onChange(location, crs);
      resolveGrid();
    },
    crsId,
  );
  const lon = el('input', {type: 'text', inputmode: 'decimal', name: 'manualLon', class: 'wk-input', placeholder: '经度，如 113.6412'});
  const lat = el('input', {type: 'text', inputmode: 'decimal', name: 'manualLat', class: 'wk-input', placeholder: '纬度，如 34.7361'});
  const useManual = el('button', {type: 'button', class: 'wk-button wk-button--ghost', name: 'useManual'}, ['使用此坐标']);
  const manual = el('details', {class: 'wk-loc__manual'}, [
    el('summary', {}, ['无法定位？手动输入坐标']),
    el('p', {class: 'wk-field__hint'}, ['可从地图应用中长按取点后复制坐标，并在上方选择对应的坐标系（高德、腾讯、微信为 GCJ-02，百度为 BD-09）。']),
    lon,
    lat,
    useManual,
  ]);
  const crsRow = el('div', {class: 'wk-loc__crs'}, [
    el('label', {for: crsId}, ['坐标系']),
    select,
  ]);
  const hint = options.shell
    ? `检测到在${options.shell}中打开，已预选 GCJ-02；如定位明显偏移，请改选 WGS84。`
    : '浏览器定位一般为 WGS84；在微信、高德中打开时请选 GCJ-02。';
  const control = el('div', {class: 'wk-loc'}, [
    el('div', {class: 'wk-loc__row'}, [position, locateButton]),
    crsRow,
    message,
    grid,
    manual,
  ]);
  const row = fieldRow('location', '位置', control, {required: options.required, hint});

  function render() {
    if (!location) {
      position.textContent = '尚未定位';
      return;
    }
    const how = location.source === 'manual' ? '手动输入' : accuracyText(location.accuracy);
    position.textContent = `经度 ${location.lon.toFixed(6)}，纬度 ${location.lat.toFixed(6)}（${crsLabel(crs).split('（')[0]}，${how}）`;
  }

  async function resolveGrid() {
    resolving?.abort();
    if (!location) {
      grid.hidden = true;
      return;
    }
    const controller = new AbortController();
    resolving = controller;
    grid.hidden = false;
    grid.textContent = '正在查询所在网格…';
    grid.className = 'wk-loc__grid';
    const params = new URLSearchParams({lon: String(location.lon), lat: String(location.lat), crs});
    try {
      // Plain JSON only: a client preferring GeoJSON is routed to /api/grids/{code} with code "at".
      const at = (
        await options.api.send(`/api/grids/at?${params}`, {headers: {Accept: 'application/json'}, signal: controller.signal})
      ).body;
      if (resolving !== controller) {
        return;
      }
      grid.textContent = `所在网格：${describeGridChain(at)}`;
      grid.dataset.micro = at.assigned && at.chain?.length ? at.chain[0].code : '';
      grid.classList.toggle('wk-loc__grid--none', !at.assigned);
    } catch (error) {
      if (error instanceof Error && error.name === 'AbortError') {
        return;
      }
      grid.textContent = `暂时查不到所在网格（${errorText(error)}），不影响上报。`;
      grid.dataset.micro = '';
    }
  }

  /**
   * @param {DraftLocation} next Position.
   */
  function accept(next) {
    location = next;
    message.hidden = true;
    row.showErrors(undefined);
    render();
    options.onChange(location, crs);
    resolveGrid();
  }

  function locateNow() {
    locateButton.disabled = true;
    locateButton.textContent = '定位中…';
    locate().then(
      (fix) => accept({lon: fix.lon, lat: fix.lat, accuracy: fix.accuracy, source: 'gps', at: fix.at}),
      (error) => {
        message.textContent = errorText(error);
        message.hidden = false;
        manual.open = true;
      },
    ).finally(() => {
      locateButton.disabled = false;
      locateButton.textContent = location ? '重新定位' : '定位';
    });
  }

  locateButton.addEventListener('click', locateNow);
  useManual.addEventListener('click', () => {
    const x = Number(lon.value.trim());
    const y = Number(lat.value.trim());
    if (!lon.value.trim() || !lat.value.trim() || !Number.isFinite(x) || !Number.isFinite(y) || Math.abs(x) > 180 || Math.abs(y) > 90) {
      row.showErrors(['请输入有效的经度（-180 到 180）和纬度（-90 到 90）']);
      return;
    }
    accept({lon: x, lat: y, accuracy: null, source: 'manual', at: new Date().toISOString()});
  });

  return {
    element: row.element,
    locateNow,
    set(next, nextCrs) {
      location = next;
      crs = nextCrs;
      select.value = crs;
      locateButton.textContent = location ? '重新定位' : '定位';
      render();
      resolveGrid();
    },
    showErrors: row.showErrors,
  };
}
