import {describe, expect, it} from 'vitest';
import {createLiveConnection} from '../../../src/screen/LiveConnection.js';

/** A stand-in EventSource the test drives. */
class FakeSource {
  /** @type {Array<FakeSource>} */
  static opened = [];
  /** @param {string} url URL. */
  constructor(url) {
    this.url = url;
    this.closed = false;
    /** @type {function(any): void} */
    this.onmessage = () => {};
    /** @type {function(): void} */
    this.onerror = () => {};
    FakeSource.opened.push(this);
  }
  close() {
    this.closed = true;
  }
  /**
   * @param {number} id Event id.
   * @param {string} type Type.
   */
  emit(id, type) {
    this.onmessage({lastEventId: id ? String(id) : '', data: JSON.stringify({id, type, topic: 'cases', data: {}})});
  }
}

function setup() {
  FakeSource.opened = [];
  /** @type {Array<function(): void>} */
  const timers = [];
  /** @type {Array<string>} */
  const states = [];
  /** @type {Array<string>} */
  const seen = [];
  const live = createLiveConnection({
    url: (id) => `/api/live?lastEventId=${id}`,
    onEvent: (e) => seen.push(`${e.type}:${e.id}`),
    onState: (s) => states.push(s),
    EventSourceImpl: /** @type {any} */ (FakeSource),
    schedule: (fn) => timers.push(fn),
  });
  return {live, timers, states, seen};
}

describe('screen/LiveConnection', () => {
  describe('createLiveConnection', () => {
    it('opens from the snapshot id and passes events once', () => {
      const {live, seen} = setup();
      live.start(41);
      expect(FakeSource.opened[0].url).toBe('/api/live?lastEventId=41');
      FakeSource.opened[0].emit(0, 'ready');
      FakeSource.opened[0].emit(42, 'case.created');
      FakeSource.opened[0].emit(42, 'case.created');
      FakeSource.opened[0].emit(41, 'case.created');
      expect(seen).toEqual(['ready:0', 'case.created:42']);
      expect(live.lastEventId()).toBe(42);
    });

    it('reopens after an error from the last id seen and reports down, then up', async () => {
      const {live, timers, states, seen} = setup();
      live.start(1);
      FakeSource.opened[0].emit(0, 'ready');
      FakeSource.opened[0].emit(7, 'case.created');
      FakeSource.opened[0].onerror();
      expect(FakeSource.opened[0].closed).toBe(true);
      expect(states).toEqual(['up', 'down']);
      timers.shift()?.();
      await new Promise((r) => setTimeout(r, 0));
      expect(FakeSource.opened[1].url).toBe('/api/live?lastEventId=7');
      FakeSource.opened[1].emit(0, 'ready');
      FakeSource.opened[1].emit(7, 'case.created');
      FakeSource.opened[1].emit(8, 'case.status_changed');
      expect(states).toEqual(['up', 'down', 'up']);
      expect(seen).toEqual(['ready:0', 'case.created:7', 'ready:0', 'case.status_changed:8']);
    });

    it('ignores a late error of a stream it already replaced', () => {
      const {live, timers} = setup();
      live.start(1);
      const first = FakeSource.opened[0];
      first.onerror();
      first.onerror();
      expect(timers.length).toBe(1);
      live.close();
    });
  });
});
