/**
 * The embedded PostGIS launcher and database plumbing. {@link cn.yiwang.db.EmbeddedPostgis} runs the
 * operating system's own PostgreSQL binaries on a private cluster (loopback only, generated password),
 * so development, tests and small deployments need no database administration; {@code DATABASE_URL}
 * bypasses it for an existing PostGIS. Flyway owns the schema (migrations live in the top-level
 * {@code sql/} folder and are packaged as {@code db/migration}).
 */
package cn.yiwang.db;
