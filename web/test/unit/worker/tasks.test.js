import {describe, expect, it} from 'vitest';
import {eventName, groupTasks, offeredSteps, stepKind} from '../../../src/worker/tasks.js';

/**
 * @param {number} id Id.
 * @param {string} status Status.
 * @param {Array<string>} actions Allowed actions.
 * @param {Record<string, unknown>} [more] Other members.
 * @return {any} A case.
 */
const c = (id, status, actions, more = {}) => ({id, code: `EQ-${id}`, status, actions, version: 1, ...more});

describe('worker/tasks', () => {
  describe('offeredSteps', () => {
    it('offers the worker steps the server allows, in button order', () => {
      expect(offeredSteps(c(1, 'in_progress', ['return', 'escalate', 'handle', 'request_extension'])).map((s) => s.key)).toEqual([
        'handle',
        'request_extension',
        'return',
        'escalate',
      ]);
    });

    it('never offers desk actions even when listed', () => {
      expect(offeredSteps(c(1, 'handled', ['close', 'verify', 'dispatch'])).map((s) => s.key)).toEqual(['verify']);
      expect(offeredSteps({})).toEqual([]);
    });
  });

  describe('stepKind', () => {
    it('says what each step needs', () => {
      expect(stepKind('handle')).toMatchObject({comment: true, photos: 'optional', location: true});
      expect(stepKind('verify')).toMatchObject({comment: false, location: true});
      expect(stepKind('fail_verification')).toMatchObject({comment: true, location: true});
      expect(stepKind('self_handle')).toMatchObject({photos: 'required'});
      expect(stepKind('request_extension')).toMatchObject({hours: true, comment: true});
      expect(stepKind('close')).toBeUndefined();
    });
  });

  describe('groupTasks', () => {
    it('groups cases to handle, to verify and to watch, and drops finished ones', () => {
      const g = groupTasks([
        [c(1, 'dispatched', ['start', 'return']), c(2, 'dispatched', []), c(3, 'closed', [])],
        [c(4, 'handled', ['verify', 'fail_verification'])],
      ]);
      expect(g.handle.map((x) => x.id)).toEqual([1]);
      expect(g.verify.map((x) => x.id)).toEqual([4]);
      expect(g.watching.map((x) => x.id)).toEqual([2]);
    });

    it('keeps one copy of a case in both lists, the newer version', () => {
      const g = groupTasks([[c(5, 'in_progress', ['handle'])], [c(5, 'handled', ['verify'], {version: 6})]]);
      expect(g.handle).toEqual([]);
      expect(g.verify.map((x) => x.version)).toEqual([6]);
    });

    it('puts overdue cases first, then the earliest deadline', () => {
      const g = groupTasks([
        [
          c(1, 'dispatched', ['start'], {deadline: '2025-11-23T09:00:00Z'}),
          c(2, 'dispatched', ['start'], {deadline: '2025-11-25T09:00:00Z', overdue: true}),
          c(3, 'dispatched', ['start'], {deadline: '2025-11-22T09:00:00Z'}),
          c(4, 'dispatched', ['start']),
        ],
      ]);
      expect(g.handle.map((x) => x.id)).toEqual([2, 3, 1, 4]);
    });
  });

  describe('eventName', () => {
    it('names workflow steps and system events in Chinese', () => {
      expect(eventName('created')).toBe('上报');
      expect(eventName('verify')).toBe('核查通过');
      expect(eventName('overdue')).toBe('超期');
      expect(eventName('something_new')).toBe('something_new');
    });
  });
});
