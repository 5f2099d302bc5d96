/**
 * Entry of the planner's page (`/planner`, 网格调整): open a draft on a parent
 * grid, edit its children on the map, save, see the problems (click → zoom),
 * repair, preview the impact, commit with a reason, see a conflict (409) and
 * the history of a grid. The test hook `window.__yiwangPlanner` exposes the
 * state and the map's pixels.
 * @module planner/main
 */

import 'ol/ol.css';
import './planner.css';
import {toLonLat} from 'ol/proj.js';
import {ApiError, createApi} from '../api.js';
import {createSessionTokenStore} from '../auth.js';
import {el} from '../dom.js';
import {createLoginScreen} from '../worker/loginScreen.js';
import DraftMap from './DraftMap.js';
import {createImportPanel} from './importPanel.js';
import {householdsAfter, problemLine, withOffset} from './standard.js';

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

/**
 * @param {string} name Button name.
 * @return {HTMLButtonElement} The button.
 */
function button(name) {
  return /** @type {HTMLButtonElement} */ (document.querySelector(`button[name=${name}]`));
}

const notice = byId('notice');
/**
 * @param {string} text Message ('' hides it).
 * @param {'info'|'warn'|'ok'} [tone] Tone.
 */
function say(text, tone = 'info') {
  notice.textContent = text;
  notice.hidden = !text;
  notice.className = `pl-notice pl-notice--${tone}`;
}

/**
 * @param {unknown} error A failure.
 * @return {string} Chinese text with the fields the server named.
 */
function errorText(error) {
  if (error instanceof ApiError) {
    const where = error.errors.map((e) => `${e.pointer || e.parameter || ''} ${e.detail}`.trim()).join('；');
    return `${error.message}${where && !error.message.includes(where) ? `（${where}）` : ''}`;
  }
  return error instanceof Error ? error.message : String(error);
}

const api = createApi({
  tokens: createSessionTokenStore(),
  requestCredentials: createLoginScreen(document.body, {title: '规划员登录', hint: '登录后可打开网格草稿、调整边界并提交。'}),
});

/** @type {{draft: any|null, dirty: boolean, impact: any|null, committed: any|null, history: any|null, busy: number}} */
const state = {draft: null, dirty: false, impact: null, committed: null, history: null, busy: 0};

/** @type {import('./DraftMap.js').EditMode} */
let mode = 'modify';
const map = new DraftMap(byId('map'), {
  onChange: () => {
    state.dirty = true;
    byId('dirty').textContent = '有未保存的修改';
  },
  onSelect: (features) => showSelection(features),
  onClick: (coordinate) => pickParent(coordinate),
  onDrawn: (drawn, geometry) => onDrawn(drawn, geometry),
});

/**
 * Runs a server call with the page busy, showing failures.
 * @template T
 * @param {function(): Promise<T>} work The call.
 * @return {Promise<T|undefined>} Its result, or undefined when it failed.
 */
async function busy(work) {
  state.busy++;
  document.body.dataset.busy = 'true';
  try {
    return await work();
  } catch (error) {
    say(errorText(error), 'warn');
    return undefined;
  } finally {
    state.busy--;
    if (!state.busy) {
      delete document.body.dataset.busy;
    }
  }
}

/**
 * Shows a draft answered by the server.
 * @param {any} draft The draft.
 * @param {boolean} fit Whether to fit the map on it.
 */
async function showDraft(draft, fit) {
  const first = !state.draft || state.draft.id !== draft.id;
  state.draft = draft;
  state.dirty = false;
  state.impact = null;
  byId('dirty').textContent = '';
  byId('impact').replaceChildren();
  byId('draft-info').textContent =
    `草稿 #${draft.id}：${draft.parentCode} 的下级 ${draft.children.features.length} 个（${draft.childLevel}），第 ${draft.revision} 版`;
  for (const id of ['edit-card', 'problems-card', 'impact-card', 'commit-card']) {
    byId(id).hidden = false;
  }
  let parent = null;
  if (first) {
    parent = await api.getJson(`/api/grids/${encodeURIComponent(draft.parentCode)}`).catch(() => null);
    map.showDraft(draft.children, parent ? {type: 'FeatureCollection', features: [parent]} : null, fit);
  } else {
    map.showDraft(draft.children, null, fit);
  }
  showProblems(draft.problems || []);
  showConflict(draft.conflict);
  document.body.dataset.revision = String(draft.revision);
  refreshHouseholds();
}

/** Colours the children by households after the change (from the impact preview). */
async function refreshHouseholds() {
  const id = state.draft?.id;
  try {
    const impact = await api.getJson(`/api/planner/drafts/${id}/impact`);
    if (state.draft?.id === id) {
      map.showHouseholds(householdsAfter(impact));
    }
  } catch {
    // The colours are a help; the impact button shows the failure when asked.
  }
}

/** @param {Array<any>} problems The draft's problems. */
function showProblems(problems) {
  const list = byId('problems');
  list.replaceChildren();
  if (!problems.length) {
    list.append(el('li', {class: 'pl-ok', 'data-empty': 'true'}, ['没有问题：全覆盖、无缝隙、无重叠']));
    return;
  }
  problems.forEach((p, i) => {
    const item = el('li', {class: p.blocking ? 'pl-problem pl-problem--blocking' : 'pl-problem', 'data-kind': p.kind}, [
      el('button', {type: 'button', class: 'pl-link', 'data-problem': String(i)}, [problemLine(p)]),
    ]);
    item.querySelector('button')?.addEventListener('click', () => {
      map.highlight(p.location);
      map.select(map.children.getFeatures().filter((f) => (p.codes || []).includes(f.get('code'))));
    });
    list.append(item);
  });
}

/** @param {any} conflict The draft's conflict (a later commit changed its grids), or null. */
function showConflict(conflict) {
  const result = byId('commit-result');
  if (!conflict) {
    return;
  }
  const codes = Array.isArray(conflict.codes) ? conflict.codes.join('、') : JSON.stringify(conflict);
  result.replaceChildren(el('p', {class: 'pl-conflict', 'data-conflict': 'true'}, [
    `冲突：其他人已提交了对这些网格的调整（${codes}），本草稿不能再提交。请重新打开草稿后再调整。`,
  ]));
}

/** @param {Array<import('ol/Feature.js').default>} features Selected children. */
function showSelection(features) {
  const form = /** @type {HTMLFormElement} */ (byId('props-form'));
  byId('selection').textContent = features.length
    ? `已选：${features.map((f) => `${f.get('name')}（${f.get('code')}）`).join('、')}`
    : '点击网格选择（按住 Shift 多选）';
  form.hidden = features.length !== 1;
  if (features.length === 1) {
    /** @type {HTMLInputElement} */ (form.elements.namedItem('code')).value = features[0].get('code');
    /** @type {HTMLInputElement} */ (form.elements.namedItem('name')).value = features[0].get('name') || '';
    showHistory(features[0].get('code'));
  }
}

/**
 * Lists the versions of a grid; a click shows that version on the map.
 * @param {string} code Grid code.
 */
async function showHistory(code) {
  const card = byId('history-card');
  const list = byId('history');
  let history;
  try {
    history = await api.getJson(`/api/grids/${encodeURIComponent(code)}/history`);
  } catch {
    card.hidden = false;
    list.replaceChildren(el('li', {class: 'pl-muted'}, [`${code} 是新网格，没有历史版本`]));
    return;
  }
  state.history = history;
  card.hidden = false;
  list.replaceChildren();
  for (const f of history.features) {
    const p = f.properties;
    const item = el('li', {}, [
      el('button', {type: 'button', class: 'pl-link', 'data-version': String(p.version)}, [
        `第 ${p.version} 版 ${p.validFrom?.slice(0, 19).replace('T', ' ') || ''} 起${p.validTo ? `，至 ${p.validTo.slice(0, 19).replace('T', ' ')}` : '（现行）'}` +
          `${p.changedBy ? `，${p.changedBy}` : ''}${p.reason ? `：${p.reason}` : ''}`,
      ]),
    ]);
    item.querySelector('button')?.addEventListener('click', () => {
      map.showPast(f);
      say(`地图上的紫色虚线是 ${code} 的第 ${p.version} 版`, 'info');
    });
    list.append(item);
  }
}

/**
 * No draft under the click: offer the level-3 grid (or the finest grid above micro) there as the parent.
 * @param {Array<number>} coordinate Map coordinate.
 */
async function pickParent(coordinate) {
  if (state.draft && state.dirty) {
    return;
  }
  const [lon, lat] = toLonLat(coordinate);
  const at = await busy(() => api.getJson(`/api/grids/at?lon=${lon.toFixed(7)}&lat=${lat.toFixed(7)}`));
  const chain = at && Array.isArray(at.chain) ? at.chain : [];
  const parent = chain.find((/** @type {any} */ g) => g.level === 'l3') || chain.find((/** @type {any} */ g) => g.level !== 'micro');
  if (parent) {
    /** @type {HTMLInputElement} */ (byId('parent-code')).value = parent.code;
    say(`已选上级：${parent.name}（${parent.code}），点击“打开”`, 'info');
  }
}

/**
 * A drawn line splits the selected grid (or the one it crosses); a drawn polygon becomes a new grid.
 * @param {import('./DraftMap.js').EditMode} drawn Mode.
 * @param {any} geometry GeoJSON geometry (EPSG:4326).
 */
async function onDrawn(drawn, geometry) {
  const draft = state.draft;
  if (!draft) {
    return;
  }
  if (drawn === 'split') {
    const code = map.selected[0]?.get('code');
    if (!code) {
      say('请先选择要分割的网格，再画分割线', 'warn');
      return;
    }
    await saveIfDirty();
    const next = await busy(() => api.send(`/api/planner/drafts/${draft.id}/split`, {method: 'POST', json: {code, line: geometry}}));
    if (next) {
      await showDraft(next.body, false);
      say(`已分割 ${code}`, 'ok');
    }
    return;
  }
  const parentCode = draft.childLevel === 'micro' ? map.selected[0]?.get('parentCode') || draft.parentCode : draft.parentCode;
  const codes = map.children.getFeatures().map((f) => String(f.get('code')));
  let n = 1;
  let code = `${parentCode}${String(n).padStart(3, '0')}`;
  while (codes.includes(code)) {
    n++;
    code = `${parentCode}${String(n).padStart(3, '0')}`;
  }
  const collection = map.collection();
  collection.features.push({type: 'Feature', geometry, properties: {code, name: `新网格${n}`, parentCode}});
  await saveCollection(collection, `已新建 ${code}，请调整相邻网格使其无重叠`);
}

/**
 * Saves a whole child set.
 * @param {any} collection FeatureCollection (EPSG:4326).
 * @param {string} done Message on success.
 */
async function saveCollection(collection, done) {
  const draft = state.draft;
  const next = await busy(() => api.send(`/api/planner/drafts/${draft.id}`, {method: 'PUT', json: collection}));
  if (next) {
    await showDraft(next.body, false);
    say(done, 'ok');
  }
}

async function saveIfDirty() {
  if (state.dirty) {
    await saveCollection(map.collection(), '已保存');
  }
}

byId('open-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const parent = /** @type {HTMLInputElement} */ (byId('parent-code')).value.trim();
  const level = /** @type {HTMLSelectElement} */ (byId('child-level')).value;
  if (!/^[0-9]{6,29}$/.test(parent)) {
    say('请输入上级网格编码（6 位以上数字），或在地图上点选', 'warn');
    return;
  }
  const opened = await busy(() => api.send('/api/planner/drafts', {method: 'POST', json: level ? {parent, level} : {parent}}));
  if (opened) {
    byId('commit-result').replaceChildren();
    await showDraft(opened.body, true);
    say(`已打开草稿 #${opened.body.id}`, 'ok');
  }
});

for (const b of /** @type {NodeListOf<HTMLButtonElement>} */ (document.querySelectorAll('button[data-mode]'))) {
  b.addEventListener('click', () => {
    mode = /** @type {import('./DraftMap.js').EditMode} */ (b.dataset.mode);
    for (const other of document.querySelectorAll('button[data-mode]')) {
      other.setAttribute('aria-pressed', String(other === b));
    }
    map.setMode(mode);
    say(mode === 'split' ? '选择一个网格，然后画一条穿过它的线（双击结束）' : mode === 'create' ? '画出新网格（双击结束）' : '', 'info');
  });
}

button('merge').addEventListener('click', async () => {
  const codes = map.selected.map((f) => String(f.get('code')));
  if (codes.length !== 2) {
    say('合并需要选择两个相邻网格（按住 Shift 点选）', 'warn');
    return;
  }
  await saveIfDirty();
  const next = await busy(() => api.send(`/api/planner/drafts/${state.draft.id}/merge`, {method: 'POST', json: {codes}}));
  if (next) {
    await showDraft(next.body, false);
    say(`已合并 ${codes.join('、')}`, 'ok');
  }
});

button('retire').addEventListener('click', async () => {
  const codes = map.selected.map((f) => String(f.get('code')));
  if (!codes.length) {
    say('请先选择要撤销的网格', 'warn');
    return;
  }
  const collection = map.collection();
  collection.features = collection.features.filter((/** @type {any} */ f) => !codes.includes(f.properties.code));
  map.select([]);
  await saveCollection(collection, `已撤销 ${codes.join('、')}（留下的缝隙可用“自动修复”并入相邻网格）`);
});

byId('props-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const form = /** @type {HTMLFormElement} */ (event.currentTarget);
  const feature = map.selected[0];
  if (!feature) {
    return;
  }
  const old = feature.get('code');
  feature.set('code', /** @type {HTMLInputElement} */ (form.elements.namedItem('code')).value.trim());
  feature.set('name', /** @type {HTMLInputElement} */ (form.elements.namedItem('name')).value.trim());
  await saveCollection(map.collection(), `已修改 ${old}`);
});

button('save').addEventListener('click', () => saveCollection(map.collection(), '已保存'));

button('repair').addEventListener('click', async () => {
  await saveIfDirty();
  const before = state.draft.problems.length;
  const next = await busy(() => api.send(`/api/planner/drafts/${state.draft.id}/repair`, {method: 'POST', json: {}}));
  if (next) {
    await showDraft(next.body, false);
    say(`自动修复完成：问题 ${before} → ${next.body.problems.length} 个`, 'ok');
  }
});

button('impact').addEventListener('click', async () => {
  await saveIfDirty();
  const impact = await busy(() => api.getJson(`/api/planner/drafts/${state.draft.id}/impact`));
  if (!impact) {
    return;
  }
  state.impact = impact;
  map.showHouseholds(householdsAfter(impact));
  /** @param {any} f @param {'areaSqm'|'households'|'openCases'} k @return {string} A cell. */
  const cell = (f, k) => (f ? (k === 'areaSqm' ? Math.round(f[k]).toLocaleString('zh-CN') : String(f[k])) : '—');
  const rows = impact.grids.map((/** @type {any} */ g) =>
    el('tr', {'data-code': g.code, 'data-changed': String(impact.changed.includes(g.code) || impact.created.includes(g.code) || impact.retired.includes(g.code))}, [
      el('td', {}, [g.code]),
      el('td', {}, [`${cell(g.before, 'areaSqm')} → ${cell(g.after, 'areaSqm')}`]),
      el('td', {}, [`${cell(g.before, 'households')} → ${cell(g.after, 'households')}`]),
      el('td', {}, [`${cell(g.before, 'openCases')} → ${cell(g.after, 'openCases')}`]),
    ]));
  byId('impact').replaceChildren(
    el('p', {class: 'pl-summary'}, [
      `变更 ${impact.changed.length}、新建 ${impact.created.length}、撤销 ${impact.retired.length} 个网格；` +
        `建筑 ${impact.buildings.length} 栋（${impact.householdsMoved} 户）、在办案件 ${impact.openCases.length} 件、` +
        `已结案件 ${impact.closedCases.length} 件（保留原网格）、巡查位置 ${impact.patrol.length} 个、专属网格 ${impact.specialGrids.length} 个改属`,
    ]),
    el('table', {class: 'pl-table'}, [
      el('thead', {}, [el('tr', {}, [el('th', {}, ['网格']), el('th', {}, ['面积（平方米）']), el('th', {}, ['住户']), el('th', {}, ['在办案件'])])]),
      el('tbody', {}, rows),
    ]),
  );
});

byId('commit-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const form = /** @type {HTMLFormElement} */ (event.currentTarget);
  const reason = /** @type {HTMLInputElement} */ (form.elements.namedItem('reason')).value.trim();
  const local = /** @type {HTMLInputElement} */ (form.elements.namedItem('effectiveAt')).value;
  const effectiveAt = withOffset(local, local ? new Date(local).getTimezoneOffset() : 0);
  await saveIfDirty();
  const result = byId('commit-result');
  try {
    const done = await api.send(`/api/planner/drafts/${state.draft.id}/commit`, {method: 'POST', json: effectiveAt ? {reason, effectiveAt} : {reason}});
    state.committed = done.body;
    result.replaceChildren(el('p', {class: 'pl-ok', 'data-committed': 'true'}, [
      `已提交：变更 ${done.body.changed.length}、新建 ${done.body.created.length}、撤销 ${done.body.retired.length} 个网格，` +
        `建筑 ${done.body.buildings.length} 栋、在办案件 ${done.body.openCases.length} 件已改属，自 ${done.body.validFrom.slice(0, 19).replace('T', ' ')} 起生效`,
    ]));
    say('已提交', 'ok');
    const code = map.selected[0]?.get('code');
    if (code) {
      showHistory(code);
    }
  } catch (error) {
    if (error instanceof ApiError && error.status === 409) {
      const draft = await api.getJson(`/api/planner/drafts/${state.draft.id}`).catch(() => null);
      showConflict(draft?.conflict || {codes: error.errors.map((e) => e.detail)});
      result.prepend(el('p', {class: 'pl-conflict'}, [errorText(error)]));
    } else {
      result.replaceChildren(el('p', {class: 'pl-conflict'}, [`提交被拒绝：${errorText(error)}`]));
    }
  }
});

createImportPanel(byId('import-card'), api, {onDraft: (draft) => showDraft(draft, true), say});

const ready = (async () => {
  const me = await api.getJson('/api/me').catch(() => null);
  if (me) {
    byId('who').textContent = `${me.name || me.username}（${me.scope || ''}）`;
  }
  const scope = me?.scope || me?.gridScope;
  if (scope) {
    const children = await api.getJson(`/api/grids/${encodeURIComponent(scope)}/children`).catch(() => null);
    if (children && children.features?.length) {
      map.showContext(children);
    }
  }
  return true;
})();

/** Test hook. */
/** @type {any} */ (window).__yiwangPlanner = {
  ready,
  state,
  map,
  /** @param {Array<number>} lonLat Point. @return {Array<number>} Pixel. */
  pixelOf: (lonLat) => map.pixelOf(lonLat),
};
