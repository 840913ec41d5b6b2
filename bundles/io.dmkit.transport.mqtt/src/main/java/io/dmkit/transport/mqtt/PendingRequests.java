package io.dmkit.transport.mqtt;

import io.dmkit.api.ConnectionReason;
import io.dmkit.api.spi.TransportException;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Requests waiting for their response, by request id ({@code $rid}, client token). Each response
 * completes its request once; a response nobody waits for (late, duplicate, or from an old
 * connection) is reported as unknown so the caller can log it.
 *
 * @param <T> the response type
 */
public final class PendingRequests<T> {

    private final Map<String, CompletableFuture<T>> pending = new ConcurrentHashMap<>();

    /** A fresh request id: 32 hexadecimal characters. */
    public static String newRequestId() {
        UUID u = UUID.randomUUID();
        return String.format("%016x%016x", u.getMostSignificantBits(), u.getLeastSignificantBits());
    }

    /**
     * Registers a request; the returned future completes with its response, or fails with a
     * {@link TransportException} of status 408 when none comes within {@code timeout}.
     */
    public CompletableFuture<T> register(String requestId, Duration timeout, ScheduledExecutorService scheduler) {
        CompletableFuture<T> f = new CompletableFuture<>();
        pending.put(requestId, f);
        ScheduledFuture<?> timer = scheduler.schedule(() -> fail(requestId, new TransportException(
                ConnectionReason.OK, 408, "no answer to request " + requestId + " within " + timeout.toMillis() + " ms",
                null)), timeout.toMillis(), TimeUnit.MILLISECONDS);
        // Whoever completes the future (response, timeout, failure), the entry and its timer go.
        f.whenComplete((v, e) -> {
            timer.cancel(false);
            pending.remove(requestId, f);
        });
        return f;
    }

    /** Completes a request with its response; returns false when no request has that id. */
    public boolean complete(String requestId, T response) {
        CompletableFuture<T> f = pending.remove(requestId);
        return f != null && f.complete(response);
    }

    /** Fails a request; returns false when no request has that id. */
    public boolean fail(String requestId, Throwable error) {
        CompletableFuture<T> f = pending.remove(requestId);
        return f != null && f.completeExceptionally(error);
    }

    /** Fails every waiting request, for example because the connection dropped. */
    public void failAll(String why) {
        for (String id : pending.keySet()) {
            fail(id, TransportException.notConnected(why));
        }
    }
}
