/**
 * 上报: the report form. Everything typed, the uploaded photo ids and the
 * position are saved as a draft on every change; sending retries on a bad
 * network with the draft's idempotency key until the server has the case,
 * then shows where it went (code, grid chain, responsible person or
 * department, status, deadline).
 * @module worker/reportForm
 */

import {el} from '../dom.js';
import {MAX_DESCRIPTION_CHARS, MAX_PHOTOS, MAX_TITLE_CHARS, checkDraft} from './caseBody.js';
import {createCategoryPicker} from './categoryPicker.js';
import {emptyDraft, hasContent} from './draft.js';
import {fieldRow, uniqueId} from './form.js';
import {newIdempotencyKey} from './idempotency.js';
import {createLocationField} from './locationField.js';
import {createPhotoField} from './photoField.js';
import {fieldMessages} from './problems.js';
import {submitCase} from './submit.js';
import {formatDateTime} from './time.js';

/**
 * @typedef {import('./draft.js').Draft} Draft
 * @typedef {import('./crs.js').CrsKey} CrsKey
 * @typedef {import('./categories.js').TopCategory} TopCategory
 */

/** Fields the form shows messages for. */
const FIELDS = ['category', 'title', 'description', 'photos', 'location', 'address', 'floor'];

/**
 * @typedef {Object} ReportForm
 * @property {function(Array<TopCategory>): void} setTaxonomy Fresh taxonomy.
 * @property {function(): void} retryNow Sends a waiting report now (the network came back).
 */

/**
 * @param {HTMLElement} parent Where the form goes.
 * @param {Object} options Options.
 * @param {import('../api.js').Api} options.api API client.
 * @param {import('./draft.js').DraftStore} options.drafts The user's draft store.
 * @param {import('./photoLoader.js').PhotoLoader} options.loader Photo URLs.
 * @param {Array<TopCategory>} options.taxonomy Taxonomy (maybe a cached one).
 * @param {CrsKey} options.crs Preselected system.
 * @param {string|null} options.shell GCJ-02 shell name, if any.
 * @param {function(any): void} [options.onSubmitted] Called with the new case.
 * @param {function(CrsKey): void} [options.onCrsChange] Called when the worker picks another system.
 * @return {ReportForm} The form.
 */
export function createReportForm(parent, options) {
  const {api, drafts} = options;
  /** @type {Draft} */
  let draft = drafts.load() || emptyDraft(newIdempotencyKey(), options.crs);
  let sending = false;
  /** @type {function(): void} */
  let retryNow = () => {};

  const save = () => {
    if (hasContent(draft) || draft.location) {
      drafts.save(draft);
    }
  };

  const picker = createCategoryPicker({
    taxonomy: options.taxonomy,
    onSelect(sub) {
      draft.category = sub.code;
      if (!draft.titleEdited || !draft.title.trim()) {
        draft.title = sub.name;
        draft.titleEdited = false;
        title.value = draft.title;
      }
      save();
    },
  });

  const titleId = uniqueId('title');
  const title = el('input', {type: 'text', id: titleId, name: 'title', class: 'wk-input', maxlength: String(MAX_TITLE_CHARS), enterkeyhint: 'next'});
  const titleRow = fieldRow('title', '标题', title, {required: true, hint: '选择类别后自动填写，可修改。'});
  title.addEventListener('input', () => {
    draft.title = title.value;
    draft.titleEdited = true;
    save();
  });

  const descriptionId = uniqueId('description');
  const description = el('textarea', {
    id: descriptionId,
    name: 'description',
    class: 'wk-input wk-textarea',
    rows: '3',
    maxlength: String(MAX_DESCRIPTION_CHARS),
    placeholder: '现场情况：什么问题、多大范围、是否紧急',
  });
  const descriptionRow = fieldRow('description', '情况描述', description);
  description.addEventListener('input', () => {
    draft.description = description.value;
    save();
  });

  const photos = createPhotoField({
    api,
    loader: options.loader,
    label: '现场照片',
    max: MAX_PHOTOS,
    onChange(list) {
      draft.photos = list;
      save();
    },
  });

  const location = createLocationField({
    api,
    crs: draft.crs,
    shell: options.shell,
    required: true,
    onChange(loc, crs) {
      draft.location = loc;
      if (crs !== draft.crs) {
        options.onCrsChange?.(crs);
      }
      draft.crs = crs;
      save();
    },
  });

  const addressId = uniqueId('address');
  const address = el('input', {type: 'text', id: addressId, name: 'address', class: 'wk-input', placeholder: '如：兴华街 12 号院 3 号楼东侧'});
  const addressRow = fieldRow('address', '地址（可选）', address);
  address.addEventListener('input', () => {
    draft.address = address.value;
    save();
  });
  const floorId = uniqueId('floor');
  const floor = el('input', {type: 'text', id: floorId, name: 'floor', class: 'wk-input wk-input--short', inputmode: 'numeric', placeholder: '如 3，地下一层填 -1'});
  const floorRow = fieldRow('floor', '楼层（可选）', floor);
  floor.addEventListener('input', () => {
    draft.floor = floor.value;
    save();
  });

  const summary = el('div', {class: 'wk-summary', role: 'alert', 'data-role': 'summary'});
  summary.hidden = true;
  const status = el('p', {class: 'wk-sending', 'aria-live': 'polite', 'data-role': 'sending'});
  status.hidden = true;
  const retryButton = el('button', {type: 'button', class: 'wk-button wk-button--ghost', name: 'retryNow'}, ['立即重试']);
  retryButton.hidden = true;
  const submit = el('button', {type: 'submit', class: 'wk-button wk-button--primary wk-button--block', name: 'submit'}, ['提交上报']);
  const discard = el('button', {type: 'button', class: 'wk-button wk-button--ghost wk-button--block', name: 'discard'}, ['清空重填']);

  const form = el('form', {class: 'wk-form', novalidate: true, 'aria-label': '上报事件'}, [
    el('p', {class: 'wk-draft', 'data-role': 'draft-note'}),
    picker.element,
    titleRow.element,
    descriptionRow.element,
    photos.element,
    location.element,
    addressRow.element,
    floorRow.element,
    summary,
    status,
    retryButton,
    submit,
    discard,
  ]);
  const result = el('section', {class: 'wk-result', 'aria-live': 'polite', 'data-role': 'result'});
  result.hidden = true;
  parent.append(form, result);

  /** @type {Record<string, function(Array<string>|undefined): void>} */
  const errorTargets = {
    category: picker.showErrors,
    title: titleRow.showErrors,
    description: descriptionRow.showErrors,
    photos: photos.showErrors,
    location: location.showErrors,
    address: addressRow.showErrors,
    floor: floorRow.showErrors,
  };

  /**
   * @param {Record<string, Array<string>>} fields Messages per field.
   * @param {Array<string>} general Other messages.
   */
  function showErrors(fields, general) {
    for (const name of FIELDS) {
      errorTargets[name](fields[name]);
    }
    const lines = [...general];
    if (Object.keys(fields).length) {
      lines.unshift('请按提示修改标红的项目后再提交。');
    }
    summary.replaceChildren(...lines.map((l) => el('p', {}, [l])));
    summary.hidden = !lines.length;
    const first = FIELDS.find((f) => fields[f]);
    if (first) {
      form.querySelector(`[data-field="${first}"]`)?.scrollIntoView({block: 'center', behavior: 'smooth'});
    }
  }

  /** Shows the draft in the form. */
  function fill() {
    picker.select(draft.category);
    title.value = draft.title;
    description.value = draft.description;
    photos.setPhotos(draft.photos);
    location.set(draft.location, draft.crs);
    address.value = draft.address;
    floor.value = draft.floor;
    const note = /** @type {HTMLElement} */ (form.querySelector('[data-role="draft-note"]'));
    if (draft.sent) {
      note.textContent = '上次提交未确认成功，草稿已恢复。再次提交不会重复上报。';
    } else if (hasContent(draft)) {
      note.textContent = `已恢复 ${formatDateTime(draft.savedAt)} 保存的草稿。`;
    } else {
      note.textContent = '';
    }
    note.hidden = !note.textContent;
  }

  /**
   * @param {boolean} on Sending.
   */
  function setSending(on) {
    sending = on;
    submit.disabled = on;
    discard.disabled = on;
    submit.textContent = on ? '提交中…' : '提交上报';
    if (!on) {
      retryButton.hidden = true;
    }
  }

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (sending) {
      return;
    }
    if (photos.busy()) {
      showErrors({photos: ['照片还在上传，请稍候再提交']}, []);
      return;
    }
    const local = checkDraft(draft, picker.selected());
    if (Object.keys(local).length) {
      showErrors(local, []);
      return;
    }
    showErrors({}, []);
    setSending(true);
    draft.sent = true;
    drafts.save(draft);
    status.hidden = false;
    status.textContent = '正在提交…';
    try {
      const done = await submitCase(api, draft, {
        onTry(n) {
          status.textContent = n > 1 ? `正在重新提交（第 ${n} 次，使用同一上报编号，不会重复）…` : '正在提交…';
          retryButton.hidden = true;
        },
        onWait(info) {
          status.textContent = `网络不佳，提交未完成，草稿已保存。${Math.round(info.delay / 1000)} 秒后自动重试…`;
          retryNow = info.retryNow;
          retryButton.hidden = false;
        },
      });
      drafts.clear();
      status.hidden = true;
      showResult(done.view, done.replayed);
      options.onSubmitted?.(done.view);
    } catch (error) {
      status.hidden = true;
      const messages = fieldMessages(error, FIELDS);
      showErrors(messages.fields, messages.general);
    } finally {
      retryNow = () => {};
      setSending(false);
    }
  });
  retryButton.addEventListener('click', () => retryNow());
  discard.addEventListener('click', () => {
    if (hasContent(draft) && !globalThis.confirm('清空当前填写的内容？')) {
      return;
    }
    startNew();
  });

  /**
   * @param {any} view The case.
   * @param {boolean} replayed The server had it already.
   */
  function showResult(view, replayed) {
    form.hidden = true;
    result.hidden = false;
    const chain = Array.isArray(view.grids)
      ? view.grids
          .filter((/** @type {any} */ g) => g.level !== 'district')
          .map((/** @type {any} */ g) => g.name)
          .reverse()
          .join(' › ')
      : '';
    /** @type {Array<[string, string, string]>} */
    const rows = [
      ['code', '案件编号', view.code],
      ['status', '状态', view.statusName || view.status],
      ['category', '类别', view.category ? `${view.category.topName || ''} › ${view.category.name || view.category.code}` : ''],
      ['grids', '所属网格', chain || '未落入网格，由城运中心人工分派'],
      ['assignee', '责任网格员', view.assignee ? view.assignee.name : '—'],
      ['department', '处置部门', view.department ? view.department.name || view.department.code : view.handlerKind === 'grid_worker' ? '网格员就地处置' : '—'],
      ['deadline', '处置时限', view.deadline ? formatDateTime(view.deadline) : '派遣后计时'],
      ['photos', '照片', `${Array.isArray(view.photos) ? view.photos.length : 0} 张`],
    ];
    const again = el('button', {type: 'button', class: 'wk-button wk-button--primary wk-button--block', name: 'newReport'}, ['继续上报']);
    again.addEventListener('click', startNew);
    result.replaceChildren(
      el('h2', {class: 'wk-result__title'}, ['上报成功']),
      replayed ? el('p', {class: 'wk-field__hint'}, ['服务器已收到过这次上报（网络重试），未重复立案。']) : '',
      el(
        'dl',
        {class: 'wk-result__list'},
        rows.flatMap(([key, label, value]) => [el('dt', {}, [label]), el('dd', {'data-result': key}, [value || '—'])]),
      ),
      again,
    );
    result.scrollIntoView({block: 'start'});
  }

  function startNew() {
    drafts.clear();
    draft = emptyDraft(newIdempotencyKey(), draft.crs);
    result.hidden = true;
    form.hidden = false;
    showErrors({}, []);
    fill();
    location.locateNow();
  }

  fill();
  if (!draft.location) {
    location.locateNow();
  }

  return {
    setTaxonomy(taxonomy) {
      picker.setTaxonomy(taxonomy);
    },
    retryNow: () => retryNow(),
  };
}
