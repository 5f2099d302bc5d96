#!/usr/bin/env node
/**
 * Browser test of the phone page's live part (/worker): instructions (指令)
 * and new tasks arriving without a reload.
 *
 *   YIWANG_COMMUNITY=410103001001 YIWANG_WORKERS=gw410103001001001,gw410103001001002 \
 *   YIWANG_TASK_POINT=113.65,34.75 node test/browser/instructions.mjs
 *
 * Environment: YIWANG_BASE_URL, CHROMIUM_PATH, YIWANG_TIMEOUT_MS (see
 * support.mjs); YIWANG_COMMUNITY, a community of the dispatcher's street;
 * YIWANG_WORKERS, two on-duty grid workers of it; YIWANG_TASK_POINT, a point
 * in a micro grid of the first worker's level-3 grid (DispatchPageTest finds
 * them in PostGIS).
 *
 * Two browser contexts (two phones) log in as the two workers. An instruction
 * `ops` sends to the community through POST /api/instructions appears on both
 * pages live, with the 指令 badge; the first worker marks it 已读, and
 * GET /api/instructions/{id} shows one reader and the read share 1/recipients
 * (rounded to four places by the server); the big screen, open as `ops`
 * meanwhile, shows 已读 1/recipients and the street's share live.
 * The second phone's page is closed, a second instruction is sent, and when
 * the page opens again it is there, marked new; that worker reports it done
 * with feedback, which the API shows. A case the dispatcher dispatches to the
 * first worker is announced on that worker's open page as a new task.
 */

import {act, base, call, check, failureEvidence, launch, login, parsePoints, run, watch} from './support.mjs';

/**
 * @param {import('playwright-core').BrowserContext} context Context.
 * @param {{foreign: Array<string>, errors: Array<string>}} sink Findings.
 * @return {Promise<import('playwright-core').Page>} The worker page, ready, its stream open.
 */
async function openWorkerPage(context, sink) {
  const page = await context.newPage();
  watch(page, sink);
  await page.goto(new URL('worker', base).href, {waitUntil: 'domcontentloaded'});
  await page.evaluate(() => /** @type {any} */ (window).__yiwangWorker.ready.then(() => true));
  await page.waitForSelector('#live[data-state=open]');
  return page;
}

/**
 * @param {string} token Ops token.
 * @param {string} community Target.
 * @param {string} title Title.
 * @return {Promise<any>} The instruction's status.
 */
async function send(token, community, title) {
  const r = await call('/api/instructions', {method: 'POST', token, body: {title, body: `${title}：请立即排查辖区内低洼路段和地下车库。`, target: {code: community}}});
  check(r.status === 201, `sending "${title}": ${r.status} ${JSON.stringify(r.body)}`);
  return r.body;
}

async function main() {
  const community = process.env.YIWANG_COMMUNITY || '';
  const users = (process.env.YIWANG_WORKERS || '').split(',').filter(Boolean);
  const [taskPoint] = parsePoints(process.env.YIWANG_TASK_POINT || '');
  check(/^\d{12}$/.test(community) && users.length === 2 && Boolean(taskPoint), 'YIWANG_COMMUNITY, YIWANG_WORKERS (two) and YIWANG_TASK_POINT are needed');
  const stamp = new Date().toISOString().replace(/\D/g, '').slice(8, 14);
  const [ops, dispatcher, first, second] = await Promise.all([login('ops'), login('dispatcher'), login(users[0]), login(users[1])]);
  const sink = {foreign: /** @type {Array<string>} */ ([]), errors: /** @type {Array<string>} */ ([])};
  const browser = await launch();
  /** @type {Array<import('playwright-core').Page>} */
  const pages = [];
  try {
    /** @type {Array<import('playwright-core').BrowserContext>} */
    const contexts = [];
    for (const token of [first, second]) {
      const context = await browser.newContext({viewport: {width: 390, height: 844}, isMobile: true, hasTouch: true, locale: 'zh-CN', timezoneId: 'Asia/Shanghai'});
      // The phone is already signed in (the login screen itself is covered by worker.mjs).
      await context.addInitScript((t) => sessionStorage.setItem('yiwang.accessToken', t), token);
      contexts.push(context);
      pages.push(await openWorkerPage(context, sink));
    }

    // The ops centre's big screen, open before the instruction is sent.
    const wall = await browser.newContext({viewport: {width: 1920, height: 1080}, locale: 'zh-CN', timezoneId: 'Asia/Shanghai'});
    await wall.addInitScript((t) => sessionStorage.setItem('yiwang.accessToken', t), ops);
    const screen = await wall.newPage();
    watch(screen, sink);
    await screen.goto(new URL('screen', base).href, {waitUntil: 'domcontentloaded'});
    await screen.waitForSelector('body[data-ready=true]', {state: 'attached'});
    await screen.waitForFunction(() => /** @type {any} */ (window).__yiwangScreen.connection() === 'up');

    // 1. One instruction reaches both phones live.
    const one = await send(ops, community, `防汛紧急通知 ${stamp}`);
    check(one.recipients >= 2, `the instruction reached ${one.recipients} workers, expected both`);
    for (const page of pages) {
      await page.waitForSelector(`[data-instruction="${one.id}"][data-state=未读]`, {state: 'attached'});
      const badge = await page.locator('#instruction-count').innerText();
      check(Number(badge) >= 1 && (await page.locator('#instruction-count').isVisible()), `no 指令 badge: "${badge}"`);
      const notice = await page.locator('#notice').innerText();
      check(notice.includes('收到新指令'), `no notice of the new instruction: "${notice}"`);
    }

    // 2. The first worker reads it; the read share follows.
    await pages[0].locator('.wk-tab[data-tab=instructions]').click();
    await pages[0].locator(`[data-instruction="${one.id}"] button[name=read]`).click();
    await pages[0].waitForSelector(`[data-instruction="${one.id}"][data-state=已读]`);
    const status = (await call(`/api/instructions/${one.id}`, {token: ops})).body;
    check(status.read === 1 && Math.abs(status.readShare - 1 / status.recipients) < 1e-3, `read share after one reader: read ${status.read}, share ${status.readShare} of ${status.recipients}`);
    // The big screen shows the read share live: 1 of the recipients, in the community's street.
    const street = community.slice(0, 9);
    await screen.waitForFunction(
      ([n, title]) => {
        const text = document.querySelector('#instruction .instr__title')?.textContent ?? '';
        return text.includes(title) && text.includes(`已读 1/${n}`);
      },
      [status.recipients, `防汛紧急通知 ${stamp}`],
    );
    const streetShare = await screen.locator(`#instruction .instr__streets li[data-code="${street}"] .instr__share`).innerText();
    const expectedStreet = status.byStreet?.find((/** @type {any} */ s) => s.code === street);
    check(Boolean(expectedStreet), `the API lists no street ${street} for the instruction: ${JSON.stringify(status.byStreet)}`);
    check(
      streetShare.trim() === `${(100 * expectedStreet.readShare).toFixed(1)}%`,
      `the screen shows ${streetShare} read in street ${street}, the API ${expectedStreet.readShare}`,
    );

    // 3. Sent while the second phone's page is closed: there when it opens again.
    await pages[1].close();
    const two = await send(ops, community, `清理楼道杂物通知 ${stamp}`);
    await pages[0].waitForSelector(`[data-instruction="${two.id}"]`, {state: 'attached'});
    pages[1] = await openWorkerPage(contexts[1], sink);
    await pages[1].locator('.wk-tab[data-tab=instructions]').click();
    const card = pages[1].locator(`[data-instruction="${two.id}"].wk-instruction--fresh`);
    await card.waitFor();
    await card.locator('textarea[name=feedback]').fill('已清理本网格楼道杂物 12 处');
    await card.locator('button[name=done]').click();
    await pages[1].waitForSelector(`[data-instruction="${two.id}"][data-state=已完成]`);
    const doneStatus = (await call(`/api/instructions/${two.id}`, {token: ops})).body;
    check(doneStatus.done === 1 && doneStatus.read === 1, `after the feedback: done ${doneStatus.done}, read ${doneStatus.read}`);

    // 4. A case dispatched to the first worker is announced on the open page.
    const created = await call('/api/cases', {
      method: 'POST',
      token: dispatcher,
      body: {category: 'SRHJ-02', title: `楼下乱堆建材 ${stamp}`, description: '居民来电反映', source: 'hotline_12345', location: {lon: taskPoint.lon, lat: taskPoint.lat, crs: 'wgs84'}},
    });
    check(created.status === 201, `creating the task: ${created.status} ${JSON.stringify(created.body)}`);
    const task = created.body;
    check(task.assignee?.username === users[0], `the task's suggested worker is ${task.assignee?.username}, not ${users[0]}`);
    await act(dispatcher, task.id, 'accept');
    await act(dispatcher, task.id, 'register');
    await act(dispatcher, task.id, 'dispatch', {handlerKind: 'grid_worker', assigneeId: task.assignee.id});
    await pages[0].waitForFunction((code) => document.getElementById('notice')?.textContent?.includes(code), task.code);
    await pages[0].waitForSelector(`.wk-group[data-group=handle] [data-case="${task.id}"]`, {state: 'attached'});

    check(sink.errors.length === 0, `uncaught page errors: ${sink.errors.join(' | ')}`);
    check(sink.foreign.length === 0, `requests to other hosts than ${base.host}: ${sink.foreign.join(', ')}`);
    console.log(
      `live worker page test OK: instruction ${one.id} reached ${users.join(' and ')} live (${one.recipients} recipients), read share ${status.readShare}; ` +
        `instruction ${two.id} sent while a page was closed was there on reopening and reported done; task ${task.code} announced live`,
    );
    return 0;
  } catch (error) {
    await failureEvidence(pages.find((p) => !p.isClosed()), 'instructions-failure.png');
    if (sink.errors.length) {
      console.error(`page errors: ${sink.errors.join(' | ')}`);
    }
    throw error;
  } finally {
    await browser.close();
  }
}

run('live worker page test', main);
