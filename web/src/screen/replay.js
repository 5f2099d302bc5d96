/**
 * Time-lapse of the last 24 hours: a cursor over the server's creations and
 * closures (`GET /api/screen/replay`) that says which markers to add and
 * remove when the time moves. Forward moves apply only the events passed;
 * a move back starts again from the beginning.
 * @module screen/replay
 */

/**
 * @typedef {Object} ReplayData
 * @property {string} from Start (ISO-8601).
 * @property {Array<number>} t Seconds since `from`, ascending.
 * @property {Array<number>} kind 0 created, 1 closed.
 * @property {Array<number>} id Case ids.
 * @property {Array<number>} lon Longitudes.
 * @property {Array<number>} lat Latitudes.
 */

/**
 * @typedef {Object} ReplayStep
 * @property {boolean} reset Whether the visible set was cleared first.
 * @property {Array<number>} added Event indexes whose case appears.
 * @property {Array<number>} removed Case ids that disappear (closed).
 * @property {number} created Creations up to the time.
 * @property {number} closed Closures up to the time.
 */

/**
 * @param {ReplayData} data Replay events.
 * @return {{seek: function(number): ReplayStep, visible: function(): Set<number>}} Cursor.
 */
export function createReplayCursor(data) {
  let index = 0;
  let time = -1;
  let created = 0;
  let closed = 0;
  /** @type {Set<number>} */
  const visible = new Set();

  /**
   * @param {number} seconds Target time, seconds since `from`.
   * @return {ReplayStep} What to change on the map.
   */
  function seek(seconds) {
    let reset = false;
    if (seconds < time) {
      index = 0;
      created = 0;
      closed = 0;
      visible.clear();
      reset = true;
    }
    time = seconds;
    /** @type {Array<number>} */
    const added = [];
    /** @type {Array<number>} */
    const removed = [];
    while (index < data.t.length && data.t[index] <= seconds) {
      const id = data.id[index];
      if (data.kind[index] === 0) {
        created += 1;
        if (!visible.has(id)) {
          visible.add(id);
          added.push(index);
        }
      } else {
        closed += 1;
        if (visible.delete(id)) {
          removed.push(id);
        }
      }
      index += 1;
    }
    return {reset, added, removed, created, closed};
  }

  return {seek, visible: () => visible};
}

/**
 * @param {number} seconds Seconds since the start of the replay.
 * @param {string} from Start of the replay (ISO-8601).
 * @return {string} Local clock time `HH:MM` (Asia/Shanghai).
 */
export function replayClock(seconds, from) {
  const at = new Date(Date.parse(from) + seconds * 1000 + 8 * 3600 * 1000);
  return `${String(at.getUTCHours()).padStart(2, '0')}:${String(at.getUTCMinutes()).padStart(2, '0')}`;
}
