/**
 * 开始巡查 / 结束巡查 on the phone page: starts and stops the worker's patrol
 * (`POST /api/patrol/start`, `/stop`) and, while it runs, watches the
 * browser's position and sends the fixes in batches to
 * `POST /api/patrol/points` (every 30 s, or at 20 fixes, and at the stop).
 * Fixes that fail to send stay queued and go with the next batch.
 * @module worker/patrolSwitch
 */

import {el} from '../dom.js';

const BATCH_MS = 30_000;
const BATCH_FIXES = 20;

/**
 * @typedef {Object} PatrolFixOut
 * @property {string} time ISO-8601.
 * @property {number} lon Longitude.
 * @property {number} lat Latitude.
 * @property {number|undefined} accuracy Metres.
 * @property {number|undefined} speed Metres per second.
 */

/**
 * @param {HTMLElement} container Where the button goes.
 * @param {{api: import('../api.js').Api, crs: function(): string, say: function(string, ('info'|'warn')=): void}} options API client, coordinate system of the browser's fixes, notice.
 * @return {{refresh: function(): Promise<void>, running: function(): boolean, queued: function(): number, flush: function(): Promise<void>}} Switch.
 */
export function createPatrolSwitch(container, {api, crs, say}) {
  const button = el('button', {type: 'button', class: 'wk-patrol__button', disabled: ''}, ['开始巡查']);
  const status = el('span', {class: 'wk-patrol__status'});
  container.replaceChildren(button, status);
  let running = false;
  /** @type {string|null} */
  let deviceId = null;
  /** @type {Array<PatrolFixOut>} */
  let queue = [];
  /** @type {number|null} */
  let watch = null;
  /** @type {ReturnType<typeof setInterval>|null} */
  let timer = null;
  let sent = 0;

  /** @param {any} state Answer of the duty endpoints. */
  function show(state) {
    running = Boolean(state.onPatrol);
    deviceId = state.deviceId ?? null;
    button.textContent = running ? '结束巡查' : '开始巡查';
    button.removeAttribute('disabled');
    status.textContent = running
      ? `巡查中（已上传 ${sent} 个定位）`
      : state.inShift
        ? `班内 ${state.shift}，定位照常记录`
        : '未在巡查：不记录位置';
    running ? track() : untrack();
  }

  function track() {
    if (watch === null && navigator.geolocation) {
      watch = navigator.geolocation.watchPosition(
        (p) => {
          queue.push({
            time: new Date(p.timestamp).toISOString(),
            lon: p.coords.longitude,
            lat: p.coords.latitude,
            accuracy: p.coords.accuracy ?? undefined,
            speed: p.coords.speed ?? undefined,
          });
          if (queue.length >= BATCH_FIXES) {
            void flush();
          }
        },
        () => say('无法获取定位：请允许本页使用位置信息', 'warn'),
        {enableHighAccuracy: true, maximumAge: 5000},
      );
    }
    if (timer === null) {
      timer = setInterval(() => void flush(), BATCH_MS);
    }
  }

  function untrack() {
    if (watch !== null) {
      navigator.geolocation.clearWatch(watch);
      watch = null;
    }
    if (timer !== null) {
      clearInterval(timer);
      timer = null;
    }
  }

  async function flush() {
    if (queue.length === 0 || !deviceId) {
      return;
    }
    const batch = queue;
    queue = [];
    try {
      const answer = await api.send('/api/patrol/points', {method: 'POST', json: {deviceId, crs: crs(), points: batch}});
      sent += Number(answer.body?.accepted ?? 0);
      if (running) {
        status.textContent = `巡查中（已上传 ${sent} 个定位）`;
      }
    } catch {
      queue = batch.concat(queue);
    }
  }

  button.addEventListener('click', async () => {
    button.setAttribute('disabled', '');
    try {
      if (running) {
        await flush();
      }
      show((await api.send(running ? '/api/patrol/stop' : '/api/patrol/start', {method: 'POST'})).body);
      say(running ? '已开始巡查，位置将按批上传' : '已结束巡查');
    } catch (error) {
      button.removeAttribute('disabled');
      say(`操作失败：${error instanceof Error ? error.message : String(error)}`, 'warn');
    }
  });

  async function refresh() {
    try {
      show(await api.getJson('/api/patrol/duty'));
    } catch (error) {
      status.textContent = `巡查状态未知：${error instanceof Error ? error.message : String(error)}`;
    }
  }

  return {refresh, running: () => running, queued: () => queue.length, flush};
}
