/**
 * Entry of the reports page (`/reports`, 统计报表): pick the report (日报,
 * 月通报, 季排名), the period, the level and the scope; the table from
 * `GET /api/reports/{kind}` sorts by any column and shows rank changes as
 * arrows; XLSX and CSV download through the API (with the token), and 打印
 * prints the server's printable page. The test hook `window.__yiwangReports`
 * holds the last report shown.
 * @module reports/main
 */

import './reports.css';
import {createApi} from '../api.js';
import {createSessionTokenStore} from '../auth.js';
import {el} from '../dom.js';
import {createLoginScreen} from '../worker/loginScreen.js';
import {KINDS, LEVELS, cellText, changeText, columnsFor, defaultPeriod, reportPath, sortRows} from './reportView.js';

/**
 * @param {string} id Element id.
 * @return {HTMLElement} The element.
 */
function byId(id) {
  const element = document.getElementById(id);
  if (!element) {
    throw new Error(`Missing element #${id}`);
  }
  return element;
}

const kindSelect = /** @type {HTMLSelectElement} */ (byId('kind'));
const periodInput = /** @type {HTMLInputElement} */ (byId('period'));
const levelSelect = /** @type {HTMLSelectElement} */ (byId('level'));
const scopeSelect = /** @type {HTMLSelectElement} */ (byId('scope'));
const table = byId('report-table');
const notice = byId('notice');
const exportButtons = ['download-xlsx', 'download-csv', 'print'].map((id) => /** @type {HTMLButtonElement} */ (byId(id)));

const tokens = createSessionTokenStore();
const api = createApi({tokens, requestCredentials: createLoginScreen(document.body, {title: '统计报表登录', hint: '登录后按本人权限范围查看报表。'})});

/** @type {{report: any, sort: {key: string, direction: 'asc'|'desc'}|null, loads: number}} */
const hook = {report: null, sort: null, loads: 0};
/** @type {any} */ (window).__yiwangReports = hook;

/**
 * @param {string} text Message ('' hides it).
 * @param {'info'|'warn'} [tone] Tone.
 */
function say(text, tone = 'info') {
  notice.textContent = text;
  notice.hidden = !text;
  notice.className = `rp-notice rp-notice--${tone}`;
}

/**
 * @param {unknown} error Error.
 * @return {string} Its message.
 */
function message(error) {
  return error instanceof Error ? error.message : String(error);
}

/** The query of the controls. */
function query() {
  return {period: periodInput.value.trim(), level: levelSelect.value, scope: scopeSelect.value};
}

function render() {
  const report = hook.report;
  const columns = columnsFor(report);
  let rows = report.rows;
  if (hook.sort) {
    const {key, direction} = hook.sort;
    const column = columns.find((c) => c.key === key);
    if (column) {
      rows = sortRows(rows, column, direction);
    }
  }
  const head = el('tr', {}, columns.map((c) => {
    const th = el('th', {scope: 'col', 'data-key': c.key, 'aria-sort': hook.sort?.key === c.key ? (hook.sort.direction === 'asc' ? 'ascending' : 'descending') : 'none'}, [c.title]);
    th.addEventListener('click', () => {
      const direction = hook.sort?.key === c.key && hook.sort.direction === 'desc' ? 'asc' : 'desc';
      hook.sort = {key: c.key, direction: c.key === 'rank' && !hook.sort ? 'asc' : direction};
      render();
    });
    return th;
  }));
  /**
   * @param {any} row Row.
   * @param {boolean} total Whether it is the 合计 row.
   * @return {HTMLTableRowElement} The row.
   */
  const line = (row, total) => el('tr', {class: total ? 'rp-total' : undefined, 'data-key': total ? undefined : row.key}, columns.map((c) => {
    const text = total && (c.key === 'name') ? '合计' : cellText(c, row);
    const attrs = {class: c.kind === 'text' ? undefined : 'rp-num', 'data-col': c.key};
    if (c.kind === 'change') {
      attrs.class = `rp-num rp-trend--${changeText(row.change).trend}`;
    }
    return el('td', attrs, [text]);
  }));
  table.replaceChildren(el('thead', {}, [head]), el('tbody', {}, [...rows.map((/** @type {any} */ r) => line(r, false)), line(report.total, true)]));
}

async function load() {
  say('正在生成报表…');
  try {
    const report = await api.getJson(reportPath(kindSelect.value, query()));
    hook.report = report;
    hook.sort = null;
    hook.loads++;
    byId('report-title').textContent = report.title;
    const p = report.period;
    byId('report-meta').textContent = `统计周期：${p.label}（${p.from} 至 ${p.to}${report.partial ? '，截至今日' : ''}）\u3000对比上期：${report.previousPeriod.label}\u3000`
      + `范围：${report.scope.name}（${report.scope.code}）\u3000生成人：${report.generatedBy}`;
    const note = byId('report-note');
    note.textContent = report.note || '';
    note.hidden = !report.note;
    byId('report').hidden = false;
    render();
    exportButtons.forEach((b) => (b.disabled = false));
    say(`共 ${report.rows.length} 行；点击表头可排序。`);
  } catch (error) {
    say(`生成失败：${message(error)}`, 'warn');
  }
}

/**
 * @param {string} format `csv` or `xlsx`.
 */
async function download(format) {
  try {
    const result = await api.send(reportPath(kindSelect.value, {...query(), format}), {responseType: 'blob'});
    const disposition = result.headers.get('content-disposition') || '';
    const name = /filename="([^"]+)"/.exec(disposition)?.[1] || `report.${format}`;
    const url = URL.createObjectURL(result.body);
    const a = el('a', {href: url, download: name});
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
  } catch (error) {
    say(`下载失败：${message(error)}`, 'warn');
  }
}

async function print() {
  try {
    const result = await api.send(reportPath(kindSelect.value, {...query(), format: 'html'}), {responseType: 'blob'});
    const frame = /** @type {HTMLIFrameElement} */ (byId('print-frame'));
    frame.onload = () => {
      frame.onload = null;
      frame.contentWindow?.print();
    };
    frame.srcdoc = await result.body.text();
  } catch (error) {
    say(`打印失败：${message(error)}`, 'warn');
  }
}

/**
 * @param {string} scope The caller's scope code.
 * @param {string} role The caller's role.
 */
async function fillScopes(scope, role) {
  /** @type {Array<{code: string, name: string}>} */
  const options = [{code: scope, name: scope}];
  try {
    const own = await api.getJson(`/api/grids/${encodeURIComponent(scope)}`);
    options[0].name = own?.properties?.name || scope;
    if (role !== 'department' && scope.length < 15) {
      const children = await api.fetchAllPages(`/api/grids/${encodeURIComponent(scope)}/children?limit=500`);
      for (const f of children.features) {
        options.push({code: f.properties.code, name: `\u3000${f.properties.name}`});
      }
    }
  } catch (error) {
    say(`读取辖区失败：${message(error)}`, 'warn');
  }
  scopeSelect.replaceChildren(...options.map((o) => el('option', {value: o.code}, [`${o.name}（${o.code}）`])));
}

/**
 * @param {string} scope Scope code.
 * @param {string} role Role.
 */
function fillLevels(scope, role) {
  const levels = role === 'department' ? LEVELS.filter((l) => l.key === 'department') : LEVELS;
  levelSelect.replaceChildren(...levels.map((l) => el('option', {value: l.key}, [l.name])));
  const byLength = /** @type {Record<number, string>} */ ({6: 'l1', 9: 'l2', 12: 'l3'});
  levelSelect.value = role === 'department' ? 'department' : byLength[scope.length] || 'worker';
}

async function start() {
  kindSelect.replaceChildren(...KINDS.map((k) => el('option', {value: k.key}, [k.name])));
  kindSelect.value = 'monthly';
  periodInput.value = defaultPeriod('monthly', new Date());
  kindSelect.addEventListener('change', () => {
    periodInput.value = defaultPeriod(/** @type {any} */ (kindSelect.value), new Date());
  });
  periodInput.placeholder = '如 2026-10、2026-Q3、2026-10-15';
  const me = await api.getJson('/api/me');
  byId('who').textContent = `${me.name || me.username}`;
  const logout = byId('logout');
  logout.hidden = false;
  logout.addEventListener('click', () => {
    tokens.clear();
    location.reload();
  });
  fillLevels(me.scope, me.role);
  await fillScopes(me.scope, me.role);
  byId('controls').addEventListener('submit', (event) => {
    event.preventDefault();
    load();
  });
  exportButtons[0].addEventListener('click', () => download('xlsx'));
  exportButtons[1].addEventListener('click', () => download('csv'));
  exportButtons[2].addEventListener('click', () => print());
  say('请选择报表、周期、层级和范围，然后点击“生成”。');
}

start().catch((error) => say(`页面加载失败：${message(error)}`, 'warn'));
