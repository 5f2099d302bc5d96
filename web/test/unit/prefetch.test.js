import {describe, expect, it, vi} from 'vitest';
import {createApi} from '../../src/api.js';
import {createMemoryTokenStore} from '../../src/auth.js';
import {prefetchingFetch} from '../../src/prefetch.js';

/**
 * @param {any} body JSON body.
 * @param {number} [status] HTTP status.
 * @return {Response} The response.
 */
const json = (body, status = 200) => new Response(JSON.stringify(body), {status, headers: {'Content-Type': 'application/json'}});

describe('prefetchingFetch', () => {
  it('answers a prefetched GET once, then goes to the network', async () => {
    const network = vi.fn(async () => json({from: 'network'}));
    /** @type {import('../../src/prefetch.js').Prefetched} */
    const prefetched = {token: 't1', responses: {'/api/screen/markers': Promise.resolve(json({from: 'head'}))}};
    const f = prefetchingFetch(prefetched, network);
    const headers = {Authorization: 'Bearer t1'};
    expect(await (await f('http://localhost/api/screen/markers', {headers})).json()).toEqual({from: 'head'});
    expect(network).not.toHaveBeenCalled();
    expect(prefetched.taken).toEqual(['/api/screen/markers']);
    expect(await (await f('http://localhost/api/screen/markers', {headers})).json()).toEqual({from: 'network'});
    expect(network).toHaveBeenCalledTimes(1);
  });

  it('never hands a prefetched answer to another token, method or query', async () => {
    const network = vi.fn(async () => json({from: 'network'}));
    const responses = {'/api/me': Promise.resolve(json({from: 'head'}))};
    const f = prefetchingFetch({token: 't1', responses}, network);
    await f('http://localhost/api/me', {headers: {Authorization: 'Bearer t2'}});
    await f('http://localhost/api/me', {method: 'POST', headers: {Authorization: 'Bearer t1'}});
    await f('http://localhost/api/me?x=1', {headers: {Authorization: 'Bearer t1'}});
    await f('http://localhost/api/me', {});
    expect(network).toHaveBeenCalledTimes(4);
    expect(await (await f('http://localhost/api/me', {headers: {Authorization: 'Bearer t1'}})).json()).toEqual({from: 'head'});
  });

  it('fetches again when the early request failed on the network', async () => {
    const network = vi.fn(async () => json({from: 'network'}));
    const failed = Promise.reject(new TypeError('network down'));
    failed.catch(() => {});
    const f = prefetchingFetch({token: 't1', responses: {'/api/me': failed}}, network);
    expect(await (await f('http://localhost/api/me', {headers: {Authorization: 'Bearer t1'}})).json()).toEqual({from: 'network'});
  });

  it('without a prefetch is the plain network fetch', async () => {
    const network = vi.fn(async () => json({ok: true}));
    const f = prefetchingFetch(undefined, network);
    await f('http://localhost/api/me', {headers: {Authorization: 'Bearer t1'}});
    expect(network).toHaveBeenCalledTimes(1);
  });

  it('lets the API client log in again when the prefetched token had expired', async () => {
    const tokens = createMemoryTokenStore();
    tokens.set('old');
    const network = vi.fn(async (url, init) =>
      String(url).endsWith('/login') ? json({access_token: 'new'}) : json({user: init.headers.Authorization}),
    );
    const api = createApi({
      baseUrl: 'http://localhost/screen',
      tokens,
      requestCredentials: async () => ({username: 'ops', password: 'x'}),
      fetch: prefetchingFetch({token: 'old', responses: {'/api/me': Promise.resolve(json({title: 'expired'}, 401))}}, network),
    });
    expect(await api.getJson('/api/me')).toEqual({user: 'Bearer new'});
  });
});
