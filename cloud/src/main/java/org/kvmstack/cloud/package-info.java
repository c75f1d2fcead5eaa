/** Services by feature; see docs/architecture.md. */
package org.kvmstack.cloud;
