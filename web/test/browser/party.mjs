#!/usr/bin/env node
/**
 * Browser test of party building on the console against a running Yiwang
 * server with the demo data:
 *
 *   YIWANG_BASE_URL=http://localhost:8080/ node test/browser/party.mjs
 *
 * Environment: YIWANG_BASE_URL, CHROMIUM_PATH, YIWANG_TIMEOUT_MS (see
 * support.mjs). PartyBrowserTest runs it against the embedded server.
 *
 * 1. The big screen (1920×1080, signed in as `ops`): the 党建引领 card shows
 *    the district's coverage, branches, registrations and five-star branches
 *    as `GET /api/party/figures` gives them; ticking 党建图层 draws one marker
 *    per compound of the district, covered (red) and not covered as
 *    `GET /api/party/compounds` says, and the markers are drawn (pixels of the
 *    party red on the map canvas).
 * 2. The phone page (390×844, signed in as `worker`): a task the dispatcher
 *    posts on the worker's street is listed under 志愿任务 as 可领取; 抢任务
 *    takes a place (1/N, 已领取，待确认, and the API lists the worker's
 *    claim); the dispatcher confirms completion, and the tab shows 已完成 and
 *    the points credited.
 * No request may leave the host. Screenshots go to test/browser/out/.
 */

import {mkdir} from 'node:fs/promises';
import {join} from 'node:path';
import {OUT_DIR, base, call, check, failureEvidence, launch, login, run, watch} from './support.mjs';

async function main() {
  const [ops, dispatcher, worker] = await Promise.all([login('ops'), login('dispatcher'), login('worker')]);
  const sink = {foreign: /** @type {Array<string>} */ ([]), errors: /** @type {Array<string>} */ ([])};
  const browser = await launch();
  /** @type {import('playwright-core').Page|undefined} */
  let current;
  try {
    // ---- 1. Big screen
    const wall = await browser.newContext({viewport: {width: 1920, height: 1080}, locale: 'zh-CN', timezoneId: 'Asia/Shanghai'});
    await wall.addInitScript((t) => sessionStorage.setItem('yiwang.accessToken', t), ops);
    const screen = await wall.newPage();
    current = screen;
    watch(screen, sink);
    await screen.goto(new URL('screen', base).href, {waitUntil: 'domcontentloaded'});
    await screen.waitForSelector('body[data-ready=true]', {state: 'attached'});
    const me = (await call('/api/me', {token: ops})).body;
    const figures = (await call(`/api/party/figures?scope=${me.scope}&level=district`, {token: ops})).body;
    check(figures.total.compounds > 100, `the district has ${figures.total.compounds} compounds`);
    await screen.waitForSelector('[data-party=coverage]');
    const shown = await screen.evaluate(() =>
      Object.fromEntries([...document.querySelectorAll('[data-party]')].map((e) => [/** @type {HTMLElement} */ (e).dataset.party, e.querySelector('.fig__value')?.textContent])),
    );
    const t = figures.total;
    check(shown.coverage === `${(100 * t.coverage).toFixed(1)}%`, `coverage shown ${shown.coverage}, API ${t.coverage}`);
    check(shown.covered === `${t.compoundsCovered}/${t.compounds}`, `covered compounds shown ${shown.covered}, API ${t.compoundsCovered}/${t.compounds}`);
    check(shown.branches === String(t.branches), `branches shown ${shown.branches}, API ${t.branches}`);
    check(shown.registered === `${t.registeredInService}/${t.inServiceMembers}`, `registrations shown ${shown.registered}`);
    check(shown.stars === `${t.fiveStarBranches}/${t.branchesRated}`, `five-star branches shown ${shown.stars}`);
    const title = await screen.locator('#party-card h2').innerText();
    check(title.includes('党建引领'), `card title "${title}"`);

    await screen.locator('input[name=partyLayer]').check();
    await screen.waitForFunction(
      (n) => {
        const c = /** @type {any} */ (window).__yiwangScreen.party().compounds;
        return c.covered + c.uncovered === n;
      },
      t.compounds,
    );
    const counts = await screen.evaluate(() => /** @type {any} */ (window).__yiwangScreen.party().compounds);
    check(counts.covered === t.compoundsCovered, `covered markers ${counts.covered}, API ${t.compoundsCovered}`);
    // The markers are drawn: the party red is on the map canvas.
    await screen.waitForTimeout(500);
    const red = await screen.evaluate(() => {
      let n = 0;
      for (const canvas of document.querySelectorAll('#map canvas')) {
        const ctx = /** @type {HTMLCanvasElement} */ (canvas).getContext('2d');
        if (!ctx) {
          continue;
        }
        const {width, height} = /** @type {HTMLCanvasElement} */ (canvas);
        const data = ctx.getImageData(0, 0, width, height).data;
        for (let i = 0; i < data.length; i += 4) {
          if (data[i] > 200 && data[i + 1] < 90 && data[i + 2] < 90 && data[i + 3] > 200) {
            n++;
          }
        }
      }
      return n;
    });
    check(red > 50, `only ${red} party-red pixels on the map`);
    await mkdir(OUT_DIR, {recursive: true});
    await screen.screenshot({path: join(OUT_DIR, 'party-screen.png')});

    // ---- 2. Phone page: 抢任务
    const workerMe = (await call('/api/me', {token: worker})).body;
    const street = workerMe.scope.slice(0, 9);
    const stamp = new Date().toISOString().replace(/\D/g, '').slice(8, 14);
    const start = new Date(Date.now() + 86400000);
    const posted = await call('/api/volunteer/tasks', {
      method: 'POST',
      token: dispatcher,
      body: {gridCode: street, title: `文明交通劝导 ${stamp}`, place: '兴华街与大学路口', startsAt: start.toISOString().replace('Z', '+00:00'),
        endsAt: new Date(start.getTime() + 7200000).toISOString().replace('Z', '+00:00'), points: 25, capacity: 3, hours: 2},
    });
    check(posted.status === 201, `posting the task: ${posted.status} ${JSON.stringify(posted.body)}`);
    const id = posted.body.id;
    const phone = await browser.newContext({viewport: {width: 390, height: 844}, isMobile: true, hasTouch: true, locale: 'zh-CN', timezoneId: 'Asia/Shanghai'});
    await phone.addInitScript((tk) => sessionStorage.setItem('yiwang.accessToken', tk), worker);
    const page = await phone.newPage();
    current = page;
    watch(page, sink);
    await page.goto(new URL('worker', base).href, {waitUntil: 'domcontentloaded'});
    await page.evaluate(() => /** @type {any} */ (window).__yiwangWorker.ready.then(() => true));
    const before = Number(await (async () => (await call('/api/volunteer/points', {token: worker})).body.points)());
    await page.locator('.wk-tab[data-tab=volunteer]').click();
    const card = page.locator(`[data-task="${id}"]`);
    await card.waitFor();
    check((await card.getAttribute('data-state')) === 'open', `the new task is ${await card.getAttribute('data-state')}`);
    await card.locator('button[name=claim]').click();
    await page.waitForSelector(`[data-task="${id}"][data-state=claimed]`);
    const placesText = await page.locator(`[data-task="${id}"] [data-role=places]`).innerText();
    check(placesText === '1/3人', `places after the claim: ${placesText}`);
    const seen = (await call(`/api/volunteer/tasks/${id}`, {token: dispatcher})).body;
    check(seen.claims.length === 1 && seen.claims[0].username === 'worker', `the API lists the claims ${JSON.stringify(seen.claims)}`);
    const confirmed = await call(`/api/volunteer/tasks/${id}/claims/worker/confirm`, {method: 'POST', token: dispatcher});
    check(confirmed.status === 200, `confirming: ${confirmed.status} ${JSON.stringify(confirmed.body)}`);
    await page.locator('.wk-tab[data-tab=volunteer]').click();
    await page.waitForSelector(`[data-task="${id}"][data-state=done]`);
    await page.waitForFunction((n) => document.querySelector('[data-role=points]')?.getAttribute('data-points') === String(n), before + 25);
    await page.screenshot({path: join(OUT_DIR, 'party-volunteer.png')});

    check(sink.errors.length === 0, `uncaught page errors: ${sink.errors.join(' | ')}`);
    check(sink.foreign.length === 0, `requests to other hosts than ${base.host}: ${sink.foreign.join(', ')}`);
    console.log(
      `party browser test OK: screen shows coverage ${shown.coverage} (${t.compoundsCovered}/${t.compounds}), ${counts.covered} covered markers, ${red} red pixels; ` +
        `task ${id} claimed on the phone and confirmed: points ${before} → ${before + 25}`,
    );
    return 0;
  } catch (error) {
    await failureEvidence(current, 'party-failure.png');
    if (sink.errors.length) {
      console.error(`page errors: ${sink.errors.join(' | ')}`);
    }
    throw error;
  } finally {
    await browser.close();
  }
}

run('party browser test', main);
