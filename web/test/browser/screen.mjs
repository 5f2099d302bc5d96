#!/usr/bin/env node
/**
 * Browser test of the big screen (/screen) against a running Yiwang server
 * with the demo users.
 *
 *   YIWANG_BASE_URL=http://localhost:8080/ YIWANG_SCREEN_STREET=410103001 \
 *   YIWANG_SCREEN_LON=… YIWANG_SCREEN_LAT=… YIWANG_SCREEN_OTHER_LON=… YIWANG_SCREEN_OTHER_LAT=… node test/browser/screen.mjs
 *
 * Environment:
 * - YIWANG_BASE_URL   server to test (default http://localhost:8080/)
 * - CHROMIUM_PATH     Chromium executable (default /usr/bin/chromium)
 * - YIWANG_TIMEOUT_MS how long to wait for one step (default 30000)
 * - YIWANG_SCREEN_STREET a street office (level-1 grid) code
 * - YIWANG_SCREEN_LON, YIWANG_SCREEN_LAT  a WGS84 point inside a micro grid of that street
 * - YIWANG_SCREEN_OTHER_LON, YIWANG_SCREEN_OTHER_LAT  a point in another street
 * (ScreenPageTest passes them from PostGIS.)
 *
 * In headless Chromium at 1920×1080 it logs in as `ops` through the login
 * dialog and waits for the markers and the live stream; then:
 * 1. a case created through the API (as `ops`) appears within a second as one
 *    more marker (drawn on the WebGL layer) and on top of the ticker;
 * 2. a click on the map inside the street drills down: the breadcrumb names the
 *    street, the panels show the street's figures (equal to
 *    `/api/screen/summary?scope=<street>`, less than the district's since a
 *    case was also made in another street), the ranking lists communities; the
 *    breadcrumb's root brings the district's figures back;
 * 3. the network between browser and server fails: the page is loaded through
 *    a small TCP relay in this script, which drops every connection and
 *    refuses new ones for a while; the indicator says 连接中断; a case made
 *    meanwhile appears once the relay forwards again, the indicator says
 *    已恢复, and the page was never reloaded;
 * 4. the page opened again while signed in asks for its first reads (markers,
 *    summary, who am I) once each: the head script starts them before the
 *    modules load and the page takes those answers over.
 * No request may leave the host. Screenshots go to test/browser/out/.
 * Exit code 0 on success, 1 on failure.
 */

import {mkdir} from 'node:fs/promises';
import net from 'node:net';
import {dirname, join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {chromium} from 'playwright-core';

const BASE_URL = process.env.YIWANG_BASE_URL || 'http://localhost:8080/';
const CHROMIUM_PATH = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const TIMEOUT_MS = Number(process.env.YIWANG_TIMEOUT_MS || 30000);
const PASSWORD = 'yiwang-demo';
const OUT_DIR = join(dirname(fileURLToPath(import.meta.url)), 'out');
/** A new case must be on the screen this soon after the API answered its POST. */
const LIVE_LIMIT_MS = 1000;

const base = new URL(BASE_URL);

/**
 * A TCP relay to the server that can fail like a network: `cut()` drops every
 * open connection and refuses new ones until `restore()`.
 * @param {URL} target Server.
 * @return {{listen: function(): Promise<number>, cut: function(): void, restore: function(): void, close: function(): void}} Relay.
 */
function createRelay(target) {
  /** @type {Set<net.Socket>} */
  const sockets = new Set();
  let down = false;
  const server = net.createServer((client) => {
    if (down) {
      client.destroy();
      return;
    }
    const upstream = net.connect(Number(target.port || 80), target.hostname);
    sockets.add(client);
    sockets.add(upstream);
    const end = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('error', end).on('close', end);
    upstream.on('error', end).on('close', end);
    client.pipe(upstream);
    upstream.pipe(client);
  });
  return {
    listen: () =>
      new Promise((resolve) => {
        server.listen(0, '127.0.0.1', () => resolve(/** @type {net.AddressInfo} */ (server.address()).port));
      }),
    cut() {
      down = true;
      for (const socket of sockets) {
        socket.destroy();
      }
      sockets.clear();
    },
    restore() {
      down = false;
    },
    close() {
      this.cut();
      server.close();
    },
  };
}

/** Failure with a message meant for the summary line. */
class CheckFailed extends Error {}

/**
 * @param {boolean} condition Condition.
 * @param {string} message Failure message.
 * @return {asserts condition}
 */
function check(condition, message) {
  if (!condition) {
    throw new CheckFailed(message);
  }
}

/**
 * @param {string} name Variable.
 * @return {string} Its value.
 */
function env(name) {
  const value = process.env[name];
  if (!value) {
    throw new CheckFailed(`${name} is not set`);
  }
  return value;
}

/**
 * @param {string} path Path and query.
 * @param {{token?: string, method?: string, body?: unknown}} [init] Options.
 * @return {Promise<{status: number, body: any}>} Answer.
 */
async function call(path, init = {}) {
  /** @type {Record<string, string>} */
  const headers = {Accept: 'application/json, application/geo+json, application/problem+json'};
  if (init.token) {
    headers.Authorization = `Bearer ${init.token}`;
  }
  if (init.body !== undefined) {
    headers['Content-Type'] = 'application/json';
  }
  const response = await fetch(new URL(path, base), {
    method: init.method || 'GET',
    headers,
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  const text = await response.text();
  return {status: response.status, body: text ? JSON.parse(text) : null};
}

/**
 * @param {string} token Token.
 * @param {number} lon Longitude.
 * @param {number} lat Latitude.
 * @param {string} category Sub-category.
 * @return {Promise<any>} The created case.
 */
async function createCase(token, lon, lat, category) {
  const answer = await call('/api/cases', {
    token,
    method: 'POST',
    body: {category, title: '大屏浏览器测试', description: '大屏实时显示测试', source: 'hotline_12345', location: {lon, lat, crs: 'wgs84', accuracy: 5}},
  });
  check(answer.status === 201, `case not created: ${answer.status} ${JSON.stringify(answer.body)}`);
  return answer.body;
}

/**
 * @param {string} token Token.
 * @param {string} scope Grid code.
 * @return {Promise<number>} Cases received today in the scope, as the API says.
 */
async function receivedToday(token, scope) {
  const answer = await call(`/api/screen/summary?scope=${scope}`, {token});
  check(answer.status === 200, `summary ${scope}: ${answer.status}`);
  return answer.body.figures.received;
}

async function main() {
  const street = env('YIWANG_SCREEN_STREET');
  const lon = Number(env('YIWANG_SCREEN_LON'));
  const lat = Number(env('YIWANG_SCREEN_LAT'));
  const otherLon = Number(env('YIWANG_SCREEN_OTHER_LON'));
  const otherLat = Number(env('YIWANG_SCREEN_OTHER_LAT'));
  await mkdir(OUT_DIR, {recursive: true});
  const login = await call('/login', {method: 'POST', body: {username: 'ops', password: PASSWORD}});
  check(login.status === 200, `login: ${login.status}`);
  const token = login.body.access_token;
  const district = street.slice(0, 6);

  const relay = createRelay(base);
  const front = new URL(`http://127.0.0.1:${await relay.listen()}/`);
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run',
      '--enable-unsafe-swiftshader'],
  });
  /** @type {Array<string>} */
  const foreign = [];
  /** @type {Array<string>} */
  const pageErrors = [];
  try {
    const context = await browser.newContext({viewport: {width: 1920, height: 1080}, locale: 'zh-CN', timezoneId: 'Asia/Shanghai'});
    const page = await context.newPage();
    page.setDefaultTimeout(TIMEOUT_MS);
    page.on('request', (request) => {
      const url = new URL(request.url());
      if (url.protocol !== 'data:' && url.protocol !== 'blob:' && (url.host !== front.host || url.protocol !== front.protocol)) {
        foreign.push(request.url());
      }
    });
    page.on('pageerror', (error) => pageErrors.push(error.message));

    await page.goto(new URL('screen', front).href, {waitUntil: 'domcontentloaded'});
    await page.locator('input[name=username]').fill('ops');
    await page.locator('input[name=password]').fill(PASSWORD);
    await page.locator('button.login__submit').click();
    await page.waitForSelector('body[data-ready=true]', {state: 'attached'});
    await page.waitForFunction(() => /** @type {any} */ (window).__yiwangScreen.connection() === 'up');
    await page.evaluate(() => {
      /** @type {any} */ (window).__sameDocument = true;
    });
    const before = await page.evaluate(() => /** @type {any} */ (window).__yiwangScreen.markerCount());
    console.log(`screen ready: ${before} markers`);

    // 1. A case created through the API is on the screen within a second.
    const created = await createCase(token, lon, lat, 'SRHJ-04');
    const postAnswered = Date.now();
    try {
      await page.waitForFunction(
        ([count, code]) => {
          const s = /** @type {any} */ (window).__yiwangScreen;
          return s.markerCount() === count && s.drawnMarkers() === count && Boolean(document.querySelector(`#ticker [data-code="${code}"]`));
        },
        [before + 1, created.code],
        {timeout: LIVE_LIMIT_MS, polling: 20},
      );
    } catch {
      const state = await page.evaluate(() => {
        const s = /** @type {any} */ (window).__yiwangScreen;
        return {markers: s.markerCount(), drawn: s.drawnMarkers(), ticker: s.ticker().slice(0, 3)};
      });
      throw new CheckFailed(`case ${created.code} not on the screen within ${LIVE_LIMIT_MS} ms: ${JSON.stringify(state)}`);
    }
    console.log(`new case ${created.code} on the screen ${Date.now() - postAnswered} ms after the POST answered`);
    const top = await page.locator('#ticker li').first().getAttribute('data-code');
    check(top === created.code, `ticker top is ${top}, not ${created.code}`);
    await page.screenshot({path: join(OUT_DIR, 'screen-live.png')});

    // 2. Drill-down into the street by clicking the map; a case in another street makes the district's figures differ.
    await createCase(token, otherLon, otherLat, 'SRHJ-04');
    const districtReceived = await receivedToday(token, district);
    const streetReceived = await receivedToday(token, street);
    check(districtReceived > streetReceived, `district ${districtReceived} should exceed street ${streetReceived}`);
    await page.waitForFunction(
      (n) => document.querySelector('[data-figure=received] .fig__value')?.textContent === String(n),
      districtReceived,
    );
    const pixel = await page.evaluate(([x, y]) => /** @type {any} */ (window).__yiwangScreen.pixelFor(x, y), [lon, lat]);
    await page.mouse.click(pixel[0], pixel[1]);
    await page.waitForFunction((code) => {
      const scope = /** @type {any} */ (window).__yiwangScreen.scope();
      return scope[scope.length - 1] === code;
    }, street);
    const streetNow = await receivedToday(token, street);
    await page.waitForFunction(
      (n) => document.querySelector('[data-figure=received] .fig__value')?.textContent === String(n),
      streetNow,
    );
    const crumb = await page.locator('.crumb--current').textContent();
    const streetName = (await call(`/api/grids/${street}`, {token})).body.properties.name;
    check(crumb === streetName, `breadcrumb shows ${crumb}, not ${streetName}`);
    check((await page.locator('#ranking-title').textContent()) === '社区排名', 'the street ranks its communities');
    const communities = (await call(`/api/grids/${street}/children`, {token})).body.numberMatched;
    const ranked = await page.locator('#ranking li').count();
    check(ranked === Math.min(16, communities), `ranking lists ${ranked} rows, the street has ${communities} communities`);
    console.log(`drill-down: ${district} ${districtReceived} → ${street} ${streetName} ${streetNow} received today`);
    await page.screenshot({path: join(OUT_DIR, 'screen-street.png')});
    await page.locator('.crumb').first().click();
    const districtNow = await receivedToday(token, district);
    await page.waitForFunction(
      (n) => document.querySelector('[data-figure=received] .fig__value')?.textContent === String(n),
      districtNow,
    );

    // 3. Connection lost: the indicator says so; a case made meanwhile arrives after the reconnect, without a reload.
    relay.cut();
    await page.waitForFunction(() => document.getElementById('connection')?.textContent?.includes('连接中断'), null, {timeout: 15000});
    const beforeGap = await page.evaluate(() => /** @type {any} */ (window).__yiwangScreen.markerCount());
    const missed = await createCase(token, lon, lat, 'SRHJ-05');
    await new Promise((r) => setTimeout(r, 1500));
    relay.restore();
    await page.waitForFunction(
      ([count, code]) => {
        const s = /** @type {any} */ (window).__yiwangScreen;
        return s.markerCount() === count && s.ticker().includes(code) && s.connection() === 'up';
      },
      [beforeGap + 1, missed.code],
      {timeout: 20000},
    );
    const indicator = await page.locator('#connection').textContent();
    check(indicator === '已恢复' || indicator === '实时', `indicator shows ${indicator}`);
    check(await page.evaluate(() => /** @type {any} */ (window).__sameDocument === true), 'the page was reloaded');
    console.log(`recovered: case ${missed.code} made while offline arrived after the reconnect (${indicator})`);
    await page.screenshot({path: join(OUT_DIR, 'screen-recovered.png')});

    // 4. Opened again while signed in (the token is in sessionStorage): the head script starts the first reads
    // before the modules load, and the page uses those answers instead of asking twice.
    /** @type {Map<string, Array<number>>} */
    const firstReads = new Map();
    const opened = Date.now();
    page.on('request', (request) => {
      const url = new URL(request.url());
      if (['/api/screen/markers', '/api/screen/summary', '/api/me'].includes(url.pathname) && !url.search) {
        firstReads.set(url.pathname, [...(firstReads.get(url.pathname) ?? []), Date.now() - opened]);
      }
    });
    await page.reload({waitUntil: 'domcontentloaded'});
    await page.waitForSelector('body[data-ready=true]', {state: 'attached'});
    check(
      (await page.locator('.login').count()) === 0 || !(await page.locator('.login').first().isVisible()),
      'signed in, the page asked for a login again',
    );
    check(
      await page.evaluate((n) => /** @type {any} */ (window).__yiwangScreen.markerCount() >= n, beforeGap + 1),
      'the reopened page lacks markers',
    );
    const taken = await page.evaluate(() => /** @type {any} */ (window).__yiwangPrefetch?.taken ?? []);
    for (const path of ['/api/screen/markers', '/api/screen/summary', '/api/me']) {
      const times = firstReads.get(path) ?? [];
      check(times.length === 1, `${path} was requested ${times.length} times on opening (expected once, by the head script)`);
      check(taken.includes(path), `the page did not take the head script's answer of ${path} (took ${JSON.stringify(taken)})`);
    }
    console.log(`reopened signed in: first reads started at ${JSON.stringify(Object.fromEntries(firstReads))} ms after the reload, taken over: ${taken}`);

    check(foreign.length === 0, `requests left the host: ${foreign.slice(0, 5).join(', ')}`);
    check(pageErrors.length === 0, `page errors: ${pageErrors.join('; ')}`);
  } finally {
    await browser.close();
    relay.close();
  }
}

main().then(
  () => {
    console.log('screen.mjs: OK');
    process.exit(0);
  },
  (error) => {
    console.error(`screen.mjs: FAILED: ${error instanceof CheckFailed ? error.message : error?.stack || error}`);
    process.exit(1);
  },
);
