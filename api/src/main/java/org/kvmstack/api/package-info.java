/** OpenStack-compatible HTTP API; see docs/architecture.md. */
package org.kvmstack.api;
