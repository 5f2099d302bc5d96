#!/usr/bin/env node
/**
 * Browser test of the analyst's page (/analyst) against a running Yiwang
 * server.
 *
 *   YIWANG_ANALYST=an_street YIWANG_RING='[[113.6,34.7],…]' YIWANG_EXPECTED=60 \
 *     YIWANG_FOREIGN_PREFIX=AP-B- YIWANG_YEAR=2018 node test/browser/analyst.mjs
 *
 * Environment: YIWANG_BASE_URL, CHROMIUM_PATH, YIWANG_TIMEOUT_MS (see
 * support.mjs) and, from AnalystPageTest: YIWANG_ANALYST, an analyst whose
 * scope is one street; YIWANG_RING, a lon/lat polygon ring over that street
 * and the next one; YIWANG_EXPECTED, how many cases of the street lie in it in
 * YIWANG_YEAR; YIWANG_FOREIGN_PREFIX, the code prefix of the cases of the
 * other street, which must never show.
 *
 * In headless Chromium: a shared URL with the polygon opens after the login
 * and shows the count the API gives this analyst (the street's cases only);
 * the hex-bin view draws the hexagons /hotspots returns; the address, opened
 * in a new page, gives the same result; the CSV export holds the listed cases
 * and no other street's; a polygon drawn with clicks gives the API's count for
 * it; a self-intersecting polygon is refused with the reason in Chinese next
 * to the area control and a marker where it crosses. No request leaves the host.
 */

import {mkdir, readFile} from 'node:fs/promises';
import {join} from 'node:path';
import {OUT_DIR, base, call, check, failureEvidence, launch, login, run, watch, PASSWORD} from './support.mjs';
import {emptyState, encodeState, selectionBody} from '../../src/analyst/queryState.js';

const ANALYST = process.env.YIWANG_ANALYST || 'analyst';
const YEAR = process.env.YIWANG_YEAR || '2018';
const FOREIGN = process.env.YIWANG_FOREIGN_PREFIX || 'AP-B-';
const EXPECTED = Number(process.env.YIWANG_EXPECTED || NaN);

/**
 * @param {import('playwright-core').Page} page Page.
 * @return {Promise<any>} The figures of the last query, once drawn.
 */
function idle(page) {
  return page.evaluate(() => /** @type {any} */ (window).__yiwangAnalyst.idle());
}

/**
 * Opens a page at a URL and logs in through its login screen.
 * @param {import('playwright-core').BrowserContext} context Context.
 * @param {string} url URL.
 * @param {{foreign: Array<string>, errors: Array<string>}} sink Findings.
 * @return {Promise<import('playwright-core').Page>} The page, its query drawn.
 */
async function open(context, url, sink) {
  const page = await context.newPage();
  watch(page, sink);
  await page.goto(url, {waitUntil: 'domcontentloaded'});
  await page.locator('.wk-login input[name=username]').fill(ANALYST);
  await page.locator('.wk-login input[name=password]').fill(PASSWORD);
  await page.locator('.wk-login button[name=login]').click();
  await page.evaluate(() => /** @type {any} */ (window).__yiwangAnalyst.ready.then(() => true));
  return page;
}

async function main() {
  const ring = JSON.parse(process.env.YIWANG_RING || '[]');
  check(ring.length >= 4, 'YIWANG_RING must be a closed lon/lat ring');
  check(Number.isFinite(EXPECTED) && EXPECTED > 0, 'YIWANG_EXPECTED must be the expected count');
  const token = await login(ANALYST);
  const sink = {foreign: /** @type {Array<string>} */ ([]), errors: /** @type {Array<string>} */ ([])};
  const browser = await launch();
  /** @type {import('playwright-core').Page|undefined} */
  let page;
  try {
    const context = await browser.newContext({viewport: {width: 1500, height: 950}, locale: 'zh-CN', timezoneId: 'Asia/Shanghai', acceptDownloads: true});
    const state = {...emptyState(), area: /** @type {const} */ ({type: 'polygon', ring}), from: `${YEAR}-01-01`, to: `${YEAR}-12-31`};

    // 1. The shared URL of a polygon: the count is the API's for this analyst, the street's cases only.
    page = await open(context, new URL(`analyst${encodeState(state)}`, base).href, sink);
    const first = await idle(page);
    const api = await call('/api/analytics/cases/query', {method: 'POST', token, body: {...selectionBody(state), limit: 1000}});
    check(api.status === 200, `the API query failed: ${api.status} ${JSON.stringify(api.body)}`);
    check(api.body.total.count === EXPECTED, `the API counts ${api.body.total.count} cases for ${ANALYST}, expected ${EXPECTED}`);
    check(first.total === EXPECTED, `the page shows ${first.total} cases, the API ${EXPECTED}`);
    const shown = await page.locator('#total').getAttribute('data-count');
    check(shown === String(EXPECTED), `#total says ${shown}`);
    const listed = await page.locator('#case-list tr').evaluateAll((rows) => rows.map((r) => r.querySelector('td')?.textContent || ''));
    check(listed.length === Math.min(20, EXPECTED), `the list shows ${listed.length} rows`);
    const apiCodes = new Set(api.body.cases.features.map((/** @type {any} */ f) => f.properties.code));
    check(listed.every((code) => apiCodes.has(code)), `listed cases not in the API answer: ${listed.filter((c) => !apiCodes.has(c))}`);
    check(![...apiCodes].some((c) => String(c).startsWith(FOREIGN)), `another street's case reached ${ANALYST}`);
    check(first.points === EXPECTED, `the map shows ${first.points} points, expected ${EXPECTED}`);

    // 2. Hex bins: the hexagons of /hotspots, coloured by Gi* bin.
    await page.locator('#view').selectOption('hex');
    const hex = await idle(page);
    const hotResponse = await fetch(new URL('/api/analytics/cases/hotspots', base), {
      method: 'POST',
      headers: {Authorization: `Bearer ${token}`, 'Content-Type': 'application/json', Accept: 'application/geo+json'},
      body: JSON.stringify({...selectionBody(state), resolution: 9}),
    });
    check(hotResponse.status === 200, `hotspots: ${hotResponse.status}`);
    const hot = {body: await hotResponse.json()};
    check(hex.hexagons > 0 && hex.hexagons === hot.body.features.length, `the page draws ${hex.hexagons} hexagons, the API returns ${hot.body.features.length}`);
    await mkdir(OUT_DIR, {recursive: true});
    await page.screenshot({path: join(OUT_DIR, 'analyst-hex.png')});

    // 3. The address is the query: a new page opened at it shows the same.
    const shared = await page.locator('#share-url').inputValue();
    check(shared.includes('#q='), `no query in the shared address: ${shared}`);
    const other = await open(context, shared, sink);
    const again = await idle(other);
    check(again.total === EXPECTED && again.hexagons === hex.hexagons, `the shared address gives ${again.total} cases and ${again.hexagons} hexagons`);
    check((await other.locator('#view').inputValue()) === 'hex', 'the shared address did not restore the view');
    check((await other.locator('#time-from').inputValue()) === `${YEAR}-01-01`, 'the shared address did not restore the time range');
    await other.close();

    // 4. CSV export: the listed cases, escaped, and no other street's.
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('#export').click()]);
    const csv = await readFile(/** @type {string} */ (await download.path()), 'utf8');
    const lines = csv.replace(/^\uFEFF/, '').trim().split('\r\n');
    check(lines[0].startsWith('案件编号,类别编码,类别,状态'), `CSV header: ${lines[0]}`);
    check(lines.length === EXPECTED + 1, `CSV has ${lines.length - 1} rows, expected ${EXPECTED}`);
    const firstCase = api.body.cases.features[0];
    const row = lines.find((l) => l.startsWith(`${firstCase.properties.code},`));
    check(Boolean(row) && row?.split(',')[1] === firstCase.properties.category, `CSV row of ${firstCase.properties.code}: ${row}`);
    check(!lines.some((l) => l.startsWith(FOREIGN)), 'the CSV holds another street\'s case');

    // 5. A polygon drawn with clicks: the count is the API's for the drawn ring.
    await page.locator('#view').selectOption('points');
    await idle(page);
    await page.locator('#tool-polygon').click();
    const box = /** @type {{x: number, y: number, width: number, height: number}} */ (await page.locator('#map').boundingBox());
    const cx = box.x + box.width / 2;
    const cy = box.y + box.height / 2;
    const d = Math.min(box.width, box.height) / 4;
    for (const [x, y] of [[cx - d, cy - d], [cx + d, cy - d], [cx + d, cy + d], [cx - d, cy + d]]) {
      await page.mouse.click(x, y);
      await page.waitForTimeout(150);
    }
    await page.mouse.click(cx - d, cy - d);
    await page.locator('#run').click();
    const drawn = await idle(page);
    const drawnState = await page.evaluate(() => location.hash);
    const {decodeState} = await import('../../src/analyst/queryState.js');
    const decoded = decodeState(drawnState);
    check(decoded?.area?.type === 'polygon' && decoded.area.ring.length === 5, `the drawn area is ${JSON.stringify(decoded?.area)}`);
    const drawnApi = await call('/api/analytics/cases/query', {method: 'POST', token, body: {...selectionBody(/** @type {any} */ (decoded)), limit: 0}});
    check(drawnApi.status === 200 && drawn.total === drawnApi.body.total.count, `drawn polygon: page ${drawn.total}, API ${drawnApi.body.total?.count}`);

    // 6. A self-intersecting polygon: the reason in Chinese by the area control and a marker where it crosses.
    const bowTie = [[ring[0][0], ring[0][1]], [ring[2][0], ring[2][1]], [ring[1][0], ring[1][1]], [ring[3][0], ring[3][1]], [ring[0][0], ring[0][1]]];
    const bad = await open(context, new URL(`analyst${encodeState({...state, area: {type: 'polygon', ring: bowTie}})}`, base).href, sink);
    const refused = await idle(bad);
    const areaError = await bad.locator('[data-error-for=area]').innerText();
    check(areaError.includes('自相交'), `the area control says "${areaError}" (all errors: ${refused.errors})`);
    check(refused.markers === 1, `${refused.markers} markers at the crossing`);
    await bad.screenshot({path: join(OUT_DIR, 'analyst-invalid.png')});
    await bad.close();

    check(sink.errors.length === 0, `uncaught page errors: ${sink.errors.join(' | ')}`);
    check(sink.foreign.length === 0, `requests to other hosts than ${base.host}: ${sink.foreign.join(', ')}`);
    console.log(
      `analyst page test OK: ${EXPECTED} cases of ${ANALYST}'s street in the shared polygon, ${hex.hexagons} hexagons, ` +
        `the shared address restored them, CSV of ${lines.length - 1} rows, drawn polygon ${drawn.total} cases, bow-tie refused: "${areaError.trim()}"`,
    );
    return 0;
  } catch (error) {
    await failureEvidence(page, 'analyst-failure.png');
    if (sink.errors.length) {
      console.error(`page errors: ${sink.errors.join(' | ')}`);
    }
    throw error;
  } finally {
    await browser.close();
  }
}

run('analyst page test', main);
