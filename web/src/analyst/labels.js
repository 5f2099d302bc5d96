/**
 * Chinese names of the case attributes the analyst page filters and shows.
 * @module analyst/labels
 */

/** @type {Record<string, string>} */
export const STATUS_NAMES = {
  reported: '已上报',
  accepted: '已受理',
  rejected: '不予受理',
  registered: '已立案',
  dispatched: '已派遣',
  in_progress: '处置中',
  handled: '已处置',
  verified: '已核查',
  verification_failed: '核查未通过',
  closed: '已结案',
  evaluated: '已评价',
  returned: '已回退',
  extension_requested: '申请延期',
  escalated: '已上报上级',
  suspended: '缓办',
  consulting: '会商中',
};

/** @type {Record<string, string>} */
export const CHANNEL_NAMES = {
  patrol: '网格员巡查',
  hotline_12345: '12345热线',
  police_110: '110联动',
  citizen_app: '随手拍',
  video_ai: '视频智能发现',
  deputy: '人大代表/政协委员',
  iot: '物联感知',
};

/** @type {Record<string, string>} */
export const URGENCY_NAMES = {normal: '一般', urgent: '紧急', critical: '特急'};

/** @type {Record<string, string>} */
export const LEVEL_NAMES = {district: '区', l1: '街道', l2: '社区', l3: '三级网格', micro: '微网格'};

/** Weekday names, Monday first (ISO day 1–7). */
export const WEEKDAYS = ['周一', '周二', '周三', '周四', '周五', '周六', '周日'];

/**
 * @param {Record<string, string>} names Names.
 * @param {string|null|undefined} key Key.
 * @return {string} The name, or the key itself when unknown.
 */
export function nameOf(names, key) {
  return key ? names[key] || key : '';
}
