/**
 * Retrying a failing load with exponential backoff, and a manual "retry now".
 * @module retry
 */

/**
 * @typedef {Object} BackoffOptions
 * @property {number} [base] Delay before the first retry in ms.
 * @property {number} [factor] Growth factor per attempt.
 * @property {number} [max] Upper bound in ms.
 */

/**
 * Delay before retry number `attempt` (1-based): `base * factor^(attempt-1)`, capped at `max`.
 * @param {number} attempt Failed attempts so far (>= 1).
 * @param {BackoffOptions} [options] Options.
 * @return {number} Delay in milliseconds.
 */
export function backoffDelay(attempt, options = {}) {
  const base = options.base ?? 1000;
  const factor = options.factor ?? 2;
  const max = options.max ?? 30000;
  const n = Math.max(1, Math.floor(attempt));
  return Math.min(max, base * Math.pow(factor, n - 1));
}

/**
 * Whether an error is worth retrying automatically: network failures, server
 * errors, timeouts and rate limiting are; other client errors (bad request,
 * forbidden, cancelled login) only retry when the user asks.
 * @param {unknown} error Error.
 * @return {boolean} Retry automatically.
 */
export function isTransient(error) {
  const status =
    error && typeof error === 'object' && 'status' in error ? Number(error.status) : 0;
  return status === 0 || status === 408 || status === 429 || status >= 500;
}

/**
 * @typedef {Object} FailureInfo
 * @property {number} attempt Failed attempts so far.
 * @property {number} delay Milliseconds until the automatic retry (`Infinity`: none).
 * @property {function(): void} retryNow Retries immediately.
 */

/**
 * @template T
 * @typedef {Object} RetryOptions
 * @property {function(unknown, FailureInfo): void} [onError] Called after each failure.
 * @property {function(number): void} [onSuccess] Called with the number of failures before success.
 * @property {BackoffOptions} [backoff] Backoff options.
 * @property {function(unknown): boolean} [shouldRetry] Automatic retry predicate.
 * @property {AbortSignal} [signal] Stops retrying when aborted.
 */

/**
 * Runs `task` until it succeeds. After a failure it waits `backoffDelay()`
 * (or until `retryNow()` is called) and tries again; non-transient errors
 * wait for `retryNow()` only.
 * @template T
 * @param {function(): Promise<T>} task Task.
 * @param {RetryOptions<T>} [options] Options.
 * @return {Promise<T>} Result of the first successful run.
 */
export async function retrying(task, options = {}) {
  const shouldRetry = options.shouldRetry || isTransient;
  for (let attempt = 0; ; ) {
    if (options.signal?.aborted) {
      throw options.signal.reason ?? new Error('aborted');
    }
    try {
      const result = await task();
      if (options.onSuccess) {
        options.onSuccess(attempt);
      }
      return result;
    } catch (error) {
      if (error instanceof Error && error.name === 'AbortError') {
        throw error;
      }
      attempt++;
      const delay = shouldRetry(error) ? backoffDelay(attempt, options.backoff) : Infinity;
      const wait = waitFor(delay, options.signal);
      if (options.onError) {
        options.onError(error, {attempt, delay, retryNow: wait.wake});
      }
      await wait.promise;
    }
  }
}

/**
 * @param {number} delay Milliseconds (`Infinity`: until woken).
 * @param {AbortSignal} [signal] Abort signal (resolves early).
 * @return {{promise: Promise<void>, wake: function(): void}} Wait handle.
 */
function waitFor(delay, signal) {
  /** @type {function(): void} */
  let wake = () => {};
  const promise = new Promise((resolve) => {
    /** @type {ReturnType<typeof setTimeout>|undefined} */
    let timer;
    const done = () => {
      if (timer !== undefined) {
        clearTimeout(timer);
      }
      signal?.removeEventListener('abort', done);
      resolve(undefined);
    };
    wake = done;
    if (Number.isFinite(delay)) {
      timer = setTimeout(done, delay);
    }
    signal?.addEventListener('abort', done);
  });
  return {promise: /** @type {Promise<void>} */ (promise), wake};
}
