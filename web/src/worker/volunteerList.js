/**
 * 志愿 tab of the phone page: 我的积分, the volunteer tasks of the user's
 * grids with 抢任务 (claim; first come first served, the server enforces
 * the places), and, for tasks the user posted, the volunteers with 确认完成
 * (which credits their points).
 * @module worker/volunteerList
 */

import {el} from '../dom.js';
import {errorText} from './problems.js';
import {formatDateTime} from './time.js';
import {STATE_LABELS, places, sortTasks, taskState} from './volunteer.js';

/**
 * @param {HTMLElement} parent Where the list goes.
 * @param {import('../api.js').Api} api API client.
 * @param {string} username The signed-in user.
 * @return {{refresh: function(): Promise<void>}} The list.
 */
export function createVolunteerList(parent, api, username) {
  const message = el('p', {class: 'wk-notice wk-notice--inline', role: 'status', 'data-role': 'volunteer-message'});
  message.hidden = true;
  const points = el('p', {class: 'wk-card__meta', 'data-role': 'points'}, ['我的积分：…']);
  const body = el('div', {class: 'wk-volunteer'});
  parent.append(points, message, body);

  /** @param {string} note Message ('' hides it). */
  function say(note) {
    message.textContent = note;
    message.hidden = !note;
  }

  /**
   * @param {number} id Task.
   * @param {HTMLElement} box Where the volunteers go.
   */
  async function showClaims(id, box) {
    try {
      const answer = await api.getJson(`/api/volunteer/tasks/${id}`);
      /** @type {Array<import('./volunteer.js').Claim>} */
      const claims = answer.claims ?? [];
      box.replaceChildren(
        ...(claims.length
          ? claims.map((c) => {
              const confirm = el('button', {type: 'button', class: 'wk-button', name: 'confirm'}, ['确认完成']);
              confirm.addEventListener('click', async () => {
                try {
                  await api.send(`/api/volunteer/tasks/${id}/claims/${encodeURIComponent(c.username)}/confirm`, {method: 'POST'});
                  say(`已确认 ${c.username} 完成，积分已发放`);
                  await refresh();
                } catch (error) {
                  say(`确认失败：${errorText(error)}`);
                }
              });
              return el('li', {'data-volunteer': c.username}, [c.username, ' ', c.completedAt ? `已完成 +${c.points}分` : confirm]);
            })
          : [el('li', {}, ['暂无人领取'])]),
      );
    } catch (error) {
      say(`报名名单加载失败：${errorText(error)}`);
    }
  }

  /**
   * @param {import('./volunteer.js').Task} t Task.
   * @param {number} now Time in ms.
   * @return {HTMLElement} Its card.
   */
  function card(t, now) {
    const state = taskState(t, now);
    const claim = el('button', {type: 'button', class: 'wk-button wk-button--primary', name: 'claim'}, ['抢任务']);
    claim.addEventListener('click', async () => {
      claim.setAttribute('disabled', '');
      say('');
      try {
        await api.send(`/api/volunteer/tasks/${t.id}/claim`, {method: 'POST'});
        say(`已领取“${t.title}”，完成后由发布人确认发放 ${t.points} 积分`);
      } catch (error) {
        say(`领取失败：${errorText(error)}`);
      }
      await refresh();
    });
    const claims = el('ul', {class: 'wk-volunteer__claims'});
    const showClaimsButton = el('button', {type: 'button', class: 'wk-button', name: 'claims'}, ['查看报名']);
    showClaimsButton.addEventListener('click', () => void showClaims(t.id, claims));
    return el('article', {class: 'wk-card wk-volunteer__task', 'data-task': String(t.id), 'data-state': state}, [
      el('header', {class: 'wk-card__head'}, [
        el('span', {class: 'wk-card__code'}, [t.title]),
        el('span', {class: 'wk-volunteer__state'}, [STATE_LABELS[state]]),
      ]),
      el('p', {class: 'wk-card__meta'}, [`${t.place} · ${formatDateTime(t.startsAt)}`]),
      el('p', {class: 'wk-card__meta'}, [`积分 ${t.points} · 名额 `, el('span', {'data-role': 'places'}, [places(t)])]),
      ...(state === 'open' ? [claim] : []),
      ...(t.postedBy === username ? [showClaimsButton, claims] : []),
    ]);
  }

  async function refresh() {
    try {
      const [listed, mine] = await Promise.all([api.getJson('/api/volunteer/tasks'), api.getJson('/api/volunteer/points')]);
      const now = Date.now();
      /** @type {Array<import('./volunteer.js').Task>} */
      const tasks = Array.isArray(listed?.items) ? listed.items : [];
      points.textContent = `我的积分：${mine.points}（已完成 ${mine.completed} 项，待确认 ${mine.open} 项）`;
      points.dataset.points = String(mine.points);
      body.replaceChildren(...(tasks.length ? sortTasks(tasks, now).map((t) => card(t, now)) : [el('p', {class: 'wk-empty'}, ['暂无志愿任务'])]));
    } catch (error) {
      say(`志愿任务加载失败：${errorText(error)}`);
    }
  }

  return {refresh};
}
