#!/usr/bin/env node
/**
 * Browser test of the 图层 panel against a running Yiwang server started with a GeoServer URL and a
 * local MBTiles base map (see server/src/test/java/cn/yiwang/web/ConsoleLayersBrowserTest.java).
 *
 *   YIWANG_BASE_URL=http://localhost:8080/ WMS_HOST=127.0.0.1:9999 node test/browser/layers.mjs
 *
 * Environment: YIWANG_BASE_URL, CHROMIUM_PATH, YIWANG_TIMEOUT_MS as for run.mjs, and WMS_HOST, the
 * host:port of the WMS the server's catalog names.
 *
 * It checks that the panel offers 仅本系统数据 (chosen) and the local file, no 天地图 (no key), and
 * the GeoServer layers unticked; that nothing was asked of the WMS before a layer is ticked; then,
 * with the grids hidden at a whole zoom level, that the local base map draws the tile under a
 * tile's centre (printed as `BASEMAP_TILE z x y r g b` for the Java side to compare with the
 * file) and, with 一级网格（街道、镇）（GeoServer） ticked, that the WMS map is drawn over it (printed as
 * `WMS_PIXEL r g b`). Pixels are read from a screenshot of the page. No request goes to another
 * host than the server and WMS_HOST; none to Tianditu.
 */

import {chromium} from 'playwright-core';

const BASE_URL = process.env.YIWANG_BASE_URL || 'http://localhost:8080/';
const CHROMIUM_PATH = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const TIMEOUT_MS = Number(process.env.YIWANG_TIMEOUT_MS || 120000);
const WMS_HOST = process.env.WMS_HOST || '';
/** 二七区's old town. */
const CENTRE = [113.64, 34.72];
const ZOOM = 13;

class CheckFailed extends Error {}

/**
 * @param {boolean} condition Condition.
 * @param {string} message Failure message.
 * @return {asserts condition}
 */
function check(condition, message) {
  if (!condition) {
    throw new CheckFailed(message);
  }
}

/**
 * @param {import('playwright-core').Page} page Page.
 * @return {Promise<void>} Resolves once the map rendered with every tile loaded.
 */
function rendered(page) {
  return page.evaluate(
    () =>
      new Promise((resolve) => {
        const map = /** @type {any} */ (window).__yiwang.map;
        map.once('rendercomplete', () => resolve(undefined));
        map.render();
      }),
  );
}

/**
 * Reads a page pixel from a screenshot (a data: URL never taints a canvas, whatever host drew it).
 * @param {import('playwright-core').Page} page Page.
 * @param {{x: number, y: number}} at CSS pixel.
 * @return {Promise<Array<number>>} r, g, b, a.
 */
async function pixel(page, at) {
  const png = await page.screenshot({clip: {x: at.x - 2, y: at.y - 2, width: 5, height: 5}});
  return page.evaluate(async (b64) => {
    const image = new Image();
    image.src = `data:image/png;base64,${b64}`;
    await image.decode();
    const canvas = document.createElement('canvas');
    canvas.width = image.width;
    canvas.height = image.height;
    const context = /** @type {CanvasRenderingContext2D} */ (canvas.getContext('2d'));
    context.drawImage(image, 0, 0);
    return [...context.getImageData(Math.floor(image.width / 2), Math.floor(image.height / 2), 1, 1).data];
  }, png.toString('base64'));
}

async function main() {
  const base = new URL(BASE_URL);
  check(Boolean(WMS_HOST), 'WMS_HOST is not set');
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
  /** @type {Array<string>} */
  const foreign = [];
  /** @type {Array<string>} */
  const wmsRequests = [];
  /** @type {Array<string>} */
  const basemapTiles = [];
  /** @type {Array<string>} */
  const pageErrors = [];
  try {
    const context = await browser.newContext({viewport: {width: 1280, height: 800}, deviceScaleFactor: 1, locale: 'zh-CN'});
    const page = await context.newPage();
    page.on('request', (request) => {
      const url = new URL(request.url());
      if (url.protocol === 'data:' || url.protocol === 'blob:') {
        return;
      }
      if (url.host === WMS_HOST) {
        wmsRequests.push(request.url());
      } else if (url.host !== base.host) {
        foreign.push(request.url());
      } else if (url.pathname.startsWith('/api/basemap/tiles/')) {
        basemapTiles.push(url.pathname);
      }
    });
    page.on('pageerror', (error) => pageErrors.push(error.message));

    await page.goto(base.href, {waitUntil: 'domcontentloaded', timeout: TIMEOUT_MS});
    await page.waitForFunction(() => Boolean(/** @type {any} */ (window).__yiwang), undefined, {timeout: TIMEOUT_MS});
    await page.evaluate(() => /** @type {any} */ (window).__yiwang.ready.then(() => true));
    await page.evaluate(() => /** @type {any} */ (window).__yiwang.layerPanel.ready.then(() => true));

    const panel = await page.evaluate(() => {
      const el = /** @type {HTMLElement} */ (document.getElementById('layers'));
      return {
        hidden: el.hidden,
        title: el.querySelector('h2')?.textContent,
        basemaps: [...el.querySelectorAll('[data-basemap]')].map((l) => ({
          id: l.getAttribute('data-basemap'),
          text: l.textContent?.trim(),
          checked: /** @type {HTMLInputElement} */ (l.querySelector('input')).checked,
        })),
        wms: [...el.querySelectorAll('[data-wms]')].map((l) => ({
          id: l.getAttribute('data-wms'),
          text: l.textContent?.trim(),
          checked: /** @type {HTMLInputElement} */ (l.querySelector('input')).checked,
        })),
      };
    });
    check(!panel.hidden && panel.title === '图层', `the 图层 panel is ${panel.hidden ? 'hidden' : `titled ${panel.title}`}`);
    check(
      panel.basemaps.map((b) => b.id).join() === 'none,local',
      `base map choices ${panel.basemaps.map((b) => b.id).join()}, expected none,local (no Tianditu without a key)`,
    );
    check(panel.basemaps[0].checked && panel.basemaps[0].text === '仅本系统数据', `default base map: ${JSON.stringify(panel.basemaps[0])}`);
    check(Boolean(panel.basemaps[1].text?.startsWith('本地底图：')), `local base map label: ${panel.basemaps[1].text}`);
    const street = panel.wms.find((w) => w.id === 'grids-l1');
    check(Boolean(street) && street?.text === '一级网格（街道、镇）（GeoServer）', `WMS layers offered: ${panel.wms.map((w) => w.text).join(', ')}`);
    check(panel.wms.every((w) => !w.checked), 'a WMS layer is on by default');
    check(wmsRequests.length === 0, `the WMS was asked before any layer was ticked: ${wmsRequests[0]}`);
    check(basemapTiles.length === 0, `base map tiles were loaded before the base map was chosen: ${basemapTiles[0]}`);

    // Grids off, whole zoom, local base map on.
    await page.evaluate(
      ({lon, lat, zoom}) => {
        const yiwang = /** @type {any} */ (window).__yiwang;
        for (const layer of Object.values(yiwang.layers)) {
          /** @type {any} */ (layer).setVisible(false);
        }
        const R = 6378137;
        const view = yiwang.map.getView();
        view.setCenter([(R * lon * Math.PI) / 180, R * Math.log(Math.tan(Math.PI / 4 + (lat * Math.PI) / 360))]);
        view.setZoom(zoom);
      },
      {lon: CENTRE[0], lat: CENTRE[1], zoom: ZOOM},
    );
    await page.locator('[data-basemap="local"] input').check();
    await rendered(page);
    check(basemapTiles.length > 0, 'choosing the local base map loaded no tile from /api/basemap/tiles');
    const probe = await page.evaluate((zoom) => {
      const yiwang = /** @type {any} */ (window).__yiwang;
      const map = yiwang.map;
      const grid = yiwang.layerPanel.layer('local').getSource().getTileGrid();
      const coord = grid.getTileCoordForCoordAndZ(map.getView().getCenter(), zoom);
      const centre = grid.getTileCoordCenter(coord);
      const [px, py] = map.getPixelFromCoordinate(centre);
      const rect = map.getTargetElement().getBoundingClientRect();
      return {coord, x: Math.round(rect.left + px), y: Math.round(rect.top + py)};
    }, ZOOM);
    const [z, x, y] = probe.coord;
    const tileUrl = `/api/basemap/tiles/${z}/${x}/${y}.png`;
    check(basemapTiles.includes(tileUrl), `the tile under the centre ${tileUrl} was not requested (got ${basemapTiles.slice(0, 6).join(' ')})`);
    const basePixel = await pixel(page, probe);
    console.log(`BASEMAP_TILE ${z} ${x} ${y} ${basePixel[0]} ${basePixel[1]} ${basePixel[2]}`);

    // The GeoServer layer of the street offices, drawn over the base map.
    await page.locator('[data-wms="grids-l1"] input').check();
    await rendered(page);
    check(wmsRequests.length > 0, 'ticking 一级网格（街道、镇）（GeoServer） sent no GetMap');
    const wmsPixel = await pixel(page, probe);
    console.log(`WMS_PIXEL ${wmsPixel[0]} ${wmsPixel[1]} ${wmsPixel[2]}`);
    const first = new URL(wmsRequests[0]).searchParams;
    check(first.get('LAYERS') === 'yiwang:grids_l1', `GetMap LAYERS=${first.get('LAYERS')}`);
    check(first.get('REQUEST') === 'GetMap' && first.get('SERVICE') === 'WMS', `not a GetMap: ${wmsRequests[0]}`);

    check(pageErrors.length === 0, `uncaught page errors: ${pageErrors.join(' | ')}`);
    check(foreign.length === 0, `requests to other hosts: ${foreign.slice(0, 5).join(', ')}`);
    check(!foreign.some((u) => u.includes('tianditu')), 'Tianditu was asked without a key');
    console.log(
      `browser layers test OK: base map choices none (default), local; WMS layers ${panel.wms.length} offered, off; ` +
        `${basemapTiles.length} base map tiles, ${wmsRequests.length} GetMap requests after ticking, centre tile ${tileUrl}`,
    );
    return 0;
  } finally {
    await browser.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error) => {
    const message = error instanceof CheckFailed ? error.message : error && error.stack ? error.stack : String(error);
    console.error(`browser layers test FAILED: ${message}`);
    process.exit(1);
  },
);
