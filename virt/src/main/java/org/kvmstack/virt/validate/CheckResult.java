package org.kvmstack.virt.validate;

import java.util.Objects;

/**
 * The result of one host check.
 *
 * @param name   stable identifier of the check (for {@code --skip} and scripts), e.g. {@code kvm-device}
 * @param status outcome
 * @param reason what was found, in words a person understands
 * @param remedy what to do about it; empty when nothing needs doing
 */
public record CheckResult(String name, CheckStatus status, String reason, String remedy) {
    public CheckResult {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(reason, "reason");
        remedy = remedy == null ? "" : remedy;
    }

    static CheckResult pass(String name, String reason) {
        return new CheckResult(name, CheckStatus.PASS, reason, "");
    }

    static CheckResult info(String name, String reason) {
        return new CheckResult(name, CheckStatus.INFO, reason, "");
    }

    static CheckResult warn(String name, String reason, String remedy) {
        return new CheckResult(name, CheckStatus.WARN, reason, remedy);
    }

    static CheckResult fail(String name, String reason, String remedy) {
        return new CheckResult(name, CheckStatus.FAIL, reason, remedy);
    }
}
