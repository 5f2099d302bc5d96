/**
 * Problem details (RFC 9457) of the analytics API → a Chinese message next to
 * the control it concerns, and, for an invalid drawn polygon, the place the
 * server named ("Self-intersection at or near (113.61, 34.71)").
 * @module analyst/problems
 */

/** Control of a JSON pointer's first segment. @type {Record<string, string>} */
const CONTROL_OF_SEGMENT = {
  area: 'area',
  boundaries: 'area',
  time: 'time',
  categories: 'categories',
  statuses: 'filters',
  channels: 'filters',
  urgencies: 'filters',
  overdue: 'filters',
  sankua: 'filters',
  resolution: 'view',
  groupBy: 'view',
  radiusMeters: 'recurring',
  minCases: 'recurring',
  limit: 'list',
  offset: 'list',
};

/**
 * The server's phrasings in Chinese; first match wins, `$n` are its groups.
 * @type {Array<[RegExp, string]>}
 */
const PHRASES = [
  [/Ring Self-intersection/i, '多边形的边界环自相交'],
  [/Self-intersection/i, '多边形自相交（边线交叉）'],
  [/Too few (distinct )?points/i, '多边形的顶点太少'],
  [/Hole lies outside shell/i, '多边形的洞在外环之外'],
  [/Nested (holes|shells)/i, '多边形的环相互嵌套'],
  [/Interior is disconnected/i, '多边形内部不连通'],
  [/Invalid Coordinate/i, '坐标无效'],
  [/reversed or empty/i, '时间范围颠倒或为空：结束日期须晚于开始日期'],
  [/unknown grid code '([^']*)'/i, '网格编码 $1 不存在'],
  [/has no current boundary/i, '该网格已撤销，没有现行边界，请改用“按上报时所属网格”'],
  [/is a (\w+) grid, not a district/i, '所选编码不是区级网格'],
  [/outside (your|the caller's) scope/i, '超出您的辖区范围'],
  [/unknown categor|unknown code '([^']*)'/i, '事件类别不存在'],
  [/coarser resolution/i, '区域太大，六边形过多，请选择更大的六边形（更低的级别）'],
  [/vertices/i, '多边形顶点过多'],
];

/**
 * @typedef {Object} ProblemMessage
 * @property {string} control Control it concerns (`area`, `time`, `categories`, `filters`, `view`, `recurring`, `list`, `general`).
 * @property {string} text Chinese message.
 * @property {string} detail The server's own words.
 * @property {Array<number>|null} at Lon/lat the server named, if any.
 */

/**
 * @param {string} detail Server message.
 * @return {string} In Chinese.
 */
export function translate(detail) {
  for (const [pattern, text] of PHRASES) {
    const m = pattern.exec(detail);
    if (m) {
      return text.replace(/\$(\d)/g, (_, n) => m[Number(n)] || '');
    }
  }
  return `请求有误：${detail}`;
}

/**
 * @param {string} text Message.
 * @return {Array<number>|null} The lon/lat of "at or near (x, y)", if present.
 */
export function locationIn(text) {
  const m = /\(\s*(-?\d+(?:\.\d+)?)\s*,\s*(-?\d+(?:\.\d+)?)\s*\)/.exec(text);
  return m ? [Number(m[1]), Number(m[2])] : null;
}

/**
 * @param {{status: number, message: string, detail?: string, errors?: Array<{pointer?: string, parameter?: string, detail: string}>}} error An ApiError.
 * @return {Array<ProblemMessage>} One message per offending input (at least one).
 */
export function problemMessages(error) {
  /** @type {Array<ProblemMessage>} */
  const out = [];
  for (const e of error.errors || []) {
    const segment = (e.pointer || '').split('/')[1] || '';
    const at = locationIn(e.detail);
    out.push({control: CONTROL_OF_SEGMENT[segment] || 'general', text: translate(e.detail), detail: e.detail, at});
  }
  if (!out.length) {
    const detail = error.detail || error.message;
    let text = error.message;
    if (error.status === 403) {
      text = /scope/i.test(detail) ? '超出您的辖区范围' : '您的角色无权使用分析研判';
    } else if (error.status === 400 && error.detail) {
      text = translate(error.detail);
    }
    const pointer = /: (\/[A-Za-z]+)/.exec(detail || '');
    out.push({control: (pointer && CONTROL_OF_SEGMENT[pointer[1].slice(1)]) || 'general', text, detail: detail || '', at: locationIn(detail || '')});
  }
  return out;
}
