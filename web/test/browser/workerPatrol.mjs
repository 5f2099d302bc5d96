#!/usr/bin/env node
/**
 * Browser test of 开始巡查 / 结束巡查 on the phone page (/worker) against a
 * running Yiwang server.
 *
 *   YIWANG_BASE_URL=http://localhost:8080/ PATROL_LON=113.64 PATROL_LAT=34.74 node test/browser/workerPatrol.mjs
 *
 * With a granted, overridden geolocation it logs in as `worker`, starts a
 * patrol, moves the phone three times, stops the patrol (which sends the
 * queued fixes) and checks through the API that the patrol is stopped and that
 * today's track of the worker holds the three positions, taken after the start.
 */

import {BASE_URL, PASSWORD, base, call, check, failureEvidence, launch, login, run} from './support.mjs';

const LON = Number(process.env.PATROL_LON || 113.6425);
const LAT = Number(process.env.PATROL_LAT || 34.7459);
const STEP_DEG = 0.0001;

async function main() {
  const browser = await launch();
  /** @type {import('playwright-core').Page|undefined} */
  let page;
  const errors = /** @type {Array<string>} */ ([]);
  try {
    const context = await browser.newContext({
      viewport: {width: 390, height: 844},
      isMobile: true,
      locale: 'zh-CN',
      timezoneId: 'Asia/Shanghai',
      geolocation: {longitude: LON, latitude: LAT, accuracy: 8},
    });
    await context.grantPermissions(['geolocation'], {origin: base.origin});
    page = await context.newPage();
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(new URL('worker', BASE_URL).href, {waitUntil: 'domcontentloaded'});
    await page.locator('input[name=username]').fill('worker');
    await page.locator('input[name=password]').fill(PASSWORD);
    await page.locator('button[name=login]').click();
    await page.waitForFunction(() => Boolean(/** @type {any} */ (window).__yiwangWorker));
    await page.evaluate(() => /** @type {any} */ (window).__yiwangWorker.ready.then(() => true));
    const button = page.locator('.wk-patrol__button');
    await page.waitForSelector('.wk-patrol__button:not([disabled])');
    if ((await button.textContent())?.includes('结束巡查')) {
      await button.click();
      await page.waitForSelector('.wk-patrol__button:not([disabled]):has-text("开始巡查")');
    }
    const startedAfter = Math.floor(Date.now() / 1000) - 1;
    await button.click();
    await page.waitForSelector('.wk-patrol__button:not([disabled]):has-text("结束巡查")');
    for (let i = 1; i <= 3; i++) {
      await page.waitForTimeout(1200);
      await context.setGeolocation({longitude: LON + i * STEP_DEG, latitude: LAT, accuracy: 8});
    }
    await page.waitForTimeout(1200);
    await button.click();
    await page.waitForSelector('.wk-patrol__button:not([disabled]):has-text("开始巡查")');

    const token = await login('worker');
    const duty = await call('/api/patrol/duty', {token});
    check(duty.status === 200 && duty.body.onPatrol === false, `after 结束巡查 the duty is ${JSON.stringify(duty.body)}`);
    const track = await call('/api/patrol/tracks/worker', {token});
    check(track.status === 200, `reading today's track: ${track.status} ${JSON.stringify(track.body)}`);
    const found = [1, 2, 3].filter((i) =>
      track.body.t.some((/** @type {number} */ t, /** @type {number} */ k) => t >= startedAfter && Math.abs(track.body.lon[k] - (LON + i * STEP_DEG)) < 1e-7 && Math.abs(track.body.lat[k] - LAT) < 1e-7),
    );
    check(found.length === 3, `the positions stored after the start: ${found.join(', ')} of 1, 2, 3`);
    check(errors.length === 0, `page errors: ${errors.join('; ')}`);
    console.log('worker patrol OK: started, three positions sent in a batch at the stop, stopped');
    return 0;
  } catch (error) {
    await failureEvidence(page, 'worker-patrol-failure.png');
    throw error;
  } finally {
    await browser.close();
  }
}

run('worker patrol', main);
