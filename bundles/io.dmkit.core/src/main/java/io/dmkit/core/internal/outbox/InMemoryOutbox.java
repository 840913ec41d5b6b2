package io.dmkit.core.internal.outbox;

import io.dmkit.api.SessionConfig.Overflow;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A bounded outbox in memory: bounded by message count and by bytes, with an overflow policy
 * for the message that does not fit.
 */
public final class InMemoryOutbox implements Outbox {

    private final int maxMessages;
    private final long maxBytes;
    private final Overflow overflow;
    private final Deque<PendingMessage> waiting = new ArrayDeque<>();
    private final Map<Long, PendingMessage> inFlight = new LinkedHashMap<>();
    private long bytes;

    InMemoryOutbox(int maxMessages, long maxBytes, Overflow overflow) {
        this.maxMessages = maxMessages;
        this.maxBytes = maxBytes;
        this.overflow = overflow;
    }

    @Override
    public String offer(PendingMessage message, Consumer<PendingMessage> dropped) {
        if (message.size > maxBytes || maxMessages == 0) {
            return "the message queue is too small for this message (" + maxMessages + " messages, " + maxBytes
                    + " bytes); message not accepted";
        }
        if (overflow == Overflow.DROP_OLDEST) {
            // Only unsent messages can be dropped: those in flight are on the wire already.
            while (isFull(message) && !waiting.isEmpty()) {
                PendingMessage oldest = waiting.pollFirst();
                bytes -= oldest.size;
                dropped.accept(oldest);
            }
        }
        if (size() >= maxMessages) {
            return "the message queue is full (" + maxMessages + " messages waiting); message not accepted";
        }
        if (bytes + message.size > maxBytes) {
            return "the message queue is full (" + bytes + " of " + maxBytes + " bytes used); message not accepted";
        }
        add(message);
        return null;
    }

    /** Adds a message accepted earlier (restored from disk) regardless of the bounds: it is never lost. */
    void restore(PendingMessage message) {
        add(message);
    }

    private void add(PendingMessage message) {
        waiting.addLast(message);
        bytes += message.size;
    }

    private boolean isFull(PendingMessage message) {
        return size() >= maxMessages || bytes + message.size > maxBytes;
    }

    @Override
    public PendingMessage nextToSend() {
        PendingMessage next = waiting.pollFirst();
        if (next != null) {
            inFlight.put(next.sequence, next);
        }
        return next;
    }

    @Override
    public void acknowledged(PendingMessage message) {
        if (inFlight.remove(message.sequence) != null || waiting.remove(message)) {
            bytes -= message.size;
        }
    }

    @Override
    public void returnToQueue(PendingMessage message) {
        if (inFlight.remove(message.sequence) == null) {
            return;
        }
        // Keep sequence order: walk from the front past older messages.
        List<PendingMessage> older = new ArrayList<>();
        while (!waiting.isEmpty() && waiting.peekFirst().sequence < message.sequence) {
            older.add(waiting.pollFirst());
        }
        waiting.addFirst(message);
        for (int i = older.size() - 1; i >= 0; i--) {
            waiting.addFirst(older.get(i));
        }
    }

    @Override
    public void returnInFlight() {
        List<PendingMessage> back = new ArrayList<>(inFlight.values());
        inFlight.clear();
        back.sort(Comparator.comparingLong((PendingMessage m) -> m.sequence).reversed());
        back.forEach(waiting::addFirst);
    }

    @Override
    public List<PendingMessage> drain() {
        List<PendingMessage> all = new ArrayList<>(inFlight.values());
        all.addAll(waiting);
        inFlight.clear();
        waiting.clear();
        bytes = 0;
        return all;
    }

    @Override
    public PendingMessage oldest() {
        PendingMessage oldest = waiting.peekFirst();
        for (PendingMessage m : inFlight.values()) {
            if (oldest == null || m.sequence < oldest.sequence) {
                oldest = m;
            }
        }
        return oldest;
    }

    @Override
    public int size() {
        return waiting.size() + inFlight.size();
    }

    @Override
    public int inFlight() {
        return inFlight.size();
    }
}
