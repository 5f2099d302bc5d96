/**
 * What the dispatcher and live-worker browser tests share: calls to the API
 * under test, demo logins, workflow steps, and the Chromium launch.
 * @module test/browser/support
 */

import {mkdir} from 'node:fs/promises';
import {dirname, join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {chromium} from 'playwright-core';

export const BASE_URL = process.env.YIWANG_BASE_URL || 'http://localhost:8080/';
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
export const TIMEOUT_MS = Number(process.env.YIWANG_TIMEOUT_MS || 30000);
export const PASSWORD = 'yiwang-demo';
export const OUT_DIR = join(dirname(fileURLToPath(import.meta.url)), 'out');
export const base = new URL(BASE_URL);

/** Failure with a message meant for the summary line. */
export class CheckFailed extends Error {}

/**
 * @param {boolean} condition Condition.
 * @param {string} message Failure message.
 * @return {asserts condition}
 */
export function check(condition, message) {
  if (!condition) {
    throw new CheckFailed(message);
  }
}

/**
 * @param {string} path Path and query.
 * @param {{token?: string, method?: string, body?: unknown, bytes?: Buffer, type?: string}} [init] Options.
 * @return {Promise<{status: number, body: any}>} Answer.
 */
export async function call(path, init = {}) {
  /** @type {Record<string, string>} */
  const headers = {Accept: 'application/json'};
  if (init.token) {
    headers.Authorization = `Bearer ${init.token}`;
  }
  /** @type {any} */
  let body;
  if (init.bytes) {
    headers['Content-Type'] = init.type || 'application/octet-stream';
    body = init.bytes;
  } else if (init.body !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(init.body);
  }
  const response = await fetch(new URL(path, base), {method: init.method || 'GET', headers, body});
  const text = await response.text();
  let parsed = null;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    parsed = text;
  }
  return {status: response.status, body: parsed};
}

/**
 * @param {string} username Demo user.
 * @return {Promise<string>} Token.
 */
export async function login(username) {
  const r = await call('/login', {method: 'POST', body: {username, password: PASSWORD}});
  check(r.status === 200, `login of ${username} failed: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body.access_token;
}

/**
 * A workflow step through the API with the version it reads first.
 * @param {string} token Token.
 * @param {number} id Case id.
 * @param {string} action Action.
 * @param {Record<string, unknown>} [fields] Other fields.
 * @return {Promise<any>} The case after the step.
 */
export async function act(token, id, action, fields = {}) {
  const c = await call(`/api/cases/${id}`, {token});
  const r = await call(`/api/cases/${id}/actions/${action}`, {method: 'POST', token, body: {version: c.body.version, ...fields}});
  check(r.status === 200, `${action} on case ${id}: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body;
}

/**
 * @param {string} value `lon,lat;lon,lat…`.
 * @return {Array<{lon: number, lat: number}>} Points.
 */
export function parsePoints(value) {
  return String(value || '')
    .split(';')
    .filter(Boolean)
    .map((pair) => {
      const [lon, lat] = pair.split(',').map(Number);
      return {lon, lat};
    });
}

/** @return {Promise<import('playwright-core').Browser>} Headless Chromium. */
export function launch() {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--enable-unsafe-swiftshader'],
  });
}

/**
 * Watches a page: requests to other hosts and uncaught errors.
 * @param {import('playwright-core').Page} page Page.
 * @param {{foreign: Array<string>, errors: Array<string>}} sink Where findings go.
 */
export function watch(page, sink) {
  page.setDefaultTimeout(TIMEOUT_MS);
  page.on('request', (request) => {
    const url = new URL(request.url());
    if (url.protocol !== 'data:' && url.protocol !== 'blob:' && (url.host !== base.host || url.protocol !== base.protocol)) {
      sink.foreign.push(request.url());
    }
  });
  page.on('pageerror', (error) => sink.errors.push(error.message));
}

/**
 * Saves a screenshot and the page text of a failure.
 * @param {import('playwright-core').Page|undefined} page Page.
 * @param {string} name File name.
 * @return {Promise<void>} Done.
 */
export async function failureEvidence(page, name) {
  if (!page) {
    return;
  }
  await mkdir(OUT_DIR, {recursive: true});
  await page.screenshot({path: join(OUT_DIR, name), fullPage: true}).catch(() => {});
  const text = await page.evaluate(() => document.body.innerText).catch(() => '');
  console.error(`page text at failure:\n${text.slice(0, 3000)}`);
}

/**
 * Runs a test's main function and exits with its outcome.
 * @param {string} name Test name for the summary line.
 * @param {function(): Promise<number>} main Test.
 */
export function run(name, main) {
  main().then(
    (code) => process.exit(code),
    (error) => {
      const message = error instanceof CheckFailed ? error.message : error && error.stack ? error.stack : String(error);
      console.error(`${name} FAILED: ${message}`);
      process.exit(1);
    },
  );
}
