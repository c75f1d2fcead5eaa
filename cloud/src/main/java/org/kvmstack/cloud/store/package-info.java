/**
 * The relational store: connection to SQLite (embedded, default) or PostgreSQL, and the Flyway
 * migrations in {@code db/migration} that both engines run unchanged. Repositories live with
 * their feature (e.g. {@code org.kvmstack.cloud.identity}).
 */
package org.kvmstack.cloud.store;
