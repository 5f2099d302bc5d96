import {describe, expect, it} from 'vitest';
import {markerRadius} from '../../../src/screen/markerLayer.js';
import {drawMarkers} from '../../../src/screen/markerView.js';
import {MARKER_COLORS} from '../../../src/screen/markerSet.js';
import {zoomForResolution} from '../../../src/levels.js';

/** A 2D context that records the calls drawMarkers makes. */
function recorder() {
  /** @type {Array<any>} */
  const calls = [];
  const ctx = {
    fillStyle: '',
    strokeStyle: '',
    lineWidth: 0,
    beginPath: () => calls.push(['begin']),
    /** @param {number} x X. @param {number} y Y. */
    moveTo: (x, y) => calls.push(['move', x, y]),
    /** @param {number} x X. @param {number} y Y. @param {number} r Radius. */
    arc: (x, y, r) => calls.push(['arc', x, y, r]),
    fill: () => calls.push(['fill', ctx.fillStyle]),
    stroke: () => calls.push(['stroke', ctx.strokeStyle]),
  };
  return {ctx: /** @type {any} */ (ctx), calls};
}

describe('screen/markerView drawMarkers', () => {
  const extent = [1000, 2000, 1400, 2300]; // 400 × 300 map units
  const resolution = 2; // map units per CSS pixel: a 200 × 150 CSS pixel canvas

  it('puts each marker at its pixel, inside the extent only', () => {
    const {ctx, calls} = recorder();
    const points = [
      {x: 1000, y: 2300, c: 4}, // top left corner
      {x: 1200, y: 2150, c: 4}, // centre
      {x: 5000, y: 2150, c: 4}, // far outside
    ];
    const drawn = drawMarkers(ctx, points, extent, resolution, 1);
    expect(drawn).toBe(2);
    const arcs = calls.filter((c) => c[0] === 'arc');
    expect(arcs.map((a) => [a[1], a[2]])).toEqual([
      [0, 0],
      [100, 75],
    ]);
    const radius = Math.round(markerRadius(zoomForResolution(resolution)) * 2) / 2;
    expect(arcs.every((a) => a[3] === radius)).toBe(true);
  });

  it('scales positions and radius by the pixel ratio', () => {
    const {ctx, calls} = recorder();
    drawMarkers(ctx, [{x: 1200, y: 2150, c: 2}], extent, resolution, 2);
    const arc = calls.find((c) => c[0] === 'arc');
    const radius = Math.round(markerRadius(zoomForResolution(resolution)) * 2) / 2;
    expect(arc.slice(1)).toEqual([200, 150, radius * 2]);
  });

  it('fills one path per colour class, overdue last so it lies on top', () => {
    const {ctx, calls} = recorder();
    const points = [
      {x: 1100, y: 2100, c: 0},
      {x: 1110, y: 2100, c: 6},
      {x: 1120, y: 2100, c: 0},
      {x: 1130, y: 2100, c: 3},
    ];
    expect(drawMarkers(ctx, points, extent, resolution, 1)).toBe(4);
    const fills = calls.filter((c) => c[0] === 'fill').map((c) => c[1]);
    expect(fills).toEqual([MARKER_COLORS[6].color, MARKER_COLORS[3].color, MARKER_COLORS[0].color]);
    expect(calls.filter((c) => c[0] === 'begin')).toHaveLength(3);
    // The two overdue markers share the last path.
    const lastBegin = calls.map((c) => c[0]).lastIndexOf('begin');
    expect(calls.slice(lastBegin).filter((c) => c[0] === 'arc')).toHaveLength(2);
  });

  it('draws nothing for an empty set', () => {
    const {ctx, calls} = recorder();
    expect(drawMarkers(ctx, [], extent, resolution, 1)).toBe(0);
    expect(calls.filter((c) => c[0] === 'fill')).toHaveLength(0);
  });
});
