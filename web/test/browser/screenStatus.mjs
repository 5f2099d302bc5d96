#!/usr/bin/env node
/**
 * Browser test of the status map (作战图) on the big screen, against a running
 * Yiwang server with the demo users and demo population.
 *
 *   YIWANG_BASE_URL=http://localhost:8080/ YIWANG_STATUS_HOUSEHOLD=<id> node test/browser/screenStatus.mjs
 *
 * Environment: YIWANG_STATUS_HOUSEHOLD, a household in the demo `worker`'s
 * community (兴华街社区, street 410103001); see support.mjs for the others.
 * In headless Chromium at 1920×1080 it logs in as `ops`, ticks 作战图 in the
 * legend and waits for the per-street counts panel of the first campaign
 * (疫情防控) with its Chinese labels; then the grid worker sets the household
 * to 居家隔离 through the API, and the street's 居家隔离 count on the screen
 * must go up by one within a second of the API's answer (live event, no
 * reload), and the point is drawn on the status layer.
 * Exit code 0 on success, 1 on failure.
 */
import {mkdir} from 'node:fs/promises';
import {join} from 'node:path';
import {base, call, check, failureEvidence, launch, login, OUT_DIR, PASSWORD, run, watch} from './support.mjs';

const LIVE_LIMIT_MS = 1000;
const STREET = '410103001';
const STATUS = 'home_isolation';

run('screenStatus', async () => {
  const household = process.env.YIWANG_STATUS_HOUSEHOLD;
  check(Boolean(household), 'YIWANG_STATUS_HOUSEHOLD is not set');
  const worker = await login('worker');
  await call(`/api/campaigns/epidemic/statuses/${household}`, {method: 'DELETE', token: worker});
  const sink = {foreign: /** @type {Array<string>} */ ([]), errors: /** @type {Array<string>} */ ([])};
  const browser = await launch();
  /** @type {import('playwright-core').Page|undefined} */
  let page;
  try {
    const context = await browser.newContext({viewport: {width: 1920, height: 1080}});
    page = await context.newPage();
    watch(page, sink);
    await page.goto(new URL('screen', base).href, {waitUntil: 'domcontentloaded'});
    await page.locator('input[name=username]').fill('ops');
    await page.locator('input[name=password]').fill(PASSWORD);
    await page.locator('button.login__submit').click();
    await page.waitForFunction(() => /** @type {any} */ (window).__yiwangScreen.connection() === 'up');

    await page.locator('label.legend__toggle', {hasText: '作战图'}).click();
    await page.waitForFunction(() => /** @type {any} */ (window).__yiwangScreen.statusRows().length > 0);
    const panel = await page.locator('section.status').innerText();
    check(panel.includes('疫情防控') && panel.includes('居家隔离') && panel.includes('已接种'), `panel: ${panel}`);
    const cell = page.locator(`section.status tr[data-code="${STREET}"] td[data-status="${STATUS}"]`);
    const before = Number(await cell.innerText());

    const set = await call(`/api/campaigns/epidemic/statuses/${household}`, {method: 'PUT', token: worker, body: {status: STATUS}});
    check(set.status === 200, `setting the status: ${set.status} ${JSON.stringify(set.body)}`);
    const answered = Date.now();
    await page.waitForFunction(
      ([street, status, n]) =>
        Number(document.querySelector(`section.status tr[data-code="${street}"] td[data-status="${status}"]`)?.textContent) === n,
      [STREET, STATUS, before + 1],
      {polling: 20},
    );
    const elapsed = Date.now() - answered;
    check(elapsed <= LIVE_LIMIT_MS, `the count took ${elapsed} ms to reach the screen (limit ${LIVE_LIMIT_MS} ms)`);
    await page.waitForFunction(() => /** @type {any} */ (window).__yiwangScreen.statusPoints() > 0);
    check(sink.errors.length === 0, `page errors: ${sink.errors.join('; ')}`);
    check(sink.foreign.length === 0, `requests left the host: ${sink.foreign.join(', ')}`);
    await mkdir(OUT_DIR, {recursive: true});
    await page.screenshot({path: join(OUT_DIR, 'screen-status.png')});
    console.log(`screenStatus OK: ${STREET} 居家隔离 ${before} → ${before + 1} on the screen ${elapsed} ms after the API answered`);
    return 0;
  } catch (error) {
    await failureEvidence(page, 'screen-status-failure.png');
    throw error;
  } finally {
    await browser.close();
  }
});
