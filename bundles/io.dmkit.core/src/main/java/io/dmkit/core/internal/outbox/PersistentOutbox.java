package io.dmkit.core.internal.outbox;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An outbox whose messages are also on disk: each is written to the {@link MessageStore} before
 * {@code sendMessage} returns and deleted when the service acknowledged it, was refused or was
 * dropped. Acknowledged messages leave the queue at once, so the window refills without waiting
 * for the disk, and leave the file in batches at {@link #flush()}: one transaction for all the
 * acknowledgements the control lane took in the meantime rather than one each (a crash before the
 * flush sends those messages again, which at-least-once allows). The queue itself (order,
 * in-flight window, bounds) is the {@link InMemoryOutbox} in front of the store; at start it is
 * refilled from the file, so messages a previous process accepted go out first.
 */
public final class PersistentOutbox implements Outbox {

    private static final Logger LOG = LoggerFactory.getLogger(PersistentOutbox.class);

    private final String session;
    private final InMemoryOutbox queue;
    private final MessageStore store;
    private final long lastRestored;
    /** Acknowledged, still in the file until the next flush; control lane only. */
    private final List<Long> acknowledged = new ArrayList<>();

    PersistentOutbox(String session, InMemoryOutbox queue, MessageStore store) {
        this.session = session;
        this.queue = queue;
        this.store = store;
        long last = 0;
        List<MessageStore.Stored> restored = store.readAll();
        for (MessageStore.Stored s : restored) {
            queue.restore(new PendingMessage(s.sequence(), s.message(), s.accepted()));
            last = s.sequence();
        }
        this.lastRestored = last;
        if (!restored.isEmpty()) {
            LOG.info("{}: {} message(s) queued before the last stop are sent again from {}", session, restored.size(),
                    store.file());
        }
    }

    @Override
    public String store(PendingMessage message) {
        try {
            store.insert(message.sequence, message.message, message.accepted);
            return null;
        } catch (SQLException e) {
            LOG.error("{}: cannot write a message to the outbox {} ({}); the message is "
                    + "refused. Check the disk space and the file's permissions.", session, store.file(),
                    e.getMessage());
            return "the message outbox " + store.file() + " cannot be written (" + e.getMessage()
                    + "); message not accepted";
        }
    }

    @Override
    public String offer(PendingMessage message, Consumer<PendingMessage> dropped) {
        String refusal = queue.offer(message, m -> {
            store.delete(m.sequence);
            dropped.accept(m);
        });
        if (refusal != null) {
            store.delete(message.sequence);
        }
        return refusal;
    }

    @Override
    public PendingMessage nextToSend() {
        return queue.nextToSend();
    }

    @Override
    public void acknowledged(PendingMessage message) {
        queue.acknowledged(message);
        acknowledged.add(message.sequence);
    }

    @Override
    public void flush() {
        if (!acknowledged.isEmpty()) {
            store.delete(acknowledged);
            acknowledged.clear();
        }
    }

    @Override
    public void returnToQueue(PendingMessage message) {
        queue.returnToQueue(message);
    }

    @Override
    public void returnInFlight() {
        queue.returnInFlight();
    }

    @Override
    public List<PendingMessage> drain() {
        return queue.drain();
    }

    @Override
    public PendingMessage oldest() {
        return queue.oldest();
    }

    @Override
    public int size() {
        return queue.size();
    }

    @Override
    public int inFlight() {
        return queue.inFlight();
    }

    @Override
    public long lastSequence() {
        return lastRestored;
    }

    @Override
    public boolean persistent() {
        return true;
    }

    @Override
    public void close() {
        flush();
        store.close();
    }
}
