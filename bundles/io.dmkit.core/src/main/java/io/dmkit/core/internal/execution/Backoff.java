package io.dmkit.core.internal.execution;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff with jitter: the n-th consecutive failure (n = 0, 1, ...) waits
 * min * 2^n, capped at max, then multiplied by a random factor in [0.8, 1.2) (again capped at
 * max). The first retry is already delayed and jittered, so a fleet that loses its service at
 * the same moment does not come back in lock step.
 */
public final class Backoff {

    private final long minMillis;
    private final long maxMillis;

    public Backoff(Duration min, Duration max) {
        this.minMillis = Math.max(1, min.toMillis());
        this.maxMillis = Math.max(minMillis, max.toMillis());
    }

    /** The delay before retrying after {@code failures} consecutive failures (0 = the first). */
    public long delayMillis(int failures) {
        return delayMillis(failures, ThreadLocalRandom.current().nextDouble(0.8, 1.2));
    }

    long delayMillis(int failures, double jitter) {
        int shift = Math.min(Math.max(failures, 0), 30);
        long base = minMillis << shift;
        if (base <= 0 || base > maxMillis) {
            base = maxMillis;
        }
        return Math.min(maxMillis, Math.max(1, Math.round(base * jitter)));
    }
}
