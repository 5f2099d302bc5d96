#!/usr/bin/env node
/**
 * Browser test of the 3D view against a running Yiwang server (WebGL in software: SwiftShader).
 *
 *   YIWANG_BASE_URL=http://localhost:8080/ npm run test:browser3d
 *
 * Environment:
 * - YIWANG_BASE_URL   page to open (default http://localhost:8080/)
 * - CHROMIUM_PATH     Chromium executable (default /usr/bin/chromium)
 * - YIWANG_TIMEOUT_MS how long to wait for the map and for the buildings (default 120000)
 *
 * It centres the 2D map on a building of the server's `buildings` collection, presses 三维,
 * waits for `window.__yiwang.three.ready`, then checks: the building primitive holds as many
 * instances as the page received features for the bbox on screen (counted from the network
 * responses); clicking the roof of a building (projected from its footprint and height) shows
 * its 层数 and micro grid in the info panel; a marker on the 12th floor sits at 34.5 m (the middle of the floor); 二维
 * brings the 2D map back; no request left the page's host and no page error occurred. A
 * screenshot of the 3D view is saved to test/browser/out/3d.png. Exit code 0 on success, 1 on
 * failure, with one summary line.
 */

import {mkdir} from 'node:fs/promises';
import {dirname, join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {chromium} from 'playwright-core';

const BASE_URL = process.env.YIWANG_BASE_URL || 'http://localhost:8080/';
const CHROMIUM_PATH = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const TIMEOUT_MS = Number(process.env.YIWANG_TIMEOUT_MS || 120000);
const OUT_DIR = join(dirname(fileURLToPath(import.meta.url)), 'out');
const SCREENSHOT = join(OUT_DIR, '3d.png');
const BUILDINGS_PATH = '/ogc/collections/buildings/items';
/** Zoom of the 2D view before switching: a few city blocks. */
const ZOOM = 16.5;
const FLOOR_HEIGHT_METERS = 3;

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
 * @param {string} url Request URL.
 * @return {Array<number>|null} Its `bbox` parameter.
 */
function bboxOf(url) {
  const value = new URL(url).searchParams.get('bbox');
  return value ? value.split(',').map(Number) : null;
}

/**
 * @param {Array<number>|null} a Bbox.
 * @param {Array<number>|null} b Bbox.
 * @return {boolean} Same bbox to 1e-6 degrees (the page rounds to 1e-7).
 */
function sameBbox(a, b) {
  return Boolean(a && b && a.length === 4 && b.length === 4 && a.every((v, i) => Math.abs(v - b[i]) < 1e-6));
}

/**
 * @param {any} feature GeoJSON building.
 * @return {{id: string, lon: number, lat: number, heightM: number, floors: number|null, name: string|null}|null} Roof centre.
 */
function roof(feature) {
  const ring = feature.geometry && feature.geometry.type === 'Polygon' ? feature.geometry.coordinates[0] : null;
  if (!ring || ring.length < 4) {
    return null;
  }
  /** @type {Array<Array<number>>} */
  const points = ring.slice(0, -1);
  const lon = points.reduce((sum, p) => sum + p[0], 0) / points.length;
  const lat = points.reduce((sum, p) => sum + p[1], 0) / points.length;
  const p = feature.properties || {};
  const heightM = p.heightM > 0 ? p.heightM : p.floors > 0 ? p.floors * FLOOR_HEIGHT_METERS : FLOOR_HEIGHT_METERS;
  return {id: String(feature.id ?? p.id), lon, lat, heightM, floors: p.floors ?? null, name: p.name ?? null};
}

async function main() {
  const base = new URL(BASE_URL);

  // One building to look at, asked from the test (not the page) so the view is where buildings are.
  const probe = await fetch(new URL(`${BUILDINGS_PATH}?limit=1`, base), {headers: {Accept: 'application/geo+json'}});
  check(probe.ok, `GET ${BUILDINGS_PATH}?limit=1 answered HTTP ${probe.status}: is the buildings collection served?`);
  const first = roof((await probe.json()).features?.[0] ?? {});
  check(Boolean(first), `${BUILDINGS_PATH} returned no polygon building`);
  const target = /** @type {NonNullable<typeof first>} */ (first);

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
      '--use-gl=angle',
      '--use-angle=swiftshader',
    ],
  });
  /** @type {Array<string>} */
  const foreign = [];
  /** @type {Array<string>} */
  const pageErrors = [];
  /** @type {Array<string>} */
  const failedResponses = [];
  /** Features received per buildings page URL. @type {Map<string, Array<any>>} */
  const buildingPages = new Map();
  /** @type {Array<Promise<void>>} */
  const reading = [];
  let requests = 0;
  try {
    const context = await browser.newContext({viewport: {width: 1280, height: 800}, deviceScaleFactor: 1, locale: 'zh-CN'});
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
      if (new URL(response.url()).pathname === BUILDINGS_PATH && response.ok()) {
        reading.push(
          response.json().then(
            (body) => {
              buildingPages.set(response.url(), Array.isArray(body.features) ? body.features : []);
            },
            () => {},
          ),
        );
      }
    });
    page.on('pageerror', (error) => pageErrors.push(error.message));

    await page.goto(base.href, {waitUntil: 'domcontentloaded', timeout: TIMEOUT_MS});
    await page.waitForFunction(() => Boolean(/** @type {any} */ (window).__yiwang), undefined, {timeout: TIMEOUT_MS});
    await withTimeout(
      page.evaluate(() => /** @type {any} */ (window).__yiwang.ready.then(() => true)),
      TIMEOUT_MS,
      'window.__yiwang.ready (2D map loaded)',
    );
    const before = await page.evaluate(() => /** @type {any} */ (window).__yiwang.three.buildingCount());
    check(before === 0, `buildings in the scene before switching to 3D: ${before}`);
    check(buildingPages.size === 0, 'the 2D page requested buildings before switching to 3D');
    const cesiumBefore = await page.evaluate(() =>
      performance.getEntriesByType('resource').filter((e) => /cesium/i.test(e.name)).map((e) => e.name),
    );
    check(cesiumBefore.length === 0, `the 2D page loaded Cesium before switching: ${cesiumBefore.join(', ')}`);

    // Centre the 2D view on the building (EPSG:3857), then switch.
    await page.evaluate(
      ({lon, lat, zoom}) => {
        const R = 6378137;
        const x = (R * lon * Math.PI) / 180;
        const y = R * Math.log(Math.tan(Math.PI / 4 + (lat * Math.PI) / 360));
        const view = /** @type {any} */ (window).__yiwang.map.getView();
        view.setCenter([x, y]);
        view.setZoom(zoom);
      },
      {lon: target.lon, lat: target.lat, zoom: ZOOM},
    );
    const button = page.locator('#view3d button');
    check((await button.textContent())?.trim() === '三维', `the switch reads "${await button.textContent()}", expected 三维`);
    const started = Date.now();
    await button.click();
    await withTimeout(
      page.evaluate(() => /** @type {any} */ (window).__yiwang.three.ready.then(() => true)),
      TIMEOUT_MS,
      'window.__yiwang.three.ready (first buildings rendered in 3D)',
    );
    const readyMs = Date.now() - started;
    // Let a load started by the camera settling finish, then read a stable state.
    await page.waitForTimeout(1500);
    await page.waitForFunction(() => !/加载/.test(document.querySelector('.view3d__status')?.textContent ?? ''), undefined, {
      timeout: TIMEOUT_MS,
    });
    await Promise.all(reading);
    check((await button.textContent())?.trim() === '二维', `in 3D the switch reads "${await button.textContent()}", expected 二维`);

    const state = await page.evaluate(() => {
      const three = /** @type {any} */ (window).__yiwang.three;
      return {count: three.buildingCount(), batch: three.lastBatch(), enabled: three.enabled, status: document.querySelector('.view3d__status')?.textContent};
    });
    check(state.enabled, '3D view not enabled after pressing 三维');
    check(state.count > 0, `no building in the scene (status: ${state.status})`);
    check(Boolean(state.batch), 'no building batch reported by the page');
    const received = [...buildingPages.entries()].filter(([url]) => sameBbox(bboxOf(url), state.batch.bbox));
    const receivedFeatures = received.flatMap(([, features]) => features);
    check(
      state.count === receivedFeatures.length,
      `building instances ${state.count} != ${receivedFeatures.length} features received in ${received.length} page(s) for bbox ${state.batch.bbox.join(',')}`,
    );

    // Click the roof of a building that is on screen, not behind a taller one and not under a panel.
    const roofs = receivedFeatures.map(roof).filter((r) => r !== null);
    roofs.sort((a, b) => Math.hypot(a.lon - target.lon, a.lat - target.lat) - Math.hypot(b.lon - target.lon, b.lat - target.lat));
    const hit = await page.evaluate((candidates) => {
      const three = /** @type {any} */ (window).__yiwang.three;
      const canvas = three.scene.canvas;
      for (const c of candidates) {
        const xy = three.project(c.lon, c.lat, c.heightM);
        if (!xy) {
          continue;
        }
        const x = Math.round(xy.x);
        const y = Math.round(xy.y);
        if (document.elementFromPoint(x, y) !== canvas) {
          continue;
        }
        const picked = three.pick(x, y);
        if (picked && String(picked.id) === c.id) {
          return {...c, x, y, picked};
        }
      }
      return null;
    }, roofs.slice(0, 200));
    check(Boolean(hit), `no building roof of ${roofs.length} could be picked at its projected centre`);
    const building = /** @type {NonNullable<typeof hit>} */ (hit);
    await mkdir(OUT_DIR, {recursive: true});
    await page.mouse.click(building.x, building.y);
    const floorsText = building.picked.floors === null || building.picked.floors === undefined ? '—' : `${building.picked.floors} 层`;
    await page
      .waitForFunction(
        ({floors}) => {
          const panel = document.getElementById('info');
          const field = (/** @type {string} */ f) => panel?.querySelector(`[data-field="${f}"]`)?.textContent?.trim() ?? '';
          return Boolean(panel && !panel.hidden && field('floors') === floors && !field('micro').startsWith('加载中'));
        },
        {floors: floorsText},
        {timeout: 15000},
      )
      .catch(() => {
        throw new CheckFailed(`info panel did not show 层数 ${floorsText} of ${building.id} after clicking ${building.x},${building.y}`);
      });
    const panel = await page.evaluate(() => {
      const el = /** @type {HTMLElement} */ (document.getElementById('info'));
      const field = (/** @type {string} */ f) => el.querySelector(`[data-field="${f}"]`)?.textContent?.trim() ?? '';
      return {
        name: field('name'),
        use: field('use'),
        floors: field('floors'),
        height: field('height'),
        micro: field('micro'),
        labels: [...el.querySelectorAll('dt')].map((dt) => dt.textContent),
      };
    });
    const labels = ['名称', '小区', '用途', '层数', '高度', '户数', '所属微网格'];
    check(labels.every((l) => panel.labels.includes(l)), `info panel rows ${panel.labels.join('/')}, expected ${labels.join('/')}`);
    check(!panel.micro.startsWith('无法加载'), `micro grid lookup failed: ${panel.micro}`);

    // A marker on the 12th floor of the clicked building.
    const marker = await page.evaluate(
      ({lon, lat}) => /** @type {any} */ (window).__yiwang.three.placeAtFloor(lon, lat, 12)?.placement ?? null,
      {lon: building.lon, lat: building.lat},
    );
    check(Boolean(marker) && marker.heightM === 34.5, `placeAtFloor(…, 12) placed at ${marker && marker.heightM} m, expected 34.5`);
    // The marker's label is drawn a few frames later.
    await page.waitForTimeout(1200);
    await page.screenshot({path: SCREENSHOT});

    // Back to 2D.
    await button.click();
    await page.waitForFunction(() => !(/** @type {any} */ (window).__yiwang.three.enabled), undefined, {timeout: 15000});
    const back = await page.evaluate(() => ({
      text: document.querySelector('#view3d button')?.textContent?.trim(),
      visible: /** @type {any} */ (window).__yiwang.map.getLayerGroup().getVisible(),
    }));
    check(back.text === '三维' && back.visible, `after 二维: switch "${back.text}", 2D layers visible ${back.visible}`);

    check(pageErrors.length === 0, `uncaught page errors: ${pageErrors.join(' | ')}`);
    check(foreign.length === 0, `requests to other hosts than ${base.host}: ${foreign.slice(0, 5).join(', ')}`);
    if (failedResponses.length) {
      console.log(`note: ${failedResponses.length} responses with status >= 400: ${failedResponses.slice(0, 5).join(', ')}`);
    }
    console.log(
      `browser 3D test OK: ${state.count} buildings extruded = features received in ${received.length} page(s)` +
        `${state.batch.truncated ? ' (capped)' : ''}, ready ${(readyMs / 1000).toFixed(1)} s after 三维; ` +
        `clicked ${building.id} ${panel.name}: 用途 ${panel.use}, 层数 ${panel.floors}, 高度 ${panel.height}, 所属微网格 ${panel.micro}; ` +
        `12th-floor marker at ${marker.heightM} m; ${requests} requests, all to ${base.host}; screenshot ${SCREENSHOT}`,
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
    console.error(`browser 3D test FAILED: ${message}`);
    process.exit(1);
  },
);
