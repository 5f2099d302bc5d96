import {describe, expect, it} from 'vitest';
import {places, sortTasks, taskState} from '../../../src/worker/volunteer.js';

const NOW = Date.parse('2026-11-23T08:00:00Z');

/**
 * @param {number} id Id.
 * @param {Record<string, unknown>} [more] Other members.
 * @return {any} A task of GET /api/volunteer/tasks.
 */
const task = (id, more = {}) => ({
  id,
  gridCode: '410103001',
  title: `任务${id}`,
  place: '广场',
  startsAt: '2026-11-24T01:00:00Z',
  endsAt: '2026-11-24T03:00:00Z',
  points: 20,
  capacity: 5,
  claimed: 2,
  status: 'open',
  postedBy: 'dispatcher',
  myClaim: null,
  ...more,
});

describe('worker/volunteer', () => {
  describe('taskState', () => {
    it('is open while places are left and the task is not over', () => {
      expect(taskState(task(1), NOW)).toBe('open');
    });
    it('is full when every place is taken', () => {
      expect(taskState(task(1, {claimed: 5}), NOW)).toBe('full');
    });
    it('is over when closed or past its end', () => {
      expect(taskState(task(1, {status: 'closed'}), NOW)).toBe('over');
      expect(taskState(task(1, {endsAt: '2026-11-23T07:00:00Z'}), NOW)).toBe('over');
    });
    it('follows the user own claim before anything else', () => {
      expect(taskState(task(1, {claimed: 5, myClaim: {username: 'u', completedAt: null, points: 0}}), NOW)).toBe('claimed');
      expect(taskState(task(1, {status: 'closed', myClaim: {username: 'u', completedAt: '2026-11-23T07:00:00Z', points: 20}}), NOW)).toBe('done');
    });
  });

  describe('places', () => {
    it('shows taken of all places', () => {
      expect(places(task(1))).toBe('2/5人');
    });
  });

  describe('sortTasks', () => {
    it('puts claimable tasks first and keeps the server order within a state', () => {
      const sorted = sortTasks([task(1, {claimed: 5}), task(2), task(3, {myClaim: {username: 'u', completedAt: null, points: 0}}), task(4)], NOW);
      expect(sorted.map((t) => t.id)).toEqual([2, 4, 3, 1]);
    });
  });
});
