/**
 * "我的任务": which of a case's allowed actions the phone page offers, what
 * each needs, and how cases are grouped. The server's `actions` list (what
 * this caller may do now) decides; the page only orders and labels them.
 * @module worker/tasks
 */

/**
 * @typedef {Object} StepKind
 * @property {string} key Action key of the API.
 * @property {string} label Button label.
 * @property {boolean} comment A comment is required.
 * @property {string} commentLabel Label of the comment field.
 * @property {'none'|'optional'|'required'} photos Photos of the result.
 * @property {boolean} location Sends the worker's current position with the step.
 * @property {boolean} hours Asks for working hours (申请延期).
 * @property {'primary'|'normal'|'danger'} tone Button style.
 */

/**
 * Grid-worker steps in the order the buttons appear. Desk-only actions never
 * appear in a worker's `actions`, and the page would not offer them anyway.
 * @type {ReadonlyArray<StepKind>}
 */
export const WORKER_STEPS = Object.freeze([
  {key: 'start', label: '开始处置', comment: false, commentLabel: '说明（可选）', photos: 'none', location: true, hours: false, tone: 'primary'},
  {key: 'handle', label: '处置完毕', comment: true, commentLabel: '处置情况', photos: 'optional', location: true, hours: false, tone: 'primary'},
  {key: 'verify', label: '核查通过', comment: false, commentLabel: '核查意见（可选）', photos: 'optional', location: true, hours: false, tone: 'primary'},
  {key: 'fail_verification', label: '核查不通过', comment: true, commentLabel: '未通过原因', photos: 'optional', location: true, hours: false, tone: 'danger'},
  {key: 'self_handle', label: '自处置结案', comment: true, commentLabel: '处置情况', photos: 'required', location: true, hours: false, tone: 'primary'},
  {key: 'request_extension', label: '申请延期', comment: true, commentLabel: '延期理由', photos: 'none', location: false, hours: true, tone: 'normal'},
  {key: 'return', label: '回退', comment: true, commentLabel: '回退原因', photos: 'none', location: false, hours: false, tone: 'danger'},
  {key: 'escalate', label: '上报上级', comment: true, commentLabel: '上报原因', photos: 'none', location: false, hours: false, tone: 'normal'},
]);

/**
 * @param {string} key Action key.
 * @return {StepKind|undefined} The step, if the phone page offers it.
 */
export function stepKind(key) {
  return WORKER_STEPS.find((s) => s.key === key);
}

/**
 * @param {{actions?: Array<string>}} c Case as the API shows it to the caller.
 * @return {Array<StepKind>} The steps to offer, in button order.
 */
export function offeredSteps(c) {
  const allowed = new Set(Array.isArray(c.actions) ? c.actions : []);
  return WORKER_STEPS.filter((s) => allowed.has(s.key));
}

/** Statuses in which a case is finished for the worker. */
const FINISHED = new Set(['closed', 'evaluated', 'rejected', 'merged']);

/**
 * @typedef {Object} TaskGroups
 * @property {Array<any>} handle Cases the worker can handle now (start, 处置完毕, 回退 …).
 * @property {Array<any>} verify Handled cases waiting for the worker's on-site verification.
 * @property {Array<any>} watching Open cases of the worker with nothing to do now (a department handles them, waiting for the desk).
 */

/**
 * Merges the lists (by id, the later copy wins when its version is newer) and
 * groups them; within a group overdue cases come first, then by deadline.
 * @param {Array<Array<any>>} lists Pages of `GET /api/cases` items.
 * @return {TaskGroups} Groups.
 */
export function groupTasks(lists) {
  /** @type {Map<number, any>} */
  const byId = new Map();
  for (const list of lists) {
    for (const c of list || []) {
      if (!c || typeof c.id !== 'number') {
        continue;
      }
      const seen = byId.get(c.id);
      if (!seen || (c.version ?? 0) > (seen.version ?? 0)) {
        byId.set(c.id, c);
      }
    }
  }
  /** @type {TaskGroups} */
  const groups = {handle: [], verify: [], watching: []};
  for (const c of byId.values()) {
    const steps = offeredSteps(c).map((s) => s.key);
    if (steps.includes('verify') || steps.includes('fail_verification')) {
      groups.verify.push(c);
    } else if (steps.length) {
      groups.handle.push(c);
    } else if (!FINISHED.has(c.status)) {
      groups.watching.push(c);
    }
  }
  for (const list of Object.values(groups)) {
    list.sort(byUrgency);
  }
  return groups;
}

/**
 * @param {any} a Case.
 * @param {any} b Case.
 * @return {number} Overdue first, then earliest deadline, then newest.
 */
function byUrgency(a, b) {
  if (Boolean(a.overdue) !== Boolean(b.overdue)) {
    return a.overdue ? -1 : 1;
  }
  const da = a.deadline ? Date.parse(a.deadline) : Infinity;
  const db = b.deadline ? Date.parse(b.deadline) : Infinity;
  if (da !== db) {
    return da - db;
  }
  return String(b.createdAt || '').localeCompare(String(a.createdAt || ''));
}

/**
 * Chinese names of history entry types that are not workflow actions.
 * @type {Record<string, string>}
 */
const EVENT_NAMES = {
  created: '上报',
  overdue: '超期',
  supervised: '督办升级',
  closure_review_flagged: '疑似虚假结案，待复核',
};

/** Chinese names of the workflow actions (as `CaseAction.nameZh`). @type {Record<string, string>} */
const ACTION_NAMES = {
  accept: '受理',
  reject: '不予受理',
  merge: '合并重复件',
  register: '立案',
  dispatch: '派遣',
  start: '开始处置',
  return: '回退',
  request_extension: '申请延期',
  grant_extension: '批准延期',
  deny_extension: '驳回延期',
  suspend: '缓办',
  resume: '恢复办理',
  escalate: '上报上级',
  handle: '处置完毕',
  verify: '核查通过',
  fail_verification: '核查不通过',
  close: '结案',
  evaluate: '评价',
  reopen: '重新立案',
  self_handle: '自处置结案',
};

/**
 * @param {string} type Event type of `GET /api/cases/{id}/events`.
 * @return {string} Chinese name.
 */
export function eventName(type) {
  return ACTION_NAMES[type] || EVENT_NAMES[type] || type;
}
