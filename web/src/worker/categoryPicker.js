/**
 * Picking the sub-category of a report: type a keyword (小广告, 井盖, 飞线) or
 * open a top category; the choice then shows as one line with a "更换" button.
 * @module worker/categoryPicker
 */

import {el} from '../dom.js';
import {findCategory, searchCategories} from './categories.js';
import {fieldRow, uniqueId} from './form.js';

/**
 * @typedef {import('./categories.js').SubCategory} SubCategory
 * @typedef {import('./categories.js').TopCategory} TopCategory
 */

/**
 * @typedef {Object} CategoryPicker
 * @property {HTMLElement} element The field row.
 * @property {function(Array<TopCategory>): void} setTaxonomy Replaces the taxonomy (fresh from the server).
 * @property {function(string|null): void} select Shows a choice (a restored draft).
 * @property {function(): (SubCategory|null)} selected The chosen sub-category.
 * @property {function(Array<string>|undefined): void} showErrors Messages for the field.
 */

/**
 * @param {Object} options Options.
 * @param {Array<TopCategory>} options.taxonomy Taxonomy.
 * @param {function(SubCategory): void} options.onSelect Called when the worker picks one.
 * @return {CategoryPicker} The picker.
 */
export function createCategoryPicker(options) {
  let taxonomy = options.taxonomy;
  /** @type {string|null} */
  let code = null;

  const searchId = uniqueId('category-search');
  const search = el('input', {
    type: 'search',
    id: searchId,
    name: 'categorySearch',
    class: 'wk-input',
    placeholder: '输入关键词搜索，如：小广告、井盖、飞线充电',
    autocomplete: 'off',
    enterkeyhint: 'search',
  });
  const list = el('div', {class: 'wk-cats', role: 'list'});
  const chosenText = el('span', {class: 'wk-chosen__text', 'data-role': 'chosen'});
  const change = el('button', {type: 'button', class: 'wk-button wk-button--ghost wk-button--small'}, ['更换']);
  const chosen = el('div', {class: 'wk-chosen'}, [chosenText, change]);
  const browse = el('div', {class: 'wk-cats__browse'}, [search, list]);
  const row = fieldRow('category', '事件类别', el('div', {}, [chosen, browse]), {required: true});

  /**
   * @param {SubCategory} sub Sub-category.
   * @param {boolean} withTop Show the top category's name.
   * @return {HTMLElement} Button.
   */
  function option(sub, withTop) {
    const button = el('button', {type: 'button', class: 'wk-cat', role: 'listitem', 'data-code': sub.code}, [
      el('span', {class: 'wk-cat__name'}, [withTop ? `${sub.topName} › ${sub.name}` : sub.name]),
      sub.selfHandle ? el('span', {class: 'wk-cat__tag'}, ['可自处置']) : null,
    ]);
    button.addEventListener('click', () => {
      choose(sub.code);
      options.onSelect(sub);
    });
    return button;
  }

  function renderList() {
    list.replaceChildren();
    const query = search.value.trim();
    if (query) {
      const hits = searchCategories(taxonomy, query);
      if (!hits.length) {
        list.append(el('p', {class: 'wk-empty'}, ['没有匹配的类别，换个关键词试试。']));
      }
      for (const sub of hits) {
        list.append(option(sub, true));
      }
      return;
    }
    if (!taxonomy.length) {
      list.append(el('p', {class: 'wk-empty'}, ['类别加载中…']));
    }
    for (const top of taxonomy) {
      const group = el('details', {class: 'wk-cats__top'}, [
        el('summary', {}, [`${top.name}（${top.subCategories.length}）`]),
        ...top.subCategories.map((sub) => option(sub, false)),
      ]);
      list.append(group);
    }
  }

  /**
   * @param {string|null} next Code.
   */
  function choose(next) {
    code = next;
    const sub = findCategory(taxonomy, code);
    chosen.hidden = !sub;
    browse.hidden = Boolean(sub);
    chosenText.textContent = sub ? `${sub.topName} › ${sub.name}` : '';
    if (sub) {
      row.showErrors(undefined);
    }
  }

  search.addEventListener('input', renderList);
  change.addEventListener('click', () => {
    chosen.hidden = true;
    browse.hidden = false;
    search.focus();
  });
  renderList();
  choose(null);

  return {
    element: row.element,
    setTaxonomy(next) {
      taxonomy = next;
      renderList();
      choose(code);
      if (code && !findCategory(taxonomy, code)) {
        // The category of a restored draft is gone (deactivated): pick again.
        chosen.hidden = true;
        browse.hidden = false;
      }
    },
    select: choose,
    selected: () => findCategory(taxonomy, code),
    showErrors: row.showErrors,
  };
}
