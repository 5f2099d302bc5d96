#!/usr/bin/env node
/**
 * Browser test of the 3D case markers against a running Yiwang server (WebGL in software).
 *
 *   YIWANG_BASE_URL=http://localhost:8080/ node test/browser/cases3d.mjs
 *
 * Environment: YIWANG_BASE_URL, CHROMIUM_PATH, YIWANG_TIMEOUT_MS as for run3d.mjs.
 *
 * It logs in as `ops`, picks a demo building of 12 floors or more and reports two cases through
 * the API: 高空抛物 on its 12th floor, and one without a floor at the same building. The page (with
 * the token in its session) is centred on the building and switched to 三维. The test then reads
 * the case marker points back from the Cesium scene: as many as the cases the page received from
 * `GET /api/cases` (open statuses, `limit` ≤ 500, a bbox no wider than the zoom rule allows), the
 * 12th-floor case at (12 − 0.5) × the building's storey height, the other on the ground, one floor
 * label per case with a floor. A building picked on screen, given a case on one of its floors,
 * lists it under 未结案件 when clicked.
 * Moving the camera asks again for the new view; going up to 30 km clears the markers without a
 * request. No request leaves the page's host. Screenshot: test/browser/out/cases3d.png.
 */

import {mkdir} from 'node:fs/promises';
import {dirname, join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {chromium} from 'playwright-core';

const BASE_URL = process.env.YIWANG_BASE_URL || 'http://localhost:8080/';
const CHROMIUM_PATH = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const TIMEOUT_MS = Number(process.env.YIWANG_TIMEOUT_MS || 120000);
const OUT_DIR = join(dirname(fileURLToPath(import.meta.url)), 'out');
const SCREENSHOT = join(OUT_DIR, 'cases3d.png');
const TOKEN_KEY = 'yiwang.accessToken';
const ZOOM = 16.5;
/** The zoom rule of src/caseMarkers.js (MAX_CASE_VIEW_DEGREES). */
const MAX_VIEW_DEGREES = 0.05;

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
 * @param {URL} base Server.
 * @param {string} path Path.
 * @param {RequestInit} [init] Options.
 * @return {Promise<any>} JSON body of a 2xx answer.
 */
async function call(base, path, init = {}) {
  const response = await fetch(new URL(path, base), init);
  const text = await response.text();
  check(response.ok, `${init.method || 'GET'} ${path} answered HTTP ${response.status}: ${text.slice(0, 300)}`);
  return text ? JSON.parse(text) : null;
}

/**
 * @param {any} feature GeoJSON building (a rotated rectangle).
 * @param {number} t 0 = centre, towards the first corner as t grows.
 * @return {{lon: number, lat: number}} A point inside the footprint.
 */
function inside(feature, t) {
  const ring = feature.geometry.coordinates[0].slice(0, -1);
  const lon = ring.reduce((/** @type {number} */ s, /** @type {Array<number>} */ p) => s + p[0], 0) / ring.length;
  const lat = ring.reduce((/** @type {number} */ s, /** @type {Array<number>} */ p) => s + p[1], 0) / ring.length;
  return {lon: lon + (ring[0][0] - lon) * t, lat: lat + (ring[0][1] - lat) * t};
}

async function main() {
  const base = new URL(BASE_URL);
  const login = await call(base, '/login', {
    method: 'POST',
    headers: {'Content-Type': 'application/json'},
    body: JSON.stringify({username: 'ops', password: 'yiwang-demo'}),
  });
  const token = login.access_token;
  const auth = {Authorization: `Bearer ${token}`};

  // A tower of the old town (the demo has 6–33-floor towers there).
  const page1 = await call(base, '/ogc/collections/buildings/items?bbox=113.60,34.70,113.68,34.76&limit=2000', {
    headers: {Accept: 'application/geo+json'},
  });
  const tower = page1.features.find(
    (/** @type {any} */ f) => f.geometry?.type === 'Polygon' && f.properties.floors >= 12 && f.properties.heightM > 0,
  );
  check(Boolean(tower), 'no demo building of 12 floors or more in the old town');
  const storeyM = tower.properties.heightM / tower.properties.floors;
  const centre = inside(tower, 0);
  const off = inside(tower, 0.5);

  /**
   * @param {{lon: number, lat: number}} at Where.
   * @param {number|null} floor Floor.
   * @return {Promise<any>} The case.
   */
  const report = (at, floor) =>
    call(base, '/api/cases', {
      method: 'POST',
      headers: {...auth, 'Content-Type': 'application/json'},
      body: JSON.stringify({
        category: 'GGAQ-03',
        title: floor ? `${floor}楼高空抛物` : '楼下发现坠物',
        description: '浏览器测试上报',
        source: 'hotline_12345',
        location: {lon: at.lon, lat: at.lat, crs: 'wgs84', accuracy: 3, ...(floor ? {floor} : {})},
      }),
    });
  const high = await report(off, 12);
  const ground = await report(centre, null);

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
  /** Case pages received, by URL. @type {Array<{url: URL, items: Array<any>}>} */
  const casePages = [];
  /** @type {Array<Promise<void>>} */
  const reading = [];
  try {
    const context = await browser.newContext({viewport: {width: 1280, height: 800}, deviceScaleFactor: 1, locale: 'zh-CN'});
    await context.addInitScript(
      ({key, value}) => sessionStorage.setItem(key, value),
      {key: TOKEN_KEY, value: token},
    );
    const page = await context.newPage();
    page.on('request', (request) => {
      const url = new URL(request.url());
      if (url.protocol !== 'data:' && url.protocol !== 'blob:' && (url.host !== base.host || url.protocol !== base.protocol)) {
        foreign.push(request.url());
      }
    });
    page.on('response', (response) => {
      const url = new URL(response.url());
      if (url.pathname === '/api/cases' && response.request().method() === 'GET' && response.ok()) {
        reading.push(
          response.json().then(
            (body) => {
              casePages.push({url, items: body.items});
            },
            () => {},
          ),
        );
      }
    });
    page.on('pageerror', (error) => pageErrors.push(error.message));

    await page.goto(base.href, {waitUntil: 'domcontentloaded', timeout: TIMEOUT_MS});
    await page.waitForFunction(() => Boolean(/** @type {any} */ (window).__yiwang), undefined, {timeout: TIMEOUT_MS});
    await page.evaluate(() => /** @type {any} */ (window).__yiwang.ready.then(() => true));
    await page.evaluate(
      ({lon, lat, zoom}) => {
        const R = 6378137;
        const view = /** @type {any} */ (window).__yiwang.map.getView();
        view.setCenter([(R * lon * Math.PI) / 180, R * Math.log(Math.tan(Math.PI / 4 + (lat * Math.PI) / 360))]);
        view.setZoom(zoom);
      },
      {lon: centre.lon, lat: centre.lat, zoom: ZOOM},
    );
    await page.locator('#view3d button').click();
    await page.evaluate(() => /** @type {any} */ (window).__yiwang.three.ready.then(() => true));
    const codes = [high.code, ground.code];
    await page
      .waitForFunction(
        (wanted) => {
          const three = /** @type {any} */ (window).__yiwang.three;
          const have = three.caseMarkers().map((/** @type {any} */ m) => m.code);
          return wanted.every((/** @type {string} */ c) => have.includes(c));
        },
        codes,
        {timeout: TIMEOUT_MS},
      )
      .catch(() => {
        throw new CheckFailed(`the markers of ${codes.join(', ')} did not appear in the scene`);
      });
    // Let a load started by the camera settling finish, then read a stable state.
    await page.waitForTimeout(1500);
    await page.waitForFunction(() => !/加载/.test(document.querySelector('.view3d__cases-status')?.textContent ?? ''), undefined, {
      timeout: TIMEOUT_MS,
    });
    await Promise.all(reading);
    const state = await page.evaluate(() => {
      const three = /** @type {any} */ (window).__yiwang.three;
      return {markers: three.caseMarkers(), labels: three.caseLabelCount(), batch: three.caseBatch(), status: document.querySelector('.view3d__cases-status')?.textContent};
    });
    check(Boolean(state.batch), 'no case batch reported by the page');
    const last = casePages.filter((p) => p.url.searchParams.get('bbox') === state.batch.bbox.map((/** @type {number} */ v) => String(Math.round(v * 1e7) / 1e7)).join(','));
    check(last.length > 0, `no /api/cases response for the bbox on screen ${state.batch.bbox.join(',')}`);
    const received = last[last.length - 1].items;
    check(
      state.markers.length === received.length,
      `case markers in the scene ${state.markers.length} != ${received.length} cases received for the view`,
    );
    for (const {url} of casePages) {
      const limit = Number(url.searchParams.get('limit'));
      const [w, s, e, n] = (url.searchParams.get('bbox') ?? '').split(',').map(Number);
      check(limit > 0 && limit <= 500, `case request without a bounded limit: ${url.search}`);
      check(e - w <= MAX_VIEW_DEGREES && n - s <= MAX_VIEW_DEGREES, `case request for too wide a view: ${url.search}`);
      check(!/closed|evaluated|rejected|merged/.test(url.searchParams.get('status') ?? ''), `closed statuses asked for: ${url.search}`);
    }
    const highMarker = state.markers.find((/** @type {any} */ m) => m.code === high.code);
    const groundMarker = state.markers.find((/** @type {any} */ m) => m.code === ground.code);
    const expected = 11.5 * storeyM;
    check(Math.abs(highMarker.heightM - expected) < 0.01, `12th-floor case at ${highMarker.heightM} m, expected ${expected.toFixed(2)} m`);
    check(highMarker.floor === 12, `12th-floor case marker floor ${highMarker.floor}`);
    check(Math.abs(groundMarker.heightM) < 0.01, `case without a floor at ${groundMarker.heightM} m, expected 0`);
    const withFloor = received.filter((/** @type {any} */ c) => typeof c.location?.floor === 'number' && c.location.floor >= 1).length;
    check(state.labels === withFloor, `floor labels ${state.labels} != ${withFloor} cases with a floor`);

    // Pick a building on screen (its roof, away from every case marker: markers are drawn over the
    // buildings), report a case on one of its floors, click it: the panel lists the case.
    const batchBbox = await page.evaluate(() => /** @type {any} */ (window).__yiwang.three.lastBatch().bbox);
    const inView = await call(base, `/ogc/collections/buildings/items?bbox=${batchBbox.join(',')}&limit=5000`, {
      headers: {Accept: 'application/geo+json'},
    });
    const candidates = inView.features
      .filter((/** @type {any} */ f) => f.geometry?.type === 'Polygon')
      .map((/** @type {any} */ f) => ({id: String(f.id), ...inside(f, 0), heightM: f.properties.heightM > 0 ? f.properties.heightM : (f.properties.floors || 1) * 3, floors: f.properties.floors}))
      .sort(
        (/** @type {any} */ p, /** @type {any} */ q) =>
          Math.hypot(p.lon - centre.lon, p.lat - centre.lat) - Math.hypot(q.lon - centre.lon, q.lat - centre.lat),
      )
      .slice(0, 300);
    const hit = await page.evaluate((list) => {
      const three = /** @type {any} */ (window).__yiwang.three;
      const markers = three
        .caseMarkers()
        .map((/** @type {any} */ m) => three.project(m.lon, m.lat, m.heightM))
        .filter((/** @type {any} */ xy) => xy !== null);
      for (const c of list) {
        const xy = three.project(c.lon, c.lat, c.heightM);
        if (!xy) {
          continue;
        }
        const x = Math.round(xy.x);
        const y = Math.round(xy.y);
        if (document.elementFromPoint(x, y) !== three.scene.canvas || markers.some((/** @type {any} */ m) => Math.hypot(m.x - x, m.y - y) < 14)) {
          continue;
        }
        const picked = three.pick(x, y);
        if (picked && String(picked.id) === c.id) {
          return {...c, x, y};
        }
      }
      return null;
    }, candidates);
    check(Boolean(hit), `none of ${candidates.length} buildings near the view centre could be picked on its roof`);
    const target = /** @type {any} */ (hit);
    const pickedFloor = Math.max(1, Math.min(Number(target.floors) || 1, 5));
    const inBuilding = await report({lon: target.lon, lat: target.lat}, pickedFloor);
    await page.mouse.click(target.x, target.y);
    await page
      .waitForFunction(
        (code) => {
          const cell = document.querySelector('#info [data-field="cases"]');
          return Boolean(cell && cell.querySelector(`[data-case="${code}"]`));
        },
        inBuilding.code,
        {timeout: 15000},
      )
      .catch(async () => {
        const text = await page.evaluate(() => document.getElementById('info')?.textContent);
        throw new CheckFailed(`the info panel of ${target.id} did not list ${inBuilding.code} under 未结案件: ${text}`);
      });
    const line = await page.evaluate((code) => document.querySelector(`#info [data-case="${code}"]`)?.textContent ?? '', inBuilding.code);
    check(line.includes('高空抛物') && line.includes(`${pickedFloor}层`), `case line "${line}" lacks category or floor`);
    await mkdir(OUT_DIR, {recursive: true});
    await page.screenshot({path: SCREENSHOT});

    // Moving the camera asks for the new view.
    const before = casePages.length;
    await page.evaluate(
      ({lon, lat}) => {
        const Cesium = /** @type {any} */ (window).Cesium;
        const camera = /** @type {any} */ (window).__yiwang.three.scene.camera;
        camera.setView({destination: Cesium.Cartesian3.fromDegrees(lon + 0.004, lat - 0.006, 900), orientation: {heading: 0, pitch: -0.9, roll: 0}});
      },
      centre,
    );
    const deadline = Date.now() + 30000;
    while (casePages.length <= before && Date.now() < deadline) {
      await page.waitForTimeout(200);
      await Promise.all(reading);
    }
    check(casePages.length > before, 'moving the camera did not ask for the cases of the new view');

    // 30 km up: no markers, and no request for a whole city of cases.
    await page.waitForTimeout(1200);
    await Promise.all(reading);
    const requestsBefore = casePages.length;
    await page.evaluate(
      ({lon, lat}) => {
        const Cesium = /** @type {any} */ (window).Cesium;
        /** @type {any} */ (window).__yiwang.three.scene.camera.setView({destination: Cesium.Cartesian3.fromDegrees(lon, lat, 30000)});
      },
      centre,
    );
    await page
      .waitForFunction(() => /** @type {any} */ (window).__yiwang.three.caseMarkers().length === 0, undefined, {timeout: 30000})
      .catch(() => {
        throw new CheckFailed('the case markers stayed after zooming out to 30 km');
      });
    await page.waitForTimeout(1000);
    await Promise.all(reading);
    check(casePages.length === requestsBefore, `zoomed out, the page still asked for cases: ${casePages.slice(requestsBefore).map((p) => p.url.search).join(' ')}`);
    const farStatus = await page.evaluate(() => document.querySelector('.view3d__cases-status')?.textContent ?? '');
    check(farStatus.includes('放大'), `cases status when zoomed out: "${farStatus}"`);

    check(pageErrors.length === 0, `uncaught page errors: ${pageErrors.join(' | ')}`);
    check(foreign.length === 0, `requests to other hosts than ${base.host}: ${foreign.slice(0, 5).join(', ')}`);
    console.log(
      `browser 3D cases test OK: ${state.markers.length} case markers = cases received for the view; ` +
        `${high.code} (12th floor, ${storeyM.toFixed(2)} m storeys of ${tower.id}) at ${highMarker.heightM.toFixed(2)} m, ` +
        `${ground.code} at ${groundMarker.heightM.toFixed(2)} m; ${state.labels} floor labels; building ${target.id} picked, its panel lists "${line}"; ` +
        `camera move re-asked, 30 km up cleared; screenshot ${SCREENSHOT}`,
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
    console.error(`browser 3D cases test FAILED: ${message}`);
    process.exit(1);
  },
);
