import {cpSync, createReadStream, statSync} from 'node:fs';
import {extname, join, relative, resolve} from 'node:path';
import {fileURLToPath} from 'node:url';
import {defineConfig} from 'vite';

/** Where the Yiwang server listens during development. */
const SERVER = process.env.YIWANG_SERVER_URL || 'http://localhost:8080';

/**
 * Requests the dev and preview servers pass to the Yiwang server. `xfwd`
 * sends X-Forwarded-Host, so the absolute `next` links of OGC API pages
 * point back at this server rather than at the Yiwang server's own address.
 * @type {Record<string, import('vite').ProxyOptions>}
 */
const PROXY = {
  '/api': {target: SERVER, changeOrigin: true, xfwd: true},
  '/ogc': {target: SERVER, changeOrigin: true, xfwd: true},
  '/login': {target: SERVER, changeOrigin: true, xfwd: true},
};

/** Cesium's prebuilt static files: web workers, assets, third-party code, widget CSS. */
const CESIUM_BUILD = fileURLToPath(new URL('./node_modules/cesium/Build/Cesium/', import.meta.url));
const CESIUM_DIRS = ['Workers', 'Assets', 'ThirdParty', 'Widgets'];
/** Served at `<base>cesium/`, where `src/view3d.js` points `CESIUM_BASE_URL`. */
const CESIUM_PATH = 'cesium';

/** @type {Record<string, string>} */
const CONTENT_TYPES = {
  '.js': 'text/javascript',
  '.json': 'application/json',
  '.css': 'text/css',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.svg': 'image/svg+xml',
  '.wasm': 'application/wasm',
  '.xml': 'application/xml',
  '.glb': 'model/gltf-binary',
};

/**
 * Serves Cesium's static files from our own origin: copied into
 * `dist/cesium/` by the build, served from node_modules by the dev server.
 * Nothing is fetched from the network.
 * @return {import('vite').Plugin} The plugin.
 */
function cesiumStatic() {
  let outDir = 'dist';
  return {
    name: 'yiwang-cesium-static',
    configResolved(config) {
      outDir = resolve(config.root, config.build.outDir);
    },
    configureServer(server) {
      server.middlewares.use(`/${CESIUM_PATH}`, (request, response, next) => {
        const path = decodeURIComponent(new URL(request.url || '/', 'http://dev').pathname);
        const file = join(CESIUM_BUILD, path);
        const inside = relative(CESIUM_BUILD, file);
        if (!CESIUM_DIRS.includes(inside.split(/[\\/]/)[0]) || inside.startsWith('..')) {
          next();
          return;
        }
        try {
          if (!statSync(file).isFile()) {
            next();
            return;
          }
        } catch {
          next();
          return;
        }
        response.setHeader('Content-Type', CONTENT_TYPES[extname(file)] || 'application/octet-stream');
        createReadStream(file).pipe(response);
      });
    },
    writeBundle() {
      for (const dir of CESIUM_DIRS) {
        cpSync(join(CESIUM_BUILD, dir), join(outDir, CESIUM_PATH, dir), {recursive: true});
      }
    },
  };
}

/** Pages served without their `.html` suffix, as the Yiwang server does. */
const PAGES = ['worker', 'screen', 'dispatch', 'planner', 'reports', 'analyst'];

/**
 * Serves the phone page for grid workers at `/worker` and `/worker/`, and the
 * big screen at `/screen`, the dispatcher's page at `/dispatch`, the planner's
 * page at `/planner`, the reports page at `/reports` and the analyst's page at
 * `/analyst`, in the dev and preview servers, as the Yiwang server does
 * (`WorkerPageController`, `ScreenPageController`, `DispatchPageController`,
 * `PlannerPageController`, `ReportsPageController`, `AnalystPageController`).
 * @return {import('vite').Plugin} The plugin.
 */
function workerPageRoute() {
  /** @type {import('vite').Connect.NextHandleFunction} */
  const rewrite = (request, _response, next) => {
    const [path, query] = (request.url || '/').split('?');
    const page = PAGES.find((p) => path === `/${p}` || path === `/${p}/`);
    if (page) {
      request.url = `/${page}.html${query ? `?${query}` : ''}`;
    }
    next();
  };
  return {
    name: 'yiwang-worker-page',
    configureServer(server) {
      server.middlewares.use(rewrite);
    },
    configurePreviewServer(server) {
      server.middlewares.use(rewrite);
    },
  };
}

/** @type {{key: unknown, modules: Set<string>}|null} */
let staticGraph = null;

/**
 * @param {function(): IterableIterator<string>} getModuleIds Rollup's module ids.
 * @param {function(string): (import('rollup').ModuleInfo|null)} getModuleInfo Rollup's module info.
 * @return {Set<string>} Modules reached from the entries by static imports (the page's first load).
 */
function staticModules(getModuleIds, getModuleInfo) {
  if (staticGraph?.key !== getModuleInfo) {
    const seen = new Set();
    const stack = [...getModuleIds()].filter((id) => getModuleInfo(id)?.isEntry);
    while (stack.length) {
      const id = /** @type {string} */ (stack.pop());
      if (!seen.has(id)) {
        seen.add(id);
        stack.push(...(getModuleInfo(id)?.importedIds ?? []));
      }
    }
    staticGraph = {key: getModuleInfo, modules: seen};
  }
  return staticGraph.modules;
}

export default defineConfig({
  base: '/',
  plugins: [cesiumStatic(), workerPageRoute()],
  server: {proxy: PROXY},
  preview: {proxy: PROXY},
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    // OpenLayers is one sizeable, cacheable chunk; Cesium (several MB) is another, loaded only in 3D.
    chunkSizeWarningLimit: 6144,
    rollupOptions: {
      // The map console, the phone page for grid workers (/worker), the big screen (/screen) and the
      // dispatcher's page (/dispatch), the planner's page (/planner), the reports page (/reports) and the
      // analyst's page (/analyst).
      input: {
        main: fileURLToPath(new URL('./index.html', import.meta.url)),
        worker: fileURLToPath(new URL('./worker.html', import.meta.url)),
        screen: fileURLToPath(new URL('./screen.html', import.meta.url)),
        dispatch: fileURLToPath(new URL('./dispatch.html', import.meta.url)),
        planner: fileURLToPath(new URL('./planner.html', import.meta.url)),
        reports: fileURLToPath(new URL('./reports.html', import.meta.url)),
        analyst: fileURLToPath(new URL('./analyst.html', import.meta.url)),
      },
      output: {
        manualChunks: (id, {getModuleIds, getModuleInfo}) => {
          if (id.includes('/node_modules/cesium/') || id.includes('/node_modules/@cesium/')) {
            return 'cesium';
          }
          // Only the OpenLayers modules of the 2D page: those ol-cesium adds load with the 3D view.
          if (id.includes('/node_modules/ol/') && staticModules(getModuleIds, getModuleInfo).has(id)) {
            return 'ol';
          }
          // Vite's dynamic-import helper is used by the page and by Cesium: keep it out of Cesium's chunk.
          if (id.includes('vite/preload-helper')) {
            return 'ol';
          }
          return undefined;
        },
      },
    },
  },
});
