/**
 * One case on "我的任务": code, title, status, deadline and overdue state,
 * where it is; the buttons the server allows; details on demand (description,
 * reported photos, history), loaded only when opened to spare the network.
 * @module worker/taskCard
 */

import {el} from '../dom.js';
import {errorText} from './problems.js';
import {createStepForm} from './stepForm.js';
import {eventName, offeredSteps} from './tasks.js';
import {deadlineState, formatDateTime} from './time.js';

/**
 * @typedef {import('./stepForm.js').StepContext} StepContext
 */

/**
 * @param {any} c Case.
 * @param {StepContext} ctx Context.
 * @param {function(any, string): void} onChanged Called with the updated case and a message for the worker.
 * @return {HTMLElement} The card.
 */
export function createTaskCard(c, ctx, onChanged) {
  const deadline = deadlineState(c);
  const grid = Array.isArray(c.grids) && c.grids.length ? c.grids[0].name : '未落入网格';
  const handler =
    c.handlerKind === 'department' && c.department ? `处置部门：${c.department.name || c.department.code}` : c.assignee ? `责任人：${c.assignee.name}` : '';
  const details = el('div', {class: 'wk-card__details'});
  details.hidden = true;
  const toggle = el('button', {type: 'button', class: 'wk-button wk-button--ghost wk-button--small', name: 'details', 'aria-expanded': 'false'}, ['详情']);
  const actions = el('div', {class: 'wk-card__actions'});
  const card = el('article', {class: `wk-card wk-card--${deadline.state}`, 'data-case': String(c.id), 'data-code': c.code}, [
    el('header', {class: 'wk-card__head'}, [
      el('span', {class: 'wk-card__code'}, [c.code]),
      el('span', {class: `wk-badge wk-badge--${c.status}`, 'data-role': 'status'}, [c.statusName || c.status]),
    ]),
    el('h3', {class: 'wk-card__title'}, [c.title]),
    el('p', {class: 'wk-card__meta'}, [`${c.category?.topName || ''} › ${c.category?.name || c.category?.code || ''}`]),
    el('p', {class: 'wk-card__meta'}, [`${grid}${c.location?.address ? ` · ${c.location.address}` : ''}`]),
    handler ? el('p', {class: 'wk-card__meta'}, [handler]) : null,
    el('p', {class: `wk-deadline wk-deadline--${deadline.state}`, 'data-role': 'deadline'}, [
      deadline.state === 'overdue' ? el('strong', {}, ['超期 ']) : null,
      deadline.text,
    ]),
    actions,
    toggle,
    details,
  ]);

  function renderActions() {
    actions.replaceChildren();
    for (const step of offeredSteps(c)) {
      const button = el('button', {type: 'button', class: `wk-button wk-button--${step.tone}`, 'data-action': step.key}, [step.label]);
      button.addEventListener('click', () => {
        const form = createStepForm(c, step, ctx, {
          done: (updated) => onChanged(updated, `已${step.label}：${updated.code}（${updated.statusName || updated.status}）`),
          conflict: (fresh, message) => onChanged(fresh, message),
          cancel: renderActions,
        });
        actions.replaceChildren(form);
        form.scrollIntoView({block: 'nearest'});
      });
      actions.append(button);
    }
  }

  let loaded = false;
  async function loadDetails() {
    loaded = true;
    const photos = el('div', {class: 'wk-photos wk-photos--readonly'});
    const history = el('ol', {class: 'wk-history'}, [el('li', {}, ['办理记录加载中…'])]);
    details.replaceChildren(
      c.description ? el('p', {class: 'wk-card__text'}, [c.description]) : '',
      el('p', {class: 'wk-card__meta'}, [`上报时间：${formatDateTime(c.createdAt)}`]),
      Array.isArray(c.photos) && c.photos.length ? el('h4', {}, [`上报照片（${c.photos.length}）`]) : '',
      photos,
      el('h4', {}, ['办理记录']),
      history,
    );
    for (const id of Array.isArray(c.photos) ? c.photos : []) {
      const img = el('img', {class: 'wk-photo__img', alt: '上报照片', 'data-photo-id': id});
      photos.append(el('figure', {class: 'wk-photo wk-photo--done'}, [img]));
      ctx.loader.url(id).then(
        (url) => {
          img.src = url;
        },
        () => {
          img.alt = '照片加载失败';
        },
      );
    }
    try {
      const events = await ctx.api.getJson(`/api/cases/${c.id}/events`);
      history.replaceChildren(
        ...(Array.isArray(events) ? events : []).map((/** @type {any} */ e) =>
          el('li', {class: 'wk-history__item'}, [
            el('span', {class: 'wk-history__when'}, [formatDateTime(e.at)]),
            el('span', {class: 'wk-history__what'}, [eventName(e.type)]),
            el('span', {class: 'wk-history__who'}, [e.actor === 'system' ? '系统' : e.actor]),
            e.comment ? el('span', {class: 'wk-history__comment'}, [e.comment]) : null,
            Array.isArray(e.attachments) && e.attachments.length ? el('span', {class: 'wk-history__comment'}, [`附照片 ${e.attachments.length} 张`]) : null,
          ]),
        ),
      );
    } catch (error) {
      loaded = false;
      history.replaceChildren(el('li', {}, [`办理记录加载失败：${errorText(error)}（再点“详情”重试）`]));
    }
  }

  toggle.addEventListener('click', () => {
    details.hidden = !details.hidden;
    toggle.setAttribute('aria-expanded', String(!details.hidden));
    toggle.textContent = details.hidden ? '详情' : '收起';
    if (!details.hidden && !loaded) {
      loadDetails();
    }
  });
  renderActions();
  return card;
}
