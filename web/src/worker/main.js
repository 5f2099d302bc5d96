/**
 * Entry of the phone page for grid workers (`/worker`): login, the two tabs
 * 上报 and 我的任务, and the test hook `window.__yiwangWorker`.
 * @module worker/main
 */

import './worker.css';
import {createApi} from '../api.js';
import {createSessionTokenStore} from '../auth.js';
import {readTaxonomy} from './categories.js';
import {crsFromUserAgent, gcj02Shell, isCrs} from './crs.js';
import {createDraftStore} from './draft.js';
import {createLoginScreen} from './loginScreen.js';
import {createPhotoLoader} from './photoLoader.js';
import {errorText} from './problems.js';
import {createReportForm} from './reportForm.js';
import {createTaskList} from './taskList.js';

/** localStorage key of the cached taxonomy (the form works before it is fetched again). */
const TAXONOMY_KEY = 'yiwang.worker.categories';
/** localStorage key of the worker's coordinate-system choice. */
const CRS_KEY = 'yiwang.worker.crs';

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
 * @return {Storage|null} localStorage, or `null` where it is disabled.
 */
function local() {
  try {
    return globalThis.localStorage || null;
  } catch {
    return null;
  }
}

const notice = byId('notice');
/**
 * @param {string} text Message ('' hides it).
 * @param {'info'|'warn'} [tone] Tone.
 */
function say(text, tone = 'info') {
  notice.textContent = text;
  notice.hidden = !text;
  notice.className = `wk-notice wk-notice--${tone}`;
}

const tokens = createSessionTokenStore();
const api = createApi({tokens, requestCredentials: createLoginScreen(document.body)});
const loader = createPhotoLoader(api);
const storage = local();
const shell = gcj02Shell(navigator.userAgent);

/** @return {import('./crs.js').CrsKey} The remembered choice, else the user agent's. */
function preferredCrs() {
  const saved = storage?.getItem(CRS_KEY);
  return isCrs(saved) ? saved : crsFromUserAgent(navigator.userAgent);
}

/** @return {Array<import('./categories.js').TopCategory>} The cached taxonomy. */
function cachedTaxonomy() {
  try {
    return readTaxonomy(JSON.parse(storage?.getItem(TAXONOMY_KEY) || 'null'));
  } catch {
    return [];
  }
}

/**
 * @param {'report'|'tasks'} tab Tab.
 */
function showTab(tab) {
  for (const button of document.querySelectorAll('.wk-tab')) {
    button.setAttribute('aria-selected', String(/** @type {HTMLElement} */ (button).dataset.tab === tab));
  }
  byId('report').hidden = tab !== 'report';
  byId('tasks').hidden = tab !== 'tasks';
  window.scrollTo(0, 0);
}

async function start() {
  const me = await api.getJson('/api/me');
  byId('who').textContent = me.name || me.username;
  const logout = byId('logout');
  logout.hidden = false;
  logout.addEventListener('click', () => {
    tokens.clear();
    location.reload();
  });
  if (me.role !== 'grid_worker') {
    say(`本页面供网格员使用；当前账号（${me.username}）不是网格员，部分操作会被拒绝。`, 'warn');
  }

  let crs = preferredCrs();
  /** @param {import('./crs.js').CrsKey} value The worker's choice, kept for the next report and step. */
  const setCrs = (value) => {
    crs = value;
    storage?.setItem(CRS_KEY, value);
  };
  const taskList = createTaskList(
    byId('tasks'),
    {api, loader, crs: () => crs, setCrs},
    (count) => {
      const badge = byId('task-count');
      badge.textContent = String(count);
      badge.hidden = count === 0;
    },
  );
  const report = createReportForm(byId('report'), {
    api,
    drafts: createDraftStore(storage, me.username),
    loader,
    taxonomy: cachedTaxonomy(),
    crs,
    shell,
    onSubmitted: () => taskList.refresh(undefined, true),
    onCrsChange: setCrs,
  });

  for (const button of document.querySelectorAll('.wk-tab')) {
    button.addEventListener('click', () => {
      const tab = /** @type {HTMLElement} */ (button).dataset.tab === 'tasks' ? 'tasks' : 'report';
      showTab(tab);
      if (tab === 'tasks') {
        taskList.refresh(undefined, true);
      }
    });
  }
  window.addEventListener('online', () => {
    say('');
    report.retryNow();
  });
  window.addEventListener('offline', () => say('手机已离线：填写的内容会保存为草稿，联网后自动提交。', 'warn'));

  const [taxonomy] = await Promise.all([
    api.getJson('/api/categories').then(
      (tree) => {
        storage?.setItem(TAXONOMY_KEY, JSON.stringify(tree));
        return readTaxonomy(tree);
      },
      (error) => {
        say(`类别加载失败（${errorText(error)}），正在使用上次保存的类别。`, 'warn');
        return null;
      },
    ),
    taskList.refresh(),
  ]);
  if (taxonomy) {
    report.setTaxonomy(taxonomy);
  }
  return me;
}

const ready = start().catch((error) => {
  say(`页面启动失败：${errorText(error)}。请检查网络后刷新页面。`, 'warn');
  throw error;
});

/** Test hook: resolves once the worker is logged in and the page is set up. */
/** @type {any} */ (window).__yiwangWorker = {ready};
