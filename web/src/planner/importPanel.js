/**
 * 导入 / 导出 on the planner's page: upload a GeoJSON, GeoPackage or zipped
 * Shapefile of a level (or the children of a parent) with the attribute
 * mapping and an optional CRS, get the import report and the new draft; and
 * download a level (current or at a time) as GeoJSON or GeoPackage.
 * @module planner/importPanel
 */

import {el} from '../dom.js';
import {withOffset} from './standard.js';

/**
 * @param {string} fileName File name.
 * @return {'geojson'|'gpkg'|'shp'|''} Format guessed from the suffix.
 */
export function formatOf(fileName) {
  const lower = fileName.toLowerCase();
  if (lower.endsWith('.gpkg')) {
    return 'gpkg';
  }
  if (lower.endsWith('.zip')) {
    return 'shp';
  }
  if (lower.endsWith('.geojson') || lower.endsWith('.json')) {
    return 'geojson';
  }
  return '';
}

/**
 * @param {Record<string, string>} fields Form fields (empty ones are left out).
 * @return {string} Query string without `?`.
 */
export function queryOf(fields) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(fields)) {
    if (v) {
      q.set(k, v);
    }
  }
  return q.toString();
}

/**
 * @param {HTMLElement} card Where the panel goes.
 * @param {ReturnType<typeof import('../api.js').createApi>} api API client.
 * @param {{onDraft: function(any): void, say: function(string, ('info'|'warn'|'ok')=): void}} page What the page does with a draft and messages.
 */
export function createImportPanel(card, api, page) {
  /** @param {string} name @param {string} label @param {string} [value] @return {HTMLElement} A labelled input. */
  const input = (name, label, value = '') => el('label', {}, [label, el('input', {name, class: 'pl-input', value, autocomplete: 'off'})]);
  const crs = el('select', {name: 'crs', class: 'pl-input'}, [
    el('option', {value: ''}, ['自动识别（GeoPackage 坐标系表 / .prj）']),
    ...['EPSG:4490', 'EPSG:4326', 'EPSG:3857', 'EPSG:4546', 'EPSG:4547', 'EPSG:4548'].map((c) => el('option', {value: c}, [c])),
  ]);
  const level = el('select', {name: 'level', class: 'pl-input'}, [el('option', {value: ''}, ['直接下级']), el('option', {value: 'micro'}, ['全部微网格'])]);
  const file = el('input', {name: 'file', type: 'file', class: 'pl-input', accept: '.geojson,.json,.gpkg,.zip'});
  const importForm = el('form', {class: 'pl-props', id: 'import-form'}, [
    file,
    input('parent', '上级网格编码'),
    el('label', {}, ['层级', level]),
    input('nameField', '名称字段', 'name'),
    input('codeField', '编码字段', 'code'),
    input('parentField', '上级编码字段（可空）', 'parentCode'),
    el('label', {}, ['坐标系', crs]),
    el('button', {type: 'submit', class: 'pl-button pl-button--primary', name: 'import'}, ['导入为草稿']),
  ]);
  const report = el('div', {id: 'import-report', role: 'status'});
  const exportForm = el('form', {class: 'pl-props', id: 'export-form'}, [
    input('parent', '上级网格编码'),
    el('label', {}, ['层级', el('select', {name: 'level', class: 'pl-input'}, [el('option', {value: ''}, ['直接下级']), el('option', {value: 'micro'}, ['全部微网格'])])]),
    el('label', {}, ['格式', el('select', {name: 'format', class: 'pl-input'}, [el('option', {value: 'gpkg'}, ['GeoPackage']), el('option', {value: 'geojson'}, ['GeoJSON'])])]),
    el('label', {}, ['时间（可空：现行）', el('input', {name: 'at', type: 'datetime-local', class: 'pl-input'})]),
    el('button', {type: 'submit', class: 'pl-button', name: 'export'}, ['导出']),
  ]);
  card.append(el('h2', {id: 'import-title'}, ['导入 / 导出']), importForm, report, exportForm);

  importForm.addEventListener('submit', async (event) => {
    event.preventDefault();
    const data = new FormData(importForm);
    const chosen = file.files?.[0];
    if (!chosen) {
      page.say('请选择文件（.geojson、.gpkg 或 .zip 形式的 Shapefile）', 'warn');
      return;
    }
    const format = formatOf(chosen.name);
    if (!format) {
      page.say('无法识别文件格式：请使用 .geojson、.gpkg 或 .zip（Shapefile）', 'warn');
      return;
    }
    const query = queryOf({
      format,
      parent: String(data.get('parent') || ''),
      level: String(data.get('level') || ''),
      nameField: String(data.get('nameField') || ''),
      codeField: String(data.get('codeField') || ''),
      parentField: String(data.get('parentField') || ''),
      crs: String(data.get('crs') || ''),
    });
    report.replaceChildren(el('p', {class: 'pl-muted'}, ['正在导入…']));
    try {
      const r = await api.send(`/api/planner/imports?${query}`, {method: 'POST', blob: new Blob([chosen], {type: 'application/octet-stream'})});
      const rep = r.body.report;
      report.replaceChildren(el('p', {class: 'pl-ok', 'data-imported': String(rep.features)}, [
        `已导入 ${rep.features} 个网格（${rep.format}，坐标系 ${rep.crs}，${rep.crsSource}），草稿 #${r.body.draft.id}，` +
          `问题 ${r.body.draft.problems.length} 个`,
      ]));
      page.onDraft(r.body.draft);
    } catch (error) {
      const e = /** @type {any} */ (error);
      const where = Array.isArray(e.errors) ? e.errors.map((/** @type {any} */ x) => `${x.pointer || x.parameter || ''}：${x.detail}`).join('；') : '';
      report.replaceChildren(el('p', {class: 'pl-conflict', 'data-import-error': 'true'}, [`导入被拒绝：${e.message}${where ? `（${where}）` : ''}`]));
    }
  });

  exportForm.addEventListener('submit', async (event) => {
    event.preventDefault();
    const data = new FormData(exportForm);
    const local = String(data.get('at') || '');
    const format = String(data.get('format'));
    const query = queryOf({
      parent: String(data.get('parent') || ''),
      level: String(data.get('level') || ''),
      format,
      at: withOffset(local, local ? new Date(local).getTimezoneOffset() : 0) || '',
    });
    try {
      const r = await api.send(`/api/planner/export?${query}`, {responseType: 'blob'});
      const url = URL.createObjectURL(r.body);
      const a = el('a', {href: url, download: `grids-${data.get('parent')}.${format === 'gpkg' ? 'gpkg' : 'geojson'}`});
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 60000);
      page.say('已导出', 'ok');
    } catch (error) {
      page.say(`导出失败：${/** @type {Error} */ (error).message}`, 'warn');
    }
  });
}
