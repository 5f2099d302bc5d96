/**
 * 指令 on the phone page as pure state: the instructions waiting for the
 * worker (`GET /api/instructions/mine`), those that arrived live
 * (`instruction.sent`), and the receipts the worker gave (已读, 已完成).
 * @module worker/instructions
 */

/**
 * @typedef {Object} Instruction
 * @property {number} id Id.
 * @property {string} title Title.
 * @property {string} body Text.
 * @property {string|null} sentAt When it was sent (ISO-8601).
 * @property {string} sender Sender.
 * @property {string|null} readAt When the worker read it.
 * @property {string|null} doneAt When the worker reported it done.
 * @property {boolean} fresh Arrived while the page was open and not opened yet.
 */

/**
 * @param {any} raw An item of `/mine`, or the `data` of an `instruction.sent` event.
 * @param {string|null} [at] The event's time, for a live one.
 * @return {Instruction|null} The instruction, or `null` when malformed.
 */
export function readInstruction(raw, at = null) {
  if (!raw || typeof raw !== 'object' || typeof raw.id !== 'number') {
    return null;
  }
  return {
    id: raw.id,
    title: typeof raw.title === 'string' ? raw.title : '',
    body: typeof raw.body === 'string' ? raw.body : '',
    sentAt: typeof raw.sentAt === 'string' ? raw.sentAt : at,
    sender: typeof raw.sender === 'string' ? raw.sender : '',
    readAt: typeof raw.readAt === 'string' ? raw.readAt : null,
    doneAt: typeof raw.doneAt === 'string' ? raw.doneAt : null,
    fresh: false,
  };
}

/**
 * Merges what the server lists with what the page holds. The server's list is
 * the truth for what is waiting (it leaves out done ones), but an instruction
 * that arrived live after the list was asked for stays; a receipt the page
 * knows and the answer does not yet (sent in between) is kept.
 * @param {Array<Instruction>} held Instructions on the page.
 * @param {Array<any>} listed Items of `GET /api/instructions/mine`.
 * @return {Array<Instruction>} Newest first.
 */
export function mergeListed(held, listed) {
  /** @type {Map<number, Instruction>} */
  const byId = new Map();
  const heldById = new Map(held.map((i) => [i.id, i]));
  for (const raw of listed) {
    const i = readInstruction(raw);
    if (!i) {
      continue;
    }
    const known = heldById.get(i.id);
    byId.set(i.id, {
      ...i,
      readAt: i.readAt || known?.readAt || null,
      doneAt: i.doneAt || known?.doneAt || null,
      // Not seen before by this page: it arrived while the page was away.
      fresh: known ? known.fresh && !i.readAt : !i.readAt,
    });
  }
  for (const i of held) {
    if (!byId.has(i.id) && i.fresh && !i.doneAt) {
      byId.set(i.id, i);
    }
  }
  return sortNewest([...byId.values()]);
}

/**
 * Adds an instruction that arrived live (a repeat of a known one changes nothing).
 * @param {Array<Instruction>} held Instructions on the page.
 * @param {import('../liveStream.js').LiveMessage} message The `instruction.sent` event.
 * @return {Array<Instruction>} Newest first.
 */
export function withLive(held, message) {
  if (message.type !== 'instruction.sent') {
    return held;
  }
  const i = readInstruction(message.data, message.at ?? null);
  if (!i || held.some((h) => h.id === i.id)) {
    return held;
  }
  return sortNewest([{...i, fresh: true}, ...held]);
}

/**
 * Records a receipt the server confirmed.
 * @param {Array<Instruction>} held Instructions on the page.
 * @param {number} id Instruction.
 * @param {'read'|'done'} kind Receipt.
 * @param {string} at When.
 * @return {Array<Instruction>} Updated list.
 */
export function withReceipt(held, id, kind, at) {
  return held.map((i) =>
    i.id !== id
      ? i
      : {...i, fresh: false, readAt: i.readAt || at, doneAt: kind === 'done' ? i.doneAt || at : i.doneAt},
  );
}

/**
 * @param {Array<Instruction>} held Instructions on the page.
 * @return {number} How many are not read yet (the badge).
 */
export function unreadCount(held) {
  return held.filter((i) => !i.readAt).length;
}

/**
 * @param {Array<Instruction>} list Instructions.
 * @return {Array<Instruction>} Newest first (by id: ids grow with time).
 */
function sortNewest(list) {
  return list.sort((a, b) => b.id - a.id);
}
