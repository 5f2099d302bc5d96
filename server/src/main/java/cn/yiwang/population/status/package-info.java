/**
 * Status maps (作战图): campaigns whose statuses (label, colour, symbol) are data, one current status
 * per household or person, per-grid counts pushed on the live stream (topic {@code population}) and a
 * non-personal point layer coloured by status.
 */
package cn.yiwang.population.status;
