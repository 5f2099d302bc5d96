/**
 * 今日巡查轨迹 on the big screen: today's tracks of the workers of the shown
 * scope, simplified by the server (`GET /api/patrol/tracks/today?scope=`),
 * drawn as thin lines under the markers, off until its switch is ticked and
 * read again every minute while on.
 * @module screen/patrolTracks
 */

import GeoJSON from 'ol/format/GeoJSON.js';
import VectorLayer from 'ol/layer/Vector.js';
import VectorSource from 'ol/source/Vector.js';
import Stroke from 'ol/style/Stroke.js';
import Style from 'ol/style/Style.js';
import {el} from '../dom.js';

const REFRESH_MS = 60_000;
const STYLE = new Style({stroke: new Stroke({color: 'rgba(46, 204, 113, 0.75)', width: 1.5})});

/**
 * @param {{getJson: function(string): Promise<any>}} api API client.
 * @param {function(): string|null} currentScope The grid code shown now.
 * @return {{layer: VectorLayer, toggle: HTMLElement, refresh: function(): Promise<void>, count: function(): number}} Layer and its switch.
 */
export function createTodayTracks(api, currentScope) {
  const source = new VectorSource();
  const layer = new VectorLayer({source, style: STYLE, visible: false, properties: {title: '今日巡查轨迹'}});
  const format = new GeoJSON();
  const input = el('input', {type: 'checkbox', name: 'patrolTracks'});
  const toggle = el('label', {class: 'legend__item legend__toggle'}, [input, '今日巡查轨迹']);
  /** @type {ReturnType<typeof setInterval>|null} */
  let timer = null;
  let seq = 0;

  async function refresh() {
    const scope = currentScope();
    const mine = ++seq;
    try {
      const body = await api.getJson(`/api/patrol/tracks/today${scope ? `?scope=${encodeURIComponent(scope)}` : ''}`);
      if (mine !== seq || !layer.getVisible()) {
        return;
      }
      source.clear(true);
      source.addFeatures(format.readFeatures(body, {featureProjection: 'EPSG:3857'}));
      toggle.title = '';
    } catch (error) {
      toggle.title = `轨迹加载失败：${error instanceof Error ? error.message : String(error)}`;
    }
  }

  input.addEventListener('change', () => {
    const on = /** @type {HTMLInputElement} */ (input).checked;
    layer.setVisible(on);
    if (timer !== null) {
      clearInterval(timer);
      timer = null;
    }
    if (on) {
      void refresh();
      timer = setInterval(() => void refresh(), REFRESH_MS);
    } else {
      source.clear(true);
    }
  });

  return {layer, toggle, refresh, count: () => source.getFeatures().length};
}
