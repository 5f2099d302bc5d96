/**
 * One workflow step on a task card (开始处置, 处置完毕, 回退, 核查通过 …): the
 * comment, photos and hours the step needs, the worker's current position
 * (sent with the step, in the declared system), and the answer: the updated
 * case, field messages, or — when someone else changed the case first (409) —
 * a reload with a message.
 * @module worker/stepForm
 */

import {el} from '../dom.js';
import {MAX_COMMENT_CHARS, MAX_PHOTOS, buildStepBody} from './caseBody.js';
import {crsLabel} from './crs.js';
import {createCrsSelect} from './crsSelect.js';
import {fieldRow, uniqueId} from './form.js';
import {accuracyText, locate} from './geolocation.js';
import {createPhotoField} from './photoField.js';
import {errorText, fieldMessages} from './problems.js';

/**
 * @typedef {import('./tasks.js').StepKind} StepKind
 * @typedef {import('./crs.js').CrsKey} CrsKey
 */

/**
 * @typedef {Object} StepContext
 * @property {import('../api.js').Api} api API client.
 * @property {import('./photoLoader.js').PhotoLoader} loader Photo URLs.
 * @property {function(): CrsKey} crs The system the worker chose.
 * @property {function(CrsKey): void} setCrs Remembers another choice.
 */

/**
 * @param {any} c The case as shown (its `id`, `code` and `version`).
 * @param {StepKind} step The step.
 * @param {StepContext} ctx Context.
 * @param {Object} handlers Handlers.
 * @param {function(any): void} handlers.done Called with the updated case.
 * @param {function(any, string): void} handlers.conflict Called with the reloaded case and a message.
 * @param {function(): void} handlers.cancel Called when the worker cancels.
 * @return {HTMLElement} The form.
 */
export function createStepForm(c, step, ctx, handlers) {
  /** @type {{lon: number, lat: number}|null} */
  let position = null;
  let crs = ctx.crs();
  let sending = false;

  const commentId = uniqueId('comment');
  const comment = el('textarea', {
    id: commentId,
    name: 'comment',
    class: 'wk-input wk-textarea',
    rows: '3',
    maxlength: String(MAX_COMMENT_CHARS),
  });
  const commentRow = fieldRow('comment', step.commentLabel, comment, {required: step.comment});

  const hoursId = uniqueId('hours');
  const hours = el('input', {id: hoursId, name: 'hours', type: 'number', min: '1', max: '720', step: '1', class: 'wk-input wk-input--short', value: '24'});
  const hoursRow = fieldRow('hours', '延期（工作小时）', hours, {required: true});

  const photos =
    step.photos === 'none'
      ? null
      : createPhotoField({
          api: ctx.api,
          loader: ctx.loader,
          label: step.photos === 'required' ? '处置后照片' : '照片（可选）',
          max: MAX_PHOTOS,
          required: step.photos === 'required',
          name: 'photos',
        });

  const where = el('p', {class: 'wk-step__where', 'data-role': 'step-location'}, ['正在定位…']);
  const crsSelect = createCrsSelect(crs, (value) => {
    crs = value;
    ctx.setCrs(value);
    showWhere();
  });
  /** @type {string} */
  let whereText = '';
  const relocate = el('button', {type: 'button', class: 'wk-button wk-button--ghost wk-button--small'}, ['重新定位']);
  const locationRow = fieldRow('location', '我的位置（随本步骤记录）', el('div', {class: 'wk-step__loc'}, [where, crsSelect, relocate]));

  const summary = el('div', {class: 'wk-summary', role: 'alert'});
  summary.hidden = true;
  const confirm = el('button', {type: 'submit', class: `wk-button wk-button--${step.tone === 'danger' ? 'danger' : 'primary'}`, name: 'confirm'}, [`确认${step.label}`]);
  const cancel = el('button', {type: 'button', class: 'wk-button wk-button--ghost', name: 'cancel'}, ['取消']);

  const form = el('form', {class: 'wk-step', novalidate: true, 'data-step': step.key, 'aria-label': step.label}, [
    el('h3', {class: 'wk-step__title'}, [step.label]),
    commentRow.element,
    step.hours ? hoursRow.element : null,
    photos ? photos.element : null,
    step.location ? locationRow.element : null,
    summary,
    el('div', {class: 'wk-step__buttons'}, [cancel, confirm]),
  ]);

  function showWhere() {
    where.textContent = position ? `${whereText}（${crsLabel(crs).split('（')[0]}）` : whereText;
  }

  function locateNow() {
    where.textContent = '正在定位…';
    locate().then(
      (fix) => {
        position = {lon: fix.lon, lat: fix.lat};
        whereText = `经度 ${fix.lon.toFixed(6)}，纬度 ${fix.lat.toFixed(6)}，${accuracyText(fix.accuracy)}`;
        showWhere();
      },
      (error) => {
        position = null;
        whereText = `${errorText(error)} 也可以不带位置提交。`;
        showWhere();
      },
    );
  }
  if (step.location) {
    locateNow();
    relocate.addEventListener('click', locateNow);
  }

  /** @type {Record<string, function(Array<string>|undefined): void>} */
  const targets = {
    comment: commentRow.showErrors,
    hours: hoursRow.showErrors,
    photos: (m) => photos?.showErrors(m),
    location: locationRow.showErrors,
  };

  /**
   * @param {Record<string, Array<string>>} fields Messages per field.
   * @param {Array<string>} general Other messages.
   */
  function showErrors(fields, general) {
    for (const [name, show] of Object.entries(targets)) {
      show(fields[name]);
    }
    summary.replaceChildren(...general.map((l) => el('p', {}, [l])));
    summary.hidden = !general.length;
  }

  cancel.addEventListener('click', () => handlers.cancel());
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (sending) {
      return;
    }
    /** @type {Record<string, Array<string>>} */
    const local = {};
    if (step.comment && !comment.value.trim()) {
      local.comment = [`请填写${step.commentLabel}`];
    }
    const hoursValue = Number(hours.value);
    if (step.hours && !(hoursValue > 0 && hoursValue <= 720)) {
      local.hours = ['请填写 1 到 720 之间的工作小时数'];
    }
    if (photos?.busy()) {
      local.photos = ['照片还在上传，请稍候'];
    } else if (step.photos === 'required' && !photos?.photos().length) {
      local.photos = ['请上传处置后的照片'];
    }
    if (Object.keys(local).length) {
      showErrors(local, []);
      return;
    }
    showErrors({}, []);
    sending = true;
    confirm.disabled = true;
    confirm.textContent = '提交中…';
    const body = buildStepBody({
      version: c.version,
      comment: comment.value,
      attachments: photos ? photos.photos().map((p) => p.id) : [],
      location: step.location ? position : null,
      crs,
      extensionHours: step.hours ? hoursValue : undefined,
    });
    try {
      const r = await ctx.api.send(`/api/cases/${c.id}/actions/${step.key}`, {method: 'POST', json: body});
      handlers.done(r.body);
    } catch (error) {
      const status = error && typeof error === 'object' && 'status' in error ? Number(error.status) : -1;
      if (status === 409) {
        try {
          const fresh = await ctx.api.getJson(`/api/cases/${c.id}`);
          handlers.conflict(fresh, `案件 ${c.code} 刚被他人更新（现为「${fresh.statusName || fresh.status}」），已刷新，请确认后再操作。`);
          return;
        } catch (reload) {
          showErrors({}, [`案件已被他人更新，刷新失败：${errorText(reload)}`]);
        }
      } else {
        const messages = fieldMessages(error, Object.keys(targets));
        showErrors(messages.fields, messages.general);
      }
    } finally {
      sending = false;
      confirm.disabled = false;
      confirm.textContent = `确认${step.label}`;
    }
  });
  return form;
}
