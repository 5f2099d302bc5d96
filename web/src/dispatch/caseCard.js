/**
 * One case on the dispatcher's page: a small map of its point and micro-grid
 * boundary, the suggested assignee and department, the desk actions the
 * server allows the caller now (受理, 立案, 派遣 / 重新派遣, 合并, 不予受理,
 * 结案), the history timeline and the photos.
 * @module dispatch/caseCard
 */

import Feature from 'ol/Feature.js';
import Map from 'ol/Map.js';
import View from 'ol/View.js';
import GeoJSON from 'ol/format/GeoJSON.js';
import Point from 'ol/geom/Point.js';
import VectorLayer from 'ol/layer/Vector.js';
import {fromLonLat} from 'ol/proj.js';
import VectorSource from 'ol/source/Vector.js';
import CircleStyle from 'ol/style/Circle.js';
import Fill from 'ol/style/Fill.js';
import Stroke from 'ol/style/Stroke.js';
import Style from 'ol/style/Style.js';
import {el} from '../dom.js';
import {eventName} from '../worker/tasks.js';
import {formatDateTime} from '../worker/time.js';
import {actionErrorText} from './messages.js';
import {consultTasks, dispatchLabel, rejectReplies} from './queues.js';

/**
 * @typedef {Object} CardContext
 * @property {import('../api.js').Api} api API client.
 * @property {import('../worker/photoLoader.js').PhotoLoader} photos Photo loader.
 * @property {function(): Promise<Array<{code: string, nameZh?: string, name?: string}>>} departments Departments (cached).
 * @property {function(string): Promise<any>} category A sub-category (cached).
 * @property {function(number, any|null, string=): void} onChanged The case changed (its new view, or `null` to reload it) with a message.
 */

const GRID_STYLE = new Style({stroke: new Stroke({color: '#1565c0', width: 2}), fill: new Fill({color: 'rgba(21,101,192,0.08)'})});
const POINT_STYLE = new Style({
  image: new CircleStyle({radius: 6, fill: new Fill({color: '#c62828'}), stroke: new Stroke({color: '#fff', width: 2})}),
});

/**
 * Draws the case's point and its micro grid's boundary (no base map: nothing leaves the server).
 * @param {HTMLElement} target Map element.
 * @param {any} c Case.
 * @param {import('../api.js').Api} api API client.
 */
function drawMiniMap(target, c, api) {
  if (!c.location) {
    target.textContent = '无位置';
    return;
  }
  const source = new VectorSource();
  const center = fromLonLat([c.location.lon, c.location.lat]);
  source.addFeature(new Feature(new Point(center)));
  const map = new Map({
    target,
    controls: [],
    interactions: [],
    layers: [
      new VectorLayer({source, style: (f) => (f.getGeometry()?.getType() === 'Point' ? POINT_STYLE : GRID_STYLE)}),
    ],
    view: new View({center, zoom: 17}),
  });
  const micro = Array.isArray(c.grids) ? c.grids[0] : null;
  if (micro?.code) {
    api.getGrid(micro.code).then(
      (feature) => {
        const grid = new GeoJSON().readFeature(feature, {dataProjection: 'EPSG:4326', featureProjection: 'EPSG:3857'});
        source.addFeature(/** @type {Feature} */ (grid));
        const extent = source.getExtent();
        if (extent) {
          map.getView().fit(extent, {padding: [12, 12, 12, 12], maxZoom: 18});
        }
        target.dataset.grid = micro.code;
      },
      () => {
        target.dataset.grid = 'error';
      },
    );
  }
}

/**
 * @param {any} c Case.
 * @return {string} The routed grid chain, micro grid first.
 */
function chainText(c) {
  const grids = Array.isArray(c.grids) ? c.grids : [];
  return grids.length ? grids.map((/** @type {any} */ g) => g.name || g.code).join(' ‹ ') : '未落入任何网格（待人工指定）';
}

/**
 * @param {any} c Case.
 * @param {CardContext} ctx Context.
 * @return {HTMLElement} The card.
 */
export function createCaseCard(c, ctx) {
  const message = el('p', {class: 'dp-card__message', role: 'alert', 'data-role': 'card-message'});
  message.hidden = true;
  const actions = el('div', {class: 'dp-card__actions'});
  const form = el('div', {class: 'dp-card__form'});
  const history = el('ol', {class: 'dp-history', 'data-role': 'history'});
  const photos = el('div', {class: 'dp-photos', 'data-role': 'photos'});
  const mapTarget = el('div', {class: 'dp-card__map', 'data-role': 'map'});
  const flags = [
    c.overdue ? el('span', {class: 'dp-flag dp-flag--overdue'}, [`超期${c.supervisionLevel > 1 ? '（二级督办）' : ''}`]) : null,
    c.sankua ? el('span', {class: 'dp-flag dp-flag--sankua', title: (c.sankuaReasons || []).join('、')}, ['三跨']) : null,
    typeof c.duplicateOf === 'number' ? el('span', {class: 'dp-flag dp-flag--dup'}, ['疑似重复']) : null,
    c.urgency && c.urgency !== 'normal' ? el('span', {class: 'dp-flag dp-flag--urgent'}, [c.urgency === 'critical' ? '特急' : '紧急']) : null,
  ];
  const card = el('article', {class: 'dp-card', 'data-case': String(c.id), 'data-code': c.code, 'data-status': c.status, 'data-version': String(c.version)}, [
    el('header', {class: 'dp-card__head'}, [
      el('span', {class: 'dp-card__code'}, [c.code]),
      el('span', {class: 'dp-card__status', 'data-role': 'status'}, [c.statusName || c.status]),
      ...flags,
    ]),
    el('div', {class: 'dp-card__body'}, [
      mapTarget,
      el('div', {class: 'dp-card__info'}, [
        el('h3', {class: 'dp-card__title'}, [c.title]),
        el('p', {class: 'dp-card__meta'}, [`${c.category?.topName || ''} · ${c.category?.name || c.category?.code || ''}`]),
        c.description ? el('p', {class: 'dp-card__desc'}, [c.description]) : null,
        el('p', {class: 'dp-card__meta'}, [`网格：${chainText(c)}`]),
        c.location?.address ? el('p', {class: 'dp-card__meta'}, [`地址：${c.location.address}`]) : null,
        el('p', {class: 'dp-card__meta', 'data-role': 'suggestion'}, [
          `建议处置：${c.department ? `部门 ${c.department.name || c.department.code}` : '—'}；网格员 ${c.assignee ? c.assignee.name || c.assignee.username : '—'}`,
        ]),
        el('p', {class: 'dp-card__meta'}, [
          `上报：${formatDateTime(c.createdAt)}`,
          c.deadline ? `；时限：${formatDateTime(c.deadline)}` : '',
          c.reporter?.phone ? `；联系人：${c.reporter.name || ''} ${c.reporter.phone}` : '',
        ]),
        photos,
      ]),
    ]),
    message,
    actions,
    form,
    el('details', {class: 'dp-card__history'}, [el('summary', {}, ['处理经过']), history]),
  ]);

  /**
   * @param {string} text Message ('' hides it).
   */
  function say(text) {
    message.textContent = text;
    message.hidden = !text;
  }

  /**
   * Runs one action with the version this card shows.
   * @param {string} action Action key.
   * @param {Record<string, unknown>} [fields] Other fields.
   * @param {string} [done] Message after success.
   */
  async function act(action, fields = {}, done = '') {
    for (const button of card.querySelectorAll('button')) {
      /** @type {HTMLButtonElement} */ (button).disabled = true;
    }
    say('');
    try {
      const r = await ctx.api.send(`/api/cases/${c.id}/actions/${action}`, {method: 'POST', json: {version: c.version, ...fields}});
      ctx.onChanged(c.id, r.body, done);
    } catch (error) {
      const text = actionErrorText(error);
      const status = error && typeof error === 'object' && 'status' in error ? Number(error.status) : 0;
      if (status === 409) {
        // Someone else moved the case: show why, then the case as it is now.
        ctx.onChanged(c.id, null, text);
        return;
      }
      say(text);
      for (const button of card.querySelectorAll('button')) {
        /** @type {HTMLButtonElement} */ (button).disabled = false;
      }
    }
  }

  /**
   * @param {string} name Button name (tests find it by that).
   * @param {string} label Label.
   * @param {function(): void} onClick Handler.
   * @param {'primary'|'normal'|'danger'} [tone] Style.
   * @return {HTMLButtonElement} Button.
   */
  function button(name, label, onClick, tone = 'normal') {
    const b = el('button', {type: 'button', class: `dp-button dp-button--${tone}`, name}, [label]);
    b.addEventListener('click', onClick);
    return b;
  }

  async function openDispatch() {
    const select = el('select', {name: 'department', class: 'dp-input'});
    if (c.assignee?.id) {
      select.append(el('option', {value: `worker:${c.assignee.id}`}, [`网格员 ${c.assignee.name || c.assignee.username}（本网格）`]));
    }
    const departments = await ctx.departments().catch(() => []);
    for (const d of departments) {
      select.append(el('option', {value: `department:${d.code}`}, [d.nameZh || d.name || d.code]));
    }
    if (c.department?.code) {
      select.value = `department:${c.department.code}`;
    }
    const comment = el('input', {name: 'comment', class: 'dp-input', placeholder: '派遣说明（可选）'});
    const ok = button('confirm-dispatch', `确认${dispatchLabel(c)}`, () => {
      const [kind, value] = select.value.split(':');
      const target = kind === 'worker' ? {handlerKind: 'grid_worker', assigneeId: Number(value)} : {handlerKind: 'department', departmentCode: value};
      act('dispatch', {...target, comment: comment.value.trim() || undefined}, `已${dispatchLabel(c)}`);
    }, 'primary');
    form.replaceChildren(el('label', {class: 'dp-field'}, ['派遣给', select]), comment, ok, button('cancel', '取消', () => form.replaceChildren()));
  }

  async function openConsult() {
    const departments = await ctx.departments().catch(() => []);
    const boxes = departments.map((d) =>
      el('label', {class: 'dp-check'}, [el('input', {type: 'checkbox', name: 'consult-department', value: d.code}), d.nameZh || d.name || d.code]),
    );
    const comment = el('input', {name: 'comment', class: 'dp-input', placeholder: '会商事由（必填）'});
    const ok = button('confirm-consult', '确认发起会商', () => {
      const chosen = boxes.map((b) => /** @type {HTMLInputElement} */ (b.querySelector('input'))).filter((i) => i.checked).map((i) => i.value);
      const {tasks, error} = consultTasks(chosen);
      if (error || !comment.value.trim()) {
        say(error || '请填写会商事由');
        return;
      }
      act('consult', {tasks, comment: comment.value.trim()}, '已发起会商');
    }, 'primary');
    form.replaceChildren(el('div', {class: 'dp-checks'}, boxes), comment, ok, button('cancel', '取消', () => form.replaceChildren()));
  }

  async function openReject() {
    const category = c.category?.code ? await ctx.category(c.category.code).catch(() => null) : null;
    const replies = rejectReplies(category);
    const select = el('select', {name: 'reply', class: 'dp-input'}, replies.map((r) => el('option', {value: r}, [r])));
    const text = el('textarea', {name: 'comment', class: 'dp-input', rows: '3'});
    text.value = replies[0];
    select.addEventListener('change', () => {
      text.value = select.value;
    });
    const ok = button('confirm-reject', '确认不予受理', () => {
      if (!text.value.trim()) {
        say('请填写不予受理的理由（将答复上报人）');
        return;
      }
      act('reject', {comment: text.value.trim()}, '已不予受理');
    }, 'danger');
    form.replaceChildren(el('label', {class: 'dp-field'}, ['答复模板', select]), text, ok, button('cancel', '取消', () => form.replaceChildren()));
  }

  const allowed = new Set(Array.isArray(c.actions) ? c.actions : []);
  if (allowed.has('merge') && typeof c.duplicateOf === 'number') {
    actions.append(button('merge', '合并到原案件', () => act('merge', {mergeInto: c.duplicateOf, comment: '与已有案件重复，合并办理'}, '已合并'), 'primary'));
  }
  if (allowed.has('accept')) {
    actions.append(button('accept', '受理', () => act('accept', {}, '已受理'), 'primary'));
  }
  if (allowed.has('register')) {
    actions.append(button('register', '立案', () => act('register', {}, '已立案'), 'primary'));
  }
  if (allowed.has('dispatch')) {
    actions.append(button('dispatch', dispatchLabel(c), () => openDispatch(), 'primary'));
  }
  if (allowed.has('consult') && c.sankua) {
    actions.append(button('consult', '发起会商', () => openConsult()));
  }
  if (allowed.has('close')) {
    actions.append(button('close', '结案', () => act('close', {}, '已结案'), 'primary'));
  }
  if (allowed.has('confirm_grid')) {
    actions.append(button('confirm_grid', '确认网格', () => act('confirm_grid', {}, '已确认网格')));
  }
  if (allowed.has('reject')) {
    actions.append(button('reject', '不予受理', () => openReject(), 'danger'));
  }
  if (!actions.childElementCount) {
    actions.append(el('span', {class: 'dp-card__none'}, ['当前无可执行的操作']));
  }

  drawMiniMap(mapTarget, c, ctx.api);
  for (const id of Array.isArray(c.photos) ? c.photos.slice(0, 6) : []) {
    const img = el('img', {class: 'dp-photo', alt: '现场照片', 'data-photo': id});
    photos.append(img);
    ctx.photos.url(id).then(
      (url) => {
        img.src = url;
      },
      () => {
        img.alt = '照片加载失败';
      },
    );
  }
  ctx.api.getJson(`/api/cases/${c.id}/events`).then(
    (events) => {
      history.replaceChildren(
        ...(Array.isArray(events) ? events : []).map((/** @type {any} */ e) =>
          el('li', {class: 'dp-history__item', 'data-type': e.type}, [
            el('span', {class: 'dp-history__when'}, [formatDateTime(e.at)]),
            el('span', {class: 'dp-history__what'}, [eventName(e.type)]),
            el('span', {class: 'dp-history__who'}, [e.actor || '']),
            e.comment ? el('span', {class: 'dp-history__comment'}, [e.comment]) : null,
          ]),
        ),
      );
    },
    (error) => {
      history.replaceChildren(el('li', {}, [`处理经过加载失败：${actionErrorText(error)}`]));
    },
  );
  return card;
}
