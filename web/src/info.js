/**
 * The grid information panel shown after a click: 名称, 编码, 层级, 上级, 面积.
 * @module info
 */

import {el} from './dom.js';
import {formatArea, formatChain} from './format.js';
import {levelName} from './levels.js';

/**
 * @typedef {Object} InfoPanel
 * @property {function(Record<string, any>, Promise<Array<import('./api.js').Ancestor>>): Promise<void>} show
 *   Shows a grid's properties; the parent chain is filled in when `ancestors` resolves.
 * @property {function(): void} hide Hides the panel.
 */

/**
 * @param {HTMLElement} container Panel element (hidden until `show`).
 * @param {{onClose?: function(): void}} [options] Options.
 * @return {InfoPanel} Panel.
 */
export function createInfoPanel(container, options = {}) {
  container.classList.add('info');
  container.setAttribute('aria-live', 'polite');
  container.hidden = true;
  /** Incremented on every `show`, so a late response can't overwrite a newer grid. */
  let generation = 0;

  function hide() {
    generation++;
    container.hidden = true;
    container.replaceChildren();
  }

  /**
   * @param {string} label Row label.
   * @param {Node|string} value Row value.
   * @param {string} field `data-field` attribute (for tests and styling).
   * @return {Array<HTMLElement>} `dt` and `dd`.
   */
  function row(label, value, field) {
    return [el('dt', {}, [label]), el('dd', {'data-field': field}, [value])];
  }

  return {
    hide,
    async show(properties, ancestors) {
      const current = ++generation;
      const close = el('button', {type: 'button', class: 'info__close', 'aria-label': '关闭'}, ['×']);
      close.addEventListener('click', () => {
        hide();
        options.onClose?.();
      });
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
      /** @type {Array<HTMLElement>} */
      const parts = [
        el('header', {class: 'info__header'}, [
          el('h2', {class: 'info__title'}, [String(properties.name ?? '网格')]),
          close,
        ]),
        el('dl', {class: 'info__rows'}, rows),
      ];
      if (properties.generated === true) {
        parts.splice(
          1,
          0,
          el('p', {class: 'info__generated', title: '该网格为演示用生成数据，并非真实划分'}, [
            '示例数据（生成）',
          ]),
        );
      }
      container.replaceChildren(...parts);
      container.hidden = false;
      try {
        const list = await ancestors;
        if (current === generation) {
          chain.className = '';
          chain.textContent = formatChain(list);
        }
      } catch (error) {
        if (current === generation) {
          chain.className = 'info__error';
          chain.textContent = `无法加载上级：${error instanceof Error ? error.message : String(error)}`;
        }
      }
    },
  };
}
