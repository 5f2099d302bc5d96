/**
 * 党建图层 on the big screen: the compounds (小区/楼院) of the shown grid as
 * markers, red where a compound party group sits (支部建在网格上), grey ring
 * where none does yet, from `GET /api/party/compounds?scope=`; off until
 * its switch is ticked, read again when the selection changes. The 党建引领
 * card's figures are loaded with it, whatever the switch.
 * @module screen/partyLayer
 */

import GeoJSON from 'ol/format/GeoJSON.js';
import VectorLayer from 'ol/layer/Vector.js';
import VectorSource from 'ol/source/Vector.js';
import CircleStyle from 'ol/style/Circle.js';
import Fill from 'ol/style/Fill.js';
import Stroke from 'ol/style/Stroke.js';
import Style from 'ol/style/Style.js';
import {el} from '../dom.js';

const COVERED = new Style({image: new CircleStyle({radius: 4, fill: new Fill({color: '#e53935'}), stroke: new Stroke({color: '#ffd54f', width: 1})})});
const UNCOVERED = new Style({image: new CircleStyle({radius: 4, stroke: new Stroke({color: 'rgba(200, 200, 200, 0.9)', width: 1.5})})});

/**
 * @param {{getJson: function(string): Promise<any>}} api API client.
 * @param {function(): string|null} currentScope The grid code shown now.
 * @return {{layer: VectorLayer, toggle: HTMLElement, refresh: function(): Promise<void>, counts: function(): {covered: number, uncovered: number}}} Layer and switch.
 */
export function createPartyLayer(api, currentScope) {
  const source = new VectorSource();
  const layer = new VectorLayer({
    source,
    visible: false,
    style: (feature) => (feature.get('covered') ? COVERED : UNCOVERED),
    properties: {title: '党建图层'},
  });
  const format = new GeoJSON();
  const input = el('input', {type: 'checkbox', name: 'partyLayer'});
  const toggle = el('label', {class: 'legend__item legend__toggle'}, [input, el('i', {style: 'background:#e53935'}), '党建图层（小区党小组）']);
  let seq = 0;

  async function refresh() {
    const scope = currentScope();
    const mine = ++seq;
    if (!layer.getVisible()) {
      return;
    }
    try {
      const body = await api.getJson(`/api/party/compounds${scope ? `?scope=${encodeURIComponent(scope)}` : ''}`);
      if (mine !== seq || !layer.getVisible()) {
        return;
      }
      source.clear(true);
      source.addFeatures(format.readFeatures(body, {featureProjection: 'EPSG:3857'}));
      toggle.title = '';
    } catch (error) {
      toggle.title = `党建图层加载失败：${error instanceof Error ? error.message : String(error)}`;
    }
  }

  input.addEventListener('change', () => {
    const on = /** @type {HTMLInputElement} */ (input).checked;
    layer.setVisible(on);
    if (on) {
      void refresh();
    } else {
      source.clear(true);
    }
  });

  function counts() {
    let covered = 0;
    let uncovered = 0;
    for (const f of source.getFeatures()) {
      if (f.get('covered')) {
        covered++;
      } else {
        uncovered++;
      }
    }
    return {covered, uncovered};
  }

  return {layer, toggle, refresh, counts};
}
