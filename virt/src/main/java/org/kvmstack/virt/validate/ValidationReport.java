package org.kvmstack.virt.validate;

import java.util.List;

/**
 * Everything host validation found.
 *
 * @param checks  every check in a fixed order, skipped ones as INFO
 * @param verdict the domain type guests get here and why
 */
public record ValidationReport(List<CheckResult> checks, DomainTypeVerdict verdict) {
    public ValidationReport {
        checks = List.copyOf(checks);
    }

    /** True when no check failed: guests can run here, possibly only under TCG. */
    public boolean canRunGuests() {
        return checks.stream().noneMatch(c -> c.status() == CheckStatus.FAIL);
    }
}
