package org.kvmstack.virt.validate;

/**
 * One host validation check.
 *
 * <p>Contract: {@link #run()} never throws for a property of the host it inspects (a missing file, an unreadable
 * device, an unreachable daemon); those become a {@link CheckResult} with status WARN or FAIL and a remedy. It
 * returns a result whose {@link CheckResult#name()} equals {@link #name()}.
 */
public interface HostCheck {
    /** Stable identifier, e.g. {@code cpu-virtualization}; used by {@code --skip}. */
    String name();

    /** Inspects the host and reports. */
    CheckResult run();
}
