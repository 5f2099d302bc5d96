#!/usr/bin/env node
/**
 * Browser test of the dispatcher's page (/dispatch) against a running Yiwang
 * server with the demo users.
 *
 *   YIWANG_POINTS='113.65,34.75;113.651,34.751;113.652,34.752' node test/browser/dispatch.mjs
 *
 * Environment: YIWANG_BASE_URL, CHROMIUM_PATH, YIWANG_TIMEOUT_MS (see
 * support.mjs) and YIWANG_POINTS, four WGS84 points inside distinct micro
 * grids of the dispatcher's street (DispatchPageTest passes them from PostGIS).
 *
 * In headless Chromium it logs in as `dispatcher` through the page's login
 * screen and, with the page open: a case created through the API (with a
 * photo) appears in 待受理 without a reload, with its grid drawn on its small
 * map, the suggested department and the photo; 受理 and 立案 by clicks move it
 * to 待派遣, where its timeline shows 上报, 受理, 立案; 派遣 to the suggested
 * department takes it out of the queues and the API shows it dispatched. A
 * case someone else refuses (ops, through the API) leaves 待受理 live. A
 * proposed duplicate is merged into its original from 疑似重复. A click on
 * 受理 whose request reaches the server after someone else accepted the case
 * gets 409, shown in Chinese on the reloaded card. A case returned twice by
 * its department is in 三跨会商, where a consultation (会商) with two
 * departments is opened by clicks. No request leaves the host.
 */

import {mkdir} from 'node:fs/promises';
import {join} from 'node:path';
import {OUT_DIR, act, base, call, check, failureEvidence, launch, login, parsePoints, run, watch, PASSWORD} from './support.mjs';

/**
 * @param {string} token Token.
 * @param {string} category Sub-category.
 * @param {string} title Title.
 * @param {{lon: number, lat: number}} at Point.
 * @param {Array<string>} [photos] Photo ids.
 * @return {Promise<any>} The case.
 */
async function createCase(token, category, title, at, photos = []) {
  const r = await call('/api/cases', {
    method: 'POST',
    token,
    body: {category, title, description: `${title}（浏览器测试）`, source: 'hotline_12345', location: {lon: at.lon, lat: at.lat, crs: 'wgs84'}, photos},
  });
  check(r.status === 201, `creating "${title}": ${r.status} ${JSON.stringify(r.body)}`);
  return r.body;
}

async function main() {
  const points = parsePoints(process.env.YIWANG_POINTS || '');
  check(points.length >= 4, 'YIWANG_POINTS must name four points in the dispatcher street');
  const stamp = new Date().toISOString().replace(/\D/g, '').slice(8, 14);
  const [dispatcher, ops] = await Promise.all([login('dispatcher'), login('ops')]);
  const sink = {foreign: /** @type {Array<string>} */ ([]), errors: /** @type {Array<string>} */ ([])};
  const browser = await launch();
  /** @type {import('playwright-core').Page|undefined} */
  let page;
  try {
    const context = await browser.newContext({viewport: {width: 1440, height: 1000}, locale: 'zh-CN', timezoneId: 'Asia/Shanghai'});
    page = await context.newPage();
    watch(page, sink);
    await page.goto(new URL('dispatch', base).href, {waitUntil: 'domcontentloaded'});
    await page.locator('.wk-login input[name=username]').fill('dispatcher');
    await page.locator('.wk-login input[name=password]').fill(PASSWORD);
    await page.locator('.wk-login button[name=login]').click();
    await page.evaluate(() => /** @type {any} */ (window).__yiwangDispatch.ready.then(() => true));
    await page.waitForSelector('#live-state[data-state=open]');

    // 1. A case created through the API arrives in 待受理 live, with its map, suggestion and photo.
    const jpeg = Buffer.from(
      await page.evaluate(() => {
        const canvas = document.createElement('canvas');
        canvas.width = 320;
        canvas.height = 240;
        const g = /** @type {CanvasRenderingContext2D} */ (canvas.getContext('2d'));
        g.fillStyle = '#6d4c41';
        g.fillRect(0, 0, 320, 240);
        return canvas.toDataURL('image/jpeg', 0.8).split(',')[1];
      }),
      'base64',
    );
    const photo = await call('/api/photos', {method: 'POST', token: dispatcher, bytes: jpeg, type: 'image/jpeg'});
    check(photo.status === 201 || photo.status === 200, `photo upload: ${photo.status} ${JSON.stringify(photo.body)}`);
    const a = await createCase(dispatcher, 'SRHJ-03', `墙面小广告 ${stamp}`, points[0], [photo.body.id]);
    check(a.status === 'reported', `a desk-made case starts reported, not ${a.status}`);
    const cardA = page.locator(`#queue[data-queue=intake] .dp-card[data-case="${a.id}"]`);
    await cardA.waitFor();
    const micro = a.grids?.[0]?.code;
    await page.waitForSelector(`.dp-card[data-case="${a.id}"] [data-role=map][data-grid="${micro}"]`);
    const suggestion = await cardA.locator('[data-role=suggestion]').innerText();
    check(Boolean(a.department) && suggestion.includes(a.department.name || a.department.code), `the card does not suggest ${JSON.stringify(a.department)}: "${suggestion}"`);
    await page.waitForFunction((id) => {
      const img = /** @type {HTMLImageElement|null} */ (document.querySelector(`.dp-card[data-case="${id}"] img.dp-photo`));
      return Boolean(img && img.complete && img.naturalWidth === 320);
    }, a.id);

    // 2. 受理, 立案: the case moves from 待受理 to 待派遣; its timeline shows the steps.
    await cardA.locator('button[name=accept]').click();
    await page.waitForSelector(`#queue .dp-card[data-case="${a.id}"][data-status=accepted] button[name=register]`);
    await page.locator(`.dp-card[data-case="${a.id}"] button[name=register]`).click();
    await page.waitForSelector(`#queue[data-queue=intake] .dp-card[data-case="${a.id}"]`, {state: 'detached'});
    await page.locator('.dp-tab[data-queue=dispatch]').click();
    const dispatchCard = page.locator(`#queue[data-queue=dispatch] .dp-card[data-case="${a.id}"][data-status=registered]`);
    await dispatchCard.waitFor();
    await page.waitForFunction(
      (id) => ['created', 'accept', 'register'].every((t) => document.querySelector(`.dp-card[data-case="${id}"] .dp-history__item[data-type="${t}"]`)),
      a.id,
    );
    await dispatchCard.locator('details.dp-card__history > summary').click();
    await mkdir(OUT_DIR, {recursive: true});
    await page.screenshot({path: join(OUT_DIR, 'dispatch-queue.png'), fullPage: true});
    await dispatchCard.locator('button[name=dispatch]').click();
    const chosen = await dispatchCard.locator('select[name=department]').inputValue();
    check(chosen === `department:${a.department.code}`, `the dispatch form did not preselect the suggested department: ${chosen}`);
    await dispatchCard.locator('button[name=confirm-dispatch]').click();
    await page.waitForSelector(`#queue .dp-card[data-case="${a.id}"]`, {state: 'detached'});
    const dispatched = (await call(`/api/cases/${a.id}`, {token: dispatcher})).body;
    check(dispatched.status === 'dispatched' && dispatched.department?.code === a.department.code, `after 派遣: ${dispatched.status} ${JSON.stringify(dispatched.department)}`);
    const events = (await call(`/api/cases/${a.id}/events`, {token: dispatcher})).body.map((/** @type {any} */ e) => e.type);
    check(['created', 'accept', 'register', 'dispatch'].every((t) => events.includes(t)), `history of ${a.code}: ${events}`);

    // 3. A case someone else refuses leaves 待受理 without a reload.
    await page.locator('.dp-tab[data-queue=intake]').click();
    const b = await createCase(dispatcher, 'SRHJ-04', `沿街晾挂 ${stamp}`, points[1]);
    await page.locator(`#queue[data-queue=intake] .dp-card[data-case="${b.id}"]`).waitFor();
    await act(ops, b.id, 'reject', {comment: '经核实已自行整改（他人操作）'});
    await page.waitForSelector(`#queue .dp-card[data-case="${b.id}"]`, {state: 'detached'});

    // 4. A proposed duplicate is merged into its original.
    const original = await createCase(dispatcher, 'SRHJ-01', `垃圾满溢 ${stamp}`, points[2]);
    const duplicate = await createCase(dispatcher, 'SRHJ-01', `垃圾满溢（再次反映） ${stamp}`, {lon: points[2].lon + 0.00003, lat: points[2].lat});
    check(duplicate.duplicateOf === original.id, `the second report was not proposed as a duplicate of ${original.id}: ${duplicate.duplicateOf}`);
    await page.locator('.dp-tab[data-queue=duplicates]').click();
    const dupCard = page.locator(`#queue[data-queue=duplicates] .dp-card[data-case="${duplicate.id}"]`);
    await dupCard.locator('button[name=merge]').click();
    await page.waitForSelector(`#queue .dp-card[data-case="${duplicate.id}"]`, {state: 'detached'});
    const merged = (await call(`/api/cases/${duplicate.id}`, {token: dispatcher})).body;
    check(merged.status === 'merged' && merged.mergedInto === original.id, `after 合并: ${merged.status} into ${merged.mergedInto}`);

    // 5. Someone else accepts while the dispatcher's click is on its way: 409, in Chinese, card reloaded.
    await page.locator('.dp-tab[data-queue=intake]').click();
    const cardO = page.locator(`#queue[data-queue=intake] .dp-card[data-case="${original.id}"]`);
    await cardO.locator('button[name=accept]').waitFor();
    await page.route(`**/api/cases/${original.id}/actions/accept`, async (route) => {
      await act(ops, original.id, 'accept');
      await route.continue();
    });
    await cardO.locator('button[name=accept]').click();
    const note = page.locator(`.dp-card[data-case="${original.id}"] [data-role=card-message]`);
    await page.waitForFunction((id) => {
      const m = document.querySelector(`.dp-card[data-case="${id}"] [data-role=card-message]`);
      return Boolean(m && !(/** @type {HTMLElement} */ (m).hidden) && m.textContent?.includes('刚被他人更新'));
    }, original.id);
    const noteText = await note.innerText();
    const shownStatus = await page.locator(`.dp-card[data-case="${original.id}"]`).getAttribute('data-status');
    check(shownStatus === 'accepted', `the card was not reloaded after the 409: ${shownStatus}`);
    await page.screenshot({path: join(OUT_DIR, 'dispatch-409.png'), fullPage: true});

    // 6. A case returned twice is 三跨: from 三跨会商 a consultation with two departments is opened.
    const hard = await createCase(dispatcher, 'SRHJ-02', `乱堆物料 ${stamp}`, points[3]);
    const dept = await login('dept');
    await act(dispatcher, hard.id, 'accept');
    await act(dispatcher, hard.id, 'register');
    for (let round = 0; round < 2; round++) {
      await act(dispatcher, hard.id, 'dispatch', {handlerKind: 'department', departmentCode: 'urban_mgmt_squad'});
      await act(dept, hard.id, 'return', {comment: '不属于本单位职责（测试）'});
    }
    await page.locator('.dp-tab[data-queue=consult]').click();
    const hardCard = page.locator(`#queue[data-queue=consult] .dp-card[data-case="${hard.id}"][data-status=returned]`);
    await hardCard.locator('button[name=consult]').click();
    const boxes = hardCard.locator('input[name=consult-department]');
    await boxes.first().waitFor();
    await hardCard.locator('input[name=consult-department][value=urban_mgmt_squad]').check();
    // And the first other department of the list.
    await hardCard.locator('input[name=consult-department]:not(:checked)').first().check();
    await hardCard.locator('input[name=comment]').fill('两次回退，涉及多个部门，发起会商');
    await hardCard.locator('button[name=confirm-consult]').click();
    await page.waitForSelector(`#queue[data-queue=consult] .dp-card[data-case="${hard.id}"][data-status=consulting]`);
    const consulting = (await call(`/api/cases/${hard.id}`, {token: dispatcher})).body;
    check(consulting.status === 'consulting' && consulting.sankua, `after 会商: ${consulting.status}, 三跨 ${consulting.sankua}`);

    check(sink.errors.length === 0, `uncaught page errors: ${sink.errors.join(' | ')}`);
    check(sink.foreign.length === 0, `requests to other hosts than ${base.host}: ${sink.foreign.join(', ')}`);
    console.log(
      `dispatch page test OK: ${a.code} arrived live, accepted, registered, dispatched to ${a.department.code} by clicks; ` +
        `${b.code} refused by ops left the queue live; ${duplicate.code} merged into ${original.code}; ${hard.code} put into 会商; stale click → "${noteText}"`,
    );
    return 0;
  } catch (error) {
    await failureEvidence(page, 'dispatch-failure.png');
    if (sink.errors.length) {
      console.error(`page errors: ${sink.errors.join(' | ')}`);
    }
    throw error;
  } finally {
    await browser.close();
  }
}

run('dispatch page test', main);
