package io.dmkit.transport.mqtt;

import io.dmkit.api.ConnectionReason;
import io.dmkit.api.spi.TransportException;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Request and response over MQTT topics: a request goes out carrying a fresh id (Azure's and ThingsPro's
 * {@code $rid}, AWS's client token) and its response comes back on another topic with the same id. This
 * class owns the ids and the requests waiting for their response. Each response completes its request
 * once; a request fails with its publish's error, with 408 when no response comes in time, and with 503
 * when the connection ends ({@link #failAll}). A response nobody waits for (late, duplicate, another
 * client's, or from an old connection) is reported as unknown, so that the caller can log it.
 *
 * @param <T> the response type
 */
public final class TopicRequests<T> {

    /**
     * How much longer than the session's operation timeout a request waits: the core times operations out
     * itself, so this only bounds how long a request id is remembered.
     */
    private static final Duration BEYOND_OPERATION_TIMEOUT = Duration.ofSeconds(5);

    private final Map<String, CompletableFuture<T>> pending = new ConcurrentHashMap<>();
    private final Duration timeout;
    private final ScheduledExecutorService scheduler;

    /**
     * @param operationTimeout the session's operation timeout
     * @param scheduler runs the timeouts
     */
    public TopicRequests(Duration operationTimeout, ScheduledExecutorService scheduler) {
        this.timeout = operationTimeout.plus(BEYOND_OPERATION_TIMEOUT);
        this.scheduler = scheduler;
    }

    /**
     * Sends one request: {@code publish} is given a fresh request id and publishes the request that carries
     * it. The result completes with the response, or fails with what the publish failed with, with a
     * {@link TransportException} of status 408 when no response comes in time, or of status 503 when
     * {@link #failAll} is called first.
     *
     * @throws RuntimeException what {@code publish} throws (a request it cannot make); nothing is left waiting
     */
    public CompletableFuture<T> send(Function<String, ? extends CompletionStage<?>> publish) {
        String requestId = newRequestId();
        CompletableFuture<T> response = register(requestId);
        CompletionStage<?> published;
        try {
            published = publish.apply(requestId);
        } catch (RuntimeException e) {
            pending.remove(requestId);
            response.cancel(false); // ends its timer
            throw e;
        }
        published.whenComplete((v, error) -> {
            if (error != null) {
                fail(requestId, error instanceof CompletionException && error.getCause() != null ? error.getCause()
                        : error);
            }
        });
        return response;
    }

    /** A fresh request id: 32 hexadecimal characters. */
    private static String newRequestId() {
        UUID u = UUID.randomUUID();
        return String.format("%016x%016x", u.getMostSignificantBits(), u.getLeastSignificantBits());
    }

    private CompletableFuture<T> register(String requestId) {
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

    /** Completes a request with its response; returns false when no request with that id is waiting. */
    public boolean complete(String requestId, T response) {
        CompletableFuture<T> f = pending.remove(requestId);
        return f != null && f.complete(response);
    }

    private void fail(String requestId, Throwable error) {
        CompletableFuture<T> f = pending.remove(requestId);
        if (f != null) {
            f.completeExceptionally(error);
        }
    }

    /** Fails every waiting request with 503: the connection they were sent on has ended. */
    public void failAll(String why) {
        for (String id : pending.keySet()) {
            fail(id, TransportException.notConnected(why));
        }
    }
}
