/**
 * Lays the coarse grid levels ({@link LEVELS_3D}: district, streets,
 * communities) on the ground of the 3D view, kept in sync with their
 * OpenLayers layers by ol-cesium's synchronizer (layers added, removed,
 * shown, hidden; features loaded).
 *
 * ol-cesium's own converter makes one ground-clamped primitive per feature:
 * for ~200 grids, hundreds of shadow-volume draw calls a frame, which a
 * software-rendered WebGL (SwiftShader, llvmpipe: remote desktops, VMs)
 * pays with seconds per frame. The ground here is the bare ellipsoid
 * (`EllipsoidTerrainProvider`), so nothing needs clamping: each level is one
 * batched `Primitive` of polylines a metre above the ellipsoid (level colour
 * and width), one opaque polygon primitive for its fill when the fill is
 * visible at all (only the district's is: the others are nearly transparent
 * click targets in 2D), and one `LabelCollection` of names shown within the
 * camera distances matching the level's 2D label zooms (and close enough for
 * the grid to fill part of the screen). The 3D view finds a clicked grid
 * from the 2D sources, so nothing here is pickable.
 * @module GridSynchronizer
 */

import {
  ArcType,
  Cartesian3,
  Color,
  ColorGeometryInstanceAttribute,
  DistanceDisplayCondition,
  GeometryInstance,
  LabelCollection,
  LabelStyle,
  Math as CesiumMath,
  PerInstanceColorAppearance,
  PolygonGeometry,
  PolygonHierarchy,
  PolylineColorAppearance,
  PolylineGeometry,
  Primitive,
  VerticalOrigin,
} from 'cesium';
import {asArray} from 'ol/color.js';
import {toLonLat, transformExtent} from 'ol/proj.js';
import VectorSynchronizer from 'olcs/VectorSynchronizer.js';
import VectorLayerCounterpart from 'olcs/core/VectorLayerCounterpart.js';
import {LEVELS_3D, getLevel, isLevelKey} from './levels.js';
import {labelFont, labelPoint} from './styles.js';

/**
 * @typedef {import('./levels.js').LevelKey} LevelKey
 * @typedef {import('ol/Feature.js').default} Feature
 * @typedef {import('ol/proj.js').ProjectionLike} ProjectionLike
 */

/** Fills fainter than this are not drawn in 3D. */
const MIN_FILL_ALPHA = 0.1;

/** Heights above the ellipsoid (m): fills under boundaries under labels, all above the ground tiles' chords. */
const FILL_HEIGHT_METERS = 0.3;
const LINE_HEIGHT_METERS = 1;
const LABEL_HEIGHT_METERS = 2;

/** Subdivision of fills (~1 km), so a district-wide polygon follows the ellipsoid's curve to a few centimetres. */
const FILL_GRANULARITY_RADIANS = CesiumMath.RADIANS_PER_DEGREE / 100;

/** Vertical field of view of Cesium's default camera (60°), for label distances. */
const FOVY_RADIANS = Math.PI / 3;

/** Screen height (CSS px) the label distances are computed for. */
const REFERENCE_HEIGHT_PX = 800;

/** Latitude of 二七区, for the metres per pixel of a zoom. */
const REFERENCE_LATITUDE_DEGREES = 34.7;

/**
 * A grid's label shows only while the camera is closer than this many times
 * the grid's size, i.e. while the grid fills a good part of the screen:
 * Cesium labels do not declutter, so small central streets would otherwise
 * pile their names on each other at district scale.
 */
const LABEL_DISTANCE_PER_SIZE = 5;

/** Resolution (m/px) of zoom 0 in EPSG:3857. */
const ZOOM0_RESOLUTION = 156543.03392804097;

/**
 * Camera distance at which the 3D view shows about what the 2D map shows at a zoom.
 * @param {number} zoom 2D zoom.
 * @return {number} Distance in metres.
 */
export function distanceForZoom(zoom) {
  if (!Number.isFinite(zoom)) {
    return zoom > 0 ? 0 : Number.POSITIVE_INFINITY;
  }
  const metresPerPixel =
    (ZOOM0_RESOLUTION / Math.pow(2, zoom)) * Math.cos((REFERENCE_LATITUDE_DEGREES * Math.PI) / 180);
  return (metresPerPixel * REFERENCE_HEIGHT_PX) / 2 / Math.tan(FOVY_RADIANS / 2);
}

/**
 * @param {import('ol/geom/Geometry.js').default|undefined} geometry Polygon or MultiPolygon (view projection).
 * @return {Array<Array<Array<import('ol/coordinate.js').Coordinate>>>} Its polygons, each an array of rings.
 */
function polygonsOf(geometry) {
  if (!geometry) {
    return [];
  }
  const type = geometry.getType();
  if (type === 'Polygon') {
    return [/** @type {import('ol/geom/Polygon.js').default} */ (geometry).getCoordinates()];
  }
  if (type === 'MultiPolygon') {
    return /** @type {import('ol/geom/MultiPolygon.js').default} */ (geometry).getCoordinates();
  }
  return [];
}

/**
 * @param {Array<import('ol/coordinate.js').Coordinate>} ring Ring in the view projection (closed).
 * @param {ProjectionLike} projection View projection.
 * @param {number} height Height above the ellipsoid in metres.
 * @return {Array<Cartesian3>|null} Positions, still closed, or `null` for a degenerate ring.
 */
function ringPositions(ring, projection, height) {
  if (ring.length < 4) {
    return null;
  }
  const flat = [];
  for (const coordinate of ring) {
    const [lon, lat] = toLonLat(coordinate, projection);
    flat.push(lon, lat, height);
  }
  return Cartesian3.fromDegreesArrayHeights(flat);
}

/**
 * @param {import('ol/geom/Geometry.js').default} geometry Geometry in the view projection.
 * @param {ProjectionLike} projection View projection.
 * @return {number} The larger side of its extent on the ground, in metres.
 */
function sizeMeters(geometry, projection) {
  const [minLon, minLat, maxLon, maxLat] = transformExtent(geometry.getExtent(), projection, 'EPSG:4326');
  const metresPerDegree = 111320;
  const width = (maxLon - minLon) * metresPerDegree * Math.cos(((minLat + maxLat) / 2) * (Math.PI / 180));
  return Math.max(width, (maxLat - minLat) * metresPerDegree);
}

/**
 * @param {string} color CSS colour, possibly translucent.
 * @param {string} under Opaque CSS colour it is drawn over.
 * @return {{color: Color, alpha: number}} The opaque blend, and the original alpha.
 */
function blendOver(color, under) {
  const [r, g, b, alpha] = asArray(color);
  const [ur, ug, ub] = asArray(under);
  const mix = (/** @type {number} */ top, /** @type {number} */ bottom) => Math.round(top * alpha + bottom * (1 - alpha));
  return {color: Color.fromBytes(mix(r, ur), mix(g, ug), mix(b, ub), 255), alpha};
}

/**
 * Builds the primitives of one level from its features.
 * @param {LevelKey} key Level.
 * @param {Array<Feature>} features Features (view projection).
 * @param {ProjectionLike} projection View projection.
 * @param {string} groundColor CSS colour of the ground, under translucent fills.
 * @return {Array<Primitive|LabelCollection>} Primitives (none without features).
 */
export function levelPrimitives(key, features, projection, groundColor) {
  const level = getLevel(key);
  const stroke = ColorGeometryInstanceAttribute.fromColor(Color.fromCssColorString(level.stroke));
  const fill = blendOver(level.fill, groundColor);
  const fillColor = ColorGeometryInstanceAttribute.fromColor(fill.color);
  /** @type {Array<GeometryInstance>} */
  const lines = [];
  /** @type {Array<GeometryInstance>} */
  const areas = [];
  const labels = new LabelCollection();
  const nearest = distanceForZoom(level.labelMaxZoom);
  const farthest = distanceForZoom(level.labelMinZoom);
  for (const feature of features) {
    for (const rings of polygonsOf(feature.getGeometry())) {
      for (const ring of rings) {
        const positions = ringPositions(ring, projection, LINE_HEIGHT_METERS);
        if (positions) {
          lines.push(
            new GeometryInstance({
              geometry: new PolylineGeometry({
                positions,
                width: Math.max(1, level.width),
                arcType: ArcType.GEODESIC,
                vertexFormat: PolylineColorAppearance.VERTEX_FORMAT,
              }),
              attributes: {color: stroke},
            }),
          );
        }
      }
      const [outer, ...holes] = rings.map((ring) => ringPositions(ring, projection, FILL_HEIGHT_METERS));
      if (fill.alpha >= MIN_FILL_ALPHA && outer) {
        const hierarchy = new PolygonHierarchy(
          outer,
          holes.filter((hole) => hole !== null).map((hole) => new PolygonHierarchy(/** @type {Array<Cartesian3>} */ (hole))),
        );
        areas.push(
          new GeometryInstance({
            geometry: new PolygonGeometry({
              polygonHierarchy: hierarchy,
              height: FILL_HEIGHT_METERS,
              granularity: FILL_GRANULARITY_RADIANS,
              vertexFormat: PerInstanceColorAppearance.FLAT_VERTEX_FORMAT,
            }),
            attributes: {color: fillColor},
          }),
        );
      }
    }
    const name = feature.get('name');
    const anchor = labelPoint(feature);
    if (name && anchor) {
      const [lon, lat] = toLonLat(anchor.getCoordinates(), projection);
      const size = sizeMeters(/** @type {import('ol/geom/Geometry.js').default} */ (feature.getGeometry()), projection);
      const far = Math.max(nearest, Math.min(farthest, size * LABEL_DISTANCE_PER_SIZE));
      labels.add({
        position: Cartesian3.fromDegrees(lon, lat, LABEL_HEIGHT_METERS),
        text: String(name),
        // A little larger than in 2D: Cesium's distance-field glyphs blur at small sizes.
        font: labelFont(level.fontSize + 2),
        fillColor: Color.fromCssColorString(level.textColor),
        outlineColor: Color.WHITE,
        outlineWidth: 3,
        style: LabelStyle.FILL_AND_OUTLINE,
        verticalOrigin: VerticalOrigin.CENTER,
        // Seen at a slant, the ground in front of a label would cut its lower half off: names stay on top, as on a map.
        disableDepthTestDistance: Number.POSITIVE_INFINITY,
        distanceDisplayCondition: new DistanceDisplayCondition(nearest, far),
      });
    }
  }
  /** @type {Array<Primitive|LabelCollection>} */
  const primitives = [];
  if (areas.length) {
    primitives.push(
      new Primitive({
        geometryInstances: areas,
        appearance: new PerInstanceColorAppearance({flat: true, translucent: false}),
        allowPicking: false,
      }),
    );
  }
  if (lines.length) {
    primitives.push(
      new Primitive({
        geometryInstances: lines,
        appearance: new PolylineColorAppearance({translucent: false}),
        allowPicking: false,
      }),
    );
  }
  if (labels.length) {
    primitives.push(labels);
  } else {
    labels.destroy();
  }
  return primitives;
}

export default class GridSynchronizer extends VectorSynchronizer {
  /**
   * @param {import('ol/Map.js').default} map The 2D map.
   * @param {import('cesium').Scene} scene The 3D scene.
   * @param {string} groundColor CSS colour of the ground, under translucent fills.
   */
  constructor(map, scene, groundColor) {
    super(map, scene);
    /** @type {string} */
    this.groundColor = groundColor;
  }

  /**
   * @param {import('olcs/core.js').LayerWithParents} olLayerWithParents Layer.
   * @return {Array<VectorLayerCounterpart>} One counterpart for a level of {@link LEVELS_3D}; `null` skips other layers.
   */
  createSingleLayerCounterparts(olLayerWithParents) {
    const layer = olLayerWithParents.layer;
    const key = layer.get('level');
    const source = /** @type {import('ol/source/Vector.js').default<Feature>|null} */ (
      /** @type {import('ol/layer/Vector.js').default} */ (layer).getSource?.() ?? null
    );
    if (!isLevelKey(key) || !LEVELS_3D.includes(key) || !source) {
      return /** @type {any} */ (null);
    }
    const projection = this.view.getProjection();
    const counterpart = new VectorLayerCounterpart(projection, this.scene);
    const collection = counterpart.context.primitives;
    const root = counterpart.getRootPrimitive();
    /** @type {ReturnType<typeof setTimeout>|undefined} */
    let timer;
    const rebuild = () => {
      timer = undefined;
      if (root.isDestroyed()) {
        return;
      }
      collection.removeAll();
      for (const primitive of levelPrimitives(key, source.getFeatures(), projection, this.groundColor)) {
        collection.add(primitive);
      }
      this.scene.requestRender();
    };
    rebuild();
    // Sources change in bursts (a page of features at a time): rebuild once per burst.
    counterpart.olListenKeys.push(
      source.on('change', () => {
        if (timer === undefined) {
          timer = setTimeout(rebuild, 50);
        }
      }),
    );
    for (const item of [layer, ...olLayerWithParents.parents]) {
      counterpart.olListenKeys.push(
        item.on('change:visible', () => this.updateLayerVisibility(olLayerWithParents, root)),
      );
    }
    this.updateLayerVisibility(olLayerWithParents, root);
    return [counterpart];
  }
}
