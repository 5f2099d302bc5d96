/**
 * Grid boundary styles for the dark wall: light outlines on a dark ground,
 * street and community names in white; the levels' zoom ranges are the
 * console's (`levels.js`).
 * @module screen/gridStyle
 */

import Fill from 'ol/style/Fill.js';
import Stroke from 'ol/style/Stroke.js';
import Style from 'ol/style/Style.js';
import Text from 'ol/style/Text.js';
import {isLabelledAt, zoomForResolution} from '../levels.js';
import {labelFont, labelPoint} from '../styles.js';

/** Outline colour and width per level. */
const OUTLINES = Object.freeze({
  district: {color: '#4dd0e1', width: 3},
  l1: {color: 'rgba(79, 195, 247, 0.9)', width: 1.8},
  l2: {color: 'rgba(129, 212, 250, 0.45)', width: 1},
  l3: {color: 'rgba(128, 203, 196, 0.35)', width: 0.8},
  micro: {color: 'rgba(255, 255, 255, 0.16)', width: 0.5},
  special: {color: 'rgba(255, 213, 79, 0.35)', width: 0.8},
});

/**
 * @param {import('../levels.js').LevelKey} key Level key.
 * @return {import('ol/style/Style.js').StyleFunction} Style.
 */
export function darkGridStyle(key) {
  const outline = OUTLINES[key];
  const boundary = new Style({
    stroke: new Stroke({color: outline.color, width: outline.width}),
    fill: key === 'district' ? new Fill({color: 'rgba(13, 71, 161, 0.12)'}) : undefined,
  });
  const text = new Text({
    font: labelFont(key === 'l1' ? 15 : 12),
    fill: new Fill({color: key === 'l1' ? '#e1f5fe' : 'rgba(225, 245, 254, 0.75)'}),
    stroke: new Stroke({color: 'rgba(4, 12, 28, 0.9)', width: 3}),
    overflow: true,
  });
  const label = new Style({geometry: (feature) => labelPoint(feature) ?? undefined, text});
  const plain = [boundary];
  const labelled = [boundary, label];
  return (feature, resolution) => {
    const name = feature.get('name');
    if (key === 'district' || !name || !isLabelledAt(key, zoomForResolution(resolution))) {
      return plain;
    }
    text.setText(String(name));
    return labelled;
  };
}

/** The selected grid: a bright outline. */
export const SELECTED_STYLE = new Style({
  stroke: new Stroke({color: '#ffd740', width: 3}),
  fill: new Fill({color: 'rgba(255, 215, 64, 0.06)'}),
});
