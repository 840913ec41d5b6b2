package io.dmkit.transport.mqtt;

import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * Which Paho client a connection uses now, whatever its MQTT version, and the release of those it no
 * longer uses. A connection makes a fresh client for every attempt, so nothing of an old connection
 * (its threads, its late callbacks) outlives it: callbacks ask {@link #isCurrent} and ignore
 * themselves when their client has been replaced.
 *
 * <p>Releasing a client joins Paho's threads, which may be waiting for the caller: it is never done
 * under this object's lock, and never on a Paho thread ({@link #releaseLater} uses a short-lived
 * thread of its own for callers that may be one).
 *
 * @param <C> the Paho client type
 */
public final class CurrentClient<C> {

    private final String description;
    private final Consumer<C> release;
    private C client;
    private boolean connected;

    /**
     * @param description names the connection in the names of release threads
     * @param release drops a client's socket and ends its threads without sending anything; may block
     */
    public CurrentClient(String description, Consumer<C> release) {
        this.description = Objects.requireNonNull(description, "description");
        this.release = Objects.requireNonNull(release, "release");
    }

    /**
     * Makes {@code next} the current client, not yet connected, and releases the one it replaces on a
     * thread of its own: the caller (the core's control lane) must not wait for an old client's threads.
     */
    public void replace(C next) {
        C previous;
        synchronized (this) {
            previous = client;
            client = next;
            connected = false;
        }
        if (previous != null) {
            releaseLater(previous, null);
        }
    }

    /** Marks {@code c} connected if it is still the current client; returns whether it was. */
    public synchronized boolean markConnected(C c) {
        if (c != client) {
            return false;
        }
        connected = true;
        return true;
    }

    /** The current client if it is connected, otherwise null. */
    public synchronized C connected() {
        return connected ? client : null;
    }

    /** Whether {@code c} is the current client, connected or not. */
    public synchronized boolean isCurrent(C c) {
        return c == client;
    }

    /** Forgets the current client and returns it (null if there is none): the caller disconnects or releases it. */
    public synchronized C take() {
        C c = client;
        client = null;
        connected = false;
        return c;
    }

    /**
     * Forgets {@code c} if it is the current, connected client: its connection was lost. Returns false
     * for a client that was replaced or never connected, whose loss is nobody's business.
     */
    public synchronized boolean lose(C c) {
        if (c != client || !connected) {
            return false;
        }
        client = null;
        connected = false;
        return true;
    }

    /** Forgets {@code c} if it is current (an attempt that failed) and releases it on a thread of its own. */
    public void abandon(C c) {
        synchronized (this) {
            if (client == c) {
                client = null;
                connected = false;
            }
        }
        releaseLater(c, null);
    }

    /** Releases {@code c} now, blocking until its threads end; does nothing for null. */
    public void release(C c) {
        if (c != null) {
            release.accept(c);
        }
    }

    /**
     * Releases {@code c} on a short-lived thread of its own, then completes {@code then} (if not null):
     * callers may be Paho's threads, which must not join themselves, and releasing can block for
     * Paho's read timeout, which must not hold up a shared scheduler.
     */
    public void releaseLater(C c, CompletableFuture<Void> then) {
        Thread t = new Thread(() -> {
            release(c);
            if (then != null) {
                then.complete(null);
            }
        }, "dmkit-mqtt-close: " + description);
        t.setDaemon(true);
        t.start();
    }

    @Override
    public String toString() {
        return "CurrentClient[" + description + "]";
    }
}
