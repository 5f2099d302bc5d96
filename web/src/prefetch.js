/**
 * Reads a page starts before its modules have loaded. A small classic script
 * in the page's `<head>` (see `screen.html`) fetches the first reads with the
 * stored token while the browser is still loading and compiling the bundle;
 * {@link prefetchingFetch} hands each of those responses to the API client
 * exactly once, for the same path and the same token, and sends everything
 * else (and any later request of the same path) to the network as usual.
 * @module prefetch
 */

/**
 * @typedef {Object} Prefetched
 * @property {string} token The bearer token the reads were sent with.
 * @property {Record<string, Promise<Response>>} responses Response promises by path (with query).
 * @property {Array<string>} [taken] Paths whose early answer the page has taken (filled in here; tests read it).
 */

/**
 * @param {Prefetched|undefined|null} prefetched What the head script started (nothing when it found no token).
 * @param {typeof fetch} fetchImpl The network fetch.
 * @return {typeof fetch} A fetch that answers a matching GET from `prefetched`, once.
 */
export function prefetchingFetch(prefetched, fetchImpl) {
  const waiting = new Map(Object.entries(prefetched?.responses ?? {}));
  const bearer = prefetched ? `Bearer ${prefetched.token}` : null;
  return /** @type {typeof fetch} */ (
    (input, init = {}) => {
      const method = (init.method ?? 'GET').toUpperCase();
      const url = new URL(String(input), globalThis.location?.href ?? 'http://localhost/');
      const key = url.pathname + url.search;
      const headers = new Headers(init.headers ?? {});
      const sameOrigin = !globalThis.location || url.origin === globalThis.location.origin;
      const early = waiting.get(key);
      if (early && method === 'GET' && sameOrigin && headers.get('Authorization') === bearer) {
        waiting.delete(key);
        if (prefetched) {
          prefetched.taken = [...(prefetched.taken ?? []), key];
        }
        // A prefetch that failed on the network is simply made again.
        return early.catch(() => fetchImpl(input, init));
      }
      return fetchImpl(input, init);
    }
  );
}
