package io.dmkit.transport.mqtt;

import java.time.Duration;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * At most {@code limit} events in any window of {@code window}, such as AWS IoT Core's 100 publishes
 * per second per connection. It remembers when the last {@code limit} events happened (a sliding
 * log): an event may happen when the oldest of them is a whole window ago. Unlike a token bucket,
 * this never lets a burst of {@code 2 × limit} through around a window's edge.
 *
 * <p>The clock is a parameter so that tests can drive time. Not thread-safe: its owner serialises
 * the calls ({@link PublishPacer} does).
 */
public final class RateLimiter {

    private final long windowNanos;
    private final LongSupplier nanoClock;
    /** When the last events happened, as a ring: {@code times[next]} is the oldest once full. */
    private final long[] times;
    private int next;
    private int count;

    /**
     * @param limit events allowed per window, at least 1
     * @param nanoClock a monotonic clock in nanoseconds ({@code System::nanoTime} in production)
     */
    public RateLimiter(int limit, Duration window, LongSupplier nanoClock) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1, not " + limit);
        }
        if (window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("window must be positive, not " + window);
        }
        this.windowNanos = window.toNanos();
        this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
        this.times = new long[limit];
    }

    /**
     * Takes a permit if one is free now and returns 0; otherwise takes nothing and returns how many
     * nanoseconds to wait until one is free.
     */
    public long tryAcquire() {
        long now = nanoClock.getAsLong();
        if (count == times.length) {
            long wait = times[next] + windowNanos - now;
            if (wait > 0) {
                return wait;
            }
        } else {
            count++;
        }
        times[next] = now;
        next = (next + 1) % times.length;
        return 0;
    }

    /** Events allowed per window. */
    public int limit() {
        return times.length;
    }

    @Override
    public String toString() {
        return "RateLimiter[" + times.length + " per " + Duration.ofNanos(windowNanos) + "]";
    }
}
