/**
 * Tiny DOM helper: builds elements from a tag, attributes and children.
 * Text is always set as text (never parsed as HTML).
 * @module dom
 */

/**
 * @template {keyof HTMLElementTagNameMap} K
 * @param {K} tag Tag name.
 * @param {Record<string, string|boolean|undefined>} [attributes] Attributes (`class`, `type`, …); `false`/`undefined` are skipped.
 * @param {Array<Node|string|null|undefined|false>} [children] Child nodes or text.
 * @return {HTMLElementTagNameMap[K]} Element.
 */
export function el(tag, attributes = {}, children = []) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === false || value === undefined) {
      continue;
    }
    element.setAttribute(name, value === true ? '' : value);
  }
  for (const child of children) {
    if (child === null || child === undefined || child === false) {
      continue;
    }
    element.append(typeof child === 'string' ? document.createTextNode(child) : child);
  }
  return element;
}
