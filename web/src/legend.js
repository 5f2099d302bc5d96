/**
 * Legend of the grid levels and the status line with loaded feature counts.
 * @module legend
 */

import {el} from './dom.js';
import {LEVEL_KEYS, getLevel} from './levels.js';

/**
 * @typedef {import('./levels.js').LevelKey} LevelKey
 */

/**
 * Renders the legend: a line swatch and the Chinese name per level.
 * @param {HTMLElement} container Legend element.
 * @param {{onHome?: function(): void}} [options] `onHome` adds a 全区 (whole district) button.
 */
export function renderLegend(container, options = {}) {
  container.classList.add('legend');
  const items = LEVEL_KEYS.map((key) => {
    const level = getLevel(key);
    const swatch = el('span', {class: 'legend__swatch', 'aria-hidden': 'true'});
    swatch.style.borderTop = `${Math.max(1, Math.round(level.width))}px ${level.lineDash ? 'dashed' : 'solid'} ${level.stroke}`;
    if (key === 'special') {
      swatch.style.background = level.fill;
    }
    return el('li', {'data-level': key}, [swatch, level.name]);
  });
  /** @type {Array<HTMLElement>} */
  const children = [el('h2', {class: 'legend__title'}, ['图例']), el('ul', {class: 'legend__list'}, items)];
  if (options.onHome) {
    const home = el('button', {type: 'button', class: 'legend__home'}, ['全区视图']);
    home.addEventListener('click', options.onHome);
    children.push(home);
  }
  container.replaceChildren(...children);
}

/**
 * @typedef {'idle'|'loading'|'loaded'|'error'} LoadState
 */

/**
 * Text of one level in the status line.
 * @param {LevelKey} key Level key.
 * @param {{count: number|null, state: LoadState}} entry Count and state.
 * @param {number} zoom Current zoom.
 * @return {string} E.g. `街道(镇) 16`, `三级网格 —（放大后加载）`, `社区(村) 加载中…`.
 */
export function statusText(key, entry, zoom) {
  const level = getLevel(key);
  if (entry.state === 'error') {
    return `${level.name} 加载失败`;
  }
  if (entry.state === 'loading' && entry.count === null) {
    return `${level.name} 加载中…`;
  }
  if (entry.count === null) {
    return zoom > level.minZoom ? `${level.name} —` : `${level.name} —（放大后加载）`;
  }
  const suffix = entry.state === 'loading' ? ' …' : '';
  return `${level.name} ${entry.count}${suffix}`;
}

/**
 * @typedef {Object} StatusLine
 * @property {function(LevelKey, LoadState, number=): void} set Updates one level's state (and count).
 * @property {function(number): void} setZoom Updates the zoom shown.
 */

/**
 * @param {HTMLElement} container Status line element.
 * @return {StatusLine} Status line.
 */
export function createStatusLine(container) {
  container.classList.add('status');
  container.setAttribute('aria-live', 'polite');
  /** @type {Map<LevelKey, {count: number|null, state: LoadState}>} */
  const entries = new Map(LEVEL_KEYS.map((key) => [key, {count: null, state: 'idle'}]));
  let zoom = 0;
  let scheduled = false;

  function render() {
    scheduled = false;
    const parts = LEVEL_KEYS.map((key) => {
      const entry = /** @type {{count: number|null, state: LoadState}} */ (entries.get(key));
      return el('span', {class: `status__item status__item--${entry.state}`, 'data-level': key}, [
        statusText(key, entry, zoom),
      ]);
    });
    parts.push(el('span', {class: 'status__zoom'}, [`缩放 ${zoom.toFixed(1)}`]));
    container.replaceChildren(el('span', {class: 'status__label'}, ['已加载：']), ...parts);
  }

  function schedule() {
    if (!scheduled) {
      scheduled = true;
      queueMicrotask(render);
    }
  }

  render();
  return {
    set(key, state, count) {
      const entry = entries.get(key);
      if (!entry) {
        return;
      }
      entry.state = state;
      if (count !== undefined) {
        entry.count = count;
      }
      schedule();
    },
    setZoom(value) {
      zoom = value;
      schedule();
    },
  };
}
