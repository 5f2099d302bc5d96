/**
 * The report draft, kept in localStorage so that nothing typed or uploaded is
 * lost when the network drops, the page reloads or the phone kills the tab.
 * The draft keeps its idempotency key: a retry after a reload is the same
 * report to the server, not a new one.
 * @module worker/draft
 */

import {isCrs} from './crs.js';

/** Version of the stored shape; other versions are discarded. */
export const DRAFT_VERSION = 1;

/** Prefix of the storage key; the user name follows (drafts are per user). */
export const DRAFT_KEY_PREFIX = 'yiwang.worker.draft.';

/**
 * @typedef {import('./crs.js').CrsKey} CrsKey
 */

/**
 * An uploaded photo as the draft keeps it (the bytes stay on the server).
 * @typedef {Object} DraftPhoto
 * @property {string} id Photo id (SHA-256, 64 hex digits).
 * @property {number} [width] Pixels.
 * @property {number} [height] Pixels.
 * @property {number} [bytes] Stored size.
 */

/**
 * A position as the phone (or the user) gave it, in `crs`.
 * @typedef {Object} DraftLocation
 * @property {number} lon Longitude in degrees.
 * @property {number} lat Latitude in degrees.
 * @property {number|null} accuracy Radius in metres (95 %), `null` when typed in.
 * @property {'gps'|'manual'} source Where it came from.
 * @property {string} at ISO-8601 time of the fix.
 */

/**
 * @typedef {Object} Draft
 * @property {number} version {@link DRAFT_VERSION}.
 * @property {string} key Idempotency key of this report.
 * @property {string|null} category Sub-category code, e.g. `SRHJ-03`.
 * @property {string} title Title.
 * @property {boolean} titleEdited The user typed the title (do not overwrite it from the category).
 * @property {string} description Description.
 * @property {Array<DraftPhoto>} photos Uploaded photos.
 * @property {DraftLocation|null} location Position.
 * @property {CrsKey} crs System `location` is in.
 * @property {string} address Address (optional).
 * @property {string} floor Floor as typed (optional, whole number).
 * @property {boolean} sent At least one try was sent: the case may already exist on the server.
 * @property {string} savedAt ISO-8601 time of the last save.
 */

/**
 * @param {string} key Idempotency key.
 * @param {CrsKey} crs Preselected system.
 * @return {Draft} An empty draft.
 */
export function emptyDraft(key, crs) {
  return {
    version: DRAFT_VERSION,
    key,
    category: null,
    title: '',
    titleEdited: false,
    description: '',
    photos: [],
    location: null,
    crs,
    address: '',
    floor: '',
    sent: false,
    savedAt: new Date(0).toISOString(),
  };
}

/**
 * @param {Draft} draft Draft.
 * @return {boolean} Whether the user entered anything worth keeping.
 */
export function hasContent(draft) {
  return Boolean(
    draft.category || draft.title || draft.description || draft.photos.length || draft.address || draft.floor,
  );
}

/**
 * @param {unknown} value Value.
 * @return {value is number} A finite number.
 */
function finite(value) {
  return typeof value === 'number' && Number.isFinite(value);
}

/**
 * @param {unknown} value Value.
 * @return {string} The value if it is a string, else ''.
 */
function str(value) {
  return typeof value === 'string' ? value : '';
}

/**
 * Checks a parsed draft member by member; anything malformed is dropped or
 * defaulted, so a corrupted entry never breaks the page.
 * @param {unknown} raw Parsed JSON.
 * @return {Draft|null} The draft, or `null` when it is not a usable draft.
 */
export function normalizeDraft(raw) {
  if (!raw || typeof raw !== 'object') {
    return null;
  }
  const d = /** @type {Record<string, unknown>} */ (raw);
  if (d.version !== DRAFT_VERSION || typeof d.key !== 'string' || !d.key || d.key.length > 200) {
    return null;
  }
  const photos = Array.isArray(d.photos)
    ? d.photos
        .filter((p) => p && typeof p === 'object' && typeof p.id === 'string' && /^[0-9a-f]{64}$/.test(p.id))
        .map((p) => {
          /** @type {DraftPhoto} */
          const photo = {id: p.id};
          for (const k of /** @type {const} */ (['width', 'height', 'bytes'])) {
            if (finite(p[k])) {
              photo[k] = p[k];
            }
          }
          return photo;
        })
    : [];
  /** @type {DraftLocation|null} */
  let location = null;
  const l = /** @type {Record<string, unknown>|null} */ (d.location && typeof d.location === 'object' ? d.location : null);
  if (l && finite(l.lon) && finite(l.lat)) {
    location = {
      lon: l.lon,
      lat: l.lat,
      accuracy: finite(l.accuracy) ? l.accuracy : null,
      source: l.source === 'manual' ? 'manual' : 'gps',
      at: str(l.at) || new Date(0).toISOString(),
    };
  }
  return {
    version: DRAFT_VERSION,
    key: d.key,
    category: typeof d.category === 'string' && d.category ? d.category : null,
    title: str(d.title),
    titleEdited: d.titleEdited === true,
    description: str(d.description),
    photos,
    location,
    crs: isCrs(d.crs) ? d.crs : 'wgs84',
    address: str(d.address),
    floor: str(d.floor),
    sent: d.sent === true,
    savedAt: str(d.savedAt) || new Date(0).toISOString(),
  };
}

/**
 * @typedef {Object} DraftStore
 * @property {function(): (Draft|null)} load The saved draft, or `null`.
 * @property {function(Draft): boolean} save Saves (stamps `savedAt`); false when storage refused it.
 * @property {function(): void} clear Forgets the draft.
 */

/**
 * A draft store for one user.
 * @param {Pick<Storage, 'getItem'|'setItem'|'removeItem'>|null} storage Storage (e.g. `localStorage`), or `null` (memory only).
 * @param {string} username Whose draft.
 * @param {function(): Date} [now] Clock.
 * @return {DraftStore} The store.
 */
export function createDraftStore(storage, username, now = () => new Date()) {
  const key = DRAFT_KEY_PREFIX + username;
  /** @type {string|null} */
  let memory = null;
  return {
    load() {
      let text = memory;
      try {
        text = storage ? storage.getItem(key) : memory;
      } catch {
        // Storage disabled: the in-memory copy is all there is.
      }
      if (!text) {
        return null;
      }
      try {
        return normalizeDraft(JSON.parse(text));
      } catch {
        return null;
      }
    },
    save(draft) {
      draft.savedAt = now().toISOString();
      memory = JSON.stringify(draft);
      try {
        storage?.setItem(key, memory);
        return Boolean(storage);
      } catch {
        return false;
      }
    },
    clear() {
      memory = null;
      try {
        storage?.removeItem(key);
      } catch {
        // Nothing to clear.
      }
    },
  };
}
