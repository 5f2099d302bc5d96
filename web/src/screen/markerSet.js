/**
 * The big screen's state as a pure fold: the marker set (open and today's
 * cases, by id) and today's figures, started from the server's snapshot
 * (`GET /api/screen/markers`, `GET /api/screen/summary`) and moved on by each
 * live case event (`case.created`, `case.status_changed`, `case.routed`,
 * `case.overdue`, `case.escalated`). No DOM, no map: the layer and panels
 * render what this returns.
 * @module screen/markerSet
 */

/** Statuses that leave the loop. */
const FINISHED = new Set(['closed', 'evaluated', 'rejected', 'merged']);
/** Statuses after which a case is no marker at all (it never was a case of its own). */
const GONE = new Set(['rejected', 'merged']);
/** Statuses that count as 办结 (closed) when reached. */
const CLOSED = new Set(['closed', 'evaluated']);

/**
 * @typedef {Object} Marker
 * @property {number} id Case id.
 * @property {number} lon WGS84 longitude.
 * @property {number} lat WGS84 latitude.
 * @property {string} status Status key.
 * @property {string} urgency `normal`, `urgent` or `critical`.
 * @property {boolean} overdue Flagged by supervision (督办).
 * @property {number} created Creation time, seconds since the epoch.
 */

/**
 * @typedef {Object} MarkerSnapshot
 * @property {number} lastEventId Live event id the snapshot is consistent with.
 * @property {Array<string>} statuses Status keys the `status` column indexes.
 * @property {Array<string>} urgencies Urgency keys the `urgency` column indexes.
 * @property {Array<number>} id Ids.
 * @property {Array<number>} lon Longitudes.
 * @property {Array<number>} lat Latitudes.
 * @property {Array<number>} status Status indexes.
 * @property {Array<number>} urgency Urgency indexes.
 * @property {Array<boolean>} overdue Overdue flags.
 * @property {Array<number>} created Creation times (epoch seconds).
 */

/**
 * Today's figures as the panels show them (a subset of the summary's).
 * @typedef {Object} Figures
 * @property {number} received 受理: received today.
 * @property {number} closed 办结: closed today.
 * @property {number} closedOfReceived Received today and already closed.
 * @property {number} overdue 超期: open and overdue now.
 * @property {number} open Open now.
 * @property {Array<number>} hourly Received per local hour today (24).
 */

/**
 * A live case event's `data`.
 * @typedef {Object} CaseEventData
 * @property {number} id Case id.
 * @property {string} [code] Case code.
 * @property {string} [change] `created` or the action key.
 * @property {string} status Status key after the change.
 * @property {string} [urgency] Urgency.
 * @property {number|null} [lon] Longitude.
 * @property {number|null} [lat] Latitude.
 * @property {string|null} [grid] Micro grid code (null: unassigned).
 * @property {boolean} [overdue] Overdue flag.
 * @property {string} [updatedAt] ISO-8601 time of the change.
 */

/**
 * @param {MarkerSnapshot} snapshot The server's columns.
 * @return {Map<number, Marker>} Markers by id.
 */
export function markersFromSnapshot(snapshot) {
  /** @type {Map<number, Marker>} */
  const markers = new Map();
  for (let i = 0; i < snapshot.id.length; i++) {
    markers.set(snapshot.id[i], {
      id: snapshot.id[i],
      lon: snapshot.lon[i],
      lat: snapshot.lat[i],
      status: snapshot.statuses[snapshot.status[i]] ?? 'reported',
      urgency: snapshot.urgencies[snapshot.urgency[i]] ?? 'normal',
      overdue: Boolean(snapshot.overdue[i]),
      created: snapshot.created[i],
    });
  }
  return markers;
}

/**
 * @param {string} status Status key.
 * @return {boolean} Whether the case is still in the loop.
 */
export function isOpen(status) {
  return !FINISHED.has(status);
}

/**
 * Whether a case routed to `grid` belongs to the selection `scope`. Cases
 * routed to no grid belong to the root scope only (the ops center's queue).
 * @param {string|null|undefined} grid Micro grid code.
 * @param {string} scope Selected grid code.
 * @param {boolean} isRoot Whether `scope` is the caller's own scope.
 * @return {boolean} Inside.
 */
export function inScope(grid, scope, isRoot) {
  return grid ? grid.startsWith(scope) : isRoot;
}

/**
 * Marker colour class, in the order the legend lists them: overdue (督办)
 * first, then urgency, then stage. Index into {@link MARKER_COLORS}.
 * @param {Pick<Marker, 'status'|'urgency'|'overdue'>} marker Marker.
 * @return {number} Colour class.
 */
export function colorClass(marker) {
  if (CLOSED.has(marker.status)) {
    return 6;
  }
  if (marker.overdue) {
    return 0;
  }
  if (marker.urgency === 'critical') {
    return 1;
  }
  if (marker.urgency === 'urgent') {
    return 2;
  }
  if (marker.status === 'reported' || marker.status === 'accepted' || marker.status === 'registered') {
    return 3;
  }
  if (marker.status === 'handled' || marker.status === 'verified') {
    return 5;
  }
  return 4;
}

/** Colours and legend names of the colour classes. */
export const MARKER_COLORS = Object.freeze([
  Object.freeze({color: '#ff1744', name: '超期督办'}),
  Object.freeze({color: '#ff5252', name: '特急'}),
  Object.freeze({color: '#ffab40', name: '紧急'}),
  Object.freeze({color: '#e040fb', name: '待派遣'}),
  Object.freeze({color: '#40c4ff', name: '处置中'}),
  Object.freeze({color: '#69f0ae', name: '待核查结案'}),
  Object.freeze({color: '#78909c', name: '今日已办结'}),
]);

/**
 * The result of applying one event.
 * @typedef {Object} Applied
 * @property {'added'|'updated'|'removed'|'ignored'} kind What happened to the marker set.
 * @property {Marker|null} marker The marker after the event (null when removed or ignored).
 * @property {Marker|null} previous The marker before the event.
 */

/**
 * Applies a live case event to the marker set (in place). A repeated event
 * (replay after a reconnect) leaves the set as it was.
 * @param {Map<number, Marker>} markers Marker set.
 * @param {string} type Event type.
 * @param {CaseEventData} data Event data.
 * @return {Applied} What changed.
 */
export function applyToMarkers(markers, type, data) {
  if (!type.startsWith('case.') || typeof data?.id !== 'number') {
    return {kind: 'ignored', marker: null, previous: null};
  }
  const previous = markers.get(data.id) ?? null;
  if (GONE.has(data.status) || typeof data.lon !== 'number' || typeof data.lat !== 'number') {
    if (previous) {
      markers.delete(data.id);
      return {kind: 'removed', marker: null, previous};
    }
    return {kind: 'ignored', marker: null, previous: null};
  }
  /** @type {Marker} */
  const marker = {
    id: data.id,
    lon: data.lon,
    lat: data.lat,
    status: data.status,
    urgency: data.urgency ?? previous?.urgency ?? 'normal',
    overdue: Boolean(data.overdue),
    created: previous?.created ?? (data.updatedAt ? Math.floor(Date.parse(data.updatedAt) / 1000) : 0),
  };
  markers.set(data.id, marker);
  return {kind: previous ? 'updated' : 'added', marker, previous};
}

/**
 * Local hour (0–23) of an epoch time in a fixed UTC offset.
 * @param {number} epochSeconds Time.
 * @param {number} offsetMinutes Zone offset east of UTC (Asia/Shanghai: 480).
 * @return {number} Hour of the local day.
 */
export function localHour(epochSeconds, offsetMinutes) {
  const minutes = Math.floor(epochSeconds / 60) + offsetMinutes;
  return Math.floor((((minutes % 1440) + 1440) % 1440) / 60);
}

/**
 * Moves today's figures on by one applied event (returns new figures). Only
 * events inside the selection count; `created` counts a case received once,
 * so a replayed `case.created` of a case already in the set changes nothing.
 * @param {Figures} figures Figures before.
 * @param {Applied} applied What {@link applyToMarkers} returned for the event.
 * @param {{type: string, data: CaseEventData, inside: boolean}} event The event and whether it lies in the selection.
 * @param {number} offsetMinutes Zone offset of "today".
 * @return {Figures} Figures after.
 */
export function applyToFigures(figures, applied, event, offsetMinutes) {
  if (!event.inside || applied.kind === 'ignored') {
    return figures;
  }
  const next = {...figures, hourly: figures.hourly.slice()};
  const before = applied.previous;
  const after = applied.marker;
  if (event.type === 'case.created' && !before && after) {
    next.received += 1;
    next.open += 1;
    const at = event.data.updatedAt ? Date.parse(event.data.updatedAt) / 1000 : after.created;
    next.hourly[localHour(at, offsetMinutes)] += 1;
    return next;
  }
  const wasOpen = before ? isOpen(before.status) : false;
  const isNowOpen = after ? isOpen(after.status) : false;
  if (wasOpen && !isNowOpen) {
    next.open -= 1;
    if (after && CLOSED.has(after.status)) {
      next.closed += 1;
    }
    if (before?.overdue) {
      next.overdue -= 1;
    }
  } else if (wasOpen && isNowOpen && before && after && before.overdue !== after.overdue) {
    next.overdue += after.overdue ? 1 : -1;
  }
  return next;
}
