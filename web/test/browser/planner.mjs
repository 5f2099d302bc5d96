#!/usr/bin/env node
/**
 * Browser test of the planner's page (/planner) against a running Yiwang
 * server.
 *
 *   YIWANG_PLANNER=plan419903 YIWANG_PARENT=419903001001001 node test/browser/planner.mjs
 *
 * Environment: YIWANG_BASE_URL, CHROMIUM_PATH, YIWANG_TIMEOUT_MS (see
 * support.mjs); YIWANG_PLANNER, a planner whose scope holds YIWANG_PARENT, a
 * level-3 grid with exactly two micro grids, `…001` west and `…002` east,
 * sharing a north–south edge with a middle vertex (PlannerPageTest creates
 * them).
 *
 * In headless Chromium it logs in through the page, opens a draft on the
 * parent by code, and while it is open another draft commits a change of the
 * shared edge through the API. The page's edit (the middle vertex of the
 * shared edge dragged east with the mouse), save (no problems listed) and
 * impact preview (both grids changed) work, and its commit shows the 409
 * conflict. Reopened, the same drag, save, preview and commit with a reason
 * succeed; through the API both neighbours now have that vertex east of where
 * it was and three versions each; the history list of a grid shows the three
 * versions and a click draws a past one on the map. Finally the level, exported
 * as GeoJSON through the API, is uploaded through 导入 and becomes a new draft
 * without problems, the report naming the CRS.
 */

import {base, call, check, failureEvidence, launch, login, run, watch, PASSWORD} from './support.mjs';

const planner = process.env.YIWANG_PLANNER || 'plan419903';
const parent = process.env.YIWANG_PARENT || '419903001001001';
const west = `${parent}001`;
const east = `${parent}002`;

/**
 * GETs a GeoJSON answer (the grid endpoints answer application/geo+json only).
 * @param {string} path Path.
 * @param {string} token Token.
 * @return {Promise<{status: number, body: any}>} Answer.
 */
async function getGeo(path, token) {
  const response = await fetch(new URL(path, base), {headers: {Accept: 'application/geo+json', Authorization: `Bearer ${token}`}});
  const text = await response.text();
  return {status: response.status, body: text ? JSON.parse(text) : null};
}

/**
 * @param {any} feature A GeoJSON polygon feature.
 * @param {number} lat Latitude of the shared edge's middle vertex.
 * @return {Array<number>|undefined} The vertex of the feature's outer ring at that latitude, off the outer boundary.
 */
function middleVertex(feature, lat) {
  const geometry = feature.geometry;
  const ring = geometry.type === 'MultiPolygon' ? geometry.coordinates[0][0] : geometry.coordinates[0];
  return ring.find((/** @type {Array<number>} */ c) => Math.abs(c[1] - lat) < 1e-7);
}

/**
 * @param {import('playwright-core').Page} page Page.
 * @return {Promise<any>} The draft the page shows.
 */
function pageDraft(page) {
  return page.evaluate(() => /** @type {any} */ (window).__yiwangPlanner.state.draft);
}

/**
 * Drags the middle vertex of the shared edge 40 px east with the mouse and saves.
 * @param {import('playwright-core').Page} page Page.
 * @param {number} lat Latitude of the vertex.
 * @return {Promise<any>} The saved draft.
 */
async function dragSharedVertexAndSave(page, lat) {
  const draft = await pageDraft(page);
  const westFeature = draft.children.features.find((/** @type {any} */ f) => f.properties.code === west);
  const vertex = middleVertex(westFeature, lat);
  check(vertex !== undefined, `no middle vertex at ${lat} in ${JSON.stringify(westFeature.geometry)}`);
  const [x, y] = await page.evaluate((v) => /** @type {any} */ (window).__yiwangPlanner.pixelOf(v), vertex);
  const box = /** @type {{x: number, y: number}} */ (await page.locator('#map').boundingBox());
  await page.mouse.move(box.x + x, box.y + y);
  await page.mouse.down();
  for (let step = 1; step <= 8; step++) {
    await page.mouse.move(box.x + x + step * 5, box.y + y);
  }
  await page.mouse.up();
  await page.waitForSelector('#dirty:has-text("有未保存的修改")');
  const revision = draft.revision;
  await page.locator('button[name=save]').click();
  await page.waitForFunction((r) => Number(document.body.dataset.revision) > r, revision);
  await page.waitForSelector('#problems li[data-empty=true]');
  const saved = await pageDraft(page);
  const moved = middleVertex(saved.children.features.find((/** @type {any} */ f) => f.properties.code === east), lat);
  const movedWest = middleVertex(saved.children.features.find((/** @type {any} */ f) => f.properties.code === west), lat);
  check(moved !== undefined && movedWest !== undefined && moved[0] > vertex[0] + 1e-5 && Math.abs(moved[0] - movedWest[0]) < 1e-9,
    `the dragged vertex did not move in both neighbours: was ${vertex}, west ${movedWest}, east ${moved}`);
  return saved;
}

/**
 * @param {import('playwright-core').Page} page Page.
 */
async function previewShowsBothChanged(page) {
  await page.locator('button[name=impact]').click();
  await page.waitForSelector(`#impact tr[data-code="${west}"]`);
  for (const code of [west, east]) {
    const changed = await page.locator(`#impact tr[data-code="${code}"]`).getAttribute('data-changed');
    check(changed === 'true', `the impact preview does not show ${code} as changed`);
  }
}

async function main() {
  const token = await login(planner);
  const before = await getGeo(`/api/grids/${west}`, token);
  check(before.status === 200, `the fixture grid ${west} is missing: ${before.status}`);
  const original = middleVertex(before.body, 25.001);
  check(original !== undefined, `the fixture grid ${west} has no middle vertex on the shared edge`);
  const lat = original[1];
  const browser = await launch();
  /** @type {import('playwright-core').Page|undefined} */
  let page;
  const sink = {foreign: /** @type {Array<string>} */ ([]), errors: /** @type {Array<string>} */ ([])};
  try {
    const context = await browser.newContext({viewport: {width: 1400, height: 950}, locale: 'zh-CN', timezoneId: 'Asia/Shanghai'});
    page = await context.newPage();
    watch(page, sink);
    await page.goto(new URL('planner', base).href, {waitUntil: 'domcontentloaded'});
    await page.locator('.wk-login input[name=username]').fill(planner);
    await page.locator('.wk-login input[name=password]').fill(PASSWORD);
    await page.locator('.wk-login button[name=login]').click();
    await page.evaluate(() => /** @type {any} */ (window).__yiwangPlanner.ready);

    // 1. Open a draft by code; meanwhile another draft commits a change of the same grids.
    await page.locator('#parent-code').fill(parent);
    await page.locator('button[name=open]').click();
    await page.waitForSelector('#problems li');
    const opened = await pageDraft(page);
    check(opened.children.features.length === 2, `the draft shows ${opened.children.features.length} children, expected 2`);

    const other = await call('/api/planner/drafts', {method: 'POST', token, body: {parent}});
    check(other.status === 201, `opening a second draft: ${other.status} ${JSON.stringify(other.body)}`);
    const shifted = JSON.parse(JSON.stringify(other.body.children));
    for (const f of shifted.features) {
      const ring = f.geometry.type === 'MultiPolygon' ? f.geometry.coordinates[0][0] : f.geometry.coordinates[0];
      for (const c of ring) {
        if (Math.abs(c[1] - lat) < 1e-7) {
          c[0] -= 0.0002;
        }
      }
    }
    const put = await call(`/api/planner/drafts/${other.body.id}`, {method: 'PUT', token, body: shifted});
    check(put.status === 200 && put.body.problems.length === 0, `saving the second draft: ${put.status} ${JSON.stringify(put.body.problems)}`);
    const first = await call(`/api/planner/drafts/${other.body.id}/commit`, {method: 'POST', token, body: {reason: '浏览器测试：先提交的调整'}});
    check(first.status === 200, `committing the second draft: ${first.status} ${JSON.stringify(first.body)}`);

    // 2. The page's edit, save and preview work; its commit meets the conflict.
    await dragSharedVertexAndSave(page, lat);
    await previewShowsBothChanged(page);
    await page.locator('#commit-form input[name=reason]').fill('浏览器测试：调整共用边');
    await page.locator('button[name=commit]').click();
    await page.waitForSelector('#commit-result .pl-conflict[data-conflict=true]');
    const conflictText = await page.locator('#commit-result').innerText();
    check(conflictText.includes('冲突') && conflictText.includes(west), `the conflict is not shown clearly: ${conflictText}`);

    // 3. Reopened on the new versions: drag, save, preview, commit.
    await page.locator('button[name=open]').click();
    await page.waitForFunction((id) => /** @type {any} */ (window).__yiwangPlanner.state.draft?.id !== id, opened.id);
    const reopened = await pageDraft(page);
    const start = middleVertex(reopened.children.features.find((/** @type {any} */ f) => f.properties.code === west), lat);
    check(start !== undefined && Math.abs(start[0] - (original[0] - 0.0002)) < 1e-7,
      `the reopened draft does not start from the committed change: ${start}`);
    const saved = await dragSharedVertexAndSave(page, lat);
    await previewShowsBothChanged(page);
    await page.locator('#commit-form input[name=reason]').fill('浏览器测试：调整共用边');
    await page.locator('button[name=commit]').click();
    await page.waitForSelector('#commit-result [data-committed=true]');

    // 4. Through the API: both neighbours follow the dragged vertex, and each has a third version.
    const expected = middleVertex(saved.children.features.find((/** @type {any} */ f) => f.properties.code === west), lat);
    check(expected !== undefined, 'the saved draft lost the middle vertex');
    for (const code of [west, east]) {
      const now = await getGeo(`/api/grids/${code}`, token);
      const v = middleVertex(now.body, lat);
      check(v !== undefined && Math.abs(v[0] - expected[0]) < 1e-6 && v[0] > start[0] + 1e-5,
        `${code} did not follow the shared edge: ${v} (expected ${expected})`);
      const history = await getGeo(`/api/grids/${code}/history`, token);
      check(history.status === 200 && history.body.features.length === 3,
        `${code} has ${history.body.features?.length} versions, expected 3`);
      check(history.body.features[2].properties.reason === '浏览器测试：调整共用边', `the last version of ${code} lacks the reason`);
    }

    // 5. The history list of the selected grid shows the versions; a click draws a past one.
    const pixel = await page.evaluate((p) => /** @type {any} */ (window).__yiwangPlanner.pixelOf(p), [expected[0] - 0.001, lat + 0.0005]);
    const box = /** @type {{x: number, y: number}} */ (await page.locator('#map').boundingBox());
    await page.mouse.click(box.x + pixel[0], box.y + pixel[1]);
    await page.waitForSelector('#history button[data-version="3"]');
    check((await page.locator('#history button[data-version]').count()) === 3, 'the history list does not show three versions');
    await page.locator('#history button[data-version="1"]').click();
    const past = await page.evaluate(() => /** @type {any} */ (window).__yiwangPlanner.map.past.getFeatures().length);
    check(past === 1, 'the past version is not drawn on the map');

    // 6. 导入: the level exported as GeoJSON through the API, uploaded through the page, becomes a draft.
    const exported = await fetch(new URL(`/api/planner/export?parent=${parent}&format=geojson`, base), {headers: {Authorization: `Bearer ${token}`}});
    check(exported.status === 200, `export: ${exported.status}`);
    const exportedBody = Buffer.from(await exported.arrayBuffer());
    const importForm = page.locator('#import-form');
    await importForm.locator('input[name=file]').setInputFiles({name: 'grids.geojson', mimeType: 'application/geo+json', buffer: exportedBody});
    await importForm.locator('input[name=parent]').fill(parent);
    const imported = await pageDraft(page);
    await importForm.locator('button[name=import]').click();
    await page.waitForSelector('#import-report [data-imported="2"]');
    await page.waitForFunction((id) => /** @type {any} */ (window).__yiwangPlanner.state.draft?.id !== id, imported.id);
    await page.waitForSelector('#problems li[data-empty=true]');
    const report = await page.locator('#import-report').innerText();
    check(report.includes('EPSG:4326'), `the import report does not name the CRS: ${report}`);

    check(sink.errors.length === 0, `page errors: ${sink.errors.join('; ')}`);
    check(sink.foreign.length === 0, `requests to other hosts: ${sink.foreign.join(', ')}`);
    console.log('planner page: conflict shown, shared edge dragged, saved without problems, previewed, committed, history shown, GeoJSON imported');
    return 0;
  } catch (error) {
    await failureEvidence(page, 'planner-failure.png');
    throw error;
  } finally {
    await browser.close();
  }
}

run('planner page', main);
