/**
 * Cross-cutting HTTP API plumbing: RFC 9457 problem details for every error (one place maps domain
 * exceptions and framework errors, never a stack trace), request-parameter parsing that names the
 * offending parameter, and paging links.
 */
package cn.yiwang.api;
