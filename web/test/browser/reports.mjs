#!/usr/bin/env node
/**
 * Browser test of the reports page (/reports) against a running Yiwang
 * server with the demo users.
 *
 *   YIWANG_PERIOD=2017-03 YIWANG_EXPECT='410103001:7;410103002:4' node test/browser/reports.mjs
 *
 * Environment: YIWANG_BASE_URL, CHROMIUM_PATH, YIWANG_TIMEOUT_MS (see
 * support.mjs), YIWANG_PERIOD (a month with planted cases) and
 * YIWANG_EXPECT, the planted number of cases per street office
 * (ReportsPageTest passes both).
 *
 * In headless Chromium it logs in as `analyst` through the page's login
 * screen, picks 月通报, the period, 街道 and the district, and generates the
 * report: every street's row shows the received count, rank and change of
 * `GET /api/reports/monthly` for the same parameters, and the planted
 * streets the planted counts. A click on 受理数 sorts the table by it; 下载
 * CSV downloads a file whose row for the first planted street has the same
 * received count; 打印 loads the printable 红头 page. No request leaves the
 * host and the page throws no error.
 */

import {readFile} from 'node:fs/promises';
import {base, call, check, failureEvidence, launch, login, run, watch, PASSWORD} from './support.mjs';

/**
 * @param {string} text CSV text.
 * @return {Array<Array<string>>} Lines of cells (RFC 4180 quoting).
 */
function parseCsv(text) {
  /** @type {Array<Array<string>>} */
  const lines = [];
  /** @type {Array<string>} */
  let line = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') {
        quoted = false;
      } else {
        cell += ch;
      }
    } else if (ch === '"') {
      quoted = true;
    } else if (ch === ',') {
      line.push(cell);
      cell = '';
    } else if (ch === '\n') {
      line.push(cell);
      lines.push(line);
      line = [];
      cell = '';
    } else if (ch !== '\r') {
      cell += ch;
    }
  }
  return lines;
}

async function main() {
  const period = process.env.YIWANG_PERIOD || '';
  check(/^\d{4}-\d{2}$/.test(period), 'YIWANG_PERIOD must be a month like 2017-03');
  /** @type {Map<string, number>} */
  const expected = new Map(String(process.env.YIWANG_EXPECT || '').split(';').filter(Boolean).map((p) => {
    const [code, n] = p.split(':');
    return [code, Number(n)];
  }));
  check(expected.size >= 2, 'YIWANG_EXPECT must name at least two streets');
  const token = await login('analyst');
  const api = await call(`/api/reports/monthly?period=${period}&level=l1&scope=410103`, {token});
  check(api.status === 200, `API: ${api.status} ${JSON.stringify(api.body)}`);
  const sink = {foreign: /** @type {Array<string>} */ ([]), errors: /** @type {Array<string>} */ ([])};
  const browser = await launch();
  /** @type {import('playwright-core').Page|undefined} */
  let page;
  try {
    const context = await browser.newContext({viewport: {width: 1600, height: 1000}, locale: 'zh-CN', timezoneId: 'Asia/Shanghai', acceptDownloads: true});
    page = await context.newPage();
    watch(page, sink);
    await page.goto(new URL('reports', base).href, {waitUntil: 'domcontentloaded'});
    await page.locator('.wk-login input[name=username]').fill('analyst');
    await page.locator('.wk-login input[name=password]').fill(PASSWORD);
    await page.locator('.wk-login button[name=login]').click();
    await page.waitForSelector('#scope option[value="410103"]', {state: 'attached'});
    await page.selectOption('#kind', 'monthly');
    await page.fill('#period', period);
    await page.selectOption('#level', 'l1');
    await page.selectOption('#scope', '410103');
    await page.click('#generate');
    await page.waitForFunction(() => /** @type {any} */ (window).__yiwangReports?.loads > 0);
    await page.waitForSelector('#report-table tbody tr[data-key]');

    /** @type {Array<{key: string, received: string, rank: string, change: string, closure: string}>} */
    const shown = await page.$$eval('#report-table tbody tr[data-key]', (trs) => trs.map((tr) => {
      /** @param {string} col @return {string} */
      const cell = (col) => tr.querySelector(`td[data-col="${col}"]`)?.textContent || '';
      return {key: tr.getAttribute('data-key') || '', received: cell('received'), rank: cell('rank'), change: cell('change'), closure: cell('closureRate')};
    }));
    check(shown.length === api.body.rows.length, `rows: page ${shown.length}, API ${api.body.rows.length}`);
    for (let i = 0; i < shown.length; i++) {
      const want = api.body.rows[i];
      const got = shown[i];
      check(got.key === want.key, `row ${i}: ${got.key} vs API ${want.key}`);
      check(got.received === String(want.received), `${got.key} received ${got.received} vs API ${want.received}`);
      check(got.rank === (want.rank === null ? '' : String(want.rank)), `${got.key} rank ${got.rank} vs API ${want.rank}`);
      const closure = want.closureRate === null ? '—' : `${(want.closureRate * 100).toFixed(2)}%`;
      check(got.closure === closure, `${got.key} closure ${got.closure} vs ${closure}`);
    }
    for (const [code, n] of expected) {
      const row = shown.find((r) => r.key === code);
      check(row !== undefined && row.received === String(n), `${code}: ${JSON.stringify(row)} should have received ${n}`);
    }
    const title = await page.textContent('#report-title');
    check(Boolean(title?.includes('月通报')), `title ${title}`);

    // Sort by 受理数: most first.
    await page.click('#report-table th[data-key="received"]');
    await page.waitForSelector('#report-table th[data-key="received"][aria-sort="descending"]');
    const firstKey = await page.getAttribute('#report-table tbody tr[data-key]', 'data-key');
    const most = [...expected.entries()].sort((a, b) => b[1] - a[1])[0][0];
    check(firstKey === most, `sorted by 受理数 the first row is ${firstKey}, expected ${most}`);

    // CSV download.
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#download-csv')]);
    const file = await download.path();
    check(Boolean(file), 'the CSV download has no file');
    const lines = parseCsv((await readFile(/** @type {string} */ (file), 'utf8')).replace(/^\uFEFF/, ''));
    const header = lines.findIndex((l) => l[0] === '排名');
    check(header > 0, `no header line in the CSV: ${JSON.stringify(lines.slice(0, 8))}`);
    const [code, n] = [...expected.entries()][0];
    const csvRow = lines.slice(header + 1).find((l) => l[lines[header].indexOf('编码')] === code);
    check(csvRow !== undefined, `no CSV row for ${code}`);
    check(csvRow[lines[header].indexOf('受理数')] === String(n), `CSV received for ${code}: ${csvRow[lines[header].indexOf('受理数')]}`);
    check(download.suggestedFilename().endsWith('.csv'), download.suggestedFilename());

    // Printable page.
    await page.click('#print');
    await page.waitForFunction(() => {
      const frame = /** @type {HTMLIFrameElement|null} */ (document.getElementById('print-frame'));
      return Boolean(frame?.contentDocument?.querySelector('.red-head')?.textContent?.includes('网格化服务管理中心'));
    });

    check(sink.foreign.length === 0, `requests left the host: ${sink.foreign.join(', ')}`);
    check(sink.errors.length === 0, `page errors: ${sink.errors.join('; ')}`);
    console.log(`reports page OK: ${shown.length} rows, sorted, CSV ${download.suggestedFilename()}, print page`);
    return 0;
  } catch (error) {
    await failureEvidence(page, 'reports-failure.png');
    throw error;
  } finally {
    await browser.close();
  }
}

run('reports', main);
