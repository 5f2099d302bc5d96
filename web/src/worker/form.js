/**
 * Form rows of the phone page: a label, the control, a hint and the messages
 * the page or the server has about the field (shown right under it).
 * @module worker/form
 */

import {el} from '../dom.js';

/**
 * @typedef {Object} FieldRow
 * @property {HTMLElement} element The row.
 * @property {function(Array<string>|undefined): void} showErrors Shows the messages (none: clears).
 */

/**
 * @param {string} name Field name (`data-field`, and the target of server messages).
 * @param {string} label Label text.
 * @param {HTMLElement} control Input, select, textarea or a composite element.
 * @param {{hint?: string, required?: boolean}} [options] Options.
 * @return {FieldRow} The row.
 */
export function fieldRow(name, label, control, options = {}) {
  const errors = el('p', {class: 'wk-field__error', role: 'alert', 'data-error-for': name});
  errors.hidden = true;
  const labelEl = el('label', {class: 'wk-field__label'}, [label, options.required ? el('span', {class: 'wk-req'}, [' *']) : null]);
  if (control.id) {
    labelEl.htmlFor = control.id;
  }
  const element = el('div', {class: 'wk-field', 'data-field': name}, [
    labelEl,
    control,
    options.hint ? el('p', {class: 'wk-field__hint'}, [options.hint]) : null,
    errors,
  ]);
  return {
    element,
    showErrors(messages) {
      errors.textContent = messages && messages.length ? messages.join('；') : '';
      errors.hidden = !messages || !messages.length;
      element.classList.toggle('wk-field--invalid', Boolean(messages && messages.length));
    },
  };
}

let nextId = 0;

/**
 * @param {string} prefix Prefix.
 * @return {string} A unique element id.
 */
export function uniqueId(prefix) {
  nextId++;
  return `${prefix}-${nextId}`;
}
