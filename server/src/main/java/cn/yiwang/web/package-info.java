/**
 * Pages of the web front end that need a route of their own beyond the static files mapped from
 * {@code classpath:public} (the built {@code web/dist}): the phone page for grid workers at {@code /worker}.
 */
package cn.yiwang.web;
