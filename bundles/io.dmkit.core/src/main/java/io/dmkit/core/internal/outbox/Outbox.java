package io.dmkit.core.internal.outbox;

import java.util.List;
import java.util.function.Consumer;

/**
 * Where accepted messages wait until the service acknowledges them: in memory
 * ({@link InMemoryOutbox}) or on disk as well ({@link PersistentOutbox}).
 *
 * <p>Apart from {@link #store}, implementations are confined to the session's control lane and
 * need no locking. Messages leave in the order they were accepted; a message handed out by
 * {@link #nextToSend()} is in flight until it is {@linkplain #acknowledged acknowledged} or
 * {@linkplain #returnInFlight returned}.
 */
public interface Outbox {

    /**
     * Makes a message durable before it is offered; runs on the sender's thread and may block on
     * disk I/O. In memory there is nothing to do.
     *
     * @return null when stored, otherwise why not, in words
     */
    default String store(PendingMessage message) {
        return null;
    }

    /**
     * Accepts a stored message. When the outbox is full it either refuses the new message or,
     * dropping the oldest unsent ones to make room, hands each dropped message to {@code dropped}.
     *
     * @return null when accepted, otherwise why not (the queue is full), in words
     */
    String offer(PendingMessage message, Consumer<PendingMessage> dropped);

    /** The oldest message that is not in flight, now marked in flight; null when there is none. */
    PendingMessage nextToSend();

    /**
     * Removes a message the service acknowledged (or refused for good). A persistent outbox may
     * remove it from disk only at the next {@link #flush()}: until then a crash sends it again.
     */
    void acknowledged(PendingMessage message);

    /** Completes the removals {@link #acknowledged} deferred, together; in memory there are none. */
    default void flush() {
    }

    /** Puts one in-flight message back in its place, for sending again. */
    void returnToQueue(PendingMessage message);

    /** Puts every in-flight message back, ahead of the others, for sending after reconnect. */
    void returnInFlight();

    /**
     * Removes and returns every message, for completing their futures when the session goes
     * away. A persistent outbox keeps them on disk for the next session of the same name.
     */
    List<PendingMessage> drain();

    /** The oldest message waiting or in flight; null when empty. */
    PendingMessage oldest();

    /** Messages waiting or in flight. */
    int size();

    /** Messages in flight. */
    int inFlight();

    /** The highest sequence number used so far, so that new messages sort after restored ones. */
    default long lastSequence() {
        return 0;
    }

    /** Whether messages survive the process. */
    default boolean persistent() {
        return false;
    }

    /** Releases the outbox's resources (its file), flushing first; after {@link #drain()}. */
    default void close() {
    }
}
