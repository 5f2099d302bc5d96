/**
 * Instructions (指令下达) from the ops center to every grid worker of a city, district, street,
 * community or drawn area: one receipt per recipient with read and done times and feedback,
 * delivered live through {@link cn.yiwang.live} and waiting in {@code /api/instructions/mine} for
 * whoever was offline.
 */
package cn.yiwang.instruction;
