package org.kvmstack.bench;

import java.util.List;
import java.util.Objects;

/**
 * One row of the report: kvmstack's value beside the baseline's (when the figure has one), held to its targets.
 *
 * @param id       stable key for the JSON file, e.g. {@code create_to_running_ms}
 * @param label    what was measured, as the table prints it
 * @param unit     unit of both values
 * @param kvmstack kvmstack's value; null when it could not be measured in this run
 * @param baseline the baseline's value (raw libvirt); null when the figure has none or it was not measured
 * @param targets  what the figure is held to; empty for figures reported without a goal
 * @param note     how it was measured, or why a value is missing
 */
public record Figure(String id, String label, String unit, Double kvmstack, Double baseline, List<Target> targets,
                     String note) {
    public Figure {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(unit, "unit");
        targets = List.copyOf(targets);
        note = note == null ? "" : note;
    }

    /** How the figure fares against its targets. */
    public Verdict verdict() {
        if (targets.isEmpty()) {
            return Verdict.NO_TARGET;
        }
        if (kvmstack == null || (baseline == null && targets.stream().anyMatch(Target::needsBaseline))) {
            return Verdict.NOT_MEASURED;
        }
        return targets.stream().allMatch(t -> t.isMet(kvmstack, baseline)) ? Verdict.MET : Verdict.MISSED;
    }

    /** kvmstack's value over the baseline's, when both exist. */
    public Double ratio() {
        return kvmstack == null || baseline == null || baseline == 0 ? null : kvmstack / baseline;
    }

    public enum Verdict {
        MET("met"), MISSED("MISSED"), NOT_MEASURED("not measured"), NO_TARGET("-");

        private final String text;

        Verdict(String text) {
            this.text = text;
        }

        public String text() {
            return text;
        }
    }
}
