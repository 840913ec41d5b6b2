package io.dmkit.emulator.thingspro.internal;

import io.dmkit.emulator.thingspro.ListenerRegistration;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Listeners of one kind of event, each event queued for each listener on the executor given (the
 * service's single event thread, so they arrive in order), never run on the MQTT thread that
 * produced it: a listener may block without stalling the broker connection.
 */
public final class QueuedListeners<T> {

    private static final Logger LOG = LoggerFactory.getLogger(QueuedListeners.class);

    private final String kind;
    private final Executor executor;
    private final CopyOnWriteArrayList<Consumer<? super T>> listeners = new CopyOnWriteArrayList<>();

    public QueuedListeners(String kind, Executor executor) {
        this.kind = kind;
        this.executor = executor;
    }

    public ListenerRegistration add(Consumer<? super T> listener) {
        Objects.requireNonNull(listener, "listener");
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    public void fire(T event) {
        for (Consumer<? super T> listener : listeners) {
            try {
                executor.execute(() -> deliver(listener, event));
            } catch (RejectedExecutionException e) {
                return; // the service is closing: nobody waits for events any more
            }
        }
    }

    private void deliver(Consumer<? super T> listener, T event) {
        if (!listeners.contains(listener)) {
            return; // removed after the event was queued
        }
        try {
            listener.accept(event);
        } catch (RuntimeException e) {
            LOG.warn("A " + kind + " listener threw on " + event + "; other listeners still get it", e);
        }
    }
}
