import {describe, expect, it} from 'vitest';
import {liveUrl, openLiveStream, parseLiveMessage} from '../../src/liveStream.js';

/** An EventSource stand-in the test drives by hand (the real one needs a browser). */
class FakeSource {
  /** @param {string} url URL. */
  constructor(url) {
    this.url = url;
    this.readyState = 0;
    this.closed = false;
    /** @type {any} */
    this.onopen = null;
    /** @type {any} */
    this.onmessage = null;
    /** @type {any} */
    this.onerror = null;
  }

  close() {
    this.closed = true;
    this.readyState = 2;
  }
}

describe('liveStream', () => {
  it('builds the URL with topics, resume id and token', () => {
    expect(liveUrl(['cases', 'instructions'], 'abc', 42)).toBe('/api/live?topics=cases%2Cinstructions&lastEventId=42&access_token=abc');
    expect(liveUrl([], null, null)).toBe('/api/live?');
  });

  it('parses only event objects', () => {
    expect(parseLiveMessage('{"type":"ready","data":{}}')?.type).toBe('ready');
    expect(parseLiveMessage('nope')).toBeNull();
    expect(parseLiveMessage('{"data":1}')).toBeNull();
  });

  it('reopens a stream the browser gave up on from the last id it saw', async () => {
    /** @type {Array<FakeSource>} */
    const sources = [];
    /** @type {Array<string>} */
    const types = [];
    const handle = openLiveStream({
      topics: ['cases'],
      token: () => 't',
      onEvent: (m) => types.push(m.type),
      createSource: (url) => {
        const s = new FakeSource(url);
        sources.push(s);
        return /** @type {any} */ (s);
      },
      delayMs: () => 0,
    });
    sources[0].onmessage({data: '{"type":"case.created","data":{"id":1}}', lastEventId: '17'});
    sources[0].readyState = 2;
    sources[0].onerror();
    await new Promise((r) => setTimeout(r, 5));
    expect(sources).toHaveLength(2);
    expect(sources[1].url).toContain('lastEventId=17');
    expect(types).toEqual(['case.created']);
    expect(handle.lastEventId()).toBe(17);
    handle.close();
    expect(sources[1].closed).toBe(true);
  });
});
