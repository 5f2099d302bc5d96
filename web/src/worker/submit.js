/**
 * Sending a report until the server has it: every try carries the draft's
 * idempotency key, so the server answers a repeated try with the case the
 * first one made (`Idempotent-Replayed: true`) instead of making another.
 * Network failures, timeouts and server errors are retried with backoff;
 * anything the worker must fix (400, 403, 422) ends the loop.
 * @module worker/submit
 */

import {backoffDelay, isTransient} from '../retry.js';
import {buildCaseBody} from './caseBody.js';

/**
 * @typedef {import('./draft.js').Draft} Draft
 */

/**
 * @typedef {Object} WaitInfo
 * @property {number} attempt Failed tries so far.
 * @property {number} delay Milliseconds until the next try.
 * @property {unknown} error Why the last try failed.
 * @property {function(): void} retryNow Tries at once.
 */

/**
 * @typedef {Object} SubmitOptions
 * @property {function(number): void} [onTry] Called before each try with its number (1-based).
 * @property {function(WaitInfo): void} [onWait] Called after a transient failure.
 * @property {AbortSignal} [signal] Stops retrying (rejects with the signal's reason).
 * @property {import('../retry.js').BackoffOptions} [backoff] Backoff (default 2 s doubling to 60 s).
 * @property {number} [maxTries] Give up after this many tries (default: never).
 */

/**
 * @typedef {Object} Submitted
 * @property {any} view The case (`CaseView`).
 * @property {boolean} replayed The server had it already (an earlier try reached it).
 * @property {number} tries Tries it took.
 */

/**
 * @param {{send: function(string, import('../api.js').SendInit): Promise<import('../api.js').SendResult>}} api API client.
 * @param {Draft} draft Draft to send (with its key).
 * @param {SubmitOptions} [options] Options.
 * @return {Promise<Submitted>} The stored case.
 */
export async function submitCase(api, draft, options = {}) {
  const body = buildCaseBody(draft);
  const backoff = options.backoff || {base: 2000, factor: 2, max: 60000};
  for (let attempt = 1; ; attempt++) {
    if (options.signal?.aborted) {
      throw options.signal.reason ?? new Error('aborted');
    }
    options.onTry?.(attempt);
    try {
      const result = await api.send('/api/cases', {
        method: 'POST',
        json: body,
        headers: {'Idempotency-Key': draft.key},
        signal: options.signal,
      });
      return {
        view: result.body,
        replayed: result.headers.get('Idempotent-Replayed') === 'true' || result.status === 200,
        tries: attempt,
      };
    } catch (error) {
      if ((error instanceof Error && error.name === 'AbortError') || !isTransient(error)) {
        throw error;
      }
      if (options.maxTries && attempt >= options.maxTries) {
        throw error;
      }
      const delay = backoffDelay(attempt, backoff);
      await pause(delay, options.signal, (retryNow) => options.onWait?.({attempt, delay, error, retryNow}));
    }
  }
}

/**
 * @param {number} ms Delay.
 * @param {AbortSignal|undefined} signal Cuts the wait short (the loop then throws).
 * @param {function(function(): void): void} expose Receives the "retry now" callback.
 * @return {Promise<void>} Resolves after the delay or on "retry now".
 */
function pause(ms, signal, expose) {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done);
    expose(done);
  });
}
