/**
 * The 2D/3D switch (三维 / 二维) with the building status and use legend,
 * and the lazy loading of Cesium, ol-cesium and the 3D view on the first
 * switch, so the 2D console does not download them.
 * @module view3d
 */

import {BUILDING_USES, USE_KEYS, placeAtFloor} from './buildings.js';
import {CASE_COLOR_LEGEND, MAX_CASE_MARKERS} from './caseMarkers.js';
import {el} from './dom.js';
import {retrying} from './retry.js';

/**
 * Where Cesium's workers, assets, third-party code and widget CSS are served
 * (copied into `dist/cesium/` by the build; see vite.config.js).
 */
export const CESIUM_BASE_URL = `${import.meta.env?.BASE_URL ?? '/'}cesium/`;

/** Most buildings kept in the scene; more in view are left out until the camera comes closer. */
export const MAX_BUILDINGS = 20000;

/**
 * @typedef {import('./Map3D.js').default} Map3D
 * @typedef {import('./api.js').BuildingProperties} BuildingProperties
 */

/**
 * The test and debugging hook at `window.__yiwang.three`.
 * @typedef {Object} ThreeHook
 * @property {Promise<void>} ready Resolves once the first batch of buildings is in the scene and rendered (after the first switch to 3D).
 * @property {import('cesium').Scene|null} scene The Cesium scene (`null` before the first switch).
 * @property {boolean} enabled Whether the 3D view is shown.
 * @property {function(boolean): Promise<void>} setEnabled Switches like the button does.
 * @property {function(): number} buildingCount Building instances in the scene's building primitive.
 * @property {function(): Array<BuildingProperties>} buildings The buildings in the scene.
 * @property {function(): ({received: number, bbox: Array<number>, truncated: boolean}|null)} lastBatch The batch in the scene: features received, bbox requested, capped or not.
 * @property {function(number, number): (BuildingProperties|null)} pick The building at a page position (CSS pixels).
 * @property {function(number, number, number): ({x: number, y: number}|null)} project Page position of lon, lat, height (m).
 * @property {function(number, number, number): (import('./Map3D.js').Marker|null)} placeAtFloor Adds a marker at lon, lat on a floor.
 * @property {function(): void} clearSelection Un-highlights the selected building.
 * @property {function(boolean): void} setCasesVisible Turns the case markers on or off, like the 案件 checkbox.
 * @property {function(): ({received: number, total: number, bbox: Array<number>}|null)} caseBatch The cases on screen.
 * @property {function(): Array<{code: string, floor: number|null, heightM: number, lon: number, lat: number}>} caseMarkers
 *   The case marker points in the scene, heights read back from their positions.
 * @property {function(): number} caseLabelCount Floor labels of case markers in the scene.
 */

/**
 * @typedef {Object} View3dOptions
 * @property {import('ol/Map.js').default} map The 2D map.
 * @property {import('./api.js').Api} api API client.
 * @property {import('./banner.js').ErrorBanner} banner Error banner.
 * @property {import('./info.js').InfoPanel} info Information panel.
 * @property {function(): (import('ol/extent.js').Extent|null)} limitExtent Area with buildings (EPSG:4326), e.g. the district.
 * @property {function(number, number): void} onGroundClick The ground was clicked in 3D (longitude, latitude).
 * @property {function(boolean): void} [onChange] The view switched (`true`: 3D).
 */

/**
 * Loads Cesium and the 3D view module. Cesium reads `CESIUM_BASE_URL` when
 * it first needs a worker or an asset; ol-cesium reads `window.Cesium`.
 * @return {Promise<typeof import('./Map3D.js').default>} The Map3D class.
 */
async function loadMap3D() {
  const global = /** @type {any} */ (window);
  global.CESIUM_BASE_URL = CESIUM_BASE_URL;
  const Cesium = await import('cesium');
  // No Cesium ion: an empty token makes any accidental ion request fail instead of using the demo token.
  Cesium.Ion.defaultAccessToken = '';
  global.Cesium = Cesium;
  const module = await import('./Map3D.js');
  return module.default;
}

/**
 * @param {HTMLElement} container Element of the switch.
 * @param {View3dOptions} options Options.
 * @return {ThreeHook} The hook for `window.__yiwang.three`.
 */
export function createView3dSwitch(container, options) {
  const {banner, info, api} = options;
  container.classList.add('view3d');
  const button = el('button', {type: 'button', class: 'view3d__button', 'aria-pressed': 'false', title: '切换到三维视图'}, [
    '三维',
  ]);
  const status = el('p', {class: 'view3d__status', 'aria-live': 'polite'});
  const legend = el(
    'ul',
    {class: 'view3d__legend', 'aria-label': '建筑用途'},
    USE_KEYS.map((key) => {
      const swatch = el('span', {class: 'view3d__swatch', 'aria-hidden': 'true'});
      swatch.style.background = BUILDING_USES[key].color;
      return el('li', {'data-use': key}, [swatch, BUILDING_USES[key].name]);
    }),
  );
  const casesToggle = el('input', {type: 'checkbox', class: 'view3d__cases-toggle'});
  const casesStatus = el('span', {class: 'view3d__cases-status', 'aria-live': 'polite'});
  const casesLegend = el(
    'ul',
    {class: 'view3d__legend view3d__legend--cases', 'aria-label': '案件颜色'},
    CASE_COLOR_LEGEND.map(({color, name}) => {
      const swatch = el('span', {class: 'view3d__swatch view3d__swatch--round', 'aria-hidden': 'true'});
      swatch.style.background = color;
      return el('li', {}, [swatch, name]);
    }),
  );
  const cases = el('div', {class: 'view3d__cases'}, [
    el('label', {}, [casesToggle, ' 显示未结案件（按楼层）']),
    casesStatus,
    casesLegend,
  ]);
  container.replaceChildren(button, status, legend, cases);
  status.hidden = true;
  legend.hidden = true;
  cases.hidden = true;

  /** @type {Map3D|null} */
  let map3d = null;
  /** @type {Promise<Map3D>|null} */
  let loading = null;
  /** The state the user asked for (the button may be pressed again while Cesium loads). */
  let wanted = false;

  /** @type {function(): void} */
  let resolveReady = () => {};
  /** @type {Promise<void>} */
  const ready = new Promise((resolve) => {
    resolveReady = () => resolve(undefined);
  });

  /**
   * @param {string} text Status text.
   * @param {'loading'|'loaded'|'error'|''} [state] State (for styling).
   */
  function setStatus(text, state = '') {
    status.textContent = text;
    status.dataset.state = state;
  }

  function render() {
    const on = Boolean(map3d && map3d.getEnabled());
    button.textContent = wanted ? '二维' : '三维';
    button.title = wanted ? '切换到二维地图' : '切换到三维视图';
    button.setAttribute('aria-pressed', String(wanted));
    status.hidden = !wanted;
    legend.hidden = !on;
    cases.hidden = !on;
    casesLegend.hidden = !casesToggle.checked;
  }

  /**
   * @param {string} text Case status text.
   * @param {'loading'|'loaded'|'error'|''} [state] State (for styling).
   */
  function setCasesStatus(text, state = '') {
    casesStatus.textContent = text;
    casesStatus.dataset.state = state;
  }

  /** @return {Promise<Map3D>} The 3D view, created on first use. */
  function getMap3D() {
    if (!loading) {
      setStatus('正在加载三维组件…', 'loading');
      loading = retrying(
        async () => {
          const Map3DClass = await loadMap3D();
          return new Map3DClass({
            map: options.map,
            api,
            limitExtent: options.limitExtent,
            maxBuildings: MAX_BUILDINGS,
            onBuildingClick: (building) =>
              info.showBuilding(
                building,
                building.microCode ? api.getGrid(String(building.microCode)) : null,
                api.signedIn() && building.id !== undefined ? api.getBuildingCases(String(building.id)) : null,
              ),
            cases: {
              // On for a signed-in user; others turn it on themselves (and are asked to log in).
              visible: casesToggle.checked,
              onClick: (marker) => {
                const item = map3d?.getCaseBatch()?.items.find((c) => c.id === marker.id);
                if (item) {
                  info.showCase(item);
                }
              },
              reporter: {
                loading: () => setCasesStatus('案件加载中…', 'loading'),
                tooFar: () => setCasesStatus('放大后显示案件', ''),
                loaded: (batch, count) => {
                  banner.clear('cases3d');
                  setCasesStatus(
                    batch.total > batch.items.length
                      ? `案件 ${count} 件（视野内共 ${batch.total} 件，显示最新 ${MAX_CASE_MARKERS} 件）`
                      : `案件 ${count} 件`,
                    'loaded',
                  );
                },
                failed: (error, failure) => {
                  const detail = error instanceof Error ? error.message : String(error);
                  banner.show('cases3d', `加载「案件」失败：${detail}`, failure.retryNow);
                  setCasesStatus('案件加载失败', 'error');
                },
                recovered: () => banner.clear('cases3d'),
              },
            },
            onGroundClick: options.onGroundClick,
            onEmptyClick: () => info.hide(),
            reporter: {
              loading: () => setStatus('建筑加载中…', 'loading'),
              loaded: (batch, count) => {
                banner.clear('buildings');
                setStatus(
                  batch.truncated
                    ? `建筑 ${count} 栋（视野内超过 ${MAX_BUILDINGS} 栋，靠近后加载其余）`
                    : `建筑 ${count} 栋`,
                  'loaded',
                );
                resolveReady();
              },
              failed: (error, failure) => {
                const detail = error instanceof Error ? error.message : String(error);
                const when = Number.isFinite(failure.delay)
                  ? `，${Math.max(1, Math.round(failure.delay / 1000))} 秒后自动重试`
                  : '';
                banner.show('buildings', `加载「建筑」失败：${detail}${when}`, failure.retryNow);
                setStatus('建筑加载失败', 'error');
              },
              recovered: () => banner.clear('buildings'),
            },
          });
        },
        {
          // A chunk that failed to download (TypeError) is fetched again; a missing WebGL waits for 重试.
          shouldRetry: (error) => error instanceof TypeError,
          onError: (error, failure) => {
            const detail = error instanceof Error ? error.message : String(error);
            banner.show('three', `无法启动三维视图：${detail}`, failure.retryNow);
            setStatus('三维视图不可用', 'error');
          },
          onSuccess: () => banner.clear('three'),
        },
      );
    }
    return loading;
  }

  /**
   * @param {boolean} enabled 3D on.
   * @return {Promise<void>} Resolves once switched.
   */
  async function setEnabled(enabled) {
    wanted = enabled;
    render();
    info.hide();
    map3d?.clearSelection();
    if (!enabled && !map3d) {
      return;
    }
    const view = map3d || (await getMap3D());
    map3d = view;
    if (wanted !== view.getEnabled()) {
      view.setEnabled(wanted);
      options.onChange?.(wanted);
    }
    render();
  }

  casesToggle.addEventListener('change', () => {
    map3d?.setCasesVisible(casesToggle.checked);
    if (!casesToggle.checked) {
      setCasesStatus('');
    }
    render();
  });

  button.addEventListener('click', () => {
    if (!map3d && !loading) {
      casesToggle.checked = api.signedIn();
    }
    setEnabled(!wanted).catch((error) => {
      wanted = false;
      render();
      const detail = error instanceof Error ? error.message : String(error);
      banner.show('three', `切换三维视图失败：${detail}`, () => {
        banner.clear('three');
        button.click();
      });
    });
  });

  return Object.freeze({
    ready,
    get scene() {
      return map3d ? map3d.scene : null;
    },
    get enabled() {
      return Boolean(map3d && map3d.getEnabled());
    },
    setEnabled,
    buildingCount: () => (map3d ? map3d.buildingCount() : 0),
    buildings: () => (map3d ? map3d.getBuildings() : []),
    lastBatch: () => {
      const batch = map3d ? map3d.getLastBatch() : null;
      return batch ? {received: batch.features.length, bbox: batch.bbox.slice(), truncated: batch.truncated} : null;
    },
    pick: (x, y) => (map3d ? map3d.pick(x, y) : null),
    project: (lon, lat, heightM) => (map3d ? map3d.project(lon, lat, heightM) : null),
    placeAtFloor: (lon, lat, floor) => (map3d ? map3d.addMarker(placeAtFloor(lon, lat, floor)) : null),
    clearSelection: () => map3d?.clearSelection(),
    setCasesVisible: (visible) => {
      casesToggle.checked = visible;
      casesToggle.dispatchEvent(new Event('change'));
    },
    caseBatch: () => {
      const batch = map3d ? map3d.getCaseBatch() : null;
      return batch ? {received: batch.items.length, total: batch.total, bbox: batch.bbox.slice()} : null;
    },
    caseMarkers: () => (map3d ? map3d.getCaseLayer().readScene() : []),
    caseLabelCount: () => (map3d ? map3d.getCaseLayer().getLabelCount() : 0),
  });
}
