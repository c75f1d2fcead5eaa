package org.kvmstack.cloud.keypair;

/** A keypair just generated: the stored record and the private key, returned to the caller once, never stored. */
public record GeneratedKeypair(Keypair keypair, String privateKeyPem) {
}
