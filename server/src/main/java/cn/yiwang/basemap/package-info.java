/**
 * Base maps under the grids: the default is the project's own data (nothing here); an operator may
 * add Tianditu (天地图, with their {@code tk} key, which the console gets from {@code /api/basemap})
 * or a local MBTiles file that this server reads and serves tile by tile, so the map stays offline.
 */
package cn.yiwang.basemap;
