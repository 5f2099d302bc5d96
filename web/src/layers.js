/**
 * Vector layers of the grid levels, each with a loader that pages through
 * `GET /api/grids` and retries with backoff on failure.
 * @module layers
 */

import GeoJSON from 'ol/format/GeoJSON.js';
import VectorLayer from 'ol/layer/Vector.js';
import {all as allStrategy, bbox as bboxStrategy} from 'ol/loadingstrategy.js';
import {transformExtent} from 'ol/proj.js';
import VectorSource from 'ol/source/Vector.js';
import {LEVEL_KEYS, getLevel} from './levels.js';
import {retrying} from './retry.js';
import {createHighlightStyle, createLevelStyle} from './styles.js';

/**
 * @typedef {import('./levels.js').LevelKey} LevelKey
 * @typedef {import('ol/Feature.js').default} Feature
 * @typedef {VectorLayer<VectorSource<Feature>, Feature>} GridLayer
 */

/**
 * Receives loading progress; all callbacks are optional.
 * @typedef {Object} LoadReporter
 * @property {function(LevelKey): void} [loading] A request sequence started.
 * @property {function(LevelKey, number): void} [loaded] Features were added; the source now has `count`.
 * @property {function(LevelKey, unknown, import('./retry.js').FailureInfo): void} [failed] A load failed.
 * @property {function(LevelKey): void} [recovered] A load succeeded after failures.
 */

/** Draw order from bottom to top: coarse outlines are drawn over fine ones. */
/** @type {ReadonlyArray<LevelKey>} */
export const DRAW_ORDER = Object.freeze(['district', 'micro', 'l3', 'l2', 'l1', 'special']);

/** Declutter group shared by all grid labels. */
export const DECLUTTER_GROUP = 'grid-labels';

/**
 * GeoJSON format reading the API's EPSG:4326 data into the EPSG:3857 view.
 */
export const geojson = new GeoJSON({
  dataProjection: 'EPSG:4326',
  featureProjection: 'EPSG:3857',
});

/**
 * Converts a loader extent in the view projection to an API bbox in EPSG:4326,
 * clamped to valid longitudes and latitudes.
 * @param {import('ol/extent.js').Extent} extent Extent.
 * @param {import('ol/proj.js').ProjectionLike} projection Projection of `extent`.
 * @return {Array<number>} `[minLon, minLat, maxLon, maxLat]`.
 */
export function toLonLatBbox(extent, projection) {
  const [minLon, minLat, maxLon, maxLat] = transformExtent(extent, projection, 'EPSG:4326');
  return [
    Math.max(-180, minLon),
    Math.max(-90, minLat),
    Math.min(180, maxLon),
    Math.min(90, maxLat),
  ];
}

/**
 * @param {import('./api.js').Api} api API client.
 * @param {LevelKey} key Level key.
 * @param {LoadReporter} reporter Progress receiver.
 * @param {function(): void} onFirstLoad Called after the first successful load.
 * @return {VectorSource<Feature>} Source with a paging, retrying loader.
 */
function createGridSource(api, key, reporter, onFirstLoad) {
  const level = getLevel(key);
  const source = new VectorSource({
    strategy: level.strategy === 'bbox' ? bboxStrategy : allStrategy,
    overlaps: key === 'special',
  });
  let firstLoad = true;
  source.setLoader((extent, resolution, projection, success, failure) => {
    /** @type {import('./api.js').GridQuery} */
    const query = {level: key, limit: level.pageSize};
    if (level.strategy === 'bbox') {
      query.bbox = toLonLatBbox(extent, projection);
    }
    reporter.loading?.(key);
    const load = async () => {
      const {features} = await api.fetchAllGrids(query);
      const olFeatures = /** @type {Array<Feature>} */ (
        geojson.readFeatures({type: 'FeatureCollection', features})
      );
      for (const feature of olFeatures) {
        if (feature.getId() === undefined && feature.get('code')) {
          feature.setId(String(feature.get('code')));
        }
      }
      return olFeatures;
    };
    retrying(load, {
      onError: (error, info) => reporter.failed?.(key, error, info),
      onSuccess: (failures) => {
        if (failures > 0) {
          reporter.recovered?.(key);
        }
      },
    }).then(
      (olFeatures) => {
        source.addFeatures(olFeatures);
        success?.(olFeatures);
        reporter.loaded?.(key, source.getFeatures().length);
        if (firstLoad) {
          firstLoad = false;
          onFirstLoad();
        }
      },
      () => {
        // Only an abort ends the retry loop with an error; nothing aborts it today.
        failure?.();
      },
    );
  });
  return source;
}

/**
 * @typedef {Object} GridLayers
 * @property {Record<LevelKey, GridLayer>} layers Layers by level key.
 * @property {Array<GridLayer>} ordered Layers in draw order (bottom first).
 * @property {GridLayer} highlight Layer that shows the selected grid.
 * @property {Record<LevelKey, Promise<void>>} firstLoads Resolve on each level's first load.
 */

/**
 * Creates the grid layers. Sources load lazily, when their layer is first
 * rendered, so levels with a `minZoom` load only once the view zooms in.
 * @param {import('./api.js').Api} api API client.
 * @param {LoadReporter} [reporter] Progress receiver.
 * @return {GridLayers} Layers.
 */
export function createGridLayers(api, reporter = {}) {
  /** @type {Partial<Record<LevelKey, GridLayer>>} */
  const layers = {};
  /** @type {Partial<Record<LevelKey, Promise<void>>>} */
  const firstLoads = {};
  for (const key of LEVEL_KEYS) {
    const level = getLevel(key);
    /** @type {function(): void} */
    let resolveFirst = () => {};
    firstLoads[key] = new Promise((resolve) => {
      resolveFirst = () => resolve(undefined);
    });
    const layer = new VectorLayer({
      source: createGridSource(api, key, reporter, () => resolveFirst()),
      style: createLevelStyle(key),
      minZoom: level.minZoom > 0 ? level.minZoom : undefined,
      declutter: DECLUTTER_GROUP,
      properties: {level: key, title: level.name},
    });
    layers[key] = layer;
  }
  const all = /** @type {Record<LevelKey, GridLayer>} */ (layers);
  const highlight = /** @type {GridLayer} */ (
    new VectorLayer({
      source: new VectorSource(),
      style: createHighlightStyle(),
      properties: {title: '选中网格'},
    })
  );
  return {
    layers: all,
    ordered: DRAW_ORDER.map((key) => all[key]),
    highlight,
    firstLoads: /** @type {Record<LevelKey, Promise<void>>} */ (firstLoads),
  };
}
