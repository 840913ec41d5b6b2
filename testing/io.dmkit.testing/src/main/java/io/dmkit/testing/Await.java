package io.dmkit.testing;

import java.time.Duration;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Waits for a condition with a deadline, so tests never sleep and hope.
 *
 * <p>The condition is polled about every 10 ms; polling (rather than a callback) keeps the
 * helper usable for any state a test can observe. A timeout fails with an {@link AssertionError}
 * that says what was awaited and for how long.
 */
public final class Await {

    private static final long POLL_MILLIS = 10;

    private Await() {
    }

    /** Returns as soon as {@code condition} is true; fails if it is still false after {@code timeout}. */
    public static void until(String description, Duration timeout, BooleanSupplier condition) {
        Objects.requireNonNull(condition, "condition");
        value(description, timeout, () -> condition.getAsBoolean() ? Boolean.TRUE : null);
    }

    /**
     * Returns the first non-null value {@code supplier} yields; fails if it still yields null after
     * {@code timeout}. An exception thrown by the supplier ends the wait at once and propagates.
     */
    public static <T> T value(String description, Duration timeout, Supplier<T> supplier) {
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(supplier, "supplier");
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            T value = supplier.get();
            if (value != null) {
                return value;
            }
            if (System.nanoTime() - deadline >= 0) {
                throw new AssertionError("timed out after " + describe(timeout) + " waiting for: " + description);
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for: " + description, e);
            }
        }
    }

    /** "250 ms", "5 s", "1.5 s": what a person reading a failure wants, not ISO-8601. */
    static String describe(Duration d) {
        long millis = d.toMillis();
        if (millis < 1000) {
            return millis + " ms";
        }
        if (millis % 1000 == 0) {
            return (millis / 1000) + " s";
        }
        return String.format(java.util.Locale.ROOT, "%.1f s", millis / 1000.0);
    }
}
