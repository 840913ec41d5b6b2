package io.dmkit.core.internal.outbox;

import io.dmkit.api.DmMessage;
import io.dmkit.api.DmResult;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** A message accepted by {@code sendMessage} and not yet acknowledged, with the caller's future. */
public final class PendingMessage {

    final long sequence;
    final DmMessage message;
    public final CompletableFuture<DmResult> result = new CompletableFuture<>();
    public final int size;
    final Instant accepted;

    public PendingMessage(long sequence, DmMessage message) {
        this(sequence, message, Instant.now());
    }

    /** A message accepted earlier, for example one read back from a persistent outbox. */
    public PendingMessage(long sequence, DmMessage message, Instant accepted) {
        this.sequence = sequence;
        this.message = message;
        this.size = sizeOf(message);
        this.accepted = accepted;
    }

    /** Payload plus property keys and values: what the message costs in the queue and on the wire. */
    static int sizeOf(DmMessage message) {
        long size = message.payloadSize();
        for (Map.Entry<String, String> p : message.properties().entrySet()) {
            size += p.getKey().length() + p.getValue().length() + 2;
        }
        return (int) Math.min(Integer.MAX_VALUE, size);
    }
}
