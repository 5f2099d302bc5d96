/**
 * The layer that draws the case markers. On a GPU: WebGL points
 * (`ol/layer/WebGLPoints`), which draw 20,000 markers in a fraction of a
 * frame. On a software rasteriser (SwiftShader, llvmpipe: a wall PC without
 * GPU drivers, a VM, headless test browsers) every WebGL frame is rendered on
 * the CPU and read back for compositing, which costs a few hundred
 * milliseconds at 1920×1080 whatever the number of points; there a canvas
 * image layer (`ol/layer/VectorImage`) draws the markers once per settled
 * view and only moves that image while the view pans. `?markers=webgl` or
 * `?markers=canvas` on the page's URL overrides the choice.
 * @module screen/markerLayer
 */

import VectorImageLayer from 'ol/layer/VectorImage.js';
import WebGLPointsLayer from 'ol/layer/WebGLPoints.js';
import CircleStyle from 'ol/style/Circle.js';
import Fill from 'ol/style/Fill.js';
import Stroke from 'ol/style/Stroke.js';
import Style from 'ol/style/Style.js';
import {zoomForResolution} from '../levels.js';
import {isSoftwareRenderer} from '../webgl.js';
import {MARKER_COLORS} from './markerSet.js';

/** @typedef {'webgl'|'canvas'} MarkerLayerKind */

/**
 * @param {string|null} renderer WebGL renderer string (`null` without WebGL).
 * @param {string|null} requested `markers` parameter of the page URL.
 * @return {MarkerLayerKind} The layer kind to use.
 */
export function markerLayerKind(renderer, requested) {
  if (requested === 'webgl' && renderer !== null) {
    return 'webgl';
  }
  if (requested === 'canvas' || renderer === null || isSoftwareRenderer(renderer)) {
    return 'canvas';
  }
  return 'webgl';
}

/**
 * Marker radius in pixels at a zoom level: 2.5 at the city view, 7 close up.
 * @param {number} zoom Zoom level.
 * @return {number} Radius.
 */
export function markerRadius(zoom) {
  if (zoom <= 10) {
    return 2.5;
  }
  if (zoom >= 17) {
    return 7;
  }
  if (zoom <= 13) {
    return 2.5 + ((zoom - 10) / 3) * 1.5;
  }
  return 4 + ((zoom - 13) / 4) * 3;
}

/**
 * @param {import('ol/source/Vector.js').default} source Source of point features with a colour class `c`.
 * @param {MarkerLayerKind} kind Layer kind.
 * @param {Object<string, unknown>} properties Layer properties.
 * @return {import('ol/layer/Base.js').default} The layer.
 */
export function createMarkerLayer(source, kind, properties) {
  if (kind === 'webgl') {
    /** @type {any} */
    const color = ['match', ['get', 'c']];
    MARKER_COLORS.forEach((entry, i) => color.push(i, entry.color));
    color.push(MARKER_COLORS[4].color);
    return new WebGLPointsLayer({
      source: /** @type {any} */ (source),
      style: {
        'circle-radius': ['interpolate', ['linear'], ['zoom'], 10, 2.5, 13, 4, 17, 7],
        'circle-fill-color': color,
        'circle-opacity': 0.9,
      },
      // Markers are not clicked: the map's click drills down into the grids.
      disableHitDetection: true,
      properties,
    });
  }
  /** @type {Map<string, Style>} */
  const styles = new Map();
  return new VectorImageLayer({
    source,
    imageRatio: 1.5,
    properties,
    style: (feature, resolution) => {
      const c = Number(feature.get('c')) || 0;
      const radius = Math.round(markerRadius(zoomForResolution(resolution)) * 2) / 2;
      const key = `${c}:${radius}`;
      let style = styles.get(key);
      if (!style) {
        const entry = MARKER_COLORS[c] ?? MARKER_COLORS[4];
        style = new Style({
          image: new CircleStyle({radius, fill: new Fill({color: entry.color}), stroke: new Stroke({color: 'rgba(4, 12, 28, 0.6)', width: 0.5})}),
        });
        styles.set(key, style);
      }
      return style;
    },
  });
}
