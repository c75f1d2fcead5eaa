package org.kvmstack.cloud.compute;

/** No host passed the filters; the message lists each host's reason. */
final class NoValidHost extends RuntimeException {
    NoValidHost(String message) {
        super(message);
    }
}
