/**
 * The information panel shown after a click: a grid (名称, 编码, 层级, 上级,
 * 面积), a case (编码, 状态, 类别, 紧急程度, 期限, 所属网格; read from
 * `/api/cases/{id}`, which masks personal fields) or, in the 3D view, a
 * building (名称, 小区, 用途, 层数, 高度, 户数, 所属微网格).
 * @module info
 */

import {useName} from './buildings.js';
import {caseLine} from './caseMarkers.js';
import {urgencyName} from './cases.js';
import {el} from './dom.js';
import {formatArea, formatChain, formatCount, formatHeight} from './format.js';
import {levelName} from './levels.js';

/**
 * @typedef {Object} InfoPanel
 * @property {function(Record<string, any>, Promise<Array<import('./api.js').Ancestor>>): Promise<void>} show
 *   Shows a grid's properties; the parent chain is filled in when `ancestors` resolves.
 * @property {function(import('./api.js').BuildingProperties, Promise<import('./api.js').GridFeature>|null, (Promise<import('./api.js').BuildingCases>|null)=): Promise<void>} showBuilding
 *   Shows a building; its micro grid's name is filled in when `microGrid` resolves (`null`: no micro grid), its open
 *   cases when `cases` resolves (`null` or absent: not signed in, the row says so).
 * @property {function(import('./caseMarkers.js').CaseItem): void} showCase Shows a case (编号, 类别, 状态, 楼层).
 * @property {function(Promise<Record<string, any>>): Promise<void>} showCaseView
 *   Shows a case once `caseView` (the answer of `GET /api/cases/{id}`) resolves.
 * @property {function(): void} hide Hides the panel.
 */

/**
 * @param {string} label Row label.
 * @param {Node|string} value Row value.
 * @param {string} field `data-field` attribute (for tests and styling).
 * @return {Array<HTMLElement>} `dt` and `dd`.
 */
function row(label, value, field) {
  return [el('dt', {}, [label]), el('dd', {'data-field': field}, [value])];
}

/**
 * @param {string} title Panel title.
 * @param {HTMLElement} close Close button.
 * @param {Array<HTMLElement>} rows Rows from {@link row}.
 * @param {boolean} generated Whether to show the 示例数据（生成） badge.
 * @param {string} what `网格` or `建筑`, for the badge's tooltip.
 * @return {Array<HTMLElement>} Panel content.
 */
function panelContent(title, close, rows, generated, what) {
  /** @type {Array<HTMLElement>} */
  const parts = [
    el('header', {class: 'info__header'}, [el('h2', {class: 'info__title'}, [title]), close]),
  ];
  if (generated) {
    parts.push(
      el('p', {class: 'info__generated', title: `该${what}为演示用生成数据，并非真实${what === '网格' ? '划分' : '建筑'}`}, [
        '示例数据（生成）',
      ]),
    );
  }
  parts.push(el('dl', {class: 'info__rows'}, rows));
  return parts;
}

/**
 * @param {HTMLElement} container Panel element (hidden until `show`).
 * @param {{onClose?: function(): void}} [options] Options.
 * @return {InfoPanel} Panel.
 */
export function createInfoPanel(container, options = {}) {
  container.classList.add('info');
  container.setAttribute('aria-live', 'polite');
  container.hidden = true;
  /** Incremented on every `show`, so a late response can't overwrite a newer selection. */
  let generation = 0;

  function hide() {
    generation++;
    container.hidden = true;
    container.replaceChildren();
  }

  /** @return {HTMLElement} The × button. */
  function closeButton() {
    const close = el('button', {type: 'button', class: 'info__close', 'aria-label': '关闭'}, ['×']);
    close.addEventListener('click', () => {
      hide();
      options.onClose?.();
    });
    return close;
  }

  /**
   * Fills `target` when `promise` resolves, unless another selection was shown meanwhile.
   * @template T
   * @param {number} current Generation of the selection.
   * @param {HTMLElement} target Element showing 加载中….
   * @param {Promise<T>} promise Pending value.
   * @param {function(T): string} format Text of the value.
   * @param {string} failure Prefix of the error text.
   */
  async function fillLater(current, target, promise, format, failure) {
    try {
      const value = await promise;
      if (current === generation) {
        target.className = '';
        target.textContent = format(value);
      }
    } catch (error) {
      if (current === generation) {
        target.className = 'info__error';
        target.textContent = `${failure}：${error instanceof Error ? error.message : String(error)}`;
      }
    }
  }

  return {
    hide,
    async show(properties, ancestors) {
      const current = ++generation;
      const chain = el('span', {class: 'info__pending'}, ['加载中…']);
      const rows = [
        ...row('名称', String(properties.name ?? '—'), 'name'),
        ...row('编码', String(properties.code ?? '—'), 'code'),
        ...row('层级', levelName(properties.level), 'level'),
        ...row('上级', chain, 'parents'),
        ...row('面积', formatArea(properties.areaSqm), 'area'),
      ];
      if (properties.kind) {
        rows.push(...row('类型', String(properties.kind), 'kind'));
      }
      container.replaceChildren(
        ...panelContent(String(properties.name ?? '网格'), closeButton(), rows, properties.generated === true, '网格'),
      );
      container.hidden = false;
      await fillLater(current, chain, ancestors, formatChain, '无法加载上级');
    },
    showCase(item) {
      ++generation;
      const floor = item.location?.floor;
      const rows = [
        ...row('编号', String(item.code), 'code'),
        ...row('类别', String(item.category?.name ?? item.category?.code ?? '—'), 'category'),
        ...row('状态', String(item.statusName ?? item.status), 'status'),
        ...row('楼层', typeof floor === 'number' ? `${floor} 层` : '—', 'floor'),
      ];
      container.replaceChildren(...panelContent(String(item.category?.name ?? '案件'), closeButton(), rows, false, '案件'));
      container.hidden = false;
    },
    async showCaseView(caseView) {
      const current = ++generation;
      container.replaceChildren(
        ...panelContent('事件', closeButton(), [...row('编码', el('span', {class: 'info__pending'}, ['加载中…']), 'code')], false, '事件'),
      );
      container.hidden = false;
      try {
        const c = await caseView;
        if (current !== generation) {
          return;
        }
        const category = c.category ?? {};
        const rows = [
          ...row('编码', String(c.code ?? '—'), 'code'),
          ...row('状态', String(c.statusName ?? c.status ?? '—'), 'status'),
          ...row('类别', `${category.name ?? '—'}（${category.code ?? '—'}）`, 'category'),
          ...row('大类', String(category.topName ?? '—'), 'topCategory'),
          ...row('紧急程度', urgencyName(c.urgency), 'urgency'),
          ...row('处置期限', c.deadline ? new Date(c.deadline).toLocaleString('zh-CN') : '—', 'deadline'),
          ...row('超期', c.overdue ? '是' : '否', 'overdue'),
          ...row('所属网格', String(c.grids?.[0]?.name ?? '未分配'), 'grid'),
        ];
        container.replaceChildren(...panelContent(`事件 ${c.code ?? ''}`, closeButton(), rows, false, '事件'));
      } catch (error) {
        if (current === generation) {
          const message = el('p', {class: 'info__error'}, [
            `无法加载事件：${error instanceof Error ? error.message : String(error)}`,
          ]);
          container.replaceChildren(...panelContent('事件', closeButton(), [], false, '事件'), message);
        }
      }
    },
    async showBuilding(properties, microGrid, cases = null) {
      const current = ++generation;
      const code = properties.microCode ? String(properties.microCode) : '';
      const micro = el('span', {class: microGrid ? 'info__pending' : ''}, [
        microGrid ? `加载中…（${code}）` : code || '—',
      ]);
      const rows = [
        ...row('名称', String(properties.name ?? '—'), 'name'),
        ...row('小区', String(properties.compound ?? '—'), 'compound'),
        ...row('用途', useName(properties.use), 'use'),
        ...row('层数', formatCount(properties.floors, '层'), 'floors'),
        ...row('高度', formatHeight(properties), 'height'),
        ...row('户数', formatCount(properties.households, '户'), 'households'),
        ...row('所属微网格', micro, 'micro'),
      ];
      const caseList = el('div', {class: cases ? 'info__pending' : ''}, [cases ? '加载中…' : '登录后可查看']);
      rows.push(...row('未结案件', caseList, 'cases'));
      container.replaceChildren(
        ...panelContent(String(properties.name || '建筑'), closeButton(), rows, properties.generated === true, '建筑'),
      );
      container.hidden = false;
      if (cases) {
        cases.then(
          (found) => {
            if (current !== generation) {
              return;
            }
            caseList.className = '';
            if (!found.items.length) {
              caseList.textContent = '无';
              return;
            }
            const more = found.total > found.items.length ? [el('p', {}, [`共 ${found.total} 件，显示最新 ${found.items.length} 件`])] : [];
            caseList.replaceChildren(
              el('p', {class: 'info__count'}, [`${found.total} 件`]),
              el(
                'ul',
                {class: 'info__cases'},
                found.items.map((item) => el('li', {'data-case': String(item.code)}, [caseLine(item)])),
              ),
              ...more,
            );
          },
          (error) => {
            if (current === generation) {
              caseList.className = 'info__error';
              caseList.textContent = `无法加载案件：${error instanceof Error ? error.message : String(error)}`;
            }
          },
        );
      }
      if (microGrid) {
        await fillLater(
          current,
          micro,
          microGrid,
          (grid) => `${grid?.properties?.name ?? '—'}（${code}）`,
          `无法加载微网格 ${code}`,
        );
      }
    },
  };
}
