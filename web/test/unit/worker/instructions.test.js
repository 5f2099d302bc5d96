import {describe, expect, it} from 'vitest';
import {mergeListed, readInstruction, unreadCount, withLive, withReceipt} from '../../../src/worker/instructions.js';

/**
 * @param {number} id Id.
 * @param {Record<string, unknown>} [more] Other members.
 * @return {any} An item of GET /api/instructions/mine.
 */
const mine = (id, more = {}) => ({id, title: `指令${id}`, body: '内容', sentAt: '2026-11-23T08:00:00Z', sender: 'ops', readAt: null, doneAt: null, ...more});

/**
 * @param {number} id Id.
 * @return {import('../../../src/liveStream.js').LiveMessage} instruction.sent.
 */
const sent = (id) => ({id: 100 + id, type: 'instruction.sent', topic: 'instructions', at: '2026-11-23T09:00:00Z', data: {id, title: `指令${id}`, body: '防汛', sender: 'ops'}});

describe('worker/instructions', () => {
  it('refuses malformed items', () => {
    expect(readInstruction(null)).toBeNull();
    expect(readInstruction({id: '1'})).toBeNull();
  });

  it('adds a live instruction once, newest first, unread and fresh', () => {
    const held = withLive(mergeListed([], [mine(1, {readAt: '2026-11-23T08:01:00Z'})]), sent(2));
    expect(held.map((i) => i.id)).toEqual([2, 1]);
    expect(held[0]).toMatchObject({fresh: true, readAt: null, sentAt: '2026-11-23T09:00:00Z'});
    expect(withLive(held, sent(2))).toBe(held);
    expect(unreadCount(held)).toBe(1);
  });

  it('shows what was sent while the page was away as new', () => {
    const held = mergeListed([], [mine(3), mine(4, {readAt: '2026-11-23T08:05:00Z'})]);
    expect(held.map((i) => [i.id, i.fresh])).toEqual([[4, false], [3, true]]);
  });

  it('keeps a live arrival the list answer did not have yet, and drops done ones the server no longer lists', () => {
    let held = withLive([], sent(5));
    held = withLive(held, sent(6));
    held = withReceipt(held, 6, 'done', '2026-11-23T09:10:00Z');
    const merged = mergeListed(held, []);
    expect(merged.map((i) => i.id)).toEqual([5]);
  });

  it('keeps a receipt the page sent when a list answer predates it', () => {
    const held = withReceipt(mergeListed([], [mine(7)]), 7, 'read', '2026-11-23T09:00:00Z');
    const merged = mergeListed(held, [mine(7)]);
    expect(merged[0].readAt).toBe('2026-11-23T09:00:00Z');
    expect(merged[0].fresh).toBe(false);
    expect(unreadCount(merged)).toBe(0);
  });

  it('marks done as read too', () => {
    const held = withReceipt(mergeListed([], [mine(8)]), 8, 'done', '2026-11-23T09:00:00Z');
    expect(held[0]).toMatchObject({readAt: '2026-11-23T09:00:00Z', doneAt: '2026-11-23T09:00:00Z'});
  });

  it('ignores other events', () => {
    const held = mergeListed([], [mine(1)]);
    expect(withLive(held, {type: 'case.created', data: {id: 1}})).toBe(held);
  });
});
