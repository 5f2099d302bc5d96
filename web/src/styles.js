/**
 * OpenLayers styles for grid levels: boundary, fill and zoom-dependent labels.
 * @module styles
 */

import Point from 'ol/geom/Point.js';
import Fill from 'ol/style/Fill.js';
import Stroke from 'ol/style/Stroke.js';
import Style from 'ol/style/Style.js';
import Text from 'ol/style/Text.js';
import {FONT_FAMILY, getLevel, isLabelledAt, zoomForResolution} from './levels.js';

/**
 * @typedef {import('ol/Feature.js').FeatureLike} FeatureLike
 * @typedef {import('./levels.js').LevelKey} LevelKey
 */

/** @type {WeakMap<object, Point|null>} */
const labelPoints = new WeakMap();

/**
 * Label anchor of a polygon feature: the interior point of the polygon, or of
 * the largest part of a multipolygon (one label per grid, not per part).
 * @param {FeatureLike} feature Feature.
 * @return {Point|null} Anchor point, `null` for non-polygonal geometries.
 */
export function labelPoint(feature) {
  const geometry = feature.getGeometry();
  if (!geometry) {
    return null;
  }
  if (labelPoints.has(geometry)) {
    return labelPoints.get(geometry) ?? null;
  }
  /** @type {Point|null} */
  let point = null;
  const type = geometry.getType();
  if (type === 'Polygon') {
    const polygon = /** @type {import('ol/geom/Polygon.js').default} */ (geometry);
    point = new Point(polygon.getInteriorPoint().getCoordinates().slice(0, 2));
  } else if (type === 'MultiPolygon') {
    const multi = /** @type {import('ol/geom/MultiPolygon.js').default} */ (geometry);
    let largest = null;
    let largestArea = -1;
    for (const polygon of multi.getPolygons()) {
      const area = polygon.getArea();
      if (area > largestArea) {
        largest = polygon;
        largestArea = area;
      }
    }
    if (largest) {
      point = new Point(largest.getInteriorPoint().getCoordinates().slice(0, 2));
    }
  }
  labelPoints.set(geometry, point);
  return point;
}

/**
 * @param {number} size Font size in px.
 * @param {number} [weight] Font weight.
 * @return {string} CSS font shorthand with the local CJK font stack.
 */
export function labelFont(size, weight = 600) {
  return `${weight} ${size}px ${FONT_FAMILY}`;
}

/**
 * Style function of a level: boundary and fill always, label only in the
 * level's label zoom range.
 * @param {LevelKey} key Level key.
 * @return {import('ol/style/Style.js').StyleFunction} Style function.
 */
export function createLevelStyle(key) {
  const level = getLevel(key);
  const boundary = new Style({
    stroke: new Stroke({
      color: level.stroke,
      width: level.width,
      lineDash: level.lineDash ?? undefined,
    }),
    fill: new Fill({color: level.fill}),
    zIndex: 0,
  });
  const labelText = new Text({
    font: labelFont(level.fontSize, key === 'micro' ? 400 : 600),
    fill: new Fill({color: level.textColor}),
    stroke: new Stroke({color: 'rgba(255, 255, 255, 0.95)', width: 3}),
    overflow: true,
    padding: [2, 4, 2, 4],
  });
  const label = new Style({
    geometry: (feature) => labelPoint(feature) ?? undefined,
    text: labelText,
    zIndex: 1,
  });
  const withoutLabel = [boundary];
  const withLabel = [boundary, label];

  return (feature, resolution) => {
    const name = feature.get('name');
    if (!name || !isLabelledAt(key, zoomForResolution(resolution))) {
      return withoutLabel;
    }
    labelText.setText(String(name));
    return withLabel;
  };
}

/**
 * Style of the selected grid.
 * @return {Array<Style>} Styles.
 */
export function createHighlightStyle() {
  return [
    new Style({
      stroke: new Stroke({color: 'rgba(255, 143, 0, 0.95)', width: 4}),
      fill: new Fill({color: 'rgba(255, 179, 0, 0.2)'}),
    }),
  ];
}
