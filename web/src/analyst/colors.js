/**
 * Colours of the analyst page's result layers: Gi* bins of the hot-spot
 * hexagons (diverging, red = hot) and the classes of the choropleth.
 * @module analyst/colors
 */

/** Fill of a Gi* bin, −3…3 (index bin + 3). */
export const BIN_COLORS = ['#2166ac', '#67a9cf', '#d1e5f0', 'rgba(200,200,200,0.35)', '#fddbc7', '#ef8a62', '#b2182b'];

/** Chinese legend of a bin, −3…3. */
export const BIN_NAMES = ['冷点 99%', '冷点 95%', '冷点 90%', '不显著', '热点 90%', '热点 95%', '热点 99%'];

/**
 * @param {number|null|undefined} bin Gi* bin, −3…3 (null: not tested).
 * @return {string} Fill colour.
 */
export function binColor(bin) {
  const b = Number.isInteger(bin) ? Math.max(-3, Math.min(3, /** @type {number} */ (bin))) : 0;
  return BIN_COLORS[b + 3];
}

/** Sequential classes of the choropleth, light to dark. */
export const CLASS_COLORS = ['#ffffb2', '#fecc5c', '#fd8d3c', '#f03b20', '#bd0026'];

/**
 * Class breaks by quantiles of the non-zero counts, so a few huge grids do
 * not wash out the rest.
 * @param {Array<number>} counts Counts per grid.
 * @param {number} [classes] Number of classes.
 * @return {Array<number>} Upper bounds of the classes but the last, ascending, without repeats.
 */
export function quantileBreaks(counts, classes = CLASS_COLORS.length) {
  const sorted = counts.filter((c) => c > 0).sort((a, b) => a - b);
  if (!sorted.length) {
    return [];
  }
  /** @type {Array<number>} */
  const breaks = [];
  for (let i = 1; i < classes; i++) {
    const value = sorted[Math.min(sorted.length - 1, Math.floor((i * sorted.length) / classes))];
    if (!breaks.includes(value) && value < sorted[sorted.length - 1]) {
      breaks.push(value);
    }
  }
  return breaks;
}

/**
 * @param {number} count Count of a grid.
 * @param {Array<number>} breaks From {@link quantileBreaks}.
 * @return {string} Fill colour (transparent for 0).
 */
export function classColor(count, breaks) {
  if (!count) {
    return 'rgba(255,255,255,0)';
  }
  let i = 0;
  while (i < breaks.length && count > breaks[i]) {
    i++;
  }
  return CLASS_COLORS[Math.min(i, CLASS_COLORS.length - 1)];
}
