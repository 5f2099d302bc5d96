/**
 * Authentication (JWT bearer tokens from {@code POST /login}), roles, grid scope, the login
 * throttle, demo users and the append-only audit log. Users are bound to one grid (their scope):
 * what they may see is that grid and what lies below it. Passwords are bcrypt hashes.
 */
package cn.yiwang.security;
