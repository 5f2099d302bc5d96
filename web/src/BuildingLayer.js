/**
 * Building footprints extruded by height in a Cesium scene, as one
 * `Primitive` of `PolygonGeometry` instances (one per footprint, coloured by
 * use, instance id = building id), so ten thousand buildings cost one draw
 * batch instead of ten thousand entities.
 * @module BuildingLayer
 */

import {
  Cartesian3,
  Color,
  ColorGeometryInstanceAttribute,
  GeometryInstance,
  PerInstanceColorAppearance,
  PolygonGeometry,
  PolygonHierarchy,
  Primitive,
} from 'cesium';
import {buildingHeightMeters, useColor} from './buildings.js';

/** Colour of the selected building (the 2D selection's orange). */
const SELECTED_COLOR = '#ff8f00';

/**
 * @typedef {import('./api.js').BuildingFeature} BuildingFeature
 * @typedef {import('./api.js').BuildingProperties} BuildingProperties
 */

/**
 * @param {Array<Array<number>>} ring GeoJSON linear ring (lon/lat, closed).
 * @return {Array<Cartesian3>|null} Positions without the closing one, or `null` for a degenerate ring.
 */
function ringPositions(ring) {
  if (!Array.isArray(ring)) {
    return null;
  }
  const flat = [];
  for (const coordinate of ring) {
    if (!Array.isArray(coordinate) || !Number.isFinite(coordinate[0]) || !Number.isFinite(coordinate[1])) {
      return null;
    }
    flat.push(coordinate[0], coordinate[1]);
  }
  const n = flat.length;
  if (n >= 4 && flat[0] === flat[n - 2] && flat[1] === flat[n - 1]) {
    flat.length = n - 2;
  }
  return flat.length >= 6 ? Cartesian3.fromDegreesArray(flat) : null;
}

/**
 * @param {BuildingFeature['geometry']} geometry GeoJSON geometry.
 * @return {Array<PolygonHierarchy>} One hierarchy per polygon (a Polygon gives one, a MultiPolygon one per part).
 */
export function polygonHierarchies(geometry) {
  if (!geometry) {
    return [];
  }
  /** @type {Array<Array<Array<Array<number>>>>} */
  const polygons =
    geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.type === 'MultiPolygon' ? geometry.coordinates : [];
  /** @type {Array<PolygonHierarchy>} */
  const hierarchies = [];
  for (const rings of polygons) {
    const outer = ringPositions(rings?.[0]);
    if (!outer) {
      continue;
    }
    const holes = rings
      .slice(1)
      .map(ringPositions)
      .filter((positions) => positions !== null)
      .map((positions) => new PolygonHierarchy(/** @type {Array<Cartesian3>} */ (positions)));
    hierarchies.push(new PolygonHierarchy(outer, holes));
  }
  return hierarchies;
}

/**
 * @param {BuildingFeature} feature Feature.
 * @param {number} index Position in its batch (id of last resort).
 * @return {string} Building id: the feature id, else `properties.id`.
 */
function buildingId(feature, index) {
  const id = feature.id ?? feature.properties?.id;
  return id === undefined || id === null ? `#${index}` : String(id);
}

/** The buildings of one batch: the primitive and what its instance ids stand for. */
class Batch {
  /**
   * @param {Primitive|null} primitive Primitive (`null` for an empty batch).
   * @param {Map<string, BuildingProperties>} properties Properties by building id.
   * @param {number} instances Number of geometry instances.
   */
  constructor(primitive, properties, instances) {
    this.primitive = primitive;
    this.properties = properties;
    this.instances = instances;
  }
}

export default class BuildingLayer {
  /**
   * @param {import('cesium').Scene} scene Scene to draw in.
   */
  constructor(scene) {
    /** @private */
    this.scene_ = scene;
    /**
     * Batch on screen.
     * @private
     * @type {Batch}
     */
    this.shown_ = new Batch(null, new Map(), 0);
    /**
     * Batch whose geometry is being built by the workers.
     * @private
     * @type {Batch|null}
     */
    this.pending_ = null;
    /**
     * The selected building and its own colour.
     * @private
     * @type {{id: string, primitive: Primitive, color: Uint8Array}|null}
     */
    this.selected_ = null;
  }

  /**
   * Replaces the buildings. The previous ones stay on screen until the new
   * primitive is ready, so moving the camera never blanks the city.
   * @param {Array<BuildingFeature>} features Buildings (GeoJSON, EPSG:4326).
   * @return {Promise<boolean>} `true` once the new buildings have been rendered, `false` when a newer call replaced them first.
   */
  setBuildings(features) {
    /** @type {Array<GeometryInstance>} */
    const instances = [];
    /** @type {Map<string, BuildingProperties>} */
    const properties = new Map();
    const colors = new Map();
    features.forEach((feature, index) => {
      const id = buildingId(feature, index);
      const props = feature.properties || {};
      const height = buildingHeightMeters(props);
      const cssColor = useColor(props.use);
      let color = colors.get(cssColor);
      if (!color) {
        color = ColorGeometryInstanceAttribute.fromColor(Color.fromCssColorString(cssColor));
        colors.set(cssColor, color);
      }
      for (const polygonHierarchy of polygonHierarchies(feature.geometry)) {
        instances.push(
          new GeometryInstance({
            id,
            geometry: new PolygonGeometry({
              polygonHierarchy,
              height: 0,
              extrudedHeight: height,
              vertexFormat: PerInstanceColorAppearance.VERTEX_FORMAT,
            }),
            attributes: {color},
          }),
        );
        properties.set(id, {id, ...props});
      }
    });
    this.discardPending_();
    const primitive = instances.length
      ? new Primitive({
          geometryInstances: instances,
          appearance: new PerInstanceColorAppearance({translucent: false, closed: true}),
          asynchronous: true,
          releaseGeometryInstances: true,
        })
      : null;
    const batch = new Batch(primitive, properties, instances.length);
    this.pending_ = batch;
    if (primitive) {
      this.scene_.primitives.add(primitive);
    }
    return new Promise((resolve) => {
      let swapped = false;
      const scene = this.scene_;
      const removeListener = scene.postRender.addEventListener(() => {
        if (this.pending_ !== batch && !swapped) {
          removeListener();
          resolve(false);
          return;
        }
        if (!swapped) {
          if (primitive && !primitive.ready) {
            return;
          }
          this.swap_(batch);
          swapped = true;
          scene.requestRender();
          return;
        }
        // The frame after the swap shows the new buildings alone.
        removeListener();
        resolve(true);
      });
      scene.requestRender();
    });
  }

  /**
   * @private
   * @param {Batch} batch The batch to show.
   */
  swap_(batch) {
    const old = this.shown_;
    const selected = this.selected_?.id ?? null;
    this.selected_ = null;
    this.shown_ = batch;
    this.pending_ = null;
    if (old.primitive) {
      this.scene_.primitives.remove(old.primitive);
    }
    if (selected !== null && batch.properties.has(selected)) {
      this.select(selected);
    }
  }

  /**
   * Colours a building on screen as selected, and the previous one back.
   * @param {string|null} id Building id, `null` to clear the selection.
   */
  select(id) {
    const previous = this.selected_;
    this.selected_ = null;
    if (previous && !previous.primitive.isDestroyed()) {
      const attributes = previous.primitive.getGeometryInstanceAttributes(previous.id);
      if (attributes) {
        attributes.color = previous.color;
      }
    }
    const primitive = this.shown_.primitive;
    const attributes = id !== null && primitive?.ready ? primitive.getGeometryInstanceAttributes(id) : undefined;
    if (primitive && attributes && id !== null) {
      this.selected_ = {id, primitive, color: Uint8Array.from(attributes.color)};
      attributes.color = ColorGeometryInstanceAttribute.toValue(Color.fromCssColorString(SELECTED_COLOR));
    }
    this.scene_.requestRender();
  }

  /** @private */
  discardPending_() {
    if (this.pending_?.primitive) {
      this.scene_.primitives.remove(this.pending_.primitive);
    }
    this.pending_ = null;
  }

  /**
   * @return {number} Building instances in the primitive on screen.
   */
  getCount() {
    return this.shown_.instances;
  }

  /**
   * @param {string} id Building id.
   * @return {BuildingProperties|undefined} The properties of a building on screen.
   */
  getBuilding(id) {
    return this.shown_.properties.get(id);
  }

  /**
   * @return {Array<BuildingProperties>} The buildings on screen.
   */
  getBuildings() {
    return [...this.shown_.properties.values()];
  }

  /**
   * @param {unknown} picked Result of `scene.pick()`.
   * @return {BuildingProperties|null} The building it designates, if it is one of ours.
   */
  fromPick(picked) {
    if (!picked || typeof picked !== 'object' || !('primitive' in picked) || !('id' in picked)) {
      return null;
    }
    for (const batch of [this.shown_, this.pending_]) {
      if (batch?.primitive && picked.primitive === batch.primitive) {
        return batch.properties.get(String(picked.id)) ?? null;
      }
    }
    return null;
  }

  /** Removes the buildings from the scene. */
  destroy() {
    this.discardPending_();
    if (this.shown_.primitive) {
      this.scene_.primitives.remove(this.shown_.primitive);
    }
    this.shown_ = new Batch(null, new Map(), 0);
  }
}
