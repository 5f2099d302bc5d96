/**
 * Client of `GET /api/live` (Server-Sent Events) shared by the dispatcher and
 * the phone page. EventSource cannot send headers, so the token goes in the
 * `access_token` parameter the server accepts on this path only. The browser
 * resends the last `id:` by itself when it reconnects; when the server closed
 * the stream for good (401 after a token expired, a restart that outlasted the
 * browser's retries, `slow_consumer`) a new EventSource is opened with
 * `lastEventId` set to the last id this page saw, so nothing is missed.
 * @module liveStream
 */

/**
 * @typedef {Object} LiveMessage
 * @property {number} [id] Event id (absent on control events without one).
 * @property {string} type `ready`, `resync`, `case.created`, `instruction.sent` …
 * @property {string} [topic] Topic.
 * @property {string} [at] When it happened (ISO-8601).
 * @property {any} data Payload.
 */

/**
 * @typedef {Object} LiveOptions
 * @property {Array<string>} topics Topics to ask for.
 * @property {function(): (string|null)} token Current access token.
 * @property {function(LiveMessage): void} onEvent Every event, control events included.
 * @property {function('open'|'connecting'|'closed'): void} [onState] Connection state changes.
 * @property {function(string): EventSource} [createSource] EventSource factory (tests).
 * @property {function(number): number} [delayMs] Wait before the n-th reopen.
 */

/**
 * Builds the stream URL.
 * @param {Array<string>} topics Topics.
 * @param {string|null} token Access token.
 * @param {number|null} lastEventId Last id seen, or `null`.
 * @return {string} Path and query.
 */
export function liveUrl(topics, token, lastEventId) {
  const query = new URLSearchParams();
  if (topics.length) {
    query.set('topics', topics.join(','));
  }
  if (lastEventId !== null && Number.isFinite(lastEventId)) {
    query.set('lastEventId', String(lastEventId));
  }
  if (token) {
    query.set('access_token', token);
  }
  return `/api/live?${query}`;
}

/**
 * Parses one SSE `data:` payload.
 * @param {string} text The data.
 * @return {LiveMessage|null} The message, or `null` when it is not one.
 */
export function parseLiveMessage(text) {
  try {
    const message = JSON.parse(text);
    return message && typeof message === 'object' && typeof message.type === 'string' ? message : null;
  } catch {
    return null;
  }
}

/**
 * Opens the stream and keeps it open until `close()`.
 * @param {LiveOptions} options Options.
 * @return {{close: function(): void, lastEventId: function(): (number|null)}} Handle.
 */
export function openLiveStream(options) {
  const create = options.createSource || ((url) => new EventSource(url));
  const delayMs = options.delayMs || ((n) => Math.min(30000, 1000 * 2 ** Math.min(n, 5)));
  /** @type {number|null} */
  let last = null;
  /** @type {EventSource|null} */
  let source = null;
  let closed = false;
  let failures = 0;
  /** @type {ReturnType<typeof setTimeout>|null} */
  let timer = null;

  function connect() {
    timer = null;
    if (closed) {
      return;
    }
    options.onState?.('connecting');
    const es = create(liveUrl(options.topics, options.token(), last));
    source = es;
    es.onopen = () => {
      failures = 0;
      options.onState?.('open');
    };
    es.onmessage = (event) => {
      const message = parseLiveMessage(event.data);
      if (!message) {
        return;
      }
      const id = Number(event.lastEventId);
      if (event.lastEventId && Number.isFinite(id)) {
        last = id;
      }
      options.onEvent(message);
    };
    es.onerror = () => {
      if (closed || es !== source) {
        return;
      }
      if (es.readyState === 2) {
        // The browser gave up (an HTTP error, or the stream ended for good): reopen ourselves.
        es.close();
        options.onState?.('closed');
        timer = setTimeout(connect, delayMs(failures++));
      } else {
        options.onState?.('connecting');
      }
    };
  }

  connect();
  return {
    close() {
      closed = true;
      if (timer) {
        clearTimeout(timer);
      }
      source?.close();
    },
    lastEventId: () => last,
  };
}
