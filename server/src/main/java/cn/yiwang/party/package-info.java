/**
 * Party building (党建) on the grid: the organisation tree from the district committee down to the
 * compound party groups and their contact households (支部建在网格上), party members and in-service
 * members' registration to their home grid (在职党员报到), volunteer tasks claimed first come first
 * served (抢任务挣积分), the five-star branch rating with its weights as data (五星支部), per-grid
 * figures, shops and services with the 15-minute service circle. A compound is
 * {@code (district_code, building.compound)}: this package keeps no table of compounds.
 */
package cn.yiwang.party;
