package org.kvmstack.bench;

/** A goal a figure is held to. Each kind says in words what it demands, and whether a measurement meets it. */
public sealed interface Target {
    /** What the target demands, as the table prints it, e.g. {@code ≤ 1.2× raw}. */
    String describe();

    /** Whether {@code measured} meets the target; baseline-relative targets need {@code baseline}. */
    boolean isMet(double measured, Double baseline);

    /** Whether the target can only be judged with a baseline figure beside it. */
    boolean needsBaseline();

    /** kvmstack's figure is at most {@code factor} times the baseline's. */
    record AtMostTimesBaseline(double factor) implements Target {
        public String describe() {
            return "≤ " + factor + "× raw";
        }

        public boolean isMet(double measured, Double baseline) {
            return baseline != null && measured <= factor * baseline;
        }

        public boolean needsBaseline() {
            return true;
        }
    }

    /** kvmstack adds less than {@code limit} (in the figure's unit) to the baseline. */
    record AddsLessThan(double limit, String unit) implements Target {
        public String describe() {
            return "< " + Report.number(limit) + " " + unit + " added";
        }

        public boolean isMet(double measured, Double baseline) {
            return baseline != null && measured - baseline < limit;
        }

        public boolean needsBaseline() {
            return true;
        }
    }

    /** At most {@code limit}. */
    record AtMost(double limit, String unit) implements Target {
        public String describe() {
            return "≤ " + Report.number(limit) + " " + unit;
        }

        public boolean isMet(double measured, Double baseline) {
            return measured <= limit;
        }

        public boolean needsBaseline() {
            return false;
        }
    }

    /** At least {@code limit}. */
    record AtLeast(double limit, String unit) implements Target {
        public String describe() {
            return "≥ " + Report.number(limit) + " " + unit;
        }

        public boolean isMet(double measured, Double baseline) {
            return measured >= limit;
        }

        public boolean needsBaseline() {
            return false;
        }
    }
}
