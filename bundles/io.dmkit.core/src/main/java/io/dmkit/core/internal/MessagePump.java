package io.dmkit.core.internal;

import io.dmkit.api.DmResult;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Moves accepted messages from the outbox to the transport while connected, with at most
 * {@code window} unacknowledged at once, in acceptance order. A message leaves the outbox only
 * when the service acknowledged it; messages in flight when the connection drops go back to the
 * front of the queue and are sent again on the next connection (hence at-least-once).
 * Confined to the session's control lane.
 */
final class MessagePump {

    private static final System.Logger LOG = System.getLogger(MessagePump.class.getName());
    private static final long RESEND_DELAY_MS = 200;

    private final String session;
    private final Outbox outbox;
    private final int window;
    private final Executor control;
    private final ScheduledExecutorService scheduler;
    private Link link;

    MessagePump(String session, Outbox outbox, int window, Executor control, ScheduledExecutorService scheduler) {
        this.session = session;
        this.outbox = outbox;
        this.window = window;
        this.control = control;
        this.scheduler = scheduler;
    }

    /** Accepts a message; returns null, or why it was refused. */
    String offer(PendingMessage message) {
        String refusal = outbox.offer(message);
        if (refusal == null) {
            pump();
        }
        return refusal;
    }

    void start(Link link) {
        this.link = link;
        pump();
    }

    void stop() {
        link = null;
        outbox.returnInFlight();
    }

    /** Completes every message that will never be sent now. */
    void failAll(int status, String detail) {
        link = null;
        for (PendingMessage m : outbox.drain()) {
            m.result.complete(DmResult.of(status, detail));
        }
    }

    private void pump() {
        Link l = link;
        while (l != null && l.isOpen() && outbox.inFlight() < window) {
            PendingMessage m = outbox.nextToSend();
            if (m == null) {
                return;
            }
            l.transport.publish(m.message).whenComplete((r, e) -> control.execute(() -> published(l, m, r, e)));
        }
    }

    private void published(Link l, PendingMessage m, DmResult result, Throwable error) {
        if (l != link) {
            return; // that connection ended; the message went back to the queue and goes again
        }
        if (error != null) {
            // The transport could not send it although the connection seems up (for example its
            // own in-flight limit). Keep the message and try again shortly rather than spinning.
            LOG.log(System.Logger.Level.DEBUG, "{0}: message {1} not sent ({2}); retrying", session, m.sequence,
                    Failures.describe(error));
            outbox.returnToQueue(m);
            scheduler.schedule(() -> control.execute(this::pump), RESEND_DELAY_MS, TimeUnit.MILLISECONDS);
            return;
        }
        outbox.acknowledged(m);
        m.result.complete(result);
        pump();
    }
}
