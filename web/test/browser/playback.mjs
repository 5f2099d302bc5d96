#!/usr/bin/env node
/**
 * Browser test of 巡查回放 against a running Yiwang server.
 *
 *   YIWANG_BASE_URL=http://localhost:8080/ PATROL_LON=113.64 PATROL_LAT=34.74 node test/browser/playback.mjs
 *
 * Posts 30 fixes of the demo worker two days ago (20 s apart, going east by
 * 0.00005° each, out of order), opens the console, opens 巡查回放 (the
 * console asks for a login: the dispatcher's), picks the worker and the day,
 * and checks from the page state that all 30 fixes are drawn as 29 segments
 * of the expected length, that the marker starts at the first fix, that moving
 * the slider to halfway between fix 14 and 15 puts the marker halfway between
 * them, and that 播放 moves it. Nothing may be asked of another host.
 */

import {mkdir} from 'node:fs/promises';
import {join} from 'node:path';
import {BASE_URL, OUT_DIR, call, check, failureEvidence, launch, login, run, watch} from './support.mjs';

const FIXES = 30;
const STEP_DEG = 0.00005;
const LON = Number(process.env.PATROL_LON || 113.6425);
const LAT = Number(process.env.PATROL_LAT || 34.7459);

/**
 * @param {number} lon1 Longitude.
 * @param {number} lat1 Latitude.
 * @param {number} lon2 Longitude.
 * @param {number} lat2 Latitude.
 * @return {number} Metres (haversine, mean Earth radius).
 */
function meters(lon1, lat1, lon2, lat2) {
  const rad = Math.PI / 180;
  const a = Math.sin(((lat2 - lat1) * rad) / 2) ** 2 + Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(((lon2 - lon1) * rad) / 2) ** 2;
  return 2 * 6371008.8 * Math.asin(Math.sqrt(a));
}

async function main() {
  const day = new Date(Date.now() + 8 * 3600e3 - 2 * 86400e3).toISOString().slice(0, 10);
  const t0 = Date.parse(`${day}T10:00:00+08:00`) / 1000;
  const points = [];
  for (let i = 0; i < FIXES; i++) {
    points.push({time: new Date((t0 + 20 * i) * 1000).toISOString(), lon: LON + i * STEP_DEG, lat: LAT, accuracy: 5, speed: 1.2});
  }
  points.reverse();
  const worker = await login('worker');
  const posted = await call('/api/patrol/points', {method: 'POST', token: worker, body: {deviceId: 'demo-device-worker', points}});
  check(posted.status === 200 && posted.body.accepted === FIXES, `posting the fixes: ${posted.status} ${JSON.stringify(posted.body)}`);

  const browser = await launch();
  const sink = {foreign: /** @type {Array<string>} */ ([]), errors: /** @type {Array<string>} */ ([])};
  /** @type {import('playwright-core').Page|undefined} */
  let page;
  try {
    page = await browser.newPage({viewport: {width: 1400, height: 900}});
    watch(page, sink);
    await page.goto(BASE_URL);
    await page.waitForSelector('body[data-ready="true"]');
    await page.click('.patrol__toggle');
    await page.waitForSelector('dialog.login[open]');
    await page.fill('dialog.login input[name="username"]', 'dispatcher');
    await page.fill('dialog.login input[name="password"]', 'yiwang-demo');
    await page.click('dialog.login button[type="submit"]');
    await page.waitForSelector('#patrol-workers option[value="worker"]', {state: 'attached'});
    await page.fill('.patrol input[name="worker"]', 'worker');
    await page.fill('.patrol input[name="day"]', day);
    await page.click('.patrol__show');
    await page.waitForFunction((n) => /** @type {any} */ (window).__yiwang.patrol.state().count === n, FIXES);
    /** @type {any} */
    let state = await page.evaluate(() => /** @type {any} */ (window).__yiwang.patrol.state());
    check(state.worker === 'worker', `the worker shown is ${state.worker}`);
    // The day's analysis is drawn under the track: the covered area and the stops, as the API has them.
    await page.waitForFunction(() => /** @type {any} */ (window).__yiwang.patrol.state().analysed === true);
    state = await page.evaluate(() => /** @type {any} */ (window).__yiwang.patrol.state());
    const day0 = await call(`/api/patrol/days/worker/${day}`, {token: await login('dispatcher')});
    check(day0.status === 200, `the day's analysis: ${day0.status} ${JSON.stringify(day0.body).slice(0, 200)}`);
    check(state.coverageShare === day0.body.coverageShare, `coverage share drawn ${state.coverageShare}, API ${day0.body.coverageShare}`);
    check(state.coverage === Boolean(day0.body.coverage), `covered area drawn: ${state.coverage}, API has one: ${Boolean(day0.body.coverage)}`);
    check(state.stops === (day0.body.detail?.stops ?? []).length, `${state.stops} stops drawn, the API lists ${(day0.body.detail?.stops ?? []).length}`);
    check(day0.body.coverageShare > 0 && state.coverage, `a walk through the own grid covers some of it: ${day0.body.coverageShare}`);
    check(state.segments === FIXES - 1, `${state.segments} segments drawn, expected ${FIXES - 1}`);
    const expected = (FIXES - 1) * meters(LON, LAT, LON + STEP_DEG, LAT);
    check(Math.abs(state.lengthMeters - expected) < 0.5, `track length ${state.lengthMeters} m, expected ${expected.toFixed(1)} m`);
    check(state.time === t0, `the slider starts at ${state.time}, expected ${t0}`);
    check(Math.abs(state.marker[0] - LON) < 1e-7 && Math.abs(state.marker[1] - LAT) < 1e-7, `marker at ${state.marker}`);

    await page.evaluate((t) => {
      const slider = /** @type {HTMLInputElement} */ (document.querySelector('.patrol input[name="time"]'));
      slider.value = String(t);
      slider.dispatchEvent(new Event('input', {bubbles: true}));
    }, t0 + 14 * 20 + 10);
    state = await page.evaluate(() => /** @type {any} */ (window).__yiwang.patrol.state());
    const halfway = LON + 14.5 * STEP_DEG;
    check(Math.abs(state.marker[0] - halfway) < 1e-7, `after the slider the marker is at ${state.marker[0]}, expected ${halfway}`);
    const label = await page.textContent('.patrol__now');
    check(Boolean(label && label.includes('10:04:50')), `the time shown is '${label}'`);

    await page.click('.patrol__play');
    await page.waitForFunction((t) => /** @type {any} */ (window).__yiwang.patrol.state().time > t + 5, t0 + 290);
    await page.click('.patrol__play');
    state = await page.evaluate(() => /** @type {any} */ (window).__yiwang.patrol.state());
    check(!state.playing && state.marker[0] > halfway, `after playing the marker is at ${state.marker[0]}`);
    check(sink.foreign.length === 0, `requests to other hosts: ${sink.foreign.join(', ')}`);
    check(sink.errors.length === 0, `page errors: ${sink.errors.join('; ')}`);
    await mkdir(OUT_DIR, {recursive: true});
    await page.screenshot({path: join(OUT_DIR, 'playback.png')});
    console.log(`playback OK: ${FIXES} fixes, ${state.segments} segments, ${expected.toFixed(1)} m, slider and play move the marker`);
    return 0;
  } catch (error) {
    await failureEvidence(page, 'playback-failure.png');
    throw error;
  } finally {
    await browser.close();
  }
}

run('playback', main);
