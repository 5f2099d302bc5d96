import {describe, expect, it} from 'vitest';
import {applyLive, consultTasks, dispatchLabel, emptyState, queueCounts, queueItems, queuesOf, rejectReplies, withCases} from '../../../src/dispatch/queues.js';

/**
 * @param {number} id Id.
 * @param {string} status Status.
 * @param {Record<string, unknown>} [more] Other members.
 * @return {any} A case as the API lists it.
 */
const c = (id, status, more = {}) => ({id, code: `EQ-${id}`, status, version: 1, actions: [], duplicateOf: null, ...more});

/**
 * @param {string} type Event type.
 * @param {Record<string, unknown>} data Payload.
 * @return {import('../../../src/liveStream.js').LiveMessage} Event.
 */
const live = (type, data) => ({id: 1, type, topic: 'cases', data});

describe('dispatch/queues', () => {
  describe('queuesOf', () => {
    it('puts a case in the queue of its stage', () => {
      expect(queuesOf(c(1, 'reported'))).toEqual(['intake']);
      expect(queuesOf(c(1, 'accepted'))).toEqual(['intake']);
      expect(queuesOf(c(1, 'registered'))).toEqual(['dispatch']);
      expect(queuesOf(c(1, 'returned'))).toEqual(['dispatch']);
      expect(queuesOf(c(1, 'handled'))).toEqual(['verify']);
      expect(queuesOf(c(1, 'in_progress'))).toEqual([]);
    });

    it('holds a proposed duplicate apart from the intake queue', () => {
      expect(queuesOf(c(2, 'reported', {duplicateOf: 1}))).toEqual(['duplicates']);
    });

    it('adds overdue and 三跨 cases to their queues as well', () => {
      expect(queuesOf(c(3, 'registered', {overdue: true, sankua: true}))).toEqual(['dispatch', 'overdue', 'consult']);
      expect(queuesOf(c(3, 'in_progress', {overdue: true}))).toEqual(['overdue']);
    });

    it('drops finished cases from every queue, overdue or not', () => {
      for (const status of ['closed', 'evaluated', 'rejected', 'merged']) {
        expect(queuesOf(c(4, status, {overdue: true, sankua: true}))).toEqual([]);
      }
    });
  });

  describe('withCases', () => {
    it('keeps the newer version of a case listed twice', () => {
      const state = withCases(emptyState(), [c(1, 'reported', {version: 3}), c(1, 'reported', {version: 2, title: 'old'})]);
      expect(state.cases.get(1).version).toBe(3);
    });

    it('drops a case that left every queue', () => {
      const state = withCases(withCases(emptyState(), [c(1, 'reported')]), [c(1, 'dispatched', {version: 5})]);
      expect(state.cases.has(1)).toBe(false);
    });
  });

  describe('applyLive', () => {
    it('asks to load a new case before showing it', () => {
      const out = applyLive(emptyState(), live('case.created', {id: 9, status: 'reported', version: 1}));
      expect(out.fetch).toEqual([9]);
      expect(out.state.cases.get(9).status).toBe('reported');
      expect(out.removed).toEqual([]);
    });

    it('removes a case someone else moved out of the queues', () => {
      const state = withCases(emptyState(), [c(5, 'registered', {version: 3})]);
      const out = applyLive(state, live('case.status_changed', {id: 5, status: 'dispatched', version: 4, change: 'dispatch'}));
      expect(out.removed).toEqual([5]);
      expect(out.state.cases.has(5)).toBe(false);
      expect(out.fetch).toEqual([]);
    });

    it('moves a case to its next queue and reloads it for its new actions', () => {
      const state = withCases(emptyState(), [c(5, 'reported', {version: 1})]);
      const out = applyLive(state, live('case.status_changed', {id: 5, status: 'accepted', version: 2}));
      expect(out.fetch).toEqual([5]);
      const out2 = applyLive(out.state, live('case.status_changed', {id: 5, status: 'registered', version: 3}));
      expect(queueItems(out2.state, 'dispatch').map((x) => x.id)).toEqual([5]);
      expect(queueItems(out2.state, 'intake')).toEqual([]);
    });

    it('ignores an event older than the case the page shows', () => {
      const state = withCases(emptyState(), [c(5, 'registered', {version: 7})]);
      const out = applyLive(state, live('case.status_changed', {id: 5, status: 'accepted', version: 6}));
      expect(out.state).toBe(state);
      expect(out.fetch).toEqual([]);
    });

    it('ignores changes of cases the page never held that are in no queue', () => {
      const out = applyLive(emptyState(), live('case.status_changed', {id: 6, status: 'in_progress', version: 6}));
      expect(out.state.cases.size).toBe(0);
      expect(out.fetch).toEqual([]);
    });

    it('a duplicate accepted after all leaves the duplicates for the intake queue', () => {
      const state = withCases(emptyState(), [c(8, 'reported', {duplicateOf: 2})]);
      const out = applyLive(state, live('case.status_changed', {id: 8, status: 'accepted', version: 2}));
      expect(queuesOf(out.state.cases.get(8))).toEqual(['intake']);
    });

    it('reloads everything on resync and ignores other topics', () => {
      expect(applyLive(emptyState(), {type: 'resync', data: {reason: 'expired'}}).reload).toBe(true);
      const state = emptyState();
      expect(applyLive(state, {type: 'instruction.sent', data: {id: 1}}).state).toBe(state);
    });
  });

  it('orders a queue overdue first, then by deadline', () => {
    const state = withCases(emptyState(), [
      c(1, 'registered', {deadline: '2026-11-24T10:00:00Z'}),
      c(2, 'registered', {deadline: '2026-11-23T10:00:00Z'}),
      c(3, 'registered', {deadline: '2026-11-25T10:00:00Z', overdue: true}),
    ]);
    expect(queueItems(state, 'dispatch').map((x) => x.id)).toEqual([3, 2, 1]);
    expect(queueCounts(state)).toMatchObject({dispatch: 3, overdue: 1, intake: 0});
  });

  it('offers the category’s canned refusal first, without repeats', () => {
    const replies = rejectReplies({replies: {rejected: '不属于市容环境处置范围'}});
    expect(replies[0]).toBe('不属于市容环境处置范围');
    expect(new Set(replies).size).toBe(replies.length);
    expect(rejectReplies(null).length).toBeGreaterThan(0);
  });

  it('names a second dispatch 重新派遣', () => {
    expect(dispatchLabel({status: 'registered'})).toBe('派遣');
    expect(dispatchLabel({status: 'returned'})).toBe('重新派遣');
  });
});

describe('dispatch/queues consultTasks', () => {
  it('makes one department task per chosen department', () => {
    expect(consultTasks(['urban_mgmt_squad', 'gas_company', 'urban_mgmt_squad'])).toEqual({
      tasks: [
        {handlerKind: 'department', departmentCode: 'urban_mgmt_squad'},
        {handlerKind: 'department', departmentCode: 'gas_company'},
      ],
      error: '',
    });
  });

  it('refuses a consultation with fewer than two departments', () => {
    expect(consultTasks(['urban_mgmt_squad']).tasks).toEqual([]);
    expect(consultTasks([]).error).toContain('两个');
  });
});
