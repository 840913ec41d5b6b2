package io.dmkit.faults;

/**
 * The sizes of the fault tests: the default run keeps the module within a few minutes on two cores;
 * {@code -Dfaults.long=true} runs the long variants (docs/fault-tests.md).
 */
final class Scale {

    /** Whether the long variants run. */
    static final boolean LONG = Boolean.getBoolean("faults.long");

    private Scale() {
    }

    /** {@code normal} in the default run, {@code longRun} with {@code -Dfaults.long=true}. */
    static int of(int normal, int longRun) {
        return LONG ? longRun : normal;
    }
}
