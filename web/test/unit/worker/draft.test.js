import {describe, expect, it} from 'vitest';
import {DRAFT_KEY_PREFIX, createDraftStore, emptyDraft, hasContent, normalizeDraft} from '../../../src/worker/draft.js';

const PHOTO = 'a'.repeat(64);

/** @return {Storage & {data: Map<string, string>}} A Web Storage stand-in. */
function memoryStorage() {
  const data = new Map();
  return /** @type {any} */ ({
    data,
    getItem: (/** @type {string} */ k) => (data.has(k) ? data.get(k) : null),
    setItem: (/** @type {string} */ k, /** @type {string} */ v) => data.set(k, String(v)),
    removeItem: (/** @type {string} */ k) => data.delete(k),
  });
}

/** @return {import('../../../src/worker/draft.js').Draft} A filled draft. */
function filled() {
  const d = emptyDraft('key-1', 'gcj02');
  d.category = 'SRHJ-03';
  d.title = '非法小广告';
  d.photos = [{id: PHOTO, width: 800, height: 600, bytes: 51234}];
  d.location = {lon: 113.6412, lat: 34.7361, accuracy: 8, source: 'gps', at: '2025-11-23T01:00:00.000Z'};
  return d;
}

describe('worker/draft', () => {
  describe('createDraftStore', () => {
    it('keeps the draft with its idempotency key and photo ids across a reload', () => {
      const storage = memoryStorage();
      createDraftStore(storage, 'worker').save(filled());
      const again = createDraftStore(storage, 'worker').load();
      expect(again?.key).toBe('key-1');
      expect(again?.photos).toEqual([{id: PHOTO, width: 800, height: 600, bytes: 51234}]);
      expect(again?.crs).toBe('gcj02');
      expect(again?.location?.lon).toBe(113.6412);
    });

    it('keeps one draft per user', () => {
      const storage = memoryStorage();
      createDraftStore(storage, 'worker').save(filled());
      expect(createDraftStore(storage, 'gw410103001004002').load()).toBeNull();
      expect([...storage.data.keys()]).toEqual([`${DRAFT_KEY_PREFIX}worker`]);
    });

    it('stamps the save time', () => {
      const store = createDraftStore(memoryStorage(), 'worker', () => new Date('2025-11-23T02:03:04Z'));
      const d = filled();
      store.save(d);
      expect(store.load()?.savedAt).toBe('2025-11-23T02:03:04.000Z');
    });

    it('forgets the draft on clear', () => {
      const store = createDraftStore(memoryStorage(), 'worker');
      store.save(filled());
      store.clear();
      expect(store.load()).toBeNull();
    });

    it('treats corrupted storage as no draft', () => {
      const storage = memoryStorage();
      storage.setItem(`${DRAFT_KEY_PREFIX}worker`, '{not json');
      expect(createDraftStore(storage, 'worker').load()).toBeNull();
    });

    it('keeps the draft in memory when storage refuses to write (quota, private mode)', () => {
      const storage = memoryStorage();
      storage.setItem = () => {
        throw new Error('QuotaExceededError');
      };
      const store = createDraftStore(storage, 'worker');
      expect(store.save(filled())).toBe(false);
      storage.getItem = () => {
        throw new Error('SecurityError');
      };
      expect(store.load()?.key).toBe('key-1');
    });
  });

  describe('normalizeDraft', () => {
    it('drops malformed photo ids and members of the wrong type', () => {
      const d = normalizeDraft({
        version: 1,
        key: 'k',
        title: 42,
        photos: [{id: PHOTO}, {id: '../../etc/passwd'}, 'x'],
        location: {lon: 'a', lat: 1},
        crs: 'epsg:3857',
        sent: 'yes',
      });
      expect(d?.photos).toEqual([{id: PHOTO}]);
      expect(d?.title).toBe('');
      expect(d?.location).toBeNull();
      expect(d?.crs).toBe('wgs84');
      expect(d?.sent).toBe(false);
    });

    it('refuses another version or a missing key', () => {
      expect(normalizeDraft({version: 2, key: 'k'})).toBeNull();
      expect(normalizeDraft({version: 1})).toBeNull();
      expect(normalizeDraft(null)).toBeNull();
    });
  });

  describe('hasContent', () => {
    it('is false for a new draft and true once something was entered', () => {
      const d = emptyDraft('k', 'wgs84');
      expect(hasContent(d)).toBe(false);
      d.description = '井盖缺失';
      expect(hasContent(d)).toBe(true);
    });
  });
});
