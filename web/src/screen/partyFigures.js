/**
 * 党建引领 figures of the big screen: the tiles shown for the selected grid,
 * from the `total` of `GET /api/party/figures`.
 * @module screen/partyFigures
 */

/**
 * @typedef {Object} PartyTotal
 * @property {number} compounds Compounds (小区/楼院).
 * @property {number} compoundsCovered Of them with a compound party group.
 * @property {number|null} coverage Their share.
 * @property {number} branches Level-3 grid branches.
 * @property {number} compoundGroups Compound party groups.
 * @property {number} inServiceMembers In-service party members.
 * @property {number} registeredInService Of them registered to their home grid.
 * @property {number} serviceHours Volunteer service hours.
 * @property {number} completedClaims Volunteer tasks done (confirmed claims).
 * @property {number} fiveStarBranches Five-star branches.
 * @property {number} branchesRated Branches rated.
 */

/**
 * @param {number|null|undefined} share Share 0–1.
 * @return {string} e.g. `87.6%`, or `—`.
 */
function percent(share) {
  return typeof share === 'number' ? `${(100 * share).toFixed(1)}%` : '—';
}

/**
 * The tiles, in order: key, Chinese label, shown value.
 * @param {PartyTotal|null} total Figures of the grid, or null while loading.
 * @return {Array<{key: string, label: string, value: string}>} Tiles.
 */
export function partyTiles(total) {
  if (!total) {
    return [];
  }
  return [
    {key: 'coverage', label: '小区党组织覆盖率', value: percent(total.coverage)},
    {key: 'covered', label: '已建党小组小区', value: `${total.compoundsCovered}/${total.compounds}`},
    {key: 'branches', label: '网格党支部', value: String(total.branches)},
    {
      key: 'registered',
      label: '在职党员报到',
      value: `${total.registeredInService}/${total.inServiceMembers}`,
    },
    {key: 'hours', label: '志愿服务时长（小时）', value: total.serviceHours.toFixed(0)},
    {key: 'stars', label: '五星支部', value: `${total.fiveStarBranches}/${total.branchesRated}`},
  ];
}

/**
 * The level to ask figures at for a selection: the selection's own level,
 * so the answer's total is the selection.
 * @param {string|undefined} level Level of the selected grid.
 * @return {string} A level `GET /api/party/figures` accepts.
 */
export function figureLevel(level) {
  return level === 'district' || level === 'l1' || level === 'l2' || level === 'l3' || level === 'micro' ? level : 'district';
}
