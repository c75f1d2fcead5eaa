/**
 * Identity (Keystone v3, the part needed now): domains, projects, users, roles, password
 * authentication, tokens (stored hashed, expiring on an injected clock), bootstrap of the
 * admin account, and the service catalog. Knows nothing about HTTP.
 */
package org.kvmstack.cloud.identity;
