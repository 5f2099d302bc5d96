/**
 * Object URLs of case photos. `GET /api/photos/{id}` needs the bearer token,
 * which an `<img src>` cannot send: the bytes are fetched with the API client
 * once per id and shown from a blob URL. Photos the page uploaded itself are
 * shown from the local file, without a download.
 * @module worker/photoLoader
 */

/**
 * @typedef {Object} PhotoLoader
 * @property {function(string): Promise<string>} url Object URL of a photo.
 * @property {function(string, Blob): void} remember Uses a local copy for an id.
 */

/**
 * @param {{send: function(string, import('../api.js').SendInit): Promise<import('../api.js').SendResult>}} api API client.
 * @return {PhotoLoader} The loader.
 */
export function createPhotoLoader(api) {
  /** @type {Map<string, Promise<string>>} */
  const urls = new Map();
  return {
    url(id) {
      let url = urls.get(id);
      if (!url) {
        url = api
          .send(`/api/photos/${encodeURIComponent(id)}`, {responseType: 'blob'})
          .then((r) => URL.createObjectURL(r.body));
        // A failed download may succeed later (network back): do not cache the failure.
        url.catch(() => urls.delete(id));
        urls.set(id, url);
      }
      return url;
    },
    remember(id, blob) {
      if (!urls.has(id)) {
        urls.set(id, Promise.resolve(URL.createObjectURL(blob)));
      }
    },
  };
}
