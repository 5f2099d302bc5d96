/**
 * Request bodies of the case API built from what the worker entered, and the
 * checks the page makes before sending (the server checks again).
 * @module worker/caseBody
 */

/** Longest title the server accepts (`CaseRequest.MAX_TITLE_CHARS`). */
export const MAX_TITLE_CHARS = 100;
/** Longest description the server accepts by default (`yiwang.cases.max-description-chars`). */
export const MAX_DESCRIPTION_CHARS = 2000;
/** Longest address (`CaseRequest.MAX_ADDRESS_CHARS`). */
export const MAX_ADDRESS_CHARS = 300;
/** Longest step comment. */
export const MAX_COMMENT_CHARS = 2000;
/** Photos per case (`yiwang.cases.max-photos`). */
export const MAX_PHOTOS = 9;
/** The accuracy the server accepts at most, in metres (`CaseRequest.MAX_ACCURACY_METERS`). */
export const MAX_ACCURACY_METERS = 5000;

/**
 * @typedef {import('./draft.js').Draft} Draft
 * @typedef {import('./categories.js').SubCategory} SubCategory
 */

/**
 * @param {string} text Text.
 * @return {number} Length in code points (as the server counts).
 */
function codePoints(text) {
  return [...text].length;
}

/**
 * @param {string} floor Floor as typed.
 * @return {number|null} Whole floor number, or `null` when empty or not a whole number.
 */
export function parseFloor(floor) {
  const t = floor.trim();
  return /^-?\d{1,3}$/.test(t) ? Number(t) : null;
}

/**
 * The body of `POST /api/cases` for a draft: source `patrol`, the location in
 * its declared CRS with its accuracy, optional address and floor, the photo ids.
 * @param {Draft} draft Draft.
 * @return {Record<string, unknown>} JSON body.
 */
export function buildCaseBody(draft) {
  /** @type {Record<string, unknown>} */
  const body = {
    category: draft.category,
    title: draft.title.trim(),
    description: draft.description.trim(),
    source: 'patrol',
  };
  if (draft.location) {
    /** @type {Record<string, unknown>} */
    const location = {lon: draft.location.lon, lat: draft.location.lat, crs: draft.crs};
    if (draft.location.accuracy !== null) {
      // The server refuses more than 5 km; a worse fix still locates the case.
      location.accuracy = Math.min(Math.round(draft.location.accuracy * 10) / 10, MAX_ACCURACY_METERS);
    }
    const floor = parseFloor(draft.floor);
    if (floor !== null) {
      location.floor = floor;
    }
    if (draft.address.trim()) {
      location.address = draft.address.trim();
    }
    body.location = location;
  }
  if (draft.photos.length) {
    body.photos = draft.photos.map((p) => p.id);
  }
  return body;
}

/**
 * What the page can tell before sending: required fields, lengths, photo count.
 * @param {Draft} draft Draft.
 * @param {SubCategory|null} category The chosen sub-category (for `locationRequired`).
 * @return {Record<string, Array<string>>} Messages per field; empty when the draft can be sent.
 */
export function checkDraft(draft, category) {
  /** @type {Record<string, Array<string>>} */
  const out = {};
  const add = (/** @type {string} */ field, /** @type {string} */ message) => (out[field] ||= []).push(message);
  if (!draft.category) {
    add('category', '请选择事件类别');
  } else if (!category) {
    add('category', '类别不存在，请重新选择');
  }
  if (!draft.title.trim()) {
    add('title', '请填写标题');
  } else if (codePoints(draft.title.trim()) > MAX_TITLE_CHARS) {
    add('title', `标题不能超过 ${MAX_TITLE_CHARS} 个字`);
  }
  if (codePoints(draft.description.trim()) > MAX_DESCRIPTION_CHARS) {
    add('description', `描述不能超过 ${MAX_DESCRIPTION_CHARS} 个字`);
  }
  if (!draft.location && (!category || category.locationRequired)) {
    add('location', '请先定位（或手动输入坐标）');
  }
  if (draft.floor.trim() && parseFloor(draft.floor) === null) {
    add('floor', '楼层须为整数，如 3 或 -1');
  } else if (parseFloor(draft.floor) !== null && (Number(draft.floor) < -10 || Number(draft.floor) > 200)) {
    add('floor', '楼层应在 -10 到 200 之间');
  }
  if (codePoints(draft.address.trim()) > MAX_ADDRESS_CHARS) {
    add('address', `地址不能超过 ${MAX_ADDRESS_CHARS} 个字`);
  }
  if (draft.photos.length > MAX_PHOTOS) {
    add('photos', `最多 ${MAX_PHOTOS} 张照片`);
  }
  return out;
}

/**
 * @typedef {Object} StepInput
 * @property {number} version The case version the page showed.
 * @property {string} [comment] Comment or reason.
 * @property {Array<string>} [attachments] Photo ids.
 * @property {{lon: number, lat: number}|null} [location] Where the worker stands, in `crs`.
 * @property {import('./crs.js').CrsKey} [crs] System of `location`.
 * @property {number} [extensionHours] Working hours asked for (申请延期).
 */

/**
 * The body of `POST /api/cases/{id}/actions/{action}`.
 * @param {StepInput} input Input.
 * @return {Record<string, unknown>} JSON body.
 */
export function buildStepBody(input) {
  /** @type {Record<string, unknown>} */
  const body = {version: input.version};
  const comment = (input.comment || '').trim();
  if (comment) {
    body.comment = comment;
  }
  if (input.attachments && input.attachments.length) {
    body.attachments = [...input.attachments];
  }
  if (input.location) {
    body.location = {lon: input.location.lon, lat: input.location.lat, crs: input.crs || 'wgs84'};
  }
  if (input.extensionHours !== undefined) {
    body.extensionHours = input.extensionHours;
  }
  return body;
}
