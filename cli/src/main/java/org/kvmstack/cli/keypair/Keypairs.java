package org.kvmstack.cli.keypair;

import org.kvmstack.cli.CommandFailedException;
import org.kvmstack.cli.client.ClientException;

/** Key pairs are named, never looked up by id: a 404 means the name is unknown. */
final class Keypairs {
    private Keypairs() {}

    /** {@code keypair k1 not found (HTTP 404, req-…)} for a 404; other failures unchanged. */
    static RuntimeException notFound(String name, ClientException e) {
        if (!e.isNotFound()) {
            return e;
        }
        return new CommandFailedException("keypair " + name + " not found (HTTP 404"
                + e.requestId().map(id -> ", " + id).orElse("") + ")", e);
    }
}
