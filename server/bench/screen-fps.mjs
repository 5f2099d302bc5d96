#!/usr/bin/env node
/**
 * Big-screen page benchmark in headless Chromium (software WebGL, as on a
 * machine without GPU): first useful paint, then frames per second while the
 * view pans continuously over the markers, at the district view (zoom 12,
 * every marker in view) and at a street view (zoom 14). The pan is marked as
 * an interaction, as a mouse drag is, so the grid layers are redrawn once it
 * ends rather than on every frame (OpenLayers' `updateWhileInteracting`
 * default); the WebGL markers are drawn on every frame.
 *
 *   node server/bench/screen-fps.mjs http://localhost:18095/ <ops token>
 *
 * playwright-core is taken from web/node_modules.
 */

import {createRequire} from 'node:module';
import {fileURLToPath} from 'node:url';

const require = createRequire(fileURLToPath(new URL('../../web/package.json', import.meta.url)));
const {chromium} = require('playwright-core');

const [baseUrl, token] = process.argv.slice(2);
const PAN_SECONDS = 6;

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--enable-unsafe-swiftshader', '--no-first-run', '--disable-background-networking'],
});
/**
 * Opens the page (signed in already: the token the login dialog would store) and measures.
 * @param {string} query Query string of the page URL.
 * @param {boolean} paintToo Whether to report the first paint.
 */
async function measure(query, paintToo) {
  const context = await browser.newContext({viewport: {width: 1920, height: 1080}, locale: 'zh-CN', timezoneId: 'Asia/Shanghai'});
  await context.addInitScript((t) => sessionStorage.setItem('yiwang.accessToken', t), token);
  const page = await context.newPage();
  await page.goto(new URL(`screen${query}`, baseUrl).href);
  await page.waitForSelector('body[data-ready=true]', {state: 'attached', timeout: 60000});
  const paint = await page.evaluate(
    () =>
      new Promise((resolve) => {
        const s = /** @type {any} */ (window).__yiwangScreen;
        s.map().once('rendercomplete', () => resolve({ms: performance.now(), drawn: s.drawnMarkers(), kind: s.markerLayerKind()}));
        s.map().render();
      }),
  );
  if (paintToo) {
    console.log(`  first useful paint (navigation → figures, ranking, ticker and ${paint.drawn} markers drawn): ${Math.round(paint.ms)} ms`);
  }
  // Let the grid layers finish loading.
  await page.waitForTimeout(3000);
  for (const zoom of [12, 14]) {
    const result = await page.evaluate(
      ([z, seconds]) =>
        new Promise((resolve) => {
          const s = /** @type {any} */ (window).__yiwangScreen;
          const view = s.view();
          view.setZoom(z);
          view.setCenter([12648000, 4127000]);
          s.map().renderSync();
          // As a drag does (DragPan): vector layers keep their last render while the view moves.
          view.beginInteraction();
          const start = performance.now();
          /** @type {Array<number>} */
          const frames = [];
          let last = start;
          const step = (/** @type {number} */ now) => {
            frames.push(now - last);
            last = now;
            const t = (now - start) / 1000;
            // A circle of 2 km radius every 4 s: every frame moves the view.
            view.setCenter([12648000 + 2000 * Math.cos((t * Math.PI) / 2), 4127000 + 2000 * Math.sin((t * Math.PI) / 2)]);
            if (now - start < seconds * 1000) {
              requestAnimationFrame(step);
            } else {
              view.endInteraction();
              const sorted = frames.slice(1).sort((a, b) => a - b);
              resolve({
                fps: (frames.length - 1) / ((now - start) / 1000),
                p50: sorted[Math.floor(sorted.length * 0.5)],
                p95: sorted[Math.floor(sorted.length * 0.95)],
              });
            }
          };
          requestAnimationFrame(step);
        }),
      [zoom, PAN_SECONDS],
    );
    console.log(
      `  ${paint.kind} markers, panning at zoom ${zoom} for ${PAN_SECONDS} s: ${result.fps.toFixed(1)} frames/s, frame time p50 ${result.p50.toFixed(1)} ms, p95 ${result.p95.toFixed(1)} ms`,
    );
  }
  await context.close();
}

try {
  const probe = await browser.newPage();
  const renderer = await probe.evaluate(() => {
    const gl = document.createElement('canvas').getContext('webgl2');
    const info = gl?.getExtension('WEBGL_debug_renderer_info');
    return gl ? String(gl.getParameter(info ? info.UNMASKED_RENDERER_WEBGL : gl.RENDERER)) : 'none';
  });
  await probe.close();
  console.log(`  WebGL renderer: ${renderer}`);
  // The page's own choice (a canvas image layer on a software rasteriser), then WebGL points forced.
  await measure('', true);
  await measure('?markers=webgl', false);
} finally {
  await browser.close();
}
