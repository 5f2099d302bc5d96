/**
 * The planner's map: the draft's children (editable), the parent outline, the
 * problem locations, a past version of a grid, and the editing interactions
 * (OpenLayers Modify + Snap on the children, so a vertex shared by two
 * neighbours moves in both and snaps to the neighbours' vertices and edges;
 * Draw for split lines and new grids). Coordinates are EPSG:3857 on the map
 * and EPSG:4326 in and out.
 * @module planner/DraftMap
 */

import OlMap from 'ol/Map.js';
import View from 'ol/View.js';
import GeoJSON from 'ol/format/GeoJSON.js';
import Draw from 'ol/interaction/Draw.js';
import Modify from 'ol/interaction/Modify.js';
import Snap from 'ol/interaction/Snap.js';
import VectorLayer from 'ol/layer/Vector.js';
import {fromLonLat} from 'ol/proj.js';
import VectorSource from 'ol/source/Vector.js';
import CircleStyle from 'ol/style/Circle.js';
import Fill from 'ol/style/Fill.js';
import Stroke from 'ol/style/Stroke.js';
import Style from 'ol/style/Style.js';
import Text from 'ol/style/Text.js';
import {STANDARD_FILL, standardClass} from './standard.js';

const FORMAT = new GeoJSON({dataProjection: 'EPSG:4326', featureProjection: 'EPSG:3857'});
const FONT = '13px "Noto Sans CJK SC", "WenQuanYi Micro Hei", sans-serif';

/** @typedef {import('ol/Feature.js').default} Feature */
/** @typedef {'modify'|'split'|'create'} EditMode */

export default class DraftMap {
  /**
   * @param {HTMLElement} target Map element.
   * @param {{onChange: function(): void, onSelect: function(Array<Feature>): void, onClick: function(Array<number>): void,
   *   onDrawn: function(EditMode, any): void}} handlers What the page does on edits, selection, clicks outside a draft and drawings.
   */
  constructor(target, handlers) {
    this.handlers = handlers;
    /** @type {Map<string, number>} */
    this.households = new Map();
    /** @type {Array<Feature>} */
    this.selected = [];
    this.children = new VectorSource();
    this.context = new VectorSource();
    this.marks = new VectorSource();
    this.past = new VectorSource();
    this.childLayer = new VectorLayer({source: this.children, style: (f) => this.childStyle(/** @type {Feature} */ (f))});
    this.map = new OlMap({
      target,
      layers: [
        new VectorLayer({source: this.context, style: new Style({stroke: new Stroke({color: '#5c6bc0', width: 1.5, lineDash: [6, 4]})})}),
        this.childLayer,
        new VectorLayer({
          source: this.past,
          style: new Style({stroke: new Stroke({color: '#6a1b9a', width: 3, lineDash: [8, 6]}), fill: new Fill({color: 'rgba(106, 27, 154, 0.12)'})}),
        }),
        new VectorLayer({
          source: this.marks,
          style: new Style({
            stroke: new Stroke({color: '#d50000', width: 3}),
            fill: new Fill({color: 'rgba(213, 0, 0, 0.25)'}),
            image: new CircleStyle({radius: 8, stroke: new Stroke({color: '#d50000', width: 3})}),
          }),
        }),
      ],
      view: new View({center: fromLonLat([113.62, 34.73]), zoom: 12}),
    });
    this.modify = new Modify({source: this.children, pixelTolerance: 8});
    this.modify.on('modifyend', () => handlers.onChange());
    this.snap = new Snap({source: this.children, pixelTolerance: 10});
    this.draw = /** @type {Draw|null} */ (null);
    this.map.addInteraction(this.modify);
    this.map.addInteraction(this.snap);
    this.map.on('singleclick', (event) => {
      if (this.draw) {
        return;
      }
      const hits = /** @type {Array<Feature>} */ (this.map.getFeaturesAtPixel(event.pixel, {layerFilter: (l) => l === this.childLayer}));
      if (!hits.length) {
        this.select([]);
        handlers.onClick(event.coordinate);
        return;
      }
      const hit = hits[0];
      const shift = /** @type {MouseEvent} */ (event.originalEvent).shiftKey;
      this.select(shift ? (this.selected.includes(hit) ? this.selected.filter((f) => f !== hit) : [...this.selected, hit]) : [hit]);
    });
  }

  /**
   * @param {Feature} feature A child.
   * @return {Style} Its style: fill by the household standard, outline, code label; thicker when selected.
   */
  childStyle(feature) {
    const code = feature.get('code');
    const selected = this.selected.includes(feature);
    const cls = standardClass(this.households.get(code));
    const households = this.households.get(code);
    return new Style({
      fill: new Fill({color: STANDARD_FILL[cls]}),
      stroke: new Stroke({color: selected ? '#ff6f00' : '#263238', width: selected ? 4 : 1.5}),
      text: new Text({
        text: `${feature.get('name') || ''}\n${code}${households === undefined ? '' : `\n${households} 户`}`,
        font: FONT,
        fill: new Fill({color: '#111'}),
        stroke: new Stroke({color: '#fff', width: 3}),
        overflow: true,
      }),
    });
  }

  /**
   * Shows a draft's children and its parent, and fits the view on the first show.
   * @param {any} children FeatureCollection (EPSG:4326).
   * @param {any|null} parent The parent grid's feature, or null.
   * @param {boolean} fit Whether to fit the view.
   */
  showDraft(children, parent, fit) {
    const codes = this.selected.map((f) => f.get('code'));
    this.children.clear();
    this.children.addFeatures(/** @type {Array<Feature>} */ (FORMAT.readFeatures(children)));
    this.context.clear();
    if (parent) {
      this.context.addFeatures(/** @type {Array<Feature>} */ (FORMAT.readFeatures(parent)));
    }
    this.marks.clear();
    this.select(this.children.getFeatures().filter((f) => codes.includes(f.get('code'))));
    if (fit && this.children.getFeatures().length) {
      this.map.getView().fit(/** @type {Array<number>} */ (this.children.getExtent()), {padding: [40, 40, 40, 40]});
    }
  }

  /** @param {Map<string, number>} households Code → households after the change. */
  showHouseholds(households) {
    this.households = households;
    this.children.changed();
  }

  /** @param {any} collection Context outlines (FeatureCollection, EPSG:4326), e.g. the caller's streets. */
  showContext(collection) {
    this.context.clear();
    this.context.addFeatures(/** @type {Array<Feature>} */ (FORMAT.readFeatures(collection)));
    if (this.context.getFeatures().length) {
      this.map.getView().fit(/** @type {Array<number>} */ (this.context.getExtent()), {padding: [20, 20, 20, 20]});
    }
  }

  /** @param {Array<Feature>} features New selection. */
  select(features) {
    this.selected = features;
    this.children.changed();
    this.handlers.onSelect(features);
  }

  /** @return {any} The children as a FeatureCollection in EPSG:4326. */
  collection() {
    return FORMAT.writeFeaturesObject(this.children.getFeatures(), {decimals: 9});
  }

  /**
   * Marks a problem's location and zooms to it.
   * @param {any} location GeoJSON geometry (EPSG:4326).
   */
  highlight(location) {
    this.marks.clear();
    if (!location) {
      return;
    }
    const feature = FORMAT.readFeature({type: 'Feature', geometry: location, properties: {}});
    this.marks.addFeature(/** @type {Feature} */ (feature));
    const extent = /** @type {Feature} */ (feature).getGeometry()?.getExtent();
    if (extent) {
      this.map.getView().fit(extent, {padding: [120, 120, 120, 120], maxZoom: 19});
    }
  }

  /** @param {any|null} feature A past version of a grid (GeoJSON feature, EPSG:4326), or null to clear. */
  showPast(feature) {
    this.past.clear();
    if (feature) {
      this.past.addFeature(/** @type {Feature} */ (FORMAT.readFeature(feature)));
    }
  }

  /** @param {EditMode} mode Editing mode. */
  setMode(mode) {
    if (this.draw) {
      this.map.removeInteraction(this.draw);
      this.draw = null;
    }
    this.modify.setActive(mode === 'modify');
    if (mode !== 'modify') {
      this.draw = new Draw({type: mode === 'split' ? 'LineString' : 'Polygon'});
      this.draw.on('drawend', (event) => {
        const geometry = FORMAT.writeGeometryObject(/** @type {any} */ (event.feature.getGeometry()), {decimals: 9});
        this.handlers.onDrawn(mode, geometry);
      });
      this.map.addInteraction(this.draw);
      // Snap must come after Draw to snap its clicks.
      this.map.removeInteraction(this.snap);
      this.map.addInteraction(this.snap);
    }
  }

  /**
   * @param {Array<number>} lonLat A point (EPSG:4326).
   * @return {Array<number>} Its pixel on the map (for tests).
   */
  pixelOf(lonLat) {
    return this.map.getPixelFromCoordinate(fromLonLat(lonLat));
  }
}
