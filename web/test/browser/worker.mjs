#!/usr/bin/env node
/**
 * Browser test of the phone page for grid workers (/worker) against a running
 * Yiwang server with the demo users.
 *
 *   YIWANG_BASE_URL=http://localhost:8080/ npm run test:browser:worker
 *
 * Environment:
 * - YIWANG_BASE_URL   server to test (default http://localhost:8080/)
 * - CHROMIUM_PATH     Chromium executable (default /usr/bin/chromium)
 * - YIWANG_TIMEOUT_MS how long to wait for one step (default 30000)
 * - YIWANG_WORKER_LON, YIWANG_WORKER_LAT  a WGS84 point inside a micro grid of the demo
 *   worker's own level-3 grid (WorkerPageTest passes one from PostGIS); without them the
 *   script finds a point in the worker's community through /api/grids.
 *
 * In headless Chromium with a phone viewport and a granted, overridden
 * geolocation it logs in as `worker`, reports a case (category found by
 * keyword, a JPEG made by the page's canvas as the photo, the phone position)
 * while the answer to the first try is cut off, and checks through the API
 * that exactly one case exists (source patrol, the photo, the routed micro
 * grid) and that the retry carried the same Idempotency-Key; it handles that
 * case on the 我的任务 tab (开始处置, then 处置完毕 with a comment and a
 * photo) and verifies on site a case a department handled (prepared through
 * the API as dispatcher and dept), checking its status became `verified` with
 * the worker's position in the history. No request may leave the host.
 * Screenshots go to test/browser/out/. Exit code 0 on success, 1 on failure.
 */

import {mkdir} from 'node:fs/promises';
import {dirname, join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {chromium} from 'playwright-core';

const BASE_URL = process.env.YIWANG_BASE_URL || 'http://localhost:8080/';
const CHROMIUM_PATH = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const TIMEOUT_MS = Number(process.env.YIWANG_TIMEOUT_MS || 30000);
const PASSWORD = 'yiwang-demo';
const OUT_DIR = join(dirname(fileURLToPath(import.meta.url)), 'out');

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

const base = new URL(BASE_URL);

/**
 * @param {string} path Path and query.
 * @param {{token?: string, method?: string, body?: unknown}} [init] Options.
 * @return {Promise<{status: number, body: any, headers: Headers}>} Answer.
 */
async function call(path, init = {}) {
  /** @type {Record<string, string>} */
  const headers = {Accept: 'application/json'};
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
  let body = null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    body = text;
  }
  return {status: response.status, body, headers: response.headers};
}

/**
 * @param {string} username Demo user.
 * @return {Promise<string>} Token.
 */
async function login(username) {
  const r = await call('/login', {method: 'POST', body: {username, password: PASSWORD}});
  check(r.status === 200, `login of ${username} failed: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body.access_token;
}

/**
 * A workflow step through the API with the version it reads first.
 * @param {string} token Token.
 * @param {number} id Case id.
 * @param {string} action Action.
 * @param {Record<string, unknown>} [fields] Other fields.
 * @return {Promise<any>} The case after the step.
 */
async function act(token, id, action, fields = {}) {
  const c = await call(`/api/cases/${id}`, {token});
  const r = await call(`/api/cases/${id}/actions/${action}`, {method: 'POST', token, body: {version: c.body.version, ...fields}});
  check(r.status === 200, `${action} on case ${id}: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body;
}

/**
 * A WGS84 point inside a micro grid of the worker's community, found through the API.
 * @param {string} token Worker token.
 * @return {Promise<{lon: number, lat: number}>} Point.
 */
async function findPoint(token) {
  const me = (await call('/api/me', {token})).body;
  const l3 = await call(`/api/grids?level=l3&parent=${me.scope}&limit=5`, {token});
  for (const grid of l3.body.features || []) {
    const micro = await call(`/api/grids?level=micro&parent=${grid.properties.code}&limit=5`, {token});
    for (const f of micro.body.features || []) {
      const ring = f.geometry.type === 'Polygon' ? f.geometry.coordinates[0] : f.geometry.coordinates[0][0];
      const n = ring.length - 1;
      const lon = ring.slice(0, n).reduce((/** @type {number} */ s, /** @type {Array<number>} */ p) => s + p[0], 0) / n;
      const lat = ring.slice(0, n).reduce((/** @type {number} */ s, /** @type {Array<number>} */ p) => s + p[1], 0) / n;
      const at = await call(`/api/grids/at?lon=${lon}&lat=${lat}`, {token});
      if (at.body.assigned && at.body.chain[0].code === f.properties.code && !at.body.snappedMeters) {
        return {lon, lat};
      }
    }
  }
  throw new CheckFailed(`no point found inside a micro grid of ${me.scope}`);
}

async function main() {
  const stamp = new Date().toISOString().replace(/\D/g, '').slice(0, 14);
  const [worker, dispatcher, dept] = await Promise.all([login('worker'), login('dispatcher'), login('dept')]);
  const point =
    process.env.YIWANG_WORKER_LON && process.env.YIWANG_WORKER_LAT
      ? {lon: Number(process.env.YIWANG_WORKER_LON), lat: Number(process.env.YIWANG_WORKER_LAT)}
      : await findPoint(worker);
  const at = (await call(`/api/grids/at?lon=${point.lon}&lat=${point.lat}&crs=wgs84`, {token: worker})).body;
  check(at.assigned, `the test point ${point.lon},${point.lat} lies in no grid`);
  const micro = at.chain[0].code;

  // A case a department handled, waiting for the worker's on-site verification.
  const created = await call('/api/cases', {
    method: 'POST',
    token: dispatcher,
    body: {
      category: 'SZSS-01',
      title: `人行道地砖破损（核查测试 ${stamp}）`,
      description: '市民来电：人行道地砖松动，踩上去冒水',
      source: 'hotline_12345',
      location: {lon: point.lon + 0.00002, lat: point.lat, crs: 'wgs84', accuracy: 5},
    },
  });
  check(created.status === 201, `preparing the case to verify: ${created.status} ${JSON.stringify(created.body)}`);
  const toVerify = created.body;
  await act(dispatcher, toVerify.id, 'accept');
  await act(dispatcher, toVerify.id, 'register');
  await act(dispatcher, toVerify.id, 'dispatch', {handlerKind: 'department', departmentCode: 'urban_mgmt_squad'});
  await act(dept, toVerify.id, 'start');
  const handledByDept = await act(dept, toVerify.id, 'handle', {comment: '已更换破损地砖'});
  check(handledByDept.status === 'handled', `prepared case is ${handledByDept.status}, not handled`);

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
  let requests = 0;
  try {
    const context = await browser.newContext({
      viewport: {width: 390, height: 844},
      deviceScaleFactor: 2,
      isMobile: true,
      hasTouch: true,
      locale: 'zh-CN',
      timezoneId: 'Asia/Shanghai',
      geolocation: {longitude: point.lon, latitude: point.lat, accuracy: 8},
    });
    await context.grantPermissions(['geolocation'], {origin: base.origin});
    const page = await context.newPage();
    page.setDefaultTimeout(TIMEOUT_MS);
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
    page.on('pageerror', (error) => pageErrors.push(error.message));

    // The first answer to POST /api/cases is lost on the way back (the server made the case):
    // the page must retry with the same Idempotency-Key and get that case, not a second one.
    /** @type {Array<{key: string|undefined, status: number|string, replayed: string|undefined}>} */
    const posts = [];
    await page.route('**/api/cases', async (route) => {
      const request = route.request();
      if (request.method() !== 'POST') {
        await route.continue();
        return;
      }
      const key = request.headers()['idempotency-key'];
      if (posts.length === 0) {
        const response = await route.fetch();
        posts.push({key, status: `${response.status()} (answer cut off)`, replayed: response.headers()['idempotent-replayed']});
        await route.abort('connectionreset');
        return;
      }
      const response = await route.fetch();
      posts.push({key, status: response.status(), replayed: response.headers()['idempotent-replayed']});
      await route.fulfill({response});
    });

    await page.goto(new URL('worker', base).href, {waitUntil: 'domcontentloaded'});
    await page.locator('input[name=username]').fill('worker');
    await page.locator('input[name=password]').fill(PASSWORD);
    await page.locator('button[name=login]').click();
    await page.waitForFunction(() => Boolean(/** @type {any} */ (window).__yiwangWorker));
    await page.evaluate(() => /** @type {any} */ (window).__yiwangWorker.ready.then(() => true));

    const crs = await page.locator('#report select[name=crs]').inputValue();
    check(crs === 'wgs84', `a desktop Chromium user agent should preselect WGS84, got ${crs}`);

    // Category by keyword; the title follows the sub-category.
    await page.locator('input[name=categorySearch]').fill('小广告');
    await page.locator('.wk-cat[data-code="SRHJ-03"]').click();
    const title = await page.locator('input[name=title]').inputValue();
    check(title === '非法小广告', `title prefilled with "${title}", expected 非法小广告`);
    const description = `电线杆上贴满小广告（浏览器测试 ${stamp}）`;
    await page.locator('textarea[name=description]').fill(description);
    await page.locator('input[name=address]').fill('兴华街与淮河路口东北角');

    // The position comes from the (overridden) geolocation; the grid shows before sending.
    await page.waitForFunction((code) => document.querySelector('#report [data-role=grid]')?.getAttribute('data-micro') === code, micro);
    const gridText = await page.locator('#report [data-role=grid]').innerText();

    // A photo "from the camera": a JPEG the page's canvas makes.
    const photo = await jpeg(page, '#b0413e', `随手拍 ${stamp}`);
    await page.locator('#report input[name=camera]').setInputFiles({name: 'IMG_0001.jpg', mimeType: 'image/jpeg', buffer: photo});
    const tile = page.locator('#report .wk-photo--done[data-photo-id]');
    await tile.waitFor();
    const photoId = await tile.getAttribute('data-photo-id');
    check(Boolean(photoId && /^[0-9a-f]{64}$/.test(photoId)), `no photo id on the thumbnail: ${photoId}`);
    const draft = await page.evaluate(() => localStorage.getItem('yiwang.worker.draft.worker'));
    check(Boolean(draft && draft.includes(String(photoId))), 'the draft in localStorage does not keep the photo id');
    const draftKey = JSON.parse(String(draft)).key;

    await mkdir(OUT_DIR, {recursive: true});
    await fullPageScreenshot(page, 'worker-form.png');

    // A double tap on 提交上报.
    await page.evaluate(() => {
      const button = /** @type {HTMLButtonElement} */ (document.querySelector('#report button[name=submit]'));
      button.click();
      button.click();
    });
    await page.locator('[data-result=code]').waitFor({timeout: TIMEOUT_MS * 2});
    const code = (await page.locator('[data-result=code]').innerText()).trim();
    const shownGrids = (await page.locator('[data-result=grids]').innerText()).trim();
    await fullPageScreenshot(page, 'worker-report.png');

    check(posts.length === 2, `expected 2 POST /api/cases (one cut off, one retry), saw ${posts.length}: ${JSON.stringify(posts)}`);
    check(posts.every((p) => p.key === draftKey), `tries carried keys ${posts.map((p) => p.key)}, the draft's is ${draftKey}`);
    check(posts[1].replayed === 'true', `the retry was not answered as a replay: ${JSON.stringify(posts[1])}`);
    check((await page.evaluate(() => localStorage.getItem('yiwang.worker.draft.worker'))) === null, 'the draft was not cleared after success');

    const patrol = (await call('/api/cases?source=patrol&limit=500', {token: worker})).body.items;
    const mine = patrol.filter((/** @type {any} */ c) => c.description === description);
    check(mine.length === 1, `expected exactly 1 case with the test description, found ${mine.length}`);
    const reported = mine[0];
    check(reported.code === code, `the page shows ${code}, the API has ${reported.code}`);
    check(reported.source === 'patrol', `source ${reported.source}`);
    check(reported.photos.length === 1 && reported.photos[0] === photoId, `photos ${JSON.stringify(reported.photos)}, expected [${photoId}]`);
    check(reported.grids[0].code === micro, `routed to ${reported.grids[0].code}, expected micro grid ${micro}`);
    check(reported.location.inputCrs === 'wgs84', `input crs ${reported.location.inputCrs}`);
    check(reported.location.address === '兴华街与淮河路口东北角', `address ${reported.location.address}`);

    // 我的任务: handle the reported case (dispatched to the worker as 自处置 category) when it was.
    await page.locator('.wk-tab[data-tab=tasks]').click();
    await page.locator('#tasks button[name=refresh]:not([disabled])').waitFor();
    let handled = 'not dispatched to the worker';
    const ownCard = page.locator(`[data-group=handle] article[data-case="${reported.id}"]`);
    await page.locator('[data-group=verify]').waitFor();
    if (reported.actions.includes('start')) {
      await ownCard.locator('button[data-action=start]').click();
      await ownCard.locator('form[data-step=start] button[name=confirm]').click();
      await page.locator(`[data-group=handle] article[data-case="${reported.id}"] button[data-action=handle]`).click();
      const form = page.locator(`article[data-case="${reported.id}"] form[data-step=handle]`);
      await form.locator('textarea[name=comment]').fill('已清除小广告');
      const after = await jpeg(page, '#3e7bb0', `处置后 ${stamp}`);
      await form.locator('input[name=camera]').setInputFiles({name: 'IMG_0002.jpg', mimeType: 'image/jpeg', buffer: after});
      const afterTile = form.locator('.wk-photo--done[data-photo-id]');
      await afterTile.waitFor();
      const afterId = await afterTile.getAttribute('data-photo-id');
      await form.locator('button[name=confirm]').click();
      await page.waitForFunction((t) => (document.querySelector('[data-role=task-message]')?.textContent || '').includes(t), '已处置完毕');
      const events = (await call(`/api/cases/${reported.id}/events`, {token: worker})).body;
      const last = events[events.length - 1];
      check(last.type === 'handle' && last.actor === 'worker', `last event of ${code}: ${JSON.stringify(last)}`);
      check(last.comment === '已清除小广告' && last.attachments.includes(afterId), `handle step lacks comment or photo: ${JSON.stringify(last)}`);
      handled = `${code} started and handled with photo`;
    }

    // 核查通过 on site for the case the department handled, with the phone position.
    const card = page.locator(`[data-group=verify] article[data-case="${toVerify.id}"]`);
    await card.waitFor();
    await card.locator('button[name=details]').click();
    await card.locator('.wk-history__item').first().waitFor();
    await card.locator('button[data-action=verify]').click();
    const verifyForm = card.locator('form[data-step=verify]');
    await page.waitForFunction(
      (id) => (document.querySelector(`article[data-case="${id}"] [data-role=step-location]`)?.textContent || '').includes('经度'),
      toVerify.id,
    );
    await verifyForm.locator('textarea[name=comment]').fill('现场核查：地砖已更换，不再冒水');
    await fullPageScreenshot(page, 'worker-verify.png');
    await verifyForm.locator('button[name=confirm]').click();
    await page.waitForFunction((t) => (document.querySelector('[data-role=task-message]')?.textContent || '').includes(t), '已核查通过');
    const verified = (await call(`/api/cases/${toVerify.id}`, {token: worker})).body;
    check(verified.status === 'verified', `case ${toVerify.code} is ${verified.status} after 核查通过, expected verified`);
    const history = (await call(`/api/cases/${toVerify.id}/events`, {token: worker})).body;
    const step = history[history.length - 1];
    check(step.type === 'verify' && step.actor === 'worker', `last event: ${JSON.stringify(step)}`);
    check(
      typeof step.lon === 'number' && Math.abs(step.lon - point.lon) < 1e-5 && Math.abs(step.lat - point.lat) < 1e-5,
      `the verification was not recorded at the phone's position: ${step.lon},${step.lat} vs ${point.lon},${point.lat}`,
    );
    await fullPageScreenshot(page, 'worker-tasks.png');

    check(pageErrors.length === 0, `uncaught page errors: ${pageErrors.join(' | ')}`);
    check(foreign.length === 0, `requests to other hosts than ${base.host}: ${foreign.join(', ')}`);
    console.log(
      `worker page test OK: reported ${code} (patrol, photo ${String(photoId).slice(0, 12)}…, micro grid ${micro}; ` +
        `page showed "${gridText}" / "${shownGrids}"); 2 tries with one Idempotency-Key made 1 case; ${handled}; ` +
        `verified ${toVerify.code} on site; ${requests} requests, all to ${base.host}; screenshots in ${OUT_DIR}`,
    );
    return 0;
  } catch (error) {
    // What the worker would have seen, for the failure message.
    const page = browser.contexts()[0]?.pages()[0];
    if (page) {
      await mkdir(OUT_DIR, {recursive: true});
      await page.screenshot({path: join(OUT_DIR, 'worker-failure.png'), fullPage: true}).catch(() => {});
      const text = await page.evaluate(() => document.body.innerText).catch(() => '');
      console.error(`page text at failure:\n${text.slice(0, 3000)}`);
    }
    if (pageErrors.length) {
      console.error(`page errors: ${pageErrors.join(' | ')}`);
    }
    throw error;
  } finally {
    await browser.close();
  }
}

/**
 * A screenshot of the whole page. The sticky title bar and the fixed tabs are
 * taken out of the flow meanwhile, or they would be drawn in the middle of a
 * page taller than the viewport.
 * @param {import('playwright-core').Page} page Page.
 * @param {string} name File name in the output folder.
 * @return {Promise<void>} Done.
 */
async function fullPageScreenshot(page, name) {
  const style = await page.addStyleTag({content: '.wk-bar, .wk-tabs { position: static !important; }'});
  try {
    await page.screenshot({path: join(OUT_DIR, name), fullPage: true});
  } finally {
    await style.evaluate((node) => /** @type {Element} */ (node).remove());
  }
}

/**
 * A JPEG drawn by the page's canvas.
 * @param {import('playwright-core').Page} page Page.
 * @param {string} color Background.
 * @param {string} text Caption.
 * @return {Promise<Buffer>} JPEG bytes.
 */
async function jpeg(page, color, text) {
  const base64 = await page.evaluate(
    ([background, caption]) => {
      const canvas = document.createElement('canvas');
      canvas.width = 800;
      canvas.height = 600;
      const g = /** @type {CanvasRenderingContext2D} */ (canvas.getContext('2d'));
      g.fillStyle = background;
      g.fillRect(0, 0, 800, 600);
      g.fillStyle = '#fff';
      g.fillRect(100, 150, 600, 300);
      g.fillStyle = '#222';
      g.font = '40px sans-serif';
      g.fillText(caption, 130, 310);
      return canvas.toDataURL('image/jpeg', 0.85).split(',')[1];
    },
    [color, text],
  );
  return Buffer.from(base64, 'base64');
}

main().then(
  (code) => process.exit(code),
  (error) => {
    const message = error instanceof CheckFailed ? error.message : error && error.stack ? error.stack : String(error);
    console.error(`worker page test FAILED: ${message}`);
    process.exit(1);
  },
);
