/**
 * Entry of the dispatcher's page (`/dispatch`, 座席员工作台): login, the queue
 * tabs, the case cards, and the live updates from `GET /api/live`. The test
 * hook `window.__yiwangDispatch` resolves once the queues are loaded.
 * @module dispatch/main
 */

import 'ol/ol.css';
import './dispatch.css';
import {createApi} from '../api.js';
import {createSessionTokenStore} from '../auth.js';
import {el} from '../dom.js';
import {openLiveStream} from '../liveStream.js';
import {createLoginScreen} from '../worker/loginScreen.js';
import {createPhotoLoader} from '../worker/photoLoader.js';
import {createCaseCard} from './caseCard.js';
import {actionErrorText} from './messages.js';
import {QUEUES, applyLive, emptyState, queueCounts, queueItems, queuesOf, withCases} from './queues.js';

/** How many cards one queue shows at most (the rest wait until the first are done). */
const MAX_CARDS = 40;

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

const notice = byId('notice');
/**
 * @param {string} text Message ('' hides it).
 * @param {'info'|'warn'} [tone] Tone.
 */
function say(text, tone = 'info') {
  notice.textContent = text;
  notice.hidden = !text;
  notice.className = `dp-notice dp-notice--${tone}`;
}

const tokens = createSessionTokenStore();
const api = createApi({tokens, requestCredentials: createLoginScreen(document.body, {title: '座席员登录', hint: '登录后可受理、派遣和核查本辖区的案件。'})});
const photos = createPhotoLoader(api);
const list = byId('queue');
const tabs = byId('tabs');
const liveState = byId('live-state');

let state = emptyState();
/** @type {import('./queues.js').QueueKey} */
let current = 'intake';
/** Messages to show on a card when it is drawn again (after an action or a 409). @type {Map<number, {text: string, ok: boolean}>} */
const cardNotes = new Map();

/** @type {Promise<Array<any>>|null} */
let departments = null;
/** @type {Map<string, Promise<any>>} */
const categories = new Map();

/** @type {import('./caseCard.js').CardContext} */
const ctx = {
  api,
  photos,
  departments: () => {
    departments ||= api.getJson('/api/departments').catch((error) => {
      departments = null;
      throw error;
    });
    return departments;
  },
  category: (code) => {
    let c = categories.get(code);
    if (!c) {
      c = api.getJson(`/api/categories/${encodeURIComponent(code)}`);
      c.catch(() => categories.delete(code));
      categories.set(code, c);
    }
    return c;
  },
  onChanged: (id, view, note) => {
    if (note) {
      // A view means the action went through; without one the note says why it did not.
      cardNotes.set(id, {text: note, ok: Boolean(view)});
    }
    if (view) {
      replaceCase(id, view, note);
    } else {
      reloadCase(id);
    }
  },
};

for (const q of QUEUES) {
  const button = el('button', {type: 'button', role: 'tab', class: 'dp-tab', 'data-queue': q.key, 'aria-selected': String(q.key === current)}, [
    q.label,
    el('span', {class: 'dp-tab__count', 'data-role': 'count'}, ['0']),
  ]);
  button.addEventListener('click', () => {
    current = q.key;
    render();
  });
  tabs.append(button);
}

/**
 * Shows a case as the server answered it; a case that left its queue leaves with a note on top.
 * @param {number} id Case id.
 * @param {any} view Case.
 * @param {string} [note] Message.
 */
function replaceCase(id, view, note) {
  state = withCases(state, [view]);
  if (!state.cases.has(id) && note) {
    say(`${view.code}：${note}`);
  }
  render();
}

/**
 * Loads one case again (after a live event or a 409); a 403/404 drops it (out of scope now).
 * @param {number} id Case id.
 * @return {Promise<void>} Done.
 */
async function reloadCase(id) {
  try {
    const view = await api.getJson(`/api/cases/${id}`);
    state = withCases(state, [view]);
  } catch (error) {
    const status = error && typeof error === 'object' && 'status' in error ? Number(error.status) : 0;
    if (status === 403 || status === 404) {
      const cases = new Map(state.cases);
      cases.delete(id);
      state = {cases};
    } else {
      cardNotes.set(id, {text: `刷新失败：${actionErrorText(error)}`, ok: false});
    }
  }
  render();
}

/** Re-renders the tab counts and the current queue. */
function render() {
  const counts = queueCounts(state);
  for (const button of tabs.querySelectorAll('.dp-tab')) {
    const key = /** @type {import('./queues.js').QueueKey} */ (/** @type {HTMLElement} */ (button).dataset.queue);
    button.setAttribute('aria-selected', String(key === current));
    const count = /** @type {HTMLElement} */ (button.querySelector('[data-role=count]'));
    count.textContent = String(counts[key] ?? 0);
  }
  const def = QUEUES.find((q) => q.key === current) || QUEUES[0];
  // A case a live event announced is shown once it has been loaded in full (its actions, its duplicate flag).
  const items = queueItems(state, current).filter((c) => Array.isArray(c.actions));
  // Cards already drawn at the same version stay as they are (open forms, loaded maps).
  /** @type {Map<string, Element>} */
  const drawn = new Map();
  for (const card of list.querySelectorAll('.dp-card')) {
    drawn.set(`${/** @type {HTMLElement} */ (card).dataset.case}@${/** @type {HTMLElement} */ (card).dataset.version}`, card);
  }
  const cards = items.slice(0, MAX_CARDS).map((c) => {
    const note = cardNotes.get(c.id);
    cardNotes.delete(c.id);
    const kept = note ? undefined : drawn.get(`${c.id}@${c.version}`);
    if (kept) {
      return kept;
    }
    const card = createCaseCard(c, ctx);
    if (note) {
      const message = /** @type {HTMLElement} */ (card.querySelector('[data-role=card-message]'));
      message.textContent = note.text;
      message.hidden = false;
      message.classList.toggle('dp-card__message--ok', note.ok);
    }
    return card;
  });
  list.setAttribute('data-queue', current);
  list.replaceChildren(
    ...(cards.length ? cards : [el('p', {class: 'dp-empty'}, [def.empty])]),
    ...(items.length > MAX_CARDS ? [el('p', {class: 'dp-empty'}, [`另有 ${items.length - MAX_CARDS} 件，处理完上面的案件后显示`])] : []),
  );
}

/**
 * Loads every queue from the API.
 * @return {Promise<void>} Done.
 */
async function loadAll() {
  const pages = await Promise.all(
    QUEUES.map((q) =>
      api.getJson(`/api/cases?${q.query}&limit=200`).catch((error) => {
        say(`${q.label}加载失败：${actionErrorText(error)}`, 'warn');
        return {items: []};
      }),
    ),
  );
  state = withCases(emptyState(), pages.flatMap((p) => (p && Array.isArray(p.items) ? p.items : [])));
  render();
}

/** Cases named by live events, loaded in full together once the burst is over. @type {Set<number>} */
const pending = new Set();
/** @type {ReturnType<typeof setTimeout>|null} */
let pendingTimer = null;

function flushPending() {
  pendingTimer = null;
  const ids = [...pending];
  pending.clear();
  for (const id of ids) {
    reloadCase(id);
  }
}

/**
 * @param {import('../liveStream.js').LiveMessage} message Live event.
 */
function onLive(message) {
  const outcome = applyLive(state, message);
  if (outcome.reload) {
    loadAll();
    return;
  }
  state = outcome.state;
  for (const id of outcome.fetch) {
    pending.add(id);
  }
  if (pending.size && !pendingTimer) {
    pendingTimer = setTimeout(flushPending, 150);
  }
  if (outcome.removed.length) {
    render();
  }
}

async function start() {
  const me = await api.getJson('/api/me');
  byId('who').textContent = `${me.name || me.username}`;
  const logout = byId('logout');
  logout.hidden = false;
  logout.addEventListener('click', () => {
    tokens.clear();
    location.reload();
  });
  if (!['dispatcher', 'ops', 'admin'].includes(me.role)) {
    say(`本页面供座席员使用；当前账号（${me.username}）不能受理或派遣案件，操作会被拒绝。`, 'warn');
  }
  await loadAll();
  const stream = openLiveStream({
    topics: ['cases'],
    token: () => tokens.get(),
    onEvent: onLive,
    onState: (s) => {
      liveState.textContent = s === 'open' ? '实时连接' : s === 'connecting' ? '正在连接…' : '连接中断，稍后重连';
      // Back after a break the replay brings what was missed, and a resync reloads everything.
      liveState.dataset.state = s;
    },
  });
  window.addEventListener('pagehide', () => stream.close());
  return {me, stream, queuesOf};
}

const ready = start().catch((error) => {
  say(`页面启动失败：${actionErrorText(error)}。请检查网络后刷新页面。`, 'warn');
  throw error;
});

/** Test hook: resolves once the dispatcher is logged in, the queues are loaded and the stream is opened. */
/** @type {any} */ (window).__yiwangDispatch = {ready};
