package io.dmkit.transport.mqtt;

import io.dmkit.api.spi.TransportException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * A provisioning client's attempts over its MQTT connection, one at a time: a call while an attempt runs
 * gets that attempt; an attempt completes only after its connection is closed, so the session never
 * connects to its hub while the provisioning connection is still open; {@link #close()} ends everything.
 *
 * @param <T> what an attempt yields
 */
public final class ProvisioningAttempt<T> {

    private final MqttConnection<?> connection;
    private final Runnable abandonWaits;
    private CompletableFuture<T> current; // guarded by this
    private boolean closed; // guarded by this

    /**
     * @param abandonWaits fails the requests still waiting for an answer: run when an attempt ends and on close
     */
    public ProvisioningAttempt(MqttConnection<?> connection, Runnable abandonWaits) {
        this.connection = connection;
        this.abandonWaits = abandonWaits;
    }

    /** The attempt in progress, or a new one that {@code start} runs; fails with 503 once closed. */
    public synchronized CompletableFuture<T> join(Supplier<? extends CompletionStage<T>> start) {
        if (closed) {
            return CompletableFuture.failedFuture(TransportException.notConnected("the session is closing"));
        }
        if (current != null) {
            return current;
        }
        CompletableFuture<T> result = new CompletableFuture<>();
        current = result;
        CompletionStage<T> run;
        try {
            run = start.get();
        } catch (RuntimeException e) {
            run = CompletableFuture.failedFuture(e);
        }
        run.whenComplete((value, error) -> finish(result, value, error));
        return result;
    }

    private void finish(CompletableFuture<T> result, T value, Throwable error) {
        abandonWaits.run();
        connection.disconnect().whenComplete((v, e) -> {
            synchronized (this) {
                if (current == result) {
                    current = null;
                }
            }
            if (error == null) {
                result.complete(value);
            } else {
                result.completeExceptionally(error instanceof CompletionException && error.getCause() != null
                        ? error.getCause() : error);
            }
        });
    }

    /** Abandons the attempt in progress and releases the connection. Idempotent. */
    public void close() {
        CompletableFuture<T> open;
        synchronized (this) {
            closed = true;
            open = current;
        }
        abandonWaits.run();
        connection.close();
        if (open != null) {
            open.completeExceptionally(TransportException.notConnected("the session is closing"));
        }
    }
}
