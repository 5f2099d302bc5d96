import {describe, expect, it} from 'vitest';
import {
  applyToFigures,
  applyToMarkers,
  colorClass,
  inScope,
  localHour,
  markersFromSnapshot,
} from '../../../src/screen/markerSet.js';

const snapshot = {
  lastEventId: 10,
  statuses: ['reported', 'dispatched', 'closed'],
  urgencies: ['normal', 'urgent', 'critical'],
  id: [1, 2],
  lon: [113.6, 113.61],
  lat: [34.7, 34.71],
  status: [0, 1],
  urgency: [0, 2],
  overdue: [false, true],
  created: [1000, 2000],
};

/** @return {import('../../../src/screen/markerSet.js').Figures} Figures. */
function figures() {
  return {received: 5, closed: 1, closedOfReceived: 1, overdue: 1, open: 4, hourly: new Array(24).fill(0)};
}

/**
 * @param {number} id Case id.
 * @param {string} status Status.
 * @param {Object} [more] More fields.
 * @return {any} Event data.
 */
function data(id, status, more = {}) {
  return {id, code: `EQ-${id}`, status, urgency: 'normal', lon: 113.62, lat: 34.72, grid: '410103001004001', overdue: false,
    updatedAt: '2026-11-23T02:30:00Z', ...more};
}

describe('screen/markerSet', () => {
  describe('markersFromSnapshot', () => {
    it('decodes the columns into markers by id', () => {
      const markers = markersFromSnapshot(snapshot);
      expect(markers.size).toBe(2);
      expect(markers.get(2)).toEqual({id: 2, lon: 113.61, lat: 34.71, status: 'dispatched', urgency: 'critical', overdue: true, created: 2000});
    });
  });

  describe('applyToMarkers', () => {
    it('adds a created case once, and a replayed copy only updates it', () => {
      const markers = markersFromSnapshot(snapshot);
      expect(applyToMarkers(markers, 'case.created', data(3, 'reported')).kind).toBe('added');
      expect(applyToMarkers(markers, 'case.created', data(3, 'reported')).kind).toBe('updated');
      expect(markers.size).toBe(3);
    });

    it('moves a marker and keeps its creation time on a status change', () => {
      const markers = markersFromSnapshot(snapshot);
      const applied = applyToMarkers(markers, 'case.routed', data(1, 'dispatched', {lon: 113.7}));
      expect(applied.kind).toBe('updated');
      expect(applied.previous?.status).toBe('reported');
      expect(markers.get(1)).toMatchObject({lon: 113.7, status: 'dispatched', created: 1000});
    });

    it('removes rejected and merged cases', () => {
      const markers = markersFromSnapshot(snapshot);
      expect(applyToMarkers(markers, 'case.status_changed', data(1, 'merged')).kind).toBe('removed');
      expect(markers.has(1)).toBe(false);
      expect(applyToMarkers(markers, 'case.status_changed', data(99, 'rejected')).kind).toBe('ignored');
    });

    it('keeps a closed case (closed today) and ignores other topics', () => {
      const markers = markersFromSnapshot(snapshot);
      expect(applyToMarkers(markers, 'case.status_changed', data(2, 'closed')).kind).toBe('updated');
      expect(markers.get(2)?.status).toBe('closed');
      expect(applyToMarkers(markers, 'instruction.read', data(2, 'closed')).kind).toBe('ignored');
    });

    it('ignores a case without a location', () => {
      const markers = markersFromSnapshot(snapshot);
      expect(applyToMarkers(markers, 'case.created', data(5, 'reported', {lon: null, lat: null})).kind).toBe('ignored');
      expect(markers.size).toBe(2);
    });
  });

  describe('applyToFigures', () => {
    it('counts a new case in the selection as received and open, in its local hour', () => {
      const markers = markersFromSnapshot(snapshot);
      const event = {type: 'case.created', data: data(3, 'reported'), inside: true};
      const after = applyToFigures(figures(), applyToMarkers(markers, event.type, event.data), event, 480);
      expect(after.received).toBe(6);
      expect(after.open).toBe(5);
      expect(after.hourly[10]).toBe(1);
    });

    it('does not count a replayed creation twice', () => {
      const markers = markersFromSnapshot(snapshot);
      const event = {type: 'case.created', data: data(3, 'reported'), inside: true};
      const once = applyToFigures(figures(), applyToMarkers(markers, event.type, event.data), event, 480);
      const twice = applyToFigures(once, applyToMarkers(markers, event.type, event.data), event, 480);
      expect(twice.received).toBe(6);
    });

    it('ignores a case outside the selection', () => {
      const markers = markersFromSnapshot(snapshot);
      const event = {type: 'case.created', data: data(3, 'reported'), inside: false};
      expect(applyToFigures(figures(), applyToMarkers(markers, event.type, event.data), event, 480)).toEqual(figures());
    });

    it('counts a closure as closed and no longer open or overdue', () => {
      const markers = markersFromSnapshot(snapshot);
      const event = {type: 'case.status_changed', data: data(2, 'closed'), inside: true};
      const after = applyToFigures(figures(), applyToMarkers(markers, event.type, event.data), event, 480);
      expect(after).toMatchObject({closed: 2, open: 3, overdue: 0});
    });

    it('counts a case becoming overdue', () => {
      const markers = markersFromSnapshot(snapshot);
      const event = {type: 'case.overdue', data: data(1, 'dispatched', {overdue: true}), inside: true};
      expect(applyToFigures(figures(), applyToMarkers(markers, event.type, event.data), event, 480).overdue).toBe(2);
    });
  });

  describe('inScope', () => {
    it('takes cases by grid code prefix, unassigned ones only at the root', () => {
      expect(inScope('410103001004001', '410103001', false)).toBe(true);
      expect(inScope('410103002004001', '410103001', false)).toBe(false);
      expect(inScope(null, '410103', true)).toBe(true);
      expect(inScope(null, '410103001', false)).toBe(false);
    });
  });

  describe('colorClass', () => {
    it('puts overdue before urgency before stage, and closed apart', () => {
      expect(colorClass({status: 'dispatched', urgency: 'critical', overdue: true})).toBe(0);
      expect(colorClass({status: 'dispatched', urgency: 'critical', overdue: false})).toBe(1);
      expect(colorClass({status: 'reported', urgency: 'urgent', overdue: false})).toBe(2);
      expect(colorClass({status: 'reported', urgency: 'normal', overdue: false})).toBe(3);
      expect(colorClass({status: 'in_progress', urgency: 'normal', overdue: false})).toBe(4);
      expect(colorClass({status: 'handled', urgency: 'normal', overdue: false})).toBe(5);
      expect(colorClass({status: 'closed', urgency: 'critical', overdue: true})).toBe(6);
    });
  });

  describe('localHour', () => {
    it('gives the hour in the zone offset', () => {
      expect(localHour(Date.parse('2026-11-22T16:30:00Z') / 1000, 480)).toBe(0);
      expect(localHour(Date.parse('2026-11-23T15:59:00Z') / 1000, 480)).toBe(23);
    });
  });
});
