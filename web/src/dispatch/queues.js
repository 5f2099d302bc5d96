/**
 * The dispatcher's queues (座席员工作台) as pure state: which queue a case
 * belongs in, and how the state follows the live events of `GET /api/live`.
 * A case can sit in more than one queue (an overdue case waiting for dispatch
 * is in 待派遣 and in 超期).
 * @module dispatch/queues
 */

/**
 * @typedef {'intake'|'dispatch'|'verify'|'overdue'|'consult'|'duplicates'} QueueKey
 */

/**
 * @typedef {Object} QueueDef
 * @property {QueueKey} key Key.
 * @property {string} label Tab label.
 * @property {string} empty Text of an empty queue.
 * @property {string} query `GET /api/cases` query that loads it (the server filters by scope).
 */

/** @type {ReadonlyArray<QueueDef>} */
export const QUEUES = Object.freeze([
  {key: 'intake', label: '待受理', empty: '没有待受理的案件', query: 'status=reported,accepted'},
  {key: 'dispatch', label: '待派遣', empty: '没有待派遣的案件', query: 'status=registered,returned,escalated,verification_failed'},
  {key: 'verify', label: '待核查', empty: '没有待核查、待结案的案件', query: 'status=handled,verified'},
  {key: 'overdue', label: '超期', empty: '没有超期案件', query: 'overdue=true'},
  {key: 'consult', label: '三跨会商', empty: '没有三跨案件', query: 'sankua=true'},
  {key: 'duplicates', label: '疑似重复', empty: '没有疑似重复的案件', query: 'status=reported'},
]);

/** Statuses after which a case needs nothing from the desk. */
const FINISHED = new Set(['closed', 'evaluated', 'rejected', 'merged']);
const DISPATCH = new Set(['registered', 'returned', 'escalated', 'verification_failed']);

/**
 * @typedef {Object} QueueCase
 * @property {number} id Id.
 * @property {string} [status] Status.
 * @property {boolean} [overdue] Overdue (督办).
 * @property {boolean} [sankua] 三跨.
 * @property {number|null} [duplicateOf] Id of the open case it probably duplicates.
 * @property {number} [version] Version.
 */

/**
 * @param {QueueCase} c Case (the API's view, or a live event's `data`).
 * @return {Array<QueueKey>} Queues it belongs in.
 */
export function queuesOf(c) {
  const status = c.status || '';
  if (!status || FINISHED.has(status)) {
    return [];
  }
  /** @type {Array<QueueKey>} */
  const out = [];
  const duplicate = typeof c.duplicateOf === 'number';
  if (status === 'reported' && duplicate) {
    out.push('duplicates');
  } else if (status === 'reported' || status === 'accepted') {
    out.push('intake');
  }
  if (DISPATCH.has(status)) {
    out.push('dispatch');
  }
  if (status === 'handled' || status === 'verified') {
    out.push('verify');
  }
  if (c.overdue) {
    out.push('overdue');
  }
  if (c.sankua) {
    out.push('consult');
  }
  return out;
}

/**
 * @typedef {Object} QueueState
 * @property {Map<number, any>} cases Every case in some queue, by id.
 */

/** @return {QueueState} Empty state. */
export function emptyState() {
  return {cases: new Map()};
}

/**
 * Adds cases the API listed (a newer version wins; a case in no queue is dropped).
 * @param {QueueState} state State.
 * @param {Array<any>} items Cases.
 * @return {QueueState} New state.
 */
export function withCases(state, items) {
  const cases = new Map(state.cases);
  for (const c of items) {
    if (!c || typeof c.id !== 'number') {
      continue;
    }
    const known = cases.get(c.id);
    if (known && (known.version ?? 0) > (c.version ?? 0)) {
      continue;
    }
    if (queuesOf(c).length) {
      cases.set(c.id, c);
    } else {
      cases.delete(c.id);
    }
  }
  return {cases};
}

/**
 * @typedef {Object} LiveOutcome
 * @property {QueueState} state New state.
 * @property {Array<number>} fetch Cases to load in full (new to the page, or changed: their allowed actions changed).
 * @property {Array<number>} removed Cases that left every queue.
 * @property {boolean} reload Everything must be loaded again (`resync`).
 */

/**
 * Applies one live event. Case events carry the case's status, flags and
 * version but not what only the full view has (allowed actions, duplicate
 * proposal), so a case that stays or arrives is named in `fetch`; a stale
 * event (older version than the one shown) changes nothing.
 * @param {QueueState} state State.
 * @param {import('../liveStream.js').LiveMessage} message Event.
 * @return {LiveOutcome} Outcome.
 */
export function applyLive(state, message) {
  /** @type {LiveOutcome} */
  const none = {state, fetch: [], removed: [], reload: false};
  if (message.type === 'resync') {
    return {...none, reload: true};
  }
  if (!message.type.startsWith('case.') || !message.data || typeof message.data.id !== 'number') {
    return none;
  }
  const data = message.data;
  const known = state.cases.get(data.id);
  if (known && (known.version ?? 0) >= (data.version ?? 0)) {
    return none;
  }
  const merged = {...(known || {}), ...data};
  if (known && data.status !== known.status && data.status !== 'reported') {
    // A duplicate proposal only matters while the case waits for acceptance.
    merged.duplicateOf = null;
  }
  const cases = new Map(state.cases);
  if (queuesOf(merged).length || (!known && message.type === 'case.created')) {
    // A new case without its duplicate flag yet: it is loaded in full before it is shown.
    cases.set(data.id, merged);
    return {state: {cases}, fetch: [data.id], removed: [], reload: false};
  }
  if (known) {
    cases.delete(data.id);
    return {state: {cases}, fetch: [], removed: [data.id], reload: false};
  }
  return none;
}

/**
 * Cases of one queue, overdue first, then by deadline, then oldest first.
 * @param {QueueState} state State.
 * @param {QueueKey} key Queue.
 * @return {Array<any>} Cases.
 */
export function queueItems(state, key) {
  return [...state.cases.values()]
    .filter((c) => queuesOf(c).includes(key))
    .sort((a, b) => {
      if (Boolean(a.overdue) !== Boolean(b.overdue)) {
        return a.overdue ? -1 : 1;
      }
      const da = a.deadline ? Date.parse(a.deadline) : Infinity;
      const db = b.deadline ? Date.parse(b.deadline) : Infinity;
      if (da !== db) {
        return da - db;
      }
      return String(a.createdAt || '').localeCompare(String(b.createdAt || '')) || a.id - b.id;
    });
}

/**
 * @param {QueueState} state State.
 * @return {Record<QueueKey, number>} Number of cases per queue.
 */
export function queueCounts(state) {
  /** @type {Record<string, number>} */
  const counts = Object.fromEntries(QUEUES.map((q) => [q.key, 0]));
  for (const c of state.cases.values()) {
    for (const key of queuesOf(c)) {
      counts[key]++;
    }
  }
  return /** @type {Record<QueueKey, number>} */ (counts);
}

/**
 * Replies a dispatcher may send when refusing a case (不予受理): the
 * category's canned reply for `rejected` first, then general ones.
 * @param {{replies?: Record<string, string>}|null|undefined} category The sub-category as `GET /api/categories/{code}` gives it.
 * @return {Array<string>} Replies, without duplicates.
 */
export function rejectReplies(category) {
  const own = category?.replies?.rejected;
  const general = [
    '经核实，该问题不属于本平台受理范围，请通过相关渠道反映。',
    '经核实，该问题已有人处理或已自行消除，不再立案。',
    '上报信息不完整，无法核实具体位置，请补充后重新上报。',
  ];
  return [...new Set([...(typeof own === 'string' && own ? [own] : []), ...general])];
}

/**
 * The label of the dispatch button: 重新派遣 when the case went out before.
 * @param {{status?: string}} c Case.
 * @return {string} Label.
 */
export function dispatchLabel(c) {
  return c.status === 'registered' ? '派遣' : '重新派遣';
}

/**
 * The co-handling tasks of a consultation (三跨会商): one per chosen
 * department, each handled and timed on its own.
 * @param {Array<string>} departmentCodes Chosen departments.
 * @return {{tasks: Array<{handlerKind: string, departmentCode: string}>, error: string}} Tasks, or why there are none.
 */
export function consultTasks(departmentCodes) {
  const codes = [...new Set(departmentCodes.filter(Boolean))];
  if (codes.length < 2) {
    return {tasks: [], error: '会商至少需要选择两个协办部门'};
  }
  return {tasks: codes.map((departmentCode) => ({handlerKind: 'department', departmentCode})), error: ''};
}
