package io.dmkit.api;

import java.time.Duration;
import java.util.Objects;

/**
 * A session's message queue at one moment (see {@link DmSession#messageStats()}). Counts of sent
 * and dropped messages start at zero when the session starts; queued messages include those
 * restored from a persistent outbox.
 */
public final class MessageStats {

    private final int queued;
    private final int inFlight;
    private final long sent;
    private final long dropped;
    private final Duration oldestAge;
    private final boolean persistent;

    /**
     * @param queued    messages accepted and not yet acknowledged, in flight included
     * @param inFlight  messages sent and waiting for the service's acknowledgement
     * @param sent      messages the service acknowledged
     * @param dropped   messages dropped unsent because the queue was full
     * @param oldestAge how long the oldest queued message has waited, zero when none
     * @param persistent whether the queue is kept on disk
     */
    public MessageStats(int queued, int inFlight, long sent, long dropped, Duration oldestAge, boolean persistent) {
        this.queued = queued;
        this.inFlight = inFlight;
        this.sent = sent;
        this.dropped = dropped;
        this.oldestAge = Objects.requireNonNull(oldestAge, "oldestAge");
        this.persistent = persistent;
    }

    /** Messages accepted and not yet acknowledged, those in flight included. */
    public int queued() {
        return queued;
    }

    /** Messages sent and waiting for the service's acknowledgement. */
    public int inFlight() {
        return inFlight;
    }

    /** Messages the service acknowledged since the session started. */
    public long sent() {
        return sent;
    }

    /** Messages dropped unsent because the queue was full, since the session started. */
    public long dropped() {
        return dropped;
    }

    /** How long the oldest queued message has waited; zero when the queue is empty. */
    public Duration oldestAge() {
        return oldestAge;
    }

    /** Whether queued messages are kept on disk. */
    public boolean persistent() {
        return persistent;
    }

    @Override
    public String toString() {
        return "queued=" + queued + " inFlight=" + inFlight + " sent=" + sent + " dropped=" + dropped
                + " oldestAge=" + oldestAge.toMillis() + "ms" + (persistent ? " (persistent)" : " (in memory)");
    }
}
