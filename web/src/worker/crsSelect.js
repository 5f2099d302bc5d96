/**
 * The coordinate-system selector shown next to every position the page sends.
 * @module worker/crsSelect
 */

import {el} from '../dom.js';
import {CRS_OPTIONS, isCrs} from './crs.js';

/**
 * @param {import('./crs.js').CrsKey} value Preselected system.
 * @param {function(import('./crs.js').CrsKey): void} onChange Called when the user picks another.
 * @param {string} [id] Element id.
 * @return {HTMLSelectElement} The select.
 */
export function createCrsSelect(value, onChange, id) {
  const select = el(
    'select',
    {name: 'crs', class: 'wk-select', id, 'aria-label': '坐标系'},
    CRS_OPTIONS.map((o) => el('option', {value: o.value}, [o.label])),
  );
  select.value = value;
  select.addEventListener('change', () => {
    if (isCrs(select.value)) {
      onChange(select.value);
    }
  });
  return select;
}
