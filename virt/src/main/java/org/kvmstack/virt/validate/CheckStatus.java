package org.kvmstack.virt.validate;

/** Outcome of one host check, in the spirit of {@code virt-host-validate}. */
public enum CheckStatus {
    /** The host meets the requirement. */
    PASS,
    /** Guests can run, but slower or with a feature missing; the remedy says what to do. */
    WARN,
    /** Guests cannot run (or cannot be managed) until the remedy is applied. */
    FAIL,
    /** A fact worth knowing that is neither good nor bad (for example a skipped check). */
    INFO
}
