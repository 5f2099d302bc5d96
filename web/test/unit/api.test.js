import {describe, expect, it, vi} from 'vitest';
import {
  ApiError,
  buildingsPath,
  createApi,
  errorFromResponse,
  gridsPath,
  nextHref,
} from '../../src/api.js';
import {createMemoryTokenStore} from '../../src/auth.js';

const BASE = 'http://yiwang.test/';

/**
 * @param {unknown} body Body.
 * @param {number} [status] Status.
 * @param {string} [type] Content type.
 * @return {Response} Response.
 */
function json(body, status = 200, type = 'application/json') {
  return new Response(JSON.stringify(body), {status, headers: {'Content-Type': type}});
}

/**
 * @param {string} code Code.
 * @return {object} GeoJSON feature.
 */
function feature(code) {
  return {
    type: 'Feature',
    id: code,
    geometry: {type: 'Polygon', coordinates: [[[113.6, 34.7], [113.61, 34.7], [113.61, 34.71], [113.6, 34.7]]]},
    properties: {code, name: `网格${code}`, level: 'l1', parentCode: '410103', areaSqm: 1, generated: true, kind: null},
  };
}

/**
 * @param {Array<string>} codes Codes.
 * @param {string|null} next Next href.
 * @return {Response} A GeoJSON page.
 */
function page(codes, next) {
  return json(
    {
      type: 'FeatureCollection',
      features: codes.map(feature),
      numberMatched: 5,
      numberReturned: codes.length,
      links: next ? [{rel: 'self', href: '/x'}, {rel: 'next', href: next, type: 'application/geo+json'}] : [],
    },
    200,
    'application/geo+json',
  );
}

/**
 * @param {number} status Status.
 * @param {string} detail Detail.
 * @return {Response} A problem+json response.
 */
const problem = (status, detail) =>
  json({type: 'about:blank', title: 'Bad Request', status, detail}, status, 'application/problem+json');

/**
 * @param {Array<Response|Error>} responses Responses in call order.
 */
function mockFetch(responses) {
  const queue = [...responses];
  return vi.fn(async () => {
    const next = queue.shift();
    if (!next) {
      throw new Error('unexpected fetch');
    }
    if (next instanceof Error) {
      throw next;
    }
    return next;
  });
}

/**
 * @param {ReturnType<typeof vi.fn>} fetchMock Mock.
 * @param {number} i Call index.
 * @return {{url: string, init: any}} The call.
 */
function call(fetchMock, i) {
  const [url, init] = /** @type {any} */ (fetchMock.mock.calls[i]);
  return {url: String(url), init};
}

describe('api', () => {
  describe('gridsPath', () => {
    it('encodes level, parent, bbox, limit and offset', () => {
      const path = gridsPath({level: 'micro', parent: '410103001', bbox: [113.5, 34.6, 113.7, 34.8], limit: 1000, offset: 200});
      expect(path).toBe('/api/grids?level=micro&parent=410103001&bbox=113.5%2C34.6%2C113.7%2C34.8&limit=1000&offset=200');
    });

    it('rounds bbox coordinates to 7 decimals', () => {
      expect(gridsPath({level: 'micro', bbox: [113.123456789, 34, 114, 35]})).toContain('bbox=113.1234568%2C34%2C114%2C35');
    });

    it('rejects a bbox that is not four finite numbers', () => {
      expect(() => gridsPath({level: 'micro', bbox: [1, 2, 3]})).toThrow(/Invalid bbox/);
      expect(() => gridsPath({level: 'micro', bbox: [1, 2, 3, Infinity]})).toThrow(/Invalid bbox/);
    });
  });

  describe('buildingsPath', () => {
    it('asks the OGC API buildings collection for a bbox and a page size', () => {
      expect(buildingsPath({bbox: [113.6, 34.7, 113.65, 34.73], limit: 10000})).toBe(
        '/ogc/collections/buildings/items?bbox=113.6%2C34.7%2C113.65%2C34.73&limit=10000',
      );
    });

    it('rounds bbox coordinates to 7 decimals', () => {
      expect(buildingsPath({bbox: [113.123456789, 34.987654321, 114, 35]})).toBe(
        '/ogc/collections/buildings/items?bbox=113.1234568%2C34.9876543%2C114%2C35',
      );
    });

    it('rejects a bbox that is not four finite numbers', () => {
      expect(() => buildingsPath({bbox: [113.6, 34.7, 113.65]})).toThrow(/Invalid bbox/);
      expect(() => buildingsPath({bbox: [113.6, 34.7, 113.65, Number.NaN]})).toThrow(/Invalid bbox/);
    });
  });

  describe('nextHref', () => {
    it('finds the rel=next link', () => {
      expect(nextHref({links: [{rel: 'self', href: '/a'}, {rel: 'next', href: '/b'}]})).toBe('/b');
    });

    it('returns null on the last page or without links', () => {
      expect(nextHref({links: [{rel: 'self', href: '/a'}]})).toBeNull();
      expect(nextHref({})).toBeNull();
    });
  });

  describe('errorFromResponse', () => {
    it('uses the detail of a problem+json body as the message', async () => {
      const error = await errorFromResponse(problem(400, 'bbox 参数无效'));
      expect(error).toBeInstanceOf(ApiError);
      expect(error.status).toBe(400);
      expect(error.title).toBe('Bad Request');
      expect(error.message).toBe('bbox 参数无效');
    });

    it('falls back to the title without a detail', async () => {
      const error = await errorFromResponse(json({title: '未找到网格', status: 404}, 404, 'application/problem+json'));
      expect(error.message).toBe('未找到网格');
    });

    it('keeps the offending inputs a problem names, and drops malformed ones', async () => {
      const error = await errorFromResponse(
        json(
          {
            title: 'Bad Request',
            status: 400,
            detail: '2 invalid field(s)',
            errors: [{pointer: '/title', detail: 'required'}, {parameter: 'file', detail: 'is required'}, {pointer: '/x'}, 'junk'],
          },
          400,
          'application/problem+json',
        ),
      );
      expect(error.errors).toEqual([
        {pointer: '/title', detail: 'required'},
        {parameter: 'file', detail: 'is required'},
      ]);
    });

    it('gives a Chinese message for a non-JSON error', async () => {
      const error = await errorFromResponse(new Response('<html>oops</html>', {status: 502, headers: {'Content-Type': 'text/html'}}));
      expect(error.message).toBe('服务器错误（HTTP 502）');
    });
  });

  describe('createApi', () => {
    describe('getJson', () => {
      it('sends Accept and no Authorization without a token', async () => {
        const fetchMock = mockFetch([json([])]);
        const api = createApi({fetch: fetchMock, baseUrl: BASE, tokens: createMemoryTokenStore()});
        await api.getAncestors('410103001');
        const {url, init} = call(fetchMock, 0);
        expect(url).toBe('http://yiwang.test/api/grids/410103001/ancestors');
        expect(init.headers.Accept).toContain('application/geo+json');
        expect(init.headers.Authorization).toBeUndefined();
      });

      it('sends the stored token as a bearer token', async () => {
        const fetchMock = mockFetch([json({})]);
        const api = createApi({fetch: fetchMock, baseUrl: BASE, tokens: createMemoryTokenStore('t0k')});
        await api.getGrid('410103');
        expect(call(fetchMock, 0).init.headers.Authorization).toBe('Bearer t0k');
      });

      it('throws the problem detail of an error response', async () => {
        const api = createApi({fetch: mockFetch([problem(400, 'level 参数无效')]), baseUrl: BASE, tokens: createMemoryTokenStore()});
        await expect(api.getJson('/api/grids?level=x')).rejects.toMatchObject({name: 'ApiError', status: 400, message: 'level 参数无效'});
      });

      it('turns a network failure into a Chinese error with status 0', async () => {
        const api = createApi({fetch: mockFetch([new TypeError('Failed to fetch')]), baseUrl: BASE, tokens: createMemoryTokenStore()});
        await expect(api.getGrid('1')).rejects.toMatchObject({status: 0, message: expect.stringContaining('无法连接服务器')});
      });

      it('refuses URLs on another origin', async () => {
        const fetchMock = mockFetch([]);
        const api = createApi({fetch: fetchMock, baseUrl: BASE, tokens: createMemoryTokenStore('secret')});
        await expect(api.getJson('https://evil.example/api')).rejects.toThrow(/其他服务器/);
        expect(fetchMock).not.toHaveBeenCalled();
      });
    });

    describe('401 handling', () => {
      it('asks for credentials, logs in, stores the token and retries with it', async () => {
        const fetchMock = mockFetch([
          problem(401, 'Unauthorized'),
          json({access_token: 'abc', token_type: 'Bearer'}),
          json({type: 'Feature', id: '410103'}),
        ]);
        const tokens = createMemoryTokenStore();
        const requestCredentials = vi.fn(async () => ({username: 'admin', password: 'pw'}));
        const api = createApi({fetch: fetchMock, baseUrl: BASE, tokens, requestCredentials});

        const grid = await api.getGrid('410103');

        expect(grid).toEqual({type: 'Feature', id: '410103'});
        expect(requestCredentials).toHaveBeenCalledTimes(1);
        expect(requestCredentials).toHaveBeenCalledWith(null);
        const login = call(fetchMock, 1);
        expect(login.url).toBe('http://yiwang.test/login');
        expect(login.init.method).toBe('POST');
        expect(JSON.parse(login.init.body)).toEqual({username: 'admin', password: 'pw'});
        expect(call(fetchMock, 2).init.headers.Authorization).toBe('Bearer abc');
        expect(tokens.get()).toBe('abc');
      });

      it('asks again with a Chinese message after a wrong password', async () => {
        const fetchMock = mockFetch([
          new Response(null, {status: 401}),
          new Response(null, {status: 401}),
          json({access_token: 'ok'}),
          json([]),
        ]);
        const requestCredentials = vi.fn(async () => ({username: 'u', password: 'p'}));
        const api = createApi({fetch: fetchMock, baseUrl: BASE, tokens: createMemoryTokenStore(), requestCredentials});

        await api.getAncestors('1');

        expect(requestCredentials.mock.calls).toEqual([[null], ['用户名或密码错误']]);
      });

      it('fails with 401 when the user cancels the login', async () => {
        const api = createApi({
          fetch: mockFetch([new Response(null, {status: 401})]),
          baseUrl: BASE,
          tokens: createMemoryTokenStore(),
          requestCredentials: async () => null,
        });
        await expect(api.getGrid('1')).rejects.toMatchObject({status: 401, message: '需要登录后才能查看网格数据'});
      });

      it('forgets a rejected token before asking', async () => {
        const tokens = createMemoryTokenStore('expired');
        const api = createApi({
          fetch: mockFetch([new Response(null, {status: 401})]),
          baseUrl: BASE,
          tokens,
          requestCredentials: async () => null,
        });
        await expect(api.getGrid('1')).rejects.toBeInstanceOf(ApiError);
        expect(tokens.get()).toBeNull();
      });

      it('shares one login prompt between concurrent requests', async () => {
        /** @type {function(import('../../src/api.js').Credentials): void} */
        let answer = () => {};
        const requestCredentials = vi.fn(
          () => new Promise((resolve) => {
            answer = resolve;
          }),
        );
        const fetchMock = vi.fn(async (/** @type {any} */ url, /** @type {any} */ init) => {
          if (String(url).endsWith('/login')) {
            return json({access_token: 'shared'});
          }
          return init.headers.Authorization === 'Bearer shared' ? json({ok: url}) : new Response(null, {status: 401});
        });
        const api = createApi({fetch: fetchMock, baseUrl: BASE, tokens: createMemoryTokenStore(), requestCredentials});

        const both = Promise.all([api.getGrid('a'), api.getGrid('b')]);
        await vi.waitFor(() => expect(requestCredentials).toHaveBeenCalled());
        answer({username: 'u', password: 'p'});
        await both;

        expect(requestCredentials).toHaveBeenCalledTimes(1);
        expect(fetchMock.mock.calls.filter((args) => String(args[0]).endsWith('/login'))).toHaveLength(1);
      });

      it('reports a 401 as an error when no login prompt is configured', async () => {
        const api = createApi({fetch: mockFetch([problem(401, '令牌无效')]), baseUrl: BASE, tokens: createMemoryTokenStore()});
        await expect(api.getGrid('1')).rejects.toMatchObject({status: 401, message: '令牌无效'});
      });
    });

    describe('fetchAllGrids', () => {
      it('follows rel=next links until the last page', async () => {
        const fetchMock = mockFetch([
          page(['1', '2'], '/api/grids?level=l1&limit=2&offset=2'),
          page(['3', '4'], 'grids?level=l1&limit=2&offset=4'),
          page(['5'], null),
        ]);
        const api = createApi({fetch: fetchMock, baseUrl: BASE, tokens: createMemoryTokenStore()});

        const result = await api.fetchAllGrids({level: 'l1', limit: 2});

        expect(result.features.map((f) => f.id)).toEqual(['1', '2', '3', '4', '5']);
        expect(result.numberMatched).toBe(5);
        expect(fetchMock.mock.calls.map((args) => String(/** @type {Array<unknown>} */ (args)[0]))).toEqual([
          'http://yiwang.test/api/grids?level=l1&limit=2',
          'http://yiwang.test/api/grids?level=l1&limit=2&offset=2',
          // Relative hrefs resolve against the page they came from.
          'http://yiwang.test/api/grids?level=l1&limit=2&offset=4',
        ]);
      });

      it('stops with an error when next links loop', async () => {
        const api = createApi({
          fetch: mockFetch([page(['1'], '/api/grids?level=l1&offset=1'), page(['2'], '/api/grids?level=l1&offset=1')]),
          baseUrl: BASE,
          tokens: createMemoryTokenStore(),
        });
        await expect(api.fetchAllGrids({level: 'l1'})).rejects.toThrow(/循环/);
      });

      it('refuses a next link to another host', async () => {
        const api = createApi({
          fetch: mockFetch([page(['1'], 'http://other.example/api/grids?offset=1')]),
          baseUrl: BASE,
          tokens: createMemoryTokenStore(),
        });
        await expect(api.fetchAllGrids({level: 'l1'})).rejects.toThrow(/其他服务器/);
      });

      it('rejects a body that is not a FeatureCollection', async () => {
        const api = createApi({fetch: mockFetch([json({type: 'Feature'})]), baseUrl: BASE, tokens: createMemoryTokenStore()});
        await expect(api.fetchAllGrids({level: 'l1'})).rejects.toThrow(/GeoJSON/);
      });

      it('passes a problem+json error of a later page through', async () => {
        const api = createApi({
          fetch: mockFetch([page(['1'], '/api/grids?level=l1&offset=1'), problem(503, '数据库不可用')]),
          baseUrl: BASE,
          tokens: createMemoryTokenStore(),
        });
        await expect(api.fetchAllGrids({level: 'l1'})).rejects.toMatchObject({status: 503, message: '数据库不可用'});
      });
    });

    describe('fetchBuildings', () => {
      /**
       * @param {Array<string>} ids Building ids.
       * @param {string|null} next Absolute next href, as the server writes it.
       * @return {Response} A page of the buildings collection.
       */
      const buildings = (ids, next) =>
        json(
          {
            type: 'FeatureCollection',
            features: ids.map((id) => ({
              type: 'Feature',
              id,
              geometry: {type: 'Polygon', coordinates: [[[113.6, 34.7], [113.6001, 34.7], [113.6001, 34.7001], [113.6, 34.7]]]},
              properties: {id, name: `${id}号楼`, use: 'residential', floors: 6, heightM: 18, households: 24, microCode: null, generated: true},
            })),
            numberMatched: 5,
            numberReturned: ids.length,
            links: next ? [{rel: 'next', href: next, type: 'application/geo+json'}] : [],
          },
          200,
          'application/geo+json',
        );

      it('requests the bbox and follows the absolute next links of the OGC API', async () => {
        const next1 = 'http://yiwang.test/ogc/collections/buildings/items?bbox=113.6,34.7,113.7,34.8&limit=2&offset=2';
        const next2 = 'http://yiwang.test/ogc/collections/buildings/items?bbox=113.6,34.7,113.7,34.8&limit=2&offset=4';
        const fetchMock = mockFetch([buildings(['a', 'b'], next1), buildings(['c', 'd'], next2), buildings(['e'], null)]);
        const api = createApi({fetch: fetchMock, baseUrl: BASE, tokens: createMemoryTokenStore()});

        const result = await api.fetchBuildings({bbox: [113.6, 34.7, 113.7, 34.8], limit: 2});

        expect(result.features.map((f) => f.id)).toEqual(['a', 'b', 'c', 'd', 'e']);
        expect(result.truncated).toBe(false);
        expect(result.numberMatched).toBe(5);
        expect(fetchMock.mock.calls.map((args) => String(/** @type {Array<unknown>} */ (args)[0]))).toEqual([
          'http://yiwang.test/ogc/collections/buildings/items?bbox=113.6%2C34.7%2C113.7%2C34.8&limit=2',
          next1,
          next2,
        ]);
      });

      it('stops following next links at maxFeatures and reports the cut', async () => {
        const fetchMock = mockFetch([
          buildings(['a', 'b'], '/ogc/collections/buildings/items?offset=2'),
          buildings(['c', 'd'], '/ogc/collections/buildings/items?offset=4'),
        ]);
        const api = createApi({fetch: fetchMock, baseUrl: BASE, tokens: createMemoryTokenStore()});

        const result = await api.fetchBuildings({bbox: [113.6, 34.7, 113.7, 34.8], limit: 2}, {maxFeatures: 3});

        expect(result.features.map((f) => f.id)).toEqual(['a', 'b', 'c']);
        expect(result.truncated).toBe(true);
        expect(fetchMock).toHaveBeenCalledTimes(2);
      });

      it('is not truncated when the last page ends exactly at maxFeatures', async () => {
        const api = createApi({
          fetch: mockFetch([buildings(['a', 'b'], '/ogc/collections/buildings/items?offset=2'), buildings(['c', 'd'], null)]),
          baseUrl: BASE,
          tokens: createMemoryTokenStore(),
        });
        const result = await api.fetchBuildings({bbox: [113.6, 34.7, 113.7, 34.8], limit: 2}, {maxFeatures: 4});
        expect(result.features).toHaveLength(4);
        expect(result.truncated).toBe(false);
      });

      it('shares the paging safeguards of the grid listing', async () => {
        const api = createApi({
          fetch: mockFetch([buildings(['a'], 'http://other.example/ogc/collections/buildings/items?offset=1')]),
          baseUrl: BASE,
          tokens: createMemoryTokenStore(),
        });
        await expect(api.fetchBuildings({bbox: [113.6, 34.7, 113.7, 34.8]})).rejects.toThrow(/其他服务器/);
      });

      it('passes the abort signal to every request', async () => {
        const fetchMock = mockFetch([buildings(['a'], '/ogc/collections/buildings/items?offset=1'), buildings(['b'], null)]);
        const api = createApi({fetch: fetchMock, baseUrl: BASE, tokens: createMemoryTokenStore()});
        const controller = new AbortController();
        await api.fetchBuildings({bbox: [113.6, 34.7, 113.7, 34.8]}, {signal: controller.signal});
        expect(call(fetchMock, 0).init.signal).toBe(controller.signal);
        expect(call(fetchMock, 1).init.signal).toBe(controller.signal);
      });
    });

    describe('send', () => {
      it('posts JSON with the bearer token and extra headers, and returns status, headers and body', async () => {
        const fetchMock = mockFetch([
          new Response(JSON.stringify({id: 7}), {status: 201, headers: {'Content-Type': 'application/json', 'Idempotent-Replayed': 'false'}}),
        ]);
        const api = createApi({fetch: fetchMock, baseUrl: BASE, tokens: createMemoryTokenStore('tok')});
        const r = await api.send('/api/cases', {method: 'POST', json: {title: '井盖'}, headers: {'Idempotency-Key': 'k1'}});
        expect(r.status).toBe(201);
        expect(r.body).toEqual({id: 7});
        expect(r.headers.get('Idempotent-Replayed')).toBe('false');
        const {url, init} = call(fetchMock, 0);
        expect(url).toBe('http://yiwang.test/api/cases');
        expect(init.method).toBe('POST');
        expect(init.body).toBe('{"title":"井盖"}');
        expect(init.headers).toMatchObject({
          'Content-Type': 'application/json',
          'Idempotency-Key': 'k1',
          Authorization: 'Bearer tok',
        });
      });

      it('sends a blob as the raw body with its type', async () => {
        const fetchMock = mockFetch([json({id: 'f'.repeat(64)}, 201)]);
        const api = createApi({fetch: fetchMock, baseUrl: BASE, tokens: createMemoryTokenStore('tok')});
        const photo = new Blob([new Uint8Array([0xff, 0xd8, 0xff])], {type: 'image/jpeg'});
        await api.send('/api/photos', {method: 'POST', blob: photo});
        const {init} = call(fetchMock, 0);
        expect(init.body).toBe(photo);
        expect(init.headers['Content-Type']).toBe('image/jpeg');
      });

      it('reads a blob answer when asked', async () => {
        const fetchMock = mockFetch([new Response(new Uint8Array([1, 2, 3]), {status: 200, headers: {'Content-Type': 'image/png'}})]);
        const api = createApi({fetch: fetchMock, baseUrl: BASE, tokens: createMemoryTokenStore('tok')});
        const r = await api.send('/api/photos/abc', {responseType: 'blob'});
        expect(r.body).toBeInstanceOf(Blob);
        expect(r.body.size).toBe(3);
      });

      it('sends the same body again after a login on 401', async () => {
        const fetchMock = mockFetch([problem(401, 'Unauthorized'), json({access_token: 'new'}), json({id: 1}, 201)]);
        const api = createApi({
          fetch: fetchMock,
          baseUrl: BASE,
          tokens: createMemoryTokenStore('old'),
          requestCredentials: async () => ({username: 'worker', password: 'pw'}),
        });
        await api.send('/api/cases', {method: 'POST', json: {a: 1}, headers: {'Idempotency-Key': 'k'}});
        const retry = call(fetchMock, 2);
        expect(retry.init.body).toBe('{"a":1}');
        expect(retry.init.headers).toMatchObject({Authorization: 'Bearer new', 'Idempotency-Key': 'k'});
      });

      it('throws the problem with its offending inputs', async () => {
        const fetchMock = mockFetch([
          json({status: 400, detail: '1 invalid field(s)', errors: [{pointer: '/location/lon', detail: 'required'}]}, 400, 'application/problem+json'),
        ]);
        const api = createApi({fetch: fetchMock, baseUrl: BASE, tokens: createMemoryTokenStore('tok')});
        const error = await api.send('/api/cases', {method: 'POST', json: {}}).catch((e) => e);
        expect(error).toBeInstanceOf(ApiError);
        expect(error.status).toBe(400);
        expect(error.errors).toEqual([{pointer: '/location/lon', detail: 'required'}]);
      });

      it('returns a null body for an empty answer', async () => {
        const fetchMock = mockFetch([new Response(null, {status: 204})]);
        const api = createApi({fetch: fetchMock, baseUrl: BASE, tokens: createMemoryTokenStore('tok')});
        expect((await api.send('/x', {method: 'POST'})).body).toBeNull();
      });
    });
  });
});
