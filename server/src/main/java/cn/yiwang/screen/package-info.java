/**
 * The big screen's server side (一屏观全域): today's figures of a scope, the compact marker set of its
 * open and today's cases, and the case creations and closures of the last 24 hours for the time-lapse.
 * Live changes reach the page through {@code /api/live}; these reads give it the state to start from.
 */
package cn.yiwang.screen;
