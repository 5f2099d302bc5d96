/**
 * Access token storage (sessionStorage, so a token lives as long as the tab).
 * @module auth
 */

/** sessionStorage key of the bearer token. */
export const TOKEN_KEY = 'yiwang.accessToken';

/**
 * @typedef {Object} TokenStore
 * @property {function(): (string|null)} get Current token or `null`.
 * @property {function(string): void} set Stores a token.
 * @property {function(): void} clear Forgets the token.
 */

/**
 * Token store backed by a Web Storage object.
 * @param {Pick<Storage, 'getItem'|'setItem'|'removeItem'>} storage Storage (e.g. `sessionStorage`).
 * @param {string} [key] Storage key.
 * @return {TokenStore} Token store.
 */
export function createStorageTokenStore(storage, key = TOKEN_KEY) {
  return {
    get: () => storage.getItem(key),
    set: (token) => storage.setItem(key, token),
    clear: () => storage.removeItem(key),
  };
}

/**
 * Token store kept in memory only (tests, or browsers without sessionStorage).
 * @param {string|null} [initial] Initial token.
 * @return {TokenStore} Token store.
 */
export function createMemoryTokenStore(initial = null) {
  /** @type {string|null} */
  let token = initial;
  return {
    get: () => token,
    set: (value) => {
      token = value;
    },
    clear: () => {
      token = null;
    },
  };
}

/**
 * The token store used by the console: sessionStorage when available.
 * @return {TokenStore} Token store.
 */
export function createSessionTokenStore() {
  try {
    const storage = globalThis.sessionStorage;
    if (storage) {
      return createStorageTokenStore(storage);
    }
  } catch {
    // Access to sessionStorage can throw (e.g. disabled storage); fall through.
  }
  return createMemoryTokenStore();
}
