/**
 * The two-level taxonomy of `GET /api/categories` (大类 → 小类) as the report
 * form needs it: active sub-categories only, searchable by keyword.
 * @module worker/categories
 */

/**
 * @typedef {Object} SubCategory
 * @property {string} code Code, e.g. `SRHJ-03`.
 * @property {string} name Chinese name, e.g. `非法小广告`.
 * @property {string} topCode Top category code, e.g. `SRHJ`.
 * @property {string} topName Top category name, e.g. `市容环境`.
 * @property {string} description Description.
 * @property {Array<string>} keywords Search keywords.
 * @property {boolean} selfHandle The reporting worker may handle it at once (自处置).
 * @property {boolean} locationRequired A report needs a location.
 * @property {{amount: number, unit: string}|null} deadline Handling time limit.
 */

/**
 * @typedef {Object} TopCategory
 * @property {string} code Code.
 * @property {string} name Chinese name.
 * @property {Array<SubCategory>} subCategories Active sub-categories.
 */

/**
 * @param {any} tree Body of `GET /api/categories`.
 * @return {Array<TopCategory>} Top categories with their active sub-categories (empty tops dropped).
 */
export function readTaxonomy(tree) {
  const tops = tree && Array.isArray(tree.topCategories) ? tree.topCategories : [];
  /** @type {Array<TopCategory>} */
  const out = [];
  for (const top of tops) {
    if (!top || typeof top.code !== 'string') {
      continue;
    }
    const topName = typeof top.nameZh === 'string' ? top.nameZh : top.code;
    const subs = (Array.isArray(top.subCategories) ? top.subCategories : [])
      .filter((/** @type {any} */ s) => s && typeof s.code === 'string' && s.active !== false)
      .map((/** @type {any} */ s) => ({
        code: s.code,
        name: typeof s.nameZh === 'string' ? s.nameZh : s.code,
        topCode: top.code,
        topName,
        description: typeof s.description === 'string' ? s.description : '',
        keywords: Array.isArray(s.keywords) ? s.keywords.filter((/** @type {unknown} */ k) => typeof k === 'string') : [],
        selfHandle: s.selfHandle === true,
        locationRequired: s.locationRequired !== false,
        deadline:
          s.deadline && typeof s.deadline.amount === 'number' && typeof s.deadline.unit === 'string'
            ? {amount: s.deadline.amount, unit: s.deadline.unit}
            : null,
      }));
    if (subs.length) {
      out.push({code: top.code, name: topName, subCategories: subs});
    }
  }
  return out;
}

/**
 * @param {Array<TopCategory>} tops Taxonomy.
 * @param {string|null} code Sub-category code.
 * @return {SubCategory|null} The sub-category, or `null`.
 */
export function findCategory(tops, code) {
  for (const top of tops) {
    const sub = top.subCategories.find((s) => s.code === code);
    if (sub) {
      return sub;
    }
  }
  return null;
}

/**
 * Sub-categories matching every space-separated term of `query` in their
 * name, keywords, top category name, code or description; best first: a name
 * match beats a keyword match beats a match in the top category or the
 * description. An empty query matches nothing (the form then shows the tree).
 * @param {Array<TopCategory>} tops Taxonomy.
 * @param {string} query What the worker typed, e.g. `小广告` or `井盖`.
 * @param {number} [limit] Most results.
 * @return {Array<SubCategory>} Matches.
 */
export function searchCategories(tops, query, limit = 20) {
  const terms = query.trim().toLowerCase().split(/\s+/).filter(Boolean);
  if (!terms.length) {
    return [];
  }
  /** @type {Array<{sub: SubCategory, score: number, order: number}>} */
  const hits = [];
  let order = 0;
  for (const top of tops) {
    for (const sub of top.subCategories) {
      order++;
      let score = 0;
      for (const term of terms) {
        const s = termScore(sub, term);
        if (s === 0) {
          score = 0;
          break;
        }
        score += s;
      }
      if (score > 0) {
        hits.push({sub, score, order});
      }
    }
  }
  hits.sort((a, b) => b.score - a.score || a.order - b.order);
  return hits.slice(0, limit).map((h) => h.sub);
}

/**
 * @param {SubCategory} sub Sub-category.
 * @param {string} term Lower-case term.
 * @return {number} How well it matches (0: not at all).
 */
function termScore(sub, term) {
  if (sub.name.toLowerCase().includes(term)) {
    return 8;
  }
  if (sub.keywords.some((k) => k.toLowerCase().includes(term))) {
    return 4;
  }
  if (sub.code.toLowerCase() === term || sub.code.toLowerCase().startsWith(term)) {
    return 3;
  }
  if (sub.topName.toLowerCase().includes(term)) {
    return 2;
  }
  if (sub.description.toLowerCase().includes(term)) {
    return 1;
  }
  return 0;
}
