/**
 * Idempotency keys for case intake: a random UUID made when the report form
 * opens, sent as `Idempotency-Key` with every try of the same report, so a
 * double tap or a retry after a lost answer never makes a second case.
 * @module worker/idempotency
 */

/**
 * @typedef {Object} RandomSource
 * @property {function(): string} [randomUUID] `crypto.randomUUID` (only in secure contexts).
 * @property {function(Uint8Array): Uint8Array} getRandomValues `crypto.getRandomValues`.
 */

/**
 * A version 4 UUID. `crypto.randomUUID` exists only on HTTPS pages and
 * localhost; a phone opening the page over plain HTTP on the LAN still gets a
 * random key from `getRandomValues`.
 * @param {RandomSource} [random] Random source (default: `globalThis.crypto`).
 * @return {string} UUID like `3b241101-e2bb-4255-8caf-4136c566a962`.
 */
export function newIdempotencyKey(random = globalThis.crypto) {
  if (typeof random.randomUUID === 'function') {
    return random.randomUUID();
  }
  const bytes = random.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
