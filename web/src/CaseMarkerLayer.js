/**
 * Case markers in a Cesium scene: one point per case at its floor height,
 * coloured by `caseColor`, and a `N层` label for the cases that name a
 * floor. Points and labels are drawn in front of the buildings (a marker on a
 * floor is inside its building's box), like `Map3D.addMarker`.
 * @module CaseMarkerLayer
 */

import {
  Cartesian2,
  Cartesian3,
  Cartographic,
  Color,
  LabelCollection,
  LabelStyle,
  PointPrimitiveCollection,
  VerticalOrigin,
} from 'cesium';
import {labelFont} from './styles.js';

/**
 * @typedef {import('./caseMarkers.js').CaseMarker} CaseMarker
 */

/** The `id` of a marker's point, so a pick can tell our markers from other points. */
class CasePick {
  /**
   * @param {CaseMarker} marker Marker.
   */
  constructor(marker) {
    this.marker = marker;
  }
}

export default class CaseMarkerLayer {
  /**
   * @param {import('cesium').Scene} scene Scene to draw in.
   */
  constructor(scene) {
    /** @private */
    this.scene_ = scene;
    /** @private */
    this.points_ = scene.primitives.add(new PointPrimitiveCollection());
    /** @private */
    this.labels_ = scene.primitives.add(new LabelCollection());
    /**
     * @private
     * @type {Array<CaseMarker>}
     */
    this.markers_ = [];
  }

  /**
   * Replaces the markers.
   * @param {Array<CaseMarker>} markers Markers.
   */
  setMarkers(markers) {
    this.points_.removeAll();
    this.labels_.removeAll();
    this.markers_ = markers.slice();
    for (const marker of markers) {
      const position = Cartesian3.fromDegrees(marker.lon, marker.lat, marker.heightM);
      this.points_.add({
        id: new CasePick(marker),
        position,
        pixelSize: 11,
        color: Color.fromCssColorString(marker.color),
        outlineColor: Color.WHITE,
        outlineWidth: 2,
        disableDepthTestDistance: Number.POSITIVE_INFINITY,
      });
      if (marker.floor !== null) {
        this.labels_.add({
          position,
          text: `${marker.floor}层`,
          font: labelFont(14),
          fillColor: Color.fromCssColorString('#2b2b2b'),
          outlineColor: Color.WHITE,
          outlineWidth: 3,
          style: LabelStyle.FILL_AND_OUTLINE,
          verticalOrigin: VerticalOrigin.BOTTOM,
          pixelOffset: new Cartesian2(0, -9),
          disableDepthTestDistance: Number.POSITIVE_INFINITY,
        });
      }
    }
    // Label glyphs reach the GPU a few frames later, and nothing else asks for those frames.
    for (const delayMs of [0, 100, 400]) {
      setTimeout(() => this.scene_.isDestroyed() || this.scene_.requestRender(), delayMs);
    }
  }

  /** @return {Array<CaseMarker>} The markers as placed. */
  getMarkers() {
    return this.markers_.slice();
  }

  /**
   * What the scene holds, read back from the point primitives (for tests).
   * @return {Array<{code: string, floor: number|null, heightM: number, lon: number, lat: number}>} One entry per point.
   */
  readScene() {
    const out = [];
    for (let i = 0; i < this.points_.length; i++) {
      const point = this.points_.get(i);
      const cartographic = Cartographic.fromCartesian(point.position);
      const marker = /** @type {CasePick} */ (point.id).marker;
      out.push({
        code: marker.code,
        floor: marker.floor,
        heightM: cartographic.height,
        lon: (cartographic.longitude * 180) / Math.PI,
        lat: (cartographic.latitude * 180) / Math.PI,
      });
    }
    return out;
  }

  /** @return {number} Points in the scene. */
  getCount() {
    return this.points_.length;
  }

  /** @return {number} Floor labels in the scene. */
  getLabelCount() {
    return this.labels_.length;
  }

  /**
   * @param {unknown} picked Result of `scene.pick()`.
   * @return {CaseMarker|null} The case marker it designates.
   */
  fromPick(picked) {
    if (picked && typeof picked === 'object' && 'id' in picked && picked.id instanceof CasePick) {
      return picked.id.marker;
    }
    return null;
  }

  /** Removes the markers from the scene. */
  destroy() {
    this.scene_.primitives.remove(this.points_);
    this.scene_.primitives.remove(this.labels_);
    this.markers_ = [];
  }
}
