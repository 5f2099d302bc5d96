/**
 * The trend chart: cases received per hour today against yesterday, as plain
 * SVG (two polylines over a light grid, hour ticks every 6 hours).
 * @module screen/trend
 */

const SVG = 'http://www.w3.org/2000/svg';

/**
 * Points of a polyline for hourly counts in a `width` × `height` box.
 * @param {Array<number>} counts Counts per hour (up to 24).
 * @param {number} max Top of the scale.
 * @param {number} width Width.
 * @param {number} height Height.
 * @param {number} [hours] Hours to draw (today: up to the current hour).
 * @return {string} `x,y x,y …`.
 */
export function polylinePoints(counts, max, width, height, hours = counts.length) {
  const top = Math.max(1, max);
  const step = width / 23;
  return counts
    .slice(0, Math.max(0, hours))
    .map((n, h) => `${(h * step).toFixed(1)},${(height - (n / top) * height).toFixed(1)}`)
    .join(' ');
}

/**
 * @param {number} max Largest count.
 * @return {number} A round top of the scale at or above it.
 */
export function niceMax(max) {
  if (max <= 5) {
    return 5;
  }
  const magnitude = 10 ** Math.floor(Math.log10(max));
  for (const f of [1, 2, 5, 10]) {
    if (f * magnitude >= max) {
      return f * magnitude;
    }
  }
  return 10 * magnitude;
}

/**
 * Draws the chart into `container` (replacing what was there).
 * @param {HTMLElement} container Element.
 * @param {Array<number>} today Received per hour today.
 * @param {Array<number>} yesterday Received per hour yesterday.
 * @param {number} currentHour Hours of today drawn (the current hour included).
 */
export function renderTrend(container, today, yesterday, currentHour) {
  const width = 460;
  const height = 150;
  const max = niceMax(Math.max(0, ...today, ...yesterday));
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('viewBox', `-34 -10 ${width + 44} ${height + 30}`);
  svg.setAttribute('class', 'trend');
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-label', '今日与昨日每小时受理量');
  /**
   * @param {string} tag Tag.
   * @param {Record<string, string|number>} attrs Attributes.
   * @param {string} [text] Text.
   */
  const add = (tag, attrs, text) => {
    const node = document.createElementNS(SVG, tag);
    for (const [k, v] of Object.entries(attrs)) {
      node.setAttribute(k, String(v));
    }
    if (text !== undefined) {
      node.textContent = text;
    }
    svg.append(node);
  };
  for (const f of [0, 0.5, 1]) {
    const y = height - f * height;
    add('line', {x1: 0, x2: width, y1: y, y2: y, class: 'trend__grid'});
    add('text', {x: -6, y: y + 5, class: 'trend__tick', 'text-anchor': 'end'}, String(Math.round(f * max)));
  }
  for (const h of [0, 6, 12, 18, 23]) {
    add('text', {x: (h * width) / 23, y: height + 22, class: 'trend__tick', 'text-anchor': 'middle'}, `${h}时`);
  }
  add('polyline', {points: polylinePoints(yesterday, max, width, height), class: 'trend__yesterday'});
  add('polyline', {points: polylinePoints(today, max, width, height, currentHour + 1), class: 'trend__today'});
  container.replaceChildren(svg);
}
