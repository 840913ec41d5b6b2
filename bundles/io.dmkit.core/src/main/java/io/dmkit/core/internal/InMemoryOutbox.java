package io.dmkit.core.internal;

import java.util.ArrayList;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A bounded outbox in memory: bounded by message count and by bytes. */
final class InMemoryOutbox implements Outbox {

    private final int maxMessages;
    private final long maxBytes;
    private final Deque<PendingMessage> waiting = new ArrayDeque<>();
    private final Map<Long, PendingMessage> inFlight = new LinkedHashMap<>();
    private long bytes;

    InMemoryOutbox(int maxMessages, long maxBytes) {
        this.maxMessages = maxMessages;
        this.maxBytes = maxBytes;
    }

    @Override
    public String offer(PendingMessage message) {
        if (size() >= maxMessages) {
            return "the message queue is full (" + maxMessages + " messages waiting); message not accepted";
        }
        if (bytes + message.size > maxBytes) {
            return "the message queue is full (" + bytes + " of " + maxBytes + " bytes used); message not accepted";
        }
        waiting.addLast(message);
        bytes += message.size;
        return null;
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
    public int size() {
        return waiting.size() + inFlight.size();
    }

    @Override
    public int inFlight() {
        return inFlight.size();
    }
}
