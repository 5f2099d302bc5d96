/**
 * 指令 tab of the phone page: instructions from the ops center, newest
 * first, each with 标为已读 and 完成反馈 (feedback, then 提交完成).
 * @module worker/instructionList
 */

import {el} from '../dom.js';
import {mergeListed, unreadCount, withLive, withReceipt} from './instructions.js';
import {errorText} from './problems.js';
import {formatDateTime} from './time.js';

/**
 * @typedef {Object} InstructionList
 * @property {function(): Promise<void>} refresh Loads `GET /api/instructions/mine` again.
 * @property {function(import('../liveStream.js').LiveMessage): boolean} onLive Takes a live event; `true` when a new instruction arrived.
 */

/**
 * @param {HTMLElement} parent Where the list goes.
 * @param {import('../api.js').Api} api API client.
 * @param {function(number): void} onUnread Called with the number of unread instructions.
 * @return {InstructionList} The list.
 */
export function createInstructionList(parent, api, onUnread) {
  const message = el('p', {class: 'wk-notice wk-notice--inline', role: 'status', 'data-role': 'instruction-message'});
  message.hidden = true;
  const body = el('div', {class: 'wk-instructions'});
  parent.append(message, body);
  /** @type {Array<import('./instructions.js').Instruction>} */
  let held = [];

  /**
   * @param {string} note Message ('' hides it).
   */
  function say(note) {
    message.textContent = note;
    message.hidden = !note;
  }

  /**
   * @param {import('./instructions.js').Instruction} i Instruction.
   * @return {HTMLElement} Its card.
   */
  function card(i) {
    const state = i.doneAt ? '已完成' : i.readAt ? '已读' : '未读';
    const feedback = el('textarea', {name: 'feedback', class: 'wk-input', rows: '2', placeholder: '完成情况（可选）', maxlength: '2000'});
    const read = el('button', {type: 'button', class: 'wk-button', name: 'read'}, ['标为已读']);
    const done = el('button', {type: 'button', class: 'wk-button wk-button--primary', name: 'done'}, ['提交完成']);
    read.hidden = Boolean(i.readAt);
    read.addEventListener('click', () => receipt(i.id, 'read'));
    done.addEventListener('click', () => receipt(i.id, 'done', feedback.value.trim()));
    return el('article', {class: `wk-card wk-instruction${i.fresh ? ' wk-instruction--fresh' : ''}`, 'data-instruction': String(i.id), 'data-state': state}, [
      el('header', {class: 'wk-card__head'}, [
        el('span', {class: 'wk-card__code'}, [i.title]),
        el('span', {class: 'wk-instruction__state'}, [state]),
      ]),
      el('p', {class: 'wk-instruction__body'}, [i.body]),
      el('p', {class: 'wk-card__meta'}, [`${i.sender ? `${i.sender} · ` : ''}${i.sentAt ? formatDateTime(i.sentAt) : ''}`]),
      ...(i.doneAt ? [] : [feedback, el('div', {class: 'wk-instruction__actions'}, [read, done])]),
    ]);
  }

  function render() {
    body.replaceChildren(...(held.length ? held.map(card) : [el('p', {class: 'wk-empty'}, ['没有待办的指令'])]));
    onUnread(unreadCount(held));
  }

  /**
   * @param {number} id Instruction.
   * @param {'read'|'done'} kind Receipt.
   * @param {string} [feedback] Completion feedback.
   */
  async function receipt(id, kind, feedback) {
    say('');
    try {
      await api.send(`/api/instructions/${id}/${kind}`, {method: 'POST', json: kind === 'done' ? {feedback: feedback || undefined} : undefined});
      held = withReceipt(held, id, kind, new Date().toISOString());
      say(kind === 'done' ? '已提交完成反馈' : '已标为已读');
      render();
    } catch (error) {
      say(`提交失败：${errorText(error)}`);
    }
  }

  return {
    async refresh() {
      try {
        const listed = await api.getJson('/api/instructions/mine');
        held = mergeListed(held, Array.isArray(listed) ? listed : []);
        render();
      } catch (error) {
        say(`指令加载失败：${errorText(error)}`);
      }
    },
    onLive(live) {
      const before = held;
      held = withLive(held, live);
      if (held !== before) {
        render();
        return true;
      }
      return false;
    },
  };
}
