/**
 * The 3D view: ol-cesium over the OpenLayers map, fully offline. No Cesium
 * ion, no imagery, no terrain service (`EllipsoidTerrainProvider`), no
 * geocoder; the coarse grid levels are draped on the ground and the
 * buildings around the camera are extruded by height. Loaded lazily (with
 * Cesium) by `view3d.js` when the user first switches to 3D; `window.Cesium`
 * must be set before it is constructed (ol-cesium reads the global).
 * @module Map3D
 */

import {
  Cartesian2,
  Cartesian3,
  Cartographic,
  Color,
  DirectionalLight,
  EllipsoidTerrainProvider,
  LabelCollection,
  LabelStyle,
  Math as CesiumMath,
  PointPrimitiveCollection,
  SceneTransforms,
  ScreenSpaceEventHandler,
  ScreenSpaceEventType,
  Transforms,
  Matrix4,
  VerticalOrigin,
} from 'cesium';
import OLCesium from 'olcs/OLCesium.js';
import BuildingLayer from './BuildingLayer.js';
import BuildingLoader from './BuildingLoader.js';
import CaseMarkerLayer from './CaseMarkerLayer.js';
import CaseMarkerLoader from './CaseMarkerLoader.js';
import {caseMarkers} from './caseMarkers.js';
import GridSynchronizer from './GridSynchronizer.js';
import {labelFont} from './styles.js';
import {isSoftwareRenderer, webglRenderer} from './webgl.js';

/**
 * @typedef {import('ol/extent.js').Extent} Extent
 * @typedef {import('./api.js').BuildingProperties} BuildingProperties
 * @typedef {import('./BuildingLoader.js').BuildingBatch} BuildingBatch
 */

/** Camera tilt when entering 3D, in degrees from straight down. */
const ENTRY_TILT_DEGREES = 50;

/** Ground colour (the console's background, `--bg` in style.css). */
const GROUND_COLOR = '#e8e5de';

/**
 * @typedef {Object} Map3DReporter
 * @property {function(): void} [loading] A building load started.
 * @property {function(BuildingBatch, number): void} [loaded] A batch is on screen with that many instances.
 * @property {function(unknown, import('./retry.js').FailureInfo): void} [failed] A building load failed.
 * @property {function(): void} [recovered] A building load succeeded after failures.
 */

/**
 * @typedef {Object} Map3DOptions
 * @property {import('ol/Map.js').default} map The 2D map (its view and vector layers are synchronised).
 * @property {import('./api.js').Api} api API client (buildings).
 * @property {function(): (Extent|null)} limitExtent Area worth loading buildings in (EPSG:4326), e.g. the district.
 * @property {function(BuildingProperties): void} onBuildingClick A building was clicked.
 * @property {function(number, number): void} onGroundClick The ground was clicked at this longitude and latitude.
 * @property {function(): void} onEmptyClick The click hit the sky.
 * @property {Map3DReporter} [reporter] Building load progress.
 * @property {number} [maxBuildings] Cap on buildings in the scene (default 20000).
 * @property {CaseOptions} [cases] Case markers (open cases in view, at their floor).
 */

/**
 * @typedef {Object} CaseReporter
 * @property {function(): void} [loading] A case load started.
 * @property {function(import('./CaseMarkerLoader.js').CaseBatch, number): void} [loaded] Cases are on screen, that many markers.
 * @property {function(): void} [tooFar] The view is too wide for case markers.
 * @property {function(unknown, import('./retry.js').FailureInfo): void} [failed] A case load failed.
 * @property {function(): void} [recovered] A case load succeeded after failures.
 */

/**
 * @typedef {Object} CaseOptions
 * @property {boolean} visible Whether markers are shown at first.
 * @property {function(import('./caseMarkers.js').CaseMarker): void} [onClick] A case marker was clicked.
 * @property {CaseReporter} [reporter] Case load progress.
 */

/**
 * @typedef {Object} Marker
 * @property {import('./buildings.js').FloorPlacement} placement Where it is.
 * @property {function(): void} remove Removes it.
 */

export default class Map3D {
  /**
   * @param {Map3DOptions} options Options.
   */
  constructor(options) {
    /** @private */
    this.options_ = options;
    // Cesium's credits (its ion logo) would link out; nothing of ion is used, so they go nowhere.
    const credits = document.createElement('div');
    credits.hidden = true;
    /** @private */
    this.ol3d_ = new OLCesium({
      map: options.map,
      stopOpenLayersEventsPropagation: true,
      createSynchronizers: (map, scene) => [new GridSynchronizer(map, scene, GROUND_COLOR)],
      // 4× MSAA makes a software rasteriser's frames ten times slower (seconds each): none there.
      sceneOptions: {creditContainer: credits, msaaSamples: isSoftwareRenderer(webglRenderer()) ? 1 : 4},
    });
    const scene = this.ol3d_.getCesiumScene();
    /** @type {import('cesium').Scene} */
    this.scene = scene;
    const globe = scene.globe;
    globe.terrainProvider = new EllipsoidTerrainProvider();
    globe.baseColor = Color.fromCssColorString(GROUND_COLOR);
    globe.showGroundAtmosphere = false;
    globe.enableLighting = false;
    // A plain ellipsoid in one colour needs no fine tiles: coarse ones load and draw far faster.
    globe.maximumScreenSpaceError = 64;
    scene.backgroundColor = Color.fromCssColorString('#cfd8e3');
    // Render on demand (camera moves, input, loads): a still scene costs nothing.
    this.ol3d_.enableAutoRenderLoop();

    /** @private */
    this.buildings_ = new BuildingLayer(scene);
    /**
     * @private
     * @type {BuildingBatch|null}
     */
    this.lastBatch_ = null;
    const reporter = options.reporter || {};
    /** @private */
    this.loader_ = new BuildingLoader({
      api: options.api,
      maxBuildings: options.maxBuildings,
      onLoading: reporter.loading,
      onError: reporter.failed,
      onRecovered: reporter.recovered,
      onLoad: (batch) => {
        this.buildings_.setBuildings(batch.features).then((shown) => {
          if (!shown) {
            return;
          }
          this.lastBatch_ = batch;
          reporter.loaded?.(batch, this.buildings_.getCount());
          // Footprints changed: the cases' floors are measured against them.
          this.placeCases_();
        });
      },
    });
    const cases = options.cases || {visible: false};
    const caseReporter = cases.reporter || {};
    /** @private */
    this.casesVisible_ = cases.visible;
    /** @private */
    this.caseLayer_ = new CaseMarkerLayer(scene);
    /**
     * @private
     * @type {import('./CaseMarkerLoader.js').CaseBatch|null}
     */
    this.caseBatch_ = null;
    /** @private */
    this.caseLoader_ = new CaseMarkerLoader({
      api: options.api,
      onLoading: caseReporter.loading,
      onError: caseReporter.failed,
      onRecovered: caseReporter.recovered,
      onTooFar: () => {
        this.caseBatch_ = null;
        this.caseLayer_.setMarkers([]);
        caseReporter.tooFar?.();
      },
      onLoad: (batch) => {
        if (!this.casesVisible_) {
          return;
        }
        this.caseBatch_ = batch;
        this.placeCases_();
        caseReporter.loaded?.(batch, this.caseLayer_.getCount());
      },
    });

    scene.camera.moveEnd.addEventListener(() => {
      if (this.ol3d_.getEnabled()) {
        this.loader_.request(this.viewRectangle_(), options.limitExtent());
        if (this.casesVisible_) {
          this.caseLoader_.request(this.viewRectangle_());
        }
      }
    });

    /** @private */
    this.points_ = scene.primitives.add(new PointPrimitiveCollection());
    /** @private */
    this.labels_ = scene.primitives.add(new LabelCollection());

    /** @private */
    this.handler_ = new ScreenSpaceEventHandler(scene.canvas);
    this.handler_.setInputAction(
      /** @param {ScreenSpaceEventHandler.PositionedEvent} event Click. */
      (event) => this.handleClick_(event.position),
      ScreenSpaceEventType.LEFT_CLICK,
    );
  }

  /**
   * Shows or hides the 3D view. Entering 3D takes the 2D view's centre and
   * resolution, tilts the camera and loads the buildings in sight.
   * @param {boolean} enabled 3D on.
   */
  setEnabled(enabled) {
    if (enabled === this.ol3d_.getEnabled()) {
      return;
    }
    this.ol3d_.setEnabled(enabled);
    if (enabled) {
      this.ol3d_.getCamera().setTilt(CesiumMath.toRadians(ENTRY_TILT_DEGREES));
      this.setLight_();
      this.loader_.loadNow(this.viewRectangle_(), this.options_.limitExtent());
      if (this.casesVisible_) {
        this.caseLoader_.loadNow(this.viewRectangle_());
      }
    } else {
      this.loader_.abort();
      this.caseLoader_.abort();
    }
  }

  /**
   * Shows or hides the case markers; showing loads the cases in view.
   * @param {boolean} visible Markers on.
   */
  setCasesVisible(visible) {
    this.casesVisible_ = visible;
    if (!visible) {
      this.caseLoader_.abort();
      this.caseBatch_ = null;
      this.caseLayer_.setMarkers([]);
      return;
    }
    if (this.ol3d_.getEnabled()) {
      this.caseLoader_.loadNow(this.viewRectangle_());
    }
  }

  /** @return {boolean} Whether case markers are on. */
  getCasesVisible() {
    return this.casesVisible_;
  }

  /**
   * Places the last case batch against the footprints in the scene.
   * @private
   */
  placeCases_() {
    if (!this.caseBatch_) {
      return;
    }
    this.caseLayer_.setMarkers(caseMarkers(this.caseBatch_.items, this.lastBatch_ ? this.lastBatch_.features : []));
  }

  /** @return {CaseMarkerLayer} The case markers (for reading them back). */
  getCaseLayer() {
    return this.caseLayer_;
  }

  /** @return {import('./CaseMarkerLoader.js').CaseBatch|null} The cases on screen. */
  getCaseBatch() {
    return this.caseBatch_;
  }

  /** @return {boolean} Whether the 3D view is shown. */
  getEnabled() {
    return this.ol3d_.getEnabled();
  }

  /**
   * Lights the scene from a fixed direction (south-east, high) instead of
   * the real sun, so the buildings look the same at any time of day.
   * @private
   */
  setLight_() {
    const camera = this.scene.camera;
    const target = camera.pickEllipsoid(
      new Cartesian2(this.scene.canvas.clientWidth / 2, this.scene.canvas.clientHeight / 2),
    );
    const origin = target || camera.positionWC;
    const enu = Transforms.eastNorthUpToFixedFrame(origin);
    // Travelling north-west and down: lit from the south-east.
    const local = Cartesian3.normalize(new Cartesian3(-0.45, 0.55, -1), new Cartesian3());
    const direction = Matrix4.multiplyByPointAsVector(enu, local, new Cartesian3());
    this.scene.light = new DirectionalLight({direction: Cartesian3.normalize(direction, direction), intensity: 2.2});
  }

  /**
   * @private
   * @return {Extent|null} The ground the camera sees, `[minLon, minLat, maxLon, maxLat]`.
   */
  viewRectangle_() {
    const rectangle = this.scene.camera.computeViewRectangle(this.scene.globe.ellipsoid);
    if (!rectangle) {
      return null;
    }
    return [
      CesiumMath.toDegrees(rectangle.west),
      CesiumMath.toDegrees(rectangle.south),
      CesiumMath.toDegrees(rectangle.east),
      CesiumMath.toDegrees(rectangle.north),
    ];
  }

  /**
   * @private
   * @param {Cartesian2} position Canvas position of the click.
   */
  handleClick_(position) {
    const picked = this.scene.pick(position);
    const marker = this.caseLayer_.fromPick(picked);
    if (marker && this.options_.cases?.onClick) {
      this.buildings_.select(null);
      this.options_.cases.onClick(marker);
      return;
    }
    const building = this.buildings_.fromPick(picked);
    this.buildings_.select(building ? String(building.id) : null);
    if (building) {
      this.options_.onBuildingClick(building);
      return;
    }
    const ground = this.scene.camera.pickEllipsoid(position, this.scene.globe.ellipsoid);
    if (!ground) {
      this.options_.onEmptyClick();
      return;
    }
    const cartographic = Cartographic.fromCartesian(ground);
    this.options_.onGroundClick(CesiumMath.toDegrees(cartographic.longitude), CesiumMath.toDegrees(cartographic.latitude));
  }

  /**
   * @param {number} clientX Page x (CSS pixels, as in mouse events).
   * @param {number} clientY Page y.
   * @return {BuildingProperties|null} The building drawn there.
   */
  pick(clientX, clientY) {
    const rect = this.scene.canvas.getBoundingClientRect();
    return this.buildings_.fromPick(this.scene.pick(new Cartesian2(clientX - rect.left, clientY - rect.top)));
  }

  /**
   * @param {number} lon Longitude.
   * @param {number} lat Latitude.
   * @param {number} heightM Height above the ellipsoid in metres.
   * @return {{x: number, y: number}|null} Page position (CSS pixels), or `null` when not in front of the camera.
   */
  project(lon, lat, heightM) {
    const position = SceneTransforms.worldToWindowCoordinates(this.scene, Cartesian3.fromDegrees(lon, lat, heightM));
    if (!position) {
      return null;
    }
    const rect = this.scene.canvas.getBoundingClientRect();
    return {x: rect.left + position.x, y: rect.top + position.y};
  }

  /** Clears the selected building. */
  clearSelection() {
    this.buildings_.select(null);
  }

  /** @return {number} Building instances in the scene's building primitive. */
  buildingCount() {
    return this.buildings_.getCount();
  }

  /** @return {Array<BuildingProperties>} The buildings on screen. */
  getBuildings() {
    return this.buildings_.getBuildings();
  }

  /** @return {BuildingBatch|null} The batch on screen. */
  getLastBatch() {
    return this.lastBatch_;
  }

  /**
   * Adds a point marker, drawn in front of the buildings (a marker on a
   * floor is inside its building's box).
   * @param {import('./buildings.js').FloorPlacement} placement Where (see `placeAtFloor`).
   * @param {{color?: string, text?: string}} [options] CSS colour (default red) and label (default `N层`).
   * @return {Marker} The marker.
   */
  addMarker(placement, options = {}) {
    const position = Cartesian3.fromDegrees(placement.lon, placement.lat, placement.heightM);
    const point = this.points_.add({
      position,
      pixelSize: 12,
      color: Color.fromCssColorString(options.color || '#d32f2f'),
      outlineColor: Color.WHITE,
      outlineWidth: 2,
      disableDepthTestDistance: Number.POSITIVE_INFINITY,
    });
    const label = this.labels_.add({
      position,
      text: options.text ?? `${placement.floor}层`,
      font: labelFont(16),
      fillColor: Color.fromCssColorString('#2b2b2b'),
      outlineColor: Color.WHITE,
      outlineWidth: 3,
      style: LabelStyle.FILL_AND_OUTLINE,
      verticalOrigin: VerticalOrigin.BOTTOM,
      pixelOffset: new Cartesian2(0, -10),
      disableDepthTestDistance: Number.POSITIVE_INFINITY,
    });
    // The label's glyphs reach the GPU a few frames later, and nothing else asks for those frames.
    for (const delayMs of [0, 100, 400, 1000]) {
      setTimeout(() => this.scene.isDestroyed() || this.scene.requestRender(), delayMs);
    }
    return {
      placement,
      remove: () => {
        this.points_.remove(point);
        this.labels_.remove(label);
        this.scene.requestRender();
      },
    };
  }
}
