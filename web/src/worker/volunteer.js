/**
 * Volunteer tasks (志愿任务, 抢任务挣积分) on the phone page: the state of a
 * task for the signed-in user, as pure functions over the answers of
 * `GET /api/volunteer/tasks`.
 * @module worker/volunteer
 */

/**
 * @typedef {Object} Claim
 * @property {string} username Who claimed.
 * @property {string|null} completedAt When the poster confirmed completion.
 * @property {number} points Points credited (0 until confirmed).
 */

/**
 * @typedef {Object} Task
 * @property {number} id Id.
 * @property {string} gridCode Grid it is posted on.
 * @property {string} title Title.
 * @property {string} place Place.
 * @property {string} startsAt ISO-8601 start.
 * @property {string} endsAt ISO-8601 end.
 * @property {number} points Points on completion.
 * @property {number} capacity Places.
 * @property {number} claimed Places taken.
 * @property {string} status open, closed or cancelled.
 * @property {string} postedBy Poster's username.
 * @property {Claim|null} myClaim The user's claim.
 */

/** @typedef {'done'|'claimed'|'open'|'full'|'over'} TaskState */

/** @type {Record<TaskState, string>} */
export const STATE_LABELS = {
  done: '已完成',
  claimed: '已领取，待确认',
  open: '可领取',
  full: '名额已满',
  over: '已结束',
};

/**
 * @param {Task} task Task.
 * @param {number} now Time in ms.
 * @return {TaskState} The state for the user.
 */
export function taskState(task, now) {
  if (task.myClaim) {
    return task.myClaim.completedAt ? 'done' : 'claimed';
  }
  if (task.status !== 'open' || Date.parse(task.endsAt) <= now) {
    return 'over';
  }
  return task.claimed >= task.capacity ? 'full' : 'open';
}

/**
 * @param {Task} task Task.
 * @return {string} e.g. `3/5人`.
 */
export function places(task) {
  return `${task.claimed}/${task.capacity}人`;
}

/**
 * Tasks the user can still claim first, then the user's own, then the rest.
 * @param {Array<Task>} tasks Tasks.
 * @param {number} now Time in ms.
 * @return {Array<Task>} Sorted copy.
 */
export function sortTasks(tasks, now) {
  /** @type {Record<TaskState, number>} */
  const rank = {open: 0, claimed: 1, done: 2, full: 3, over: 4};
  return tasks
    .map((t, i) => ({t, i, r: rank[taskState(t, now)]}))
    .sort((a, b) => a.r - b.r || a.i - b.i)
    .map((x) => x.t);
}
