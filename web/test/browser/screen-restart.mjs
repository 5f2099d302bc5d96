#!/usr/bin/env node
/**
 * Browser test of the big screen across a server restart, driven by
 * ScreenRestartPageTest, which owns the server:
 *
 * 1. the page is opened signed in as `ops` and waits for its markers and the
 *    live stream; the script prints `READY` and waits for a line on stdin;
 * 2. the test stops the server (the page's stream breaks, new connections are
 *    refused), starts a new one on the same port, creates a case through it
 *    at once, before the page has reconnected, and writes `RESTARTED <code>`;
 * 3. the page, never reloaded, reconnects by itself, resumes from its last
 *    event id and shows the case made meanwhile (one more marker, ticker),
 *    and the indicator says the connection is back.
 *
 * Environment: YIWANG_BASE_URL, CHROMIUM_PATH, YIWANG_TIMEOUT_MS (support.mjs).
 */

import {createInterface} from 'node:readline';
import {check, failureEvidence, launch, login, run, watch} from './support.mjs';

const lines = createInterface({input: process.stdin})[Symbol.asyncIterator]();

/** @return {Promise<string>} The next line the test writes. */
async function nextLine() {
  const {value, done} = await lines.next();
  check(!done, 'stdin closed before the test said what happened');
  return value;
}

async function main() {
  const token = await login('ops');
  const browser = await launch();
  /** @type {import('playwright-core').Page|undefined} */
  let page;
  const sink = {foreign: /** @type {Array<string>} */ ([]), errors: /** @type {Array<string>} */ ([])};
  try {
    const context = await browser.newContext({viewport: {width: 1920, height: 1080}, locale: 'zh-CN', timezoneId: 'Asia/Shanghai'});
    await context.addInitScript((t) => sessionStorage.setItem('yiwang.accessToken', t), token);
    page = await context.newPage();
    watch(page, sink);
    await page.goto(new URL('screen', process.env.YIWANG_BASE_URL).href, {waitUntil: 'domcontentloaded'});
    await page.waitForSelector('body[data-ready=true]', {state: 'attached'});
    await page.waitForFunction(() => /** @type {any} */ (window).__yiwangScreen.connection() === 'up');
    await page.evaluate(() => {
      /** @type {any} */ (window).__sameDocument = true;
    });
    const before = await page.evaluate(() => /** @type {any} */ (window).__yiwangScreen.markerCount());
    console.log(`READY ${before}`);

    const [word, code] = (await nextLine()).split(' ');
    check(word === 'RESTARTED' && Boolean(code), `unexpected line from the test: ${word} ${code}`);
    const sawDown = await page.evaluate(() => /** @type {any} */ (window).__yiwangScreen.connection() !== 'up');
    await page.waitForFunction(
      ([count, c]) => {
        const s = /** @type {any} */ (window).__yiwangScreen;
        return s.markerCount() === count && s.ticker().includes(c) && s.connection() === 'up';
      },
      [before + 1, code],
      {timeout: 45000},
    );
    check(await page.evaluate(() => /** @type {any} */ (window).__sameDocument === true), 'the page was reloaded');
    const indicator = await page.locator('#connection').textContent();
    check(indicator === '已恢复' || indicator === '实时', `indicator shows ${indicator}`);
    console.log(`after the restart: case ${code} on the screen, indicator ${indicator}, stream seen down meanwhile: ${sawDown}`);
    check(sink.foreign.length === 0, `requests left the host: ${sink.foreign.slice(0, 5).join(', ')}`);
    check(sink.errors.length === 0, `page errors: ${sink.errors.join('; ')}`);
    console.log('screen-restart.mjs: OK');
    return 0;
  } catch (error) {
    await failureEvidence(page, 'screen-restart-failure.png');
    throw error;
  } finally {
    await browser.close();
  }
}

run('screen-restart.mjs', main);
