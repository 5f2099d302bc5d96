/**
 * The status map (作战图) on the big screen: household points of one
 * campaign coloured by status (`GET /api/campaigns/{code}/points`), and a panel
 * of counts per street (`GET /api/campaigns/{code}/counts?groupBy=l1`) that
 * live `status.changed` events (topic `population`) update without asking
 * back: each event carries the new counts of its whole grid chain. Statuses,
 * colours and symbols come from the campaign (data, not code). Nothing
 * personal is shown: points and counts only.
 * @module screen/statusMap
 */
import Feature from 'ol/Feature.js';
import Point from 'ol/geom/Point.js';
import VectorLayer from 'ol/layer/Vector.js';
import {fromLonLat} from 'ol/proj.js';
import VectorSource from 'ol/source/Vector.js';
import {Fill, RegularShape, Stroke, Style} from 'ol/style.js';
import {el} from '../dom.js';

/**
 * @typedef {Object} CampaignStatus
 * @property {string} code Code.
 * @property {string} label Chinese label.
 * @property {string} color `#rrggbb`.
 * @property {string} symbol circle, square, triangle, star, cross or diamond.
 */

/**
 * @typedef {Object} Campaign
 * @property {string} code Code.
 * @property {string} name Chinese name.
 * @property {Array<CampaignStatus>} statuses Statuses.
 */

/**
 * @typedef {Object} GridCounts
 * @property {string} code Grid code.
 * @property {string|null} name Grid name.
 * @property {Record<string, number>} counts Per status code.
 * @property {number} total Total.
 */

/** Points and radius of each symbol's regular shape. */
const SHAPES = {
  circle: {points: 24, radius: 5, angle: 0},
  square: {points: 4, radius: 6, angle: Math.PI / 4},
  triangle: {points: 3, radius: 7, angle: 0},
  diamond: {points: 4, radius: 6, angle: 0},
  cross: {points: 4, radius: 7, radius2: 0, angle: Math.PI / 4},
  star: {points: 5, radius: 7, radius2: 3, angle: 0},
};

/**
 * @param {CampaignStatus} status Status.
 * @return {Style} Its point style.
 */
export function statusStyle(status) {
  const shape = SHAPES[/** @type {keyof typeof SHAPES} */ (status.symbol)] ?? SHAPES.circle;
  const cross = status.symbol === 'cross';
  return new Style({
    image: new RegularShape({
      ...shape,
      fill: cross ? undefined : new Fill({color: status.color}),
      stroke: new Stroke({color: cross ? status.color : '#ffffff', width: cross ? 3 : 1}),
    }),
  });
}

/**
 * Replaces the counts of the grids named in a live event's chain.
 * @param {Array<GridCounts>} rows Current rows.
 * @param {Array<GridCounts>} chain The event's grids.
 * @return {Array<GridCounts>} New rows (same order; rows not in the chain kept).
 */
export function applyChain(rows, chain) {
  /** @type {globalThis.Map<string, GridCounts>} */
  const byCode = new globalThis.Map(chain.map((g) => [g.code, g]));
  return rows.map((row) => {
    const fresh = byCode.get(row.code);
    return fresh ? {...row, counts: {...fresh.counts}, total: fresh.total} : row;
  });
}

/**
 * @param {{getJson: function(string): Promise<any>}} api API client.
 * @return {{layer: VectorLayer<VectorSource<Feature<Point>>>, toggle: HTMLElement, panel: HTMLElement, onEvent: function(any): void, rows: function(): Array<GridCounts>, points: function(): number}} Status map.
 */
export function createStatusMap(api) {
  /** @type {VectorSource<Feature<Point>>} */
  const source = new VectorSource();
  /** @type {globalThis.Map<string, Style>} */
  const styles = new globalThis.Map();
  const layer = new VectorLayer({
    source,
    visible: false,
    style: (feature) => styles.get(feature.get('status')),
  });
  /** @type {Array<Campaign>} */
  let campaigns = [];
  /** @type {Campaign|null} */
  let campaign = null;
  /** @type {Array<GridCounts>} */
  let rows = [];

  const select = /** @type {HTMLSelectElement} */ (el('select', {class: 'status__campaign', 'aria-label': '作战图专题'}));
  const box = /** @type {HTMLInputElement} */ (el('input', {type: 'checkbox', class: 'status__toggle'}));
  const toggle = el('label', {class: 'legend__item legend__toggle'}, [box, '作战图']);
  const table = el('table', {class: 'status__counts'});
  const title = el('small', {class: 'status__name'});
  const keys = el('div', {class: 'status__keys'});
  const panel = el('section', {class: 'card status', hidden: true}, [el('h2', {}, ['作战图 ', title, select]), keys, table]);

  function render() {
    if (!campaign) {
      return;
    }
    const statuses = campaign.statuses;
    title.textContent = campaign.name;
    keys.replaceChildren(
      ...statuses.map((s) => el('span', {class: 'status__key'}, [el('i', {style: `background:${s.color}`}), s.label])),
    );
    const head = el('tr', {}, [el('th', {}, ['街道']), ...statuses.map((s) => el('th', {}, [s.label])), el('th', {}, ['合计'])]);
    const body = rows.map((r) =>
      el('tr', {'data-code': r.code}, [
        el('td', {}, [r.name ?? r.code]),
        ...statuses.map((s) => el('td', {'data-status': s.code}, [String(r.counts[s.code] ?? 0)])),
        el('td', {'data-status': 'total'}, [String(r.total)]),
      ]),
    );
    table.replaceChildren(el('thead', {}, [head]), el('tbody', {}, body));
  }

  async function load() {
    if (!campaign) {
      return;
    }
    const code = campaign.code;
    const [counts, points] = await Promise.all([
      api.getJson(`/api/campaigns/${code}/counts?groupBy=l1`),
      api.getJson(`/api/campaigns/${code}/points`),
    ]);
    if (campaign?.code !== code) {
      return;
    }
    rows = counts.grids ?? [];
    source.clear();
    source.addFeatures(
      (points.features ?? []).map(
        (/** @type {any} */ f) =>
          new Feature({geometry: new Point(fromLonLat(f.geometry.coordinates)), status: f.properties.status}),
      ),
    );
    render();
  }

  /** @param {Campaign} next Campaign. */
  function choose(next) {
    campaign = next;
    styles.clear();
    for (const s of next.statuses) {
      styles.set(s.code, statusStyle(s));
    }
    void load().catch(() => undefined);
  }

  box.addEventListener('change', async () => {
    layer.setVisible(box.checked);
    panel.hidden = !box.checked;
    if (!box.checked) {
      return;
    }
    if (campaigns.length === 0) {
      try {
        campaigns = await api.getJson('/api/campaigns');
      } catch {
        panel.hidden = true;
        return;
      }
      select.replaceChildren(...campaigns.map((c) => el('option', {value: c.code}, [c.name])));
    }
    if (campaigns.length > 0) {
      choose(campaigns.find((c) => c.code === select.value) ?? campaigns[0]);
    }
  });
  select.addEventListener('change', () => {
    const next = campaigns.find((c) => c.code === select.value);
    if (next) {
      choose(next);
    }
  });

  return {
    layer,
    toggle,
    panel,
    /** @param {any} event A live event of topic population. */
    onEvent(event) {
      if (!campaign || event.type !== 'status.changed' || event.data?.campaign !== campaign.code) {
        return;
      }
      rows = applyChain(rows, event.data.grids ?? []);
      render();
      // The point itself: a refresh of the layer is cheap next to the counts, and is not on the 1 s path.
      void load().catch(() => undefined);
    },
    rows: () => rows,
    points: () => source.getFeatures().length,
  };
}
