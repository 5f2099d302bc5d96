/**
 * Entry of the phone page for grid workers (`/worker`): login, the tabs
 * 上报, 我的任务, 指令 and 志愿任务, the live stream that brings new tasks and
 * instructions (`GET /api/live`), and the test hook `window.__yiwangWorker`.
 * @module worker/main
 */

import './worker.css';
import {createApi} from '../api.js';
import {createSessionTokenStore} from '../auth.js';
import {readTaxonomy} from './categories.js';
import {crsFromUserAgent, gcj02Shell, isCrs} from './crs.js';
import {openLiveStream} from '../liveStream.js';
import {createDraftStore} from './draft.js';
import {createInstructionList} from './instructionList.js';
import {createLoginScreen} from './loginScreen.js';
import {createPatrolSwitch} from './patrolSwitch.js';
import {createPhotoLoader} from './photoLoader.js';
import {errorText} from './problems.js';
import {createReportForm} from './reportForm.js';
import {createTaskList} from './taskList.js';
import {createVolunteerList} from './volunteerList.js';

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

/** @typedef {'report'|'tasks'|'instructions'|'volunteer'} Tab */
/** @type {ReadonlyArray<Tab>} */
const TABS = ['report', 'tasks', 'instructions', 'volunteer'];

/**
 * @param {Tab} tab Tab.
 */
function showTab(tab) {
  for (const button of document.querySelectorAll('.wk-tab')) {
    button.setAttribute('aria-selected', String(/** @type {HTMLElement} */ (button).dataset.tab === tab));
  }
  for (const t of TABS) {
    byId(t).hidden = t !== tab;
  }
  window.scrollTo(0, 0);
}

/**
 * @param {string} id Badge element id.
 * @param {number} count Count ('' and hidden at 0).
 */
function badge(id, count) {
  const element = byId(id);
  element.textContent = String(count);
  element.hidden = count === 0;
}

/** The live stream was interrupted since the last `ready`. */
let liveBreak = false;
/** @type {ReturnType<typeof setTimeout>|null} */
let taskTimer = null;
/** @type {function(): void} */
let refreshTasks = () => {};

/** Case events come in bursts (one per step): reload 我的任务 once per burst. */
function scheduleTaskRefresh() {
  if (!taskTimer) {
    taskTimer = setTimeout(() => {
      taskTimer = null;
      refreshTasks();
    }, 300);
  }
}

/** @type {ReturnType<typeof createPatrolSwitch>|null} */
let patrol = null;

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
  /** Cases the worker had to act on at the last count; a new one is announced. @type {Set<number>|null} */
  let knownTasks = null;
  const taskList = createTaskList(
    byId('tasks'),
    {api, loader, crs: () => crs, setCrs},
    (count, groups) => {
      badge('task-count', count);
      const now = new Set([...groups.handle, ...groups.verify].map((c) => c.id));
      const fresh = knownTasks ? [...groups.handle, ...groups.verify].filter((c) => !knownTasks?.has(c.id)) : [];
      knownTasks = now;
      if (fresh.length) {
        say(`新任务：${fresh.map((c) => c.code).join('、')}（见“我的任务”）`);
      }
    },
  );
  const instructions = createInstructionList(byId('instructions'), api, (count) => badge('instruction-count', count));
  const volunteer = createVolunteerList(byId('volunteer'), api, me.username);
  patrol = createPatrolSwitch(byId('patrol'), {api, crs: () => crs, say});
  void patrol.refresh();
  refreshTasks = () => {
    taskList.refresh(undefined, true);
  };
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
      const name = /** @type {HTMLElement} */ (button).dataset.tab;
      const tab = TABS.find((t) => t === name) || 'report';
      showTab(tab);
      if (tab === 'tasks') {
        taskList.refresh(undefined, true);
      } else if (tab === 'instructions') {
        instructions.refresh();
      } else if (tab === 'volunteer') {
        void volunteer.refresh();
      }
    });
  }
  window.addEventListener('online', () => {
    say('');
    report.retryNow();
    instructions.refresh();
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
    instructions.refresh(),
  ]);
  if (taxonomy) {
    report.setTaxonomy(taxonomy);
  }
  const stream = openLiveStream({
    topics: ['cases', 'instructions'],
    token: () => tokens.get(),
    onEvent: (message) => {
      if (message.type === 'instruction.sent') {
        if (instructions.onLive(message)) {
          say(`收到新指令：${message.data?.title || ''}（见“指令”）`);
        }
      } else if (message.type.startsWith('case.')) {
        scheduleTaskRefresh();
      } else if (message.type === 'resync' || (message.type === 'ready' && liveBreak)) {
        // Back after a break that the replay cannot cover (or may not have): read the lists again.
        liveBreak = false;
        taskList.refresh(undefined, true);
        instructions.refresh();
      }
    },
    onState: (state) => {
      if (state !== 'open') {
        liveBreak = true;
      }
      byId('live').dataset.state = state;
    },
  });
  window.addEventListener('pagehide', () => stream.close());
  return me;
}

const ready = start().catch((error) => {
  say(`页面启动失败：${errorText(error)}。请检查网络后刷新页面。`, 'warn');
  throw error;
});

/** Test hook: resolves once the worker is logged in and the page is set up. */
/** @type {any} */ (window).__yiwangWorker = {ready};
