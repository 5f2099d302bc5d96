/**
 * The live case markers on the map, behind one small interface whatever
 * draws them:
 * - `webgl` (a GPU): one `ol/Feature` per case in a vector source, drawn by
 *   `ol/layer/WebGLPoints`;
 * - `canvas` (a software rasteriser, see markerLayer.js): no features at all.
 *   Each case is kept as its Web Mercator point and colour class, and an
 *   `ol/source/ImageCanvas` draws them straight onto a canvas 1.5 times the
 *   viewport, one path per colour class. 20,000 markers take a few tens of
 *   milliseconds this way, where 20,000 features cost several hundred (feature
 *   objects, the vector image's draw instructions, garbage), which is what the
 *   big screen's first paint waited for. While the view pans the image is
 *   moved, not redrawn, as with any image layer.
 * @module screen/markerView
 */

import Feature from 'ol/Feature.js';
import Point from 'ol/geom/Point.js';
import ImageLayer from 'ol/layer/Image.js';
import {fromLonLat} from 'ol/proj.js';
import ImageCanvasSource from 'ol/source/ImageCanvas.js';
import VectorSource from 'ol/source/Vector.js';
import {zoomForResolution} from '../levels.js';
import {createMarkerLayer, markerRadius} from './markerLayer.js';
import {MARKER_COLORS, colorClass} from './markerSet.js';

/** Outline of a canvas marker, as the vector style had it. */
const OUTLINE = 'rgba(4, 12, 28, 0.6)';

/**
 * @typedef {Object} MarkerView
 * @property {import('ol/layer/Base.js').default} layer The map layer.
 * @property {function(Iterable<import('./markerSet.js').Marker>): void} reset Shows exactly these markers.
 * @property {function(import('./markerSet.js').Marker): void} upsert Adds or moves/recolours one marker.
 * @property {function(number): void} remove Removes a marker by case id.
 * @property {function(): number} drawn How many markers the layer holds (webgl) or drew in its last image (canvas).
 */

/**
 * @param {import('./markerLayer.js').MarkerLayerKind} kind Layer kind.
 * @param {Object<string, unknown>} properties Layer properties.
 * @return {MarkerView} The view.
 */
export function createMarkerView(kind, properties) {
  return kind === 'webgl' ? featureView(properties) : canvasView(properties);
}

/**
 * @param {Object<string, unknown>} properties Layer properties.
 * @return {MarkerView} Markers as features of a WebGL points layer.
 */
function featureView(properties) {
  /** @type {VectorSource<Feature<Point>>} */
  const source = new VectorSource();
  /** @param {import('./markerSet.js').Marker} m Marker. @return {Feature<Point>} Feature. */
  const featureOf = (m) => {
    const f = new Feature({geometry: new Point(fromLonLat([m.lon, m.lat])), c: colorClass(m)});
    f.setId(m.id);
    return f;
  };
  return {
    layer: createMarkerLayer(source, 'webgl', properties),
    reset(markers) {
      source.clear(true);
      source.addFeatures([...markers].map(featureOf));
    },
    upsert(m) {
      const existing = source.getFeatureById(m.id);
      if (existing) {
        existing.setGeometry(new Point(fromLonLat([m.lon, m.lat])));
        existing.set('c', colorClass(m));
      } else {
        source.addFeature(featureOf(m));
      }
    },
    remove(id) {
      const existing = source.getFeatureById(id);
      if (existing) {
        source.removeFeature(existing);
      }
    },
    drawn: () => source.getFeatures().length,
  };
}

/**
 * @param {Object<string, unknown>} properties Layer properties.
 * @return {MarkerView} Markers drawn on a canvas image.
 */
function canvasView(properties) {
  /** @type {Map<number, {x: number, y: number, c: number}>} */
  const points = new Map();
  let drawnLast = 0;
  const source = new ImageCanvasSource({
    ratio: 1.5,
    canvasFunction: (extent, resolution, pixelRatio, size) => {
      const canvas = document.createElement('canvas');
      canvas.width = Math.round(size[0]);
      canvas.height = Math.round(size[1]);
      const ctx = canvas.getContext('2d');
      if (ctx) {
        drawnLast = drawMarkers(ctx, points.values(), extent, resolution, pixelRatio);
      }
      return canvas;
    },
  });
  const point = (/** @type {import('./markerSet.js').Marker} */ m) => {
    const [x, y] = fromLonLat([m.lon, m.lat]);
    return {x, y, c: colorClass(m)};
  };
  return {
    layer: new ImageLayer({source, properties}),
    reset(markers) {
      points.clear();
      for (const m of markers) {
        points.set(m.id, point(m));
      }
      source.changed();
    },
    upsert(m) {
      points.set(m.id, point(m));
      source.changed();
    },
    remove(id) {
      if (points.delete(id)) {
        source.changed();
      }
    },
    drawn: () => drawnLast,
  };
}

/**
 * Draws markers (Web Mercator points with a colour class) that fall in
 * `extent` onto a canvas covering it: one path per colour class, drawn from
 * the last class to the first so that 超期督办 (class 0) lies on top.
 * @param {Pick<CanvasRenderingContext2D, 'beginPath'|'moveTo'|'arc'|'fill'|'stroke'|'fillStyle'|'strokeStyle'|'lineWidth'>} ctx Context.
 * @param {Iterable<{x: number, y: number, c: number}>} points Points.
 * @param {Array<number>} extent Extent of the canvas (EPSG:3857).
 * @param {number} resolution Map units per CSS pixel.
 * @param {number} pixelRatio Device pixels per CSS pixel.
 * @return {number} How many markers were drawn.
 */
export function drawMarkers(ctx, points, extent, resolution, pixelRatio) {
  const radius = (Math.round(markerRadius(zoomForResolution(resolution)) * 2) / 2) * pixelRatio;
  const margin = (radius / pixelRatio) * resolution;
  const [minX, minY, maxX, maxY] = extent;
  const scale = pixelRatio / resolution;
  /** @type {Array<Array<number>>} */
  const byClass = MARKER_COLORS.map(() => []);
  for (const p of points) {
    if (p.x < minX - margin || p.x > maxX + margin || p.y < minY - margin || p.y > maxY + margin) {
      continue;
    }
    const list = byClass[p.c] ?? byClass[4];
    list.push((p.x - minX) * scale, (maxY - p.y) * scale);
  }
  let drawn = 0;
  ctx.lineWidth = 0.5 * pixelRatio;
  ctx.strokeStyle = OUTLINE;
  for (let c = byClass.length - 1; c >= 0; c--) {
    const xy = byClass[c];
    if (xy.length === 0) {
      continue;
    }
    ctx.beginPath();
    for (let i = 0; i < xy.length; i += 2) {
      ctx.moveTo(xy[i] + radius, xy[i + 1]);
      ctx.arc(xy[i], xy[i + 1], radius, 0, 2 * Math.PI);
    }
    ctx.fillStyle = MARKER_COLORS[c].color;
    ctx.fill();
    ctx.stroke();
    drawn += xy.length / 2;
  }
  return drawn;
}
