import {describe, expect, it} from 'vitest';
import {ApiError} from '../../../src/api.js';
import {actionErrorText} from '../../../src/dispatch/messages.js';

describe('dispatch/messages', () => {
  it('tells a stale version from a state that does not allow the action', () => {
    const stale = new ApiError({status: 409, detail: 'Case EQ-1 is at version 2, not 1: someone else changed it. Reload and retry.'});
    const state = new ApiError({status: 409, detail: "Action 'accept' is not allowed in state 'dispatched'."});
    expect(actionErrorText(stale)).toContain('刚被他人更新');
    expect(actionErrorText(state)).toContain('当前状态不允许');
    expect(actionErrorText(stale)).not.toMatch(/[A-Za-z]{4,}/);
  });

  it('explains a refusal by scope or role', () => {
    expect(actionErrorText(new ApiError({status: 403}))).toContain('无权操作');
  });

  it('explains a lost connection', () => {
    expect(actionErrorText(new ApiError({status: 0}))).toContain('无法连接服务器');
  });
});
