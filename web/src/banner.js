/**
 * Error banner: one line per failing loader, with a 重试 (retry) button.
 * @module banner
 */

import {el} from './dom.js';

/**
 * @typedef {Object} ErrorBanner
 * @property {function(string, string, function(): void): void} show Shows or replaces the error of `key`; the callback retries it.
 * @property {function(string): void} clear Removes the error of `key`.
 * @property {function(): Array<string>} keys Keys with an error shown.
 */

/**
 * @param {HTMLElement} container Element the banner lives in (hidden when empty).
 * @return {ErrorBanner} Banner.
 */
export function createErrorBanner(container) {
  /** @type {Map<string, {message: string, retry: function(): void}>} */
  const errors = new Map();
  container.classList.add('error-banner');
  container.setAttribute('role', 'alert');
  container.hidden = true;

  function render() {
    container.replaceChildren();
    container.hidden = errors.size === 0;
    if (errors.size === 0) {
      return;
    }
    const list = el(
      'ul',
      {class: 'error-banner__list'},
      [...errors.values()].map((error) => el('li', {}, [error.message])),
    );
    const button = el('button', {type: 'button', class: 'error-banner__retry'}, ['重试']);
    button.addEventListener('click', () => {
      for (const error of errors.values()) {
        error.retry();
      }
    });
    container.append(el('span', {class: 'error-banner__icon', 'aria-hidden': 'true'}, ['⚠']), list, button);
  }

  return {
    show(key, message, retry) {
      errors.set(key, {message, retry});
      render();
    },
    clear(key) {
      if (errors.delete(key)) {
        render();
      }
    },
    keys: () => [...errors.keys()],
  };
}
