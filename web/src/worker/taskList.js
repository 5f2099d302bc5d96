/**
 * 我的任务: cases dispatched to the worker (`GET /api/cases?mine=true`) and
 * handled cases in the worker's scope waiting for on-site verification
 * (`GET /api/cases?status=handled`, scope-filtered by the server), grouped
 * into 待处置 / 待核查 / 跟踪中.
 * @module worker/taskList
 */

import {el} from '../dom.js';
import {errorText} from './problems.js';
import {createTaskCard} from './taskCard.js';
import {groupTasks} from './tasks.js';

/**
 * @typedef {Object} TaskList
 * @property {function(string=, boolean=): Promise<void>} refresh Reloads the lists (message on top; `true`: in the background, keeping an open step form).
 */

/**
 * @param {HTMLElement} parent Where the list goes.
 * @param {import('./stepForm.js').StepContext} ctx Context.
 * @param {function(number, import('./tasks.js').TaskGroups): void} onCount Called with the number of cases needing the worker, and the groups.
 * @return {TaskList} The list.
 */
export function createTaskList(parent, ctx, onCount) {
  const message = el('p', {class: 'wk-notice wk-notice--inline', role: 'status', 'data-role': 'task-message'});
  message.hidden = true;
  const refreshButton = el('button', {type: 'button', class: 'wk-button wk-button--ghost wk-button--block', name: 'refresh'}, ['刷新']);
  const body = el('div', {class: 'wk-tasks'});
  parent.append(message, refreshButton, body);
  /** @type {Promise<void>|null} */
  let loading = null;

  /**
   * @param {string} [note] Message.
   */
  function say(note) {
    message.textContent = note || '';
    message.hidden = !note;
  }

  /**
   * @param {string} title Group title.
   * @param {string} key Group key.
   * @param {Array<any>} cases Cases.
   * @param {string} empty Text when there are none.
   * @return {HTMLElement} Section.
   */
  function section(title, key, cases, empty) {
    return el('section', {class: 'wk-group', 'data-group': key}, [
      el('h2', {class: 'wk-group__title'}, [`${title}（${cases.length}）`]),
      ...(cases.length ? cases.map(cardOf) : [el('p', {class: 'wk-empty'}, [empty])]),
    ]);
  }

  /** Cards on screen by `id@version`, reused by the next render (an open 详情 stays open when live events reload the lists). @type {Map<string, HTMLElement>} */
  let drawn = new Map();

  /**
   * @param {any} c Case.
   * @return {HTMLElement} Its card: the one on screen when the case has not changed, else a new one.
   */
  function cardOf(c) {
    const key = `${c.id}@${c.version}`;
    const kept = drawn.get(key);
    if (kept) {
      return kept;
    }
    const card = createTaskCard(c, ctx, (_updated, note) => {
      refresh(note);
    });
    card.dataset.version = String(c.version);
    return card;
  }

  /**
   * Reloads the lists. A step form the worker has open is not thrown away by
   * a refresh nobody asked for (switching tabs, a report sent): the reload
   * then waits for the next one.
   * @param {string} [note] Message to show above the list (a step's answer: always re-renders).
   * @param {boolean} [background] Not asked for by the worker.
   * @return {Promise<void>} Done.
   */
  function refresh(note, background = false) {
    if (loading) {
      // A step's answer must show even when a background reload is under way.
      return background ? loading : loading.then(() => refresh(note));
    }
    if (background && body.querySelector('form.wk-step')) {
      return Promise.resolve();
    }
    say(note || '');
    refreshButton.disabled = true;
    refreshButton.textContent = '加载中…';
    loading = (async () => {
      try {
        const [mine, handled] = await Promise.all([
          ctx.api.getJson('/api/cases?mine=true&limit=200'),
          ctx.api.getJson('/api/cases?status=handled&limit=200'),
        ]);
        const groups = groupTasks([mine.items || [], handled.items || []]);
        if (background && body.querySelector('form.wk-step')) {
          // The worker opened a step while the lists were loading: keep it.
          onCount(groups.handle.length + groups.verify.length, groups);
          return;
        }
        drawn = new Map(
          [...body.querySelectorAll('article[data-case][data-version]')].map((card) => [
            `${/** @type {HTMLElement} */ (card).dataset.case}@${/** @type {HTMLElement} */ (card).dataset.version}`,
            /** @type {HTMLElement} */ (card),
          ]),
        );
        body.replaceChildren(
          section('待处置', 'handle', groups.handle, '没有待处置的案件'),
          section('待核查', 'verify', groups.verify, '没有待核查的案件'),
          section('跟踪中', 'watching', groups.watching, '没有其他进行中的案件'),
        );
        onCount(groups.handle.length + groups.verify.length, groups);
      } catch (error) {
        say(`任务加载失败：${errorText(error)}。请检查网络后点“刷新”。`);
      } finally {
        refreshButton.disabled = false;
        refreshButton.textContent = '刷新';
        loading = null;
      }
    })();
    return loading;
  }

  refreshButton.addEventListener('click', () => refresh());
  return {refresh};
}
