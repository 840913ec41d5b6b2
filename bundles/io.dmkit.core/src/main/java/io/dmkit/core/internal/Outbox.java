package io.dmkit.core.internal;

import java.util.List;

/**
 * Where accepted messages wait until the service acknowledges them. This is the seam for the
 * persistent outbox: the in-memory implementation keeps them only as long as the process lives.
 *
 * <p>Implementations are confined to the session's control lane and need no locking. Messages
 * leave in the order they were accepted; a message handed out by {@link #nextToSend()} is in
 * flight until it is {@linkplain #acknowledged acknowledged} or {@linkplain #returnInFlight returned}.
 */
interface Outbox {

    /**
     * Accepts a message.
     *
     * @return null when accepted, otherwise why not (for example the queue is full), in words
     */
    String offer(PendingMessage message);

    /** The oldest message that is not in flight, now marked in flight; null when there is none. */
    PendingMessage nextToSend();

    /** Removes a message the service acknowledged (or refused for good). */
    void acknowledged(PendingMessage message);

    /** Puts one in-flight message back in its place, for sending again. */
    void returnToQueue(PendingMessage message);

    /** Puts every in-flight message back, ahead of the others, for sending after reconnect. */
    void returnInFlight();

    /** Removes and returns every message, for completing them when the session goes away. */
    List<PendingMessage> drain();

    /** Messages waiting or in flight. */
    int size();

    /** Messages in flight. */
    int inFlight();
}
