/**
 * The big screen's connection to `GET /api/live`: an EventSource that the
 * page reopens itself after any error (server restart, network loss, proxy
 * timeout), from the last event id it processed (`lastEventId` parameter), so
 * the server replays what was missed. Events at or below that id (a replay
 * overlapping what was seen) are dropped, so each event is applied once.
 * Reopening waits 0.5 s, doubling up to `maxDelayMs`; the wait starts again
 * at 0.5 s once a stream said `ready`.
 * @module screen/LiveConnection
 */

/**
 * @typedef {Object} LiveEvent
 * @property {number} id Event id (0 for control events without one).
 * @property {string} type `ready`, `resync`, `case.created` …
 * @property {string} topic Topic.
 * @property {any} data Payload.
 */

/**
 * @typedef {'connecting'|'up'|'down'} ConnectionState
 */

/**
 * @typedef {Object} LiveConnectionOptions
 * @property {function(number): string} url URL of the stream resuming after the given id.
 * @property {function(LiveEvent): void} onEvent Receives each new event.
 * @property {function(ConnectionState): void} [onState] Connection state changes.
 * @property {function(): Promise<void>} [beforeReopen] Runs before a reopen (e.g. renew the token).
 * @property {typeof EventSource} [EventSourceImpl] EventSource constructor.
 * @property {function(function(): void, number): unknown} [schedule] setTimeout.
 * @property {number} [maxDelayMs] Longest wait between attempts (default 10 s).
 */

/**
 * @param {LiveConnectionOptions} options Options.
 * @return {{start: function(number): void, close: function(): void, lastEventId: function(): number, state: function(): ConnectionState}} Connection.
 */
export function createLiveConnection(options) {
  const EventSourceImpl = options.EventSourceImpl ?? globalThis.EventSource;
  const schedule = options.schedule ?? ((fn, ms) => setTimeout(fn, ms));
  const maxDelayMs = options.maxDelayMs ?? 10000;
  let lastId = 0;
  let delay = 500;
  let closed = false;
  /** @type {EventSource|null} */
  let source = null;
  /** @type {ConnectionState} */
  let state = 'connecting';

  /** @param {ConnectionState} next State. */
  function setState(next) {
    if (next !== state) {
      state = next;
      options.onState?.(next);
    }
  }

  function open() {
    if (closed) {
      return;
    }
    const es = new EventSourceImpl(options.url(lastId));
    source = es;
    es.onmessage = (message) => {
      if (source !== es) {
        return;
      }
      /** @type {LiveEvent} */
      let event;
      try {
        event = JSON.parse(message.data);
      } catch {
        return;
      }
      const id = Number(message.lastEventId || event.id || 0);
      if (event.type === 'ready' || event.type === 'resync') {
        delay = 500;
        if (Number.isFinite(id) && id > 0 && event.type === 'resync') {
          lastId = id;
        }
        setState('up');
        options.onEvent(event);
        return;
      }
      if (Number.isFinite(id) && id > 0) {
        if (id <= lastId) {
          return;
        }
        lastId = id;
      }
      options.onEvent(event);
    };
    es.onerror = () => {
      if (source !== es) {
        return;
      }
      es.close();
      source = null;
      setState('down');
      const wait = delay;
      delay = Math.min(maxDelayMs, delay * 2);
      schedule(() => {
        const before = options.beforeReopen ? options.beforeReopen() : Promise.resolve();
        before.catch(() => undefined).then(open);
      }, wait);
    };
  }

  return {
    start(fromId) {
      lastId = fromId;
      closed = false;
      setState('connecting');
      open();
    },
    close() {
      closed = true;
      source?.close();
      source = null;
    },
    lastEventId: () => lastId,
    state: () => state,
  };
}
