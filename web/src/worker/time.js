/**
 * Times and deadlines for the phone page, in China Standard Time whatever the
 * phone's zone (cases and their deadlines are kept on the Zhengzhou calendar).
 * @module worker/time
 */

const ZONE = 'Asia/Shanghai';

/**
 * @param {string|null|undefined} iso ISO-8601 instant.
 * @return {string} `11-23 17:30` (same year) or `2025-11-23 17:30`; `—` when missing.
 * @param {Date} [now] Clock (decides whether the year is shown).
 */
export function formatDateTime(iso, now = new Date()) {
  if (!iso) {
    return '—';
  }
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) {
    return '—';
  }
  /** @type {Record<string, string>} */
  const p = {};
  for (const part of new Intl.DateTimeFormat('en-CA', {
    timeZone: ZONE,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(date)) {
    p[part.type] = part.value;
  }
  const thisYear = new Intl.DateTimeFormat('en-CA', {timeZone: ZONE, year: 'numeric'}).format(now);
  const day = p.year === thisYear ? `${p.month}-${p.day}` : `${p.year}-${p.month}-${p.day}`;
  return `${day} ${p.hour}:${p.minute}`;
}

/**
 * @param {number} ms Duration in milliseconds (≥ 0).
 * @return {string} `3 天 2 小时`, `5 小时 20 分`, `12 分钟`.
 */
export function formatDuration(ms) {
  const minutes = Math.max(0, Math.floor(ms / 60000));
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const mins = minutes % 60;
  if (days > 0) {
    return hours ? `${days} 天 ${hours} 小时` : `${days} 天`;
  }
  if (hours > 0) {
    return mins ? `${hours} 小时 ${mins} 分` : `${hours} 小时`;
  }
  return `${Math.max(1, mins)} 分钟`;
}

/**
 * @typedef {Object} DeadlineState
 * @property {'none'|'ok'|'soon'|'overdue'} state `soon`: less than 2 hours left.
 * @property {string} text e.g. `截止 11-23 17:30 · 剩余 3 小时` or `已超期 2 小时`.
 */

/** Left time below which a deadline is shown as close. */
const SOON_MS = 2 * 3600 * 1000;

/**
 * @param {{deadline?: string|null, overdue?: boolean, paused?: boolean, handledAt?: string|null}} c Case (its
 *   `deadline`, `overdue`, `paused`, `handledAt`).
 * @param {Date} [now] Clock.
 * @return {DeadlineState} How the deadline stands; once handled, whether it was handled in time.
 */
export function deadlineState(c, now = new Date()) {
  if (!c.deadline) {
    return {state: 'none', text: '无处置时限'};
  }
  const due = new Date(c.deadline).getTime();
  const at = `截止 ${formatDateTime(c.deadline, now)}`;
  if (c.handledAt) {
    const late = new Date(c.handledAt).getTime() - due;
    return late > 0
      ? {state: 'overdue', text: `${at} · ${formatDateTime(c.handledAt, now)} 处置完毕，超期 ${formatDuration(late)}`}
      : {state: 'ok', text: `${at} · ${formatDateTime(c.handledAt, now)} 按期处置完毕`};
  }
  const left = due - now.getTime();
  if (c.paused) {
    return {state: 'ok', text: `${at} · 缓办中，计时暂停`};
  }
  if (c.overdue || left < 0) {
    return {state: 'overdue', text: `${at} · 已超期 ${formatDuration(-left)}`};
  }
  return {state: left < SOON_MS ? 'soon' : 'ok', text: `${at} · 剩余 ${formatDuration(left)}`};
}
