package io.dmkit.core.internal.outbox;

import io.dmkit.api.DmResult;
import io.dmkit.api.MessageStats;
import io.dmkit.core.internal.connection.Link;
import io.dmkit.core.internal.execution.Failures;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves accepted messages from the outbox to the transport while connected, with at most
 * {@code window} unacknowledged at once, in acceptance order. A message leaves the outbox only
 * when the service acknowledged it; messages in flight when the connection drops go back to the
 * front of the queue and are sent again on the next connection (hence at-least-once).
 * Confined to the session's control lane, except {@link #stats()}, which any thread may read.
 */
public final class MessagePump {

    private static final Logger LOG = LoggerFactory.getLogger(MessagePump.class);
    private static final long RESEND_DELAY_MS = 200;

    private final String session;
    private final Outbox outbox;
    private final int window;
    private final Executor control;
    private final ScheduledExecutorService scheduler;
    private Link link;
    private boolean flushQueued;

    // Written on the control lane, read by stats() from any thread.
    private volatile int queued;
    private volatile int inFlight;
    private volatile long sent;
    private volatile long dropped;
    private volatile Instant oldestAccepted;

    public MessagePump(String session, Outbox outbox, int window, Executor control, ScheduledExecutorService scheduler) {
        this.session = session;
        this.outbox = outbox;
        this.window = window;
        this.control = control;
        this.scheduler = scheduler;
        updateStats(); // a persistent outbox may start with messages from an earlier run
    }

    /** Writes a message to the outbox's disk, if it has one; any thread. Returns null, or why not. */
    public String store(PendingMessage message) {
        return outbox.store(message);
    }

    /** Accepts a message (stored already, see {@link Outbox#store}); returns null, or why it was refused. */
    public String offer(PendingMessage message) {
        String refusal = outbox.offer(message, this::dropped);
        if (refusal == null) {
            pump();
        }
        updateStats();
        return refusal;
    }

    private void dropped(PendingMessage m) {
        dropped++;
        LOG.debug("{}: message {} dropped unsent: the queue is full", session, m.sequence);
        m.result.complete(DmResult.of(DmResult.QUEUE_FULL, "the message queue is full; this message, the oldest "
                + "unsent one, was dropped to make room for a newer one"));
    }

    /** The queue's figures as of the last change. */
    public MessageStats stats() {
        Instant oldest = oldestAccepted;
        Duration age = oldest == null ? Duration.ZERO : Duration.between(oldest, Instant.now());
        return new MessageStats(queued, inFlight, sent, dropped, age.isNegative() ? Duration.ZERO : age,
                outbox.persistent());
    }

    private void updateStats() {
        queued = outbox.size();
        inFlight = outbox.inFlight();
        PendingMessage oldest = outbox.oldest();
        oldestAccepted = oldest == null ? null : oldest.accepted;
    }

    public void start(Link link) {
        this.link = link;
        pump();
    }

    public void stop() {
        link = null;
        outbox.returnInFlight();
        updateStats();
    }

    /**
     * The session is going away: completes every queued message's future with
     * {@value DmResult#NOT_CONNECTED} and releases the outbox. A persistent outbox keeps the
     * messages on disk for the next session of the same name.
     */
    public void close() {
        link = null;
        for (PendingMessage m : outbox.drain()) {
            completeRemoved(m);
        }
        outbox.close();
        updateStats();
    }

    /** Completes the future of a message the removed session will not send. */
    public void completeRemoved(PendingMessage m) {
        m.result.complete(DmResult.of(DmResult.NOT_CONNECTED, outbox.persistent()
                ? "session " + session + " was removed before the message was sent; it stays in the outbox and is "
                        + "sent when a session of that name starts again"
                : "session " + session + " was removed before the message was sent"));
    }

    private void pump() {
        Link l = link;
        while (l != null && l.isOpen() && outbox.inFlight() < window) {
            PendingMessage m = outbox.nextToSend();
            if (m == null) {
                break;
            }
            l.transport.publish(m.message).whenComplete((r, e) -> control.execute(() -> published(l, m, r, e)));
        }
        updateStats();
    }

    private void published(Link l, PendingMessage m, DmResult result, Throwable error) {
        if (l != link) {
            return; // that connection ended; the message went back to the queue and goes again
        }
        if (error != null) {
            // The transport could not send it although the connection seems up (for example its
            // own in-flight limit). Keep the message and try again shortly rather than spinning.
            LOG.debug("{}: message {} not sent ({}); retrying", session, m.sequence, Failures.describe(error));
            outbox.returnToQueue(m);
            updateStats();
            scheduler.schedule(() -> control.execute(this::pump), RESEND_DELAY_MS, TimeUnit.MILLISECONDS);
            return;
        }
        outbox.acknowledged(m);
        sent++;
        m.result.complete(result);
        pump();
        flushSoon();
    }

    /**
     * Flushes the outbox once the acknowledgements already queued on the control lane are taken:
     * under load one flush covers many of them, and the next sends never wait for it.
     */
    private void flushSoon() {
        if (!flushQueued) {
            flushQueued = true;
            control.execute(() -> {
                flushQueued = false;
                outbox.flush();
            });
        }
    }
}
