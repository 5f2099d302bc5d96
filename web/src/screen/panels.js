/**
 * The big screen's side panels: today's figures, the ranking of the
 * selection's child grids, case counts by top category, the instruction read
 * share by street, and the breadcrumb. Each function renders into an element
 * it is given and keeps no state.
 * @module screen/panels
 */

import {el} from '../dom.js';
import {LEVEL_NAMES} from './drill.js';

/**
 * @param {number|null|undefined} rate Share 0..1, or null.
 * @return {string} Percentage with one decimal, `—` without a value.
 */
export function percent(rate) {
  return typeof rate !== 'number' || !Number.isFinite(rate) ? '—' : `${(rate * 100).toFixed(1)}%`;
}

/**
 * The figures shown, computed from the summary's figures.
 * @param {any} f Summary `figures` (possibly moved on by live events).
 * @return {Array<{key: string, label: string, value: string}>} Tiles in display order.
 */
export function figureTiles(f) {
  const closureRate = f.received > 0 ? f.closedOfReceived / f.received : null;
  return [
    {key: 'received', label: '受理', value: String(f.received)},
    {key: 'closed', label: '办结', value: String(f.closed)},
    {key: 'closureRate', label: '办结率', value: percent(closureRate)},
    {key: 'onTimeRate', label: '按期办结率', value: percent(f.onTimeRate)},
    {key: 'satisfactionRate', label: '满意率', value: percent(f.satisfactionRate)},
    {key: 'overdue', label: '超期', value: String(f.overdue)},
    {key: 'sankua', label: '三跨会商', value: String(f.sankua)},
    {key: 'open', label: '在办', value: String(f.open)},
  ];
}

/**
 * @param {HTMLElement} container Element.
 * @param {any} figures Figures.
 */
export function renderFigures(container, figures) {
  container.replaceChildren(
    ...figureTiles(figures).map((tile) =>
      el('div', {class: `fig fig--${tile.key}`, 'data-figure': tile.key}, [
        el('span', {class: 'fig__value'}, [tile.value]),
        el('span', {class: 'fig__label'}, [tile.label]),
      ]),
    ),
  );
}

/**
 * @param {HTMLElement} container Element.
 * @param {Array<{code: string, name: string, received: number, closed: number, closureRate: number|null, overdue: number}>} rows Ranking.
 * @param {function(string): void} onPick Called with a row's code when clicked.
 */
export function renderRanking(container, rows, onPick) {
  const max = Math.max(1, ...rows.map((r) => r.received));
  container.replaceChildren(
    ...rows.slice(0, 16).map((row, i) => {
      const item = el('li', {class: 'rank__row', 'data-code': row.code, title: `${row.name}：受理 ${row.received}，办结 ${row.closed}，超期 ${row.overdue}`}, [
        el('span', {class: 'rank__no'}, [String(i + 1)]),
        el('span', {class: 'rank__name'}, [row.name]),
        el('span', {class: 'rank__bar'}, [el('span', {style: `width:${(100 * row.received) / max}%`})]),
        el('span', {class: 'rank__value'}, [String(row.received)]),
        el('span', {class: 'rank__rate'}, [percent(row.closureRate)]),
      ]);
      item.addEventListener('click', () => onPick(row.code));
      return item;
    }),
  );
}

/**
 * @param {HTMLElement} container Element.
 * @param {Array<{code: string, name: string, count: number}>} rows Counts by top category.
 */
export function renderCategories(container, rows) {
  const max = Math.max(1, ...rows.map((r) => r.count));
  container.replaceChildren(
    ...rows.map((row) =>
      el('li', {class: 'cat__row'}, [
        el('span', {class: 'cat__name'}, [row.name]),
        el('span', {class: 'cat__bar'}, [el('span', {style: `width:${(100 * row.count) / max}%`})]),
        el('span', {class: 'cat__value'}, [String(row.count)]),
      ]),
    ),
  );
  if (!rows.length) {
    container.replaceChildren(el('li', {class: 'empty'}, ['今日暂无受理']));
  }
}

/**
 * @param {HTMLElement} container Element.
 * @param {any} instruction `GET /api/instructions/{id}` (sender view), or null to hide.
 */
export function renderInstruction(container, instruction) {
  if (!instruction) {
    container.hidden = true;
    return;
  }
  container.hidden = false;
  const streets = Array.isArray(instruction.byStreet) ? instruction.byStreet : [];
  container.replaceChildren(
    el('h2', {}, ['指令阅读']),
    el('p', {class: 'instr__title'}, [`「${instruction.title}」 已读 ${instruction.read}/${instruction.recipients}（${percent(instruction.readShare)}）`]),
    el(
      'ul',
      {class: 'instr__streets'},
      streets.map((/** @type {any} */ s) =>
        el('li', {'data-code': s.code}, [
          el('span', {class: 'instr__name'}, [s.name]),
          el('span', {class: 'rank__bar'}, [el('span', {style: `width:${100 * (s.readShare ?? 0)}%`})]),
          el('span', {class: 'instr__share'}, [percent(s.readShare)]),
        ]),
      ),
    ),
  );
}

/**
 * @param {HTMLElement} container Element.
 * @param {Array<import('./drill.js').GridRef>} path Selection.
 * @param {function(number): void} onPick Called with the index of the entry clicked.
 */
export function renderBreadcrumb(container, path, onPick) {
  const items = path.map((g, i) => {
    const last = i === path.length - 1;
    const node = el(last ? 'span' : 'button', last ? {class: 'crumb crumb--current'} : {type: 'button', class: 'crumb', 'data-index': String(i)}, [
      g.name || g.code,
    ]);
    if (!last) {
      node.addEventListener('click', () => onPick(i));
    }
    return node;
  });
  const current = path[path.length - 1];
  const hint = current ? LEVEL_NAMES[/** @type {keyof typeof LEVEL_NAMES} */ (current.level)] ?? '' : '';
  container.replaceChildren(...items.flatMap((node, i) => (i ? [el('span', {class: 'crumb__sep'}, ['›']), node] : [node])), el('span', {class: 'crumb__level'}, [hint]));
}

/**
 * @typedef {Object} TickerItem
 * @property {number} id Case id.
 * @property {string} code Case code.
 * @property {string|null} category Category name.
 * @property {string|null} grid Grid name.
 * @property {string} createdAt ISO-8601.
 */

/**
 * Puts an item on top of the ticker list (once per case), keeping `max` items.
 * @param {Array<TickerItem>} items Current items, newest first.
 * @param {TickerItem} item New item.
 * @param {number} [max] Length kept.
 * @return {Array<TickerItem>} The new list.
 */
export function pushTicker(items, item, max = 30) {
  if (items.some((i) => i.id === item.id)) {
    return items;
  }
  return [item, ...items].slice(0, max);
}

/**
 * @param {string} iso ISO-8601 time.
 * @return {string} `HH:MM:SS` in Beijing time.
 */
export function clockTime(iso) {
  const at = new Date(Date.parse(iso) + 8 * 3600 * 1000);
  return [at.getUTCHours(), at.getUTCMinutes(), at.getUTCSeconds()].map((n) => String(n).padStart(2, '0')).join(':');
}

/**
 * @param {HTMLElement} container `ul` element.
 * @param {Array<TickerItem>} items Newest first.
 * @param {number|null} fresh Id of a case that just arrived (animated).
 */
export function renderTicker(container, items, fresh) {
  container.replaceChildren(
    ...items.map((item) =>
      el('li', {class: item.id === fresh ? 'tick tick--new' : 'tick', 'data-code': item.code}, [
        el('span', {class: 'tick__time'}, [clockTime(item.createdAt)]),
        el('span', {class: 'tick__code'}, [item.code]),
        el('span', {class: 'tick__cat'}, [item.category ?? '']),
        el('span', {class: 'tick__grid'}, [item.grid ?? '']),
      ]),
    ),
  );
}
