package io.dmkit.benchmarks;

/**
 * One target of issue 8 and what the run measured against it. {@code ratio} is measured ÷ target:
 * a "at least" target is met at 1 or more, a "below" target under 1.
 */
record Target(String name, String goal, String measured, double ratio, Kind kind) {

    enum Kind { AT_LEAST, BELOW, REPORTED, NOT_MEASURED }

    static Target atLeast(String name, String goal, String measured, double value, double target) {
        return new Target(name, goal, measured, value / target, Kind.AT_LEAST);
    }

    static Target below(String name, String goal, String measured, double value, double target) {
        return new Target(name, goal, measured, value / target, Kind.BELOW);
    }

    static Target reported(String name, String measured) {
        return new Target(name, "reported", measured, Double.NaN, Kind.REPORTED);
    }

    static Target notMeasured(String name, String goal) {
        return new Target(name, goal, "not measured yet", Double.NaN, Kind.NOT_MEASURED);
    }

    String verdict() {
        return switch (kind) {
            case AT_LEAST -> ratio >= 1 ? "met" : "**missed**";
            case BELOW -> ratio < 1 ? "met" : "**missed**";
            case REPORTED -> "reported";
            case NOT_MEASURED -> "—";
        };
    }

    boolean missed() {
        return verdict().contains("missed");
    }

    String ratioText() {
        return Double.isNaN(ratio) ? "—" : String.format("%.2f×", ratio);
    }
}
