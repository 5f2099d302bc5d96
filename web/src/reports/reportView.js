/**
 * The reports page's pure parts: request paths, default periods, the
 * columns of the table (shared by every level; patrol columns only where the
 * report has patrol figures), sorting and cell text.
 * @module reports/reportView
 */

/** @typedef {'daily'|'monthly'|'quarterly'} ReportKind */
/** @typedef {'text'|'int'|'dec'|'share'|'change'} CellKind */

/**
 * @typedef {Object} Column
 * @property {string} key Column id (also the sort key).
 * @property {string} title Chinese header.
 * @property {CellKind} kind How the value reads.
 * @property {function(any): (string|number|null|undefined)} value The value of a row.
 * @property {boolean} [patrol] Only for reports with patrol figures.
 * @property {boolean} [worker] Only for the worker level.
 */

/** @type {Array<{key: ReportKind, name: string}>} */
export const KINDS = [
  {key: 'daily', name: '日报'},
  {key: 'monthly', name: '月通报'},
  {key: 'quarterly', name: '季排名'},
];

/** @type {Array<{key: string, name: string}>} */
export const LEVELS = [
  {key: 'l1', name: '街道'},
  {key: 'l2', name: '社区'},
  {key: 'l3', name: '网格'},
  {key: 'worker', name: '网格员'},
  {key: 'department', name: '部门'},
];

/** @type {Array<Column>} */
export const COLUMNS = [
  {key: 'rank', title: '排名', kind: 'int', value: (r) => r.rank},
  {key: 'change', title: '名次变化', kind: 'change', value: (r) => r.change},
  {key: 'name', title: '名称', kind: 'text', value: (r) => r.name},
  {key: 'key', title: '编码/账号', kind: 'text', value: (r) => r.key},
  {key: 'grid', title: '所属网格', kind: 'text', value: (r) => r.grid, worker: true},
  {key: 'score', title: '综合得分', kind: 'dec', value: (r) => r.score},
  {key: 'received', title: '受理数', kind: 'int', value: (r) => r.received},
  {key: 'closed', title: '结案数', kind: 'int', value: (r) => r.closed},
  {key: 'closureRate', title: '结案率', kind: 'share', value: (r) => r.closureRate},
  {key: 'onTimeRate', title: '按期结案率', kind: 'share', value: (r) => r.onTimeRate},
  {key: 'averageCloseHours', title: '平均结案时长(小时)', kind: 'dec', value: (r) => r.averageCloseHours},
  {key: 'returned', title: '回退数', kind: 'int', value: (r) => r.returned},
  {key: 'reopened', title: '重新打开数', kind: 'int', value: (r) => r.reopened},
  {key: 'satisfactionRate', title: '满意率', kind: 'share', value: (r) => r.satisfactionRate},
  {key: 'workerDays', title: '巡查人日', kind: 'int', value: (r) => r.patrol?.workerDays, patrol: true},
  {key: 'missingDays', title: '未分析人日', kind: 'int', value: (r) => r.patrol?.missingDays, patrol: true},
  {key: 'durationHours', title: '巡查时长(小时)', kind: 'dec', value: (r) => r.patrol?.durationHours, patrol: true},
  {key: 'distanceKm', title: '里程(公里)', kind: 'dec', value: (r) => r.patrol?.distanceKm, patrol: true},
  {key: 'coverageRate', title: '覆盖率', kind: 'share', value: (r) => r.patrol?.coverageRate, patrol: true},
  {key: 'casesReported', title: '发现上报数', kind: 'int', value: (r) => r.patrol?.casesReported, patrol: true},
  {key: 'householdVisits', title: '入户数', kind: 'int', value: (r) => r.patrol?.householdVisits, patrol: true},
  {key: 'complianceRate', title: '巡查达标率', kind: 'share', value: (r) => r.patrol?.complianceRate, patrol: true},
];

/**
 * @param {{level: string, rows: Array<any>}} report The report (JSON of the API).
 * @return {Array<Column>} The columns to show.
 */
export function columnsFor(report) {
  const patrol = report.rows.some((r) => r.patrol);
  return COLUMNS.filter((c) => (!c.patrol || patrol) && (!c.worker || report.level === 'worker'));
}

/**
 * @param {string} kind Report kind.
 * @param {{period?: string, level?: string, scope?: string, format?: string}} query Parameters (empty ones are left out).
 * @return {string} Path and query of `GET /api/reports/{kind}`.
 */
export function reportPath(kind, query) {
  const params = new URLSearchParams();
  for (const name of ['period', 'level', 'scope', 'format']) {
    const value = query[/** @type {'period'|'level'|'scope'|'format'} */ (name)];
    if (value) {
      params.set(name, value);
    }
  }
  const search = params.toString();
  return `/api/reports/${encodeURIComponent(kind)}${search ? `?${search}` : ''}`;
}

/**
 * @param {number} n Number.
 * @return {string} Two digits.
 */
function two(n) {
  return String(n).padStart(2, '0');
}

/**
 * The last complete period of a kind, as the API writes it.
 * @param {ReportKind} kind Kind.
 * @param {Date} today Today (local calendar date).
 * @return {string} `yyyy-MM-dd`, `yyyy-MM` or `yyyy-Qn`.
 */
export function defaultPeriod(kind, today) {
  const y = today.getFullYear();
  const m = today.getMonth();
  if (kind === 'daily') {
    const d = new Date(y, m, today.getDate() - 1);
    return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())}`;
  }
  if (kind === 'monthly') {
    const d = new Date(y, m - 1, 1);
    return `${d.getFullYear()}-${two(d.getMonth() + 1)}`;
  }
  const q = Math.floor(m / 3);
  return q === 0 ? `${y - 1}-Q4` : `${y}-Q${q}`;
}

/**
 * Rows sorted by a column, empty values last whichever the direction; ties
 * keep the report's order (rank).
 * @param {Array<any>} rows Rows.
 * @param {Column} column Column.
 * @param {'asc'|'desc'} direction Direction.
 * @return {Array<any>} A sorted copy.
 */
export function sortRows(rows, column, direction) {
  const sign = direction === 'asc' ? 1 : -1;
  return rows
    .map((row, index) => ({row, index, value: column.value(row)}))
    .sort((a, b) => {
      const an = a.value === null || a.value === undefined;
      const bn = b.value === null || b.value === undefined;
      if (an || bn) {
        return an === bn ? a.index - b.index : an ? 1 : -1;
      }
      const c = typeof a.value === 'number' && typeof b.value === 'number'
        ? a.value - b.value
        : String(a.value).localeCompare(String(b.value), 'zh-CN');
      return c === 0 ? a.index - b.index : sign * c;
    })
    .map((x) => x.row);
}

/**
 * @param {number|null|undefined} change previous rank − rank.
 * @return {{text: string, trend: 'up'|'down'|'same'|'none'}} Arrow text and trend.
 */
export function changeText(change) {
  if (change === null || change === undefined) {
    return {text: '', trend: 'none'};
  }
  if (change > 0) {
    return {text: `↑${change}`, trend: 'up'};
  }
  if (change < 0) {
    return {text: `↓${-change}`, trend: 'down'};
  }
  return {text: '—', trend: 'same'};
}

/**
 * @param {Column} column Column.
 * @param {any} row Row.
 * @return {string} The cell's text.
 */
export function cellText(column, row) {
  const value = column.value(row);
  if (value === null || value === undefined) {
    return column.kind === 'int' || column.kind === 'text' || column.kind === 'change' ? '' : '—';
  }
  switch (column.kind) {
    case 'share':
      return `${(Number(value) * 100).toFixed(2)}%`;
    case 'dec':
      return Number(value).toFixed(2);
    case 'change':
      return changeText(Number(value)).text;
    default:
      return String(value);
  }
}
