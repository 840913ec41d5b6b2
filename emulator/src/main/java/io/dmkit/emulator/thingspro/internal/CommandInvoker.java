package io.dmkit.emulator.thingspro.internal;

import io.dmkit.emulator.thingspro.CommandResult;
import io.dmkit.transport.thingspro.protocol.Identifiers;
import io.dmkit.transport.thingspro.protocol.ThingsProTopics;
import io.dmkit.wire.text.Printable;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Commands to devices (spec §5): publishes requests, correlates replies by device and {@code rid},
 * and completes each caller's future exactly once: with the device's reply, 404 when the device is
 * not online, 504 when no reply came in time, 502 for a malformed reply, 503 when the request could
 * not be sent or the service closed.
 *
 * <p>Removal from the pending map is the single gate to completion: whoever removes a request
 * completes it, and everyone after finds nothing and logs. Futures are completed on the completion
 * executor, never on the MQTT thread, because the caller's dependent stages run where a future is
 * completed and may block.
 */
public final class CommandInvoker {

    private static final Logger LOG = LoggerFactory.getLogger(CommandInvoker.class);

    /** How many finished request ids are remembered to tell a late reply from an unknown one in the log. */
    private static final int FINISHED_REMEMBERED = 1024;

    private record RequestId(String deviceId, String rid) {
    }

    private record Pending(CompletableFuture<CommandResult> future, String command, long timeoutMs,
            long startNanos, AtomicReference<ScheduledFuture<?>> timeout) {
    }

    private final ThingsProTopics topics;
    private final Publisher publisher;
    private final StatusTracker status;
    private final ScheduledExecutorService timer;
    private final Executor completions;
    private final Map<RequestId, Pending> pending = new ConcurrentHashMap<>();
    private final Map<RequestId, String> finished = new LinkedHashMap<>(64, 0.75f, false) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<RequestId, String> eldest) {
            return size() > FINISHED_REMEMBERED;
        }
    };
    private final String ridPrefix;
    private final AtomicLong ridCounter = new AtomicLong();
    private volatile boolean closed;

    public CommandInvoker(ThingsProTopics topics, Publisher publisher, StatusTracker status,
            ScheduledExecutorService timer, Executor completions) {
        this.topics = topics;
        this.publisher = publisher;
        this.status = status;
        this.timer = timer;
        this.completions = completions;
        // A random prefix per service instance: a reply to a request of an earlier instance never
        // matches a request of this one.
        this.ridPrefix = Long.toString(new SecureRandom().nextLong() & Long.MAX_VALUE, 36);
    }

    public CompletableFuture<CommandResult> invoke(String deviceId, String command, byte[] payload, Duration timeout) {
        Identifiers.requireDeviceId(deviceId);
        Identifiers.requireCommandName(command);
        Objects.requireNonNull(payload, "payload");
        Objects.requireNonNull(timeout, "timeout");
        long timeoutMs = timeout.toMillis();
        if (timeoutMs < 1) {
            throw new IllegalArgumentException("command timeout must be at least 1 ms: " + timeout);
        }
        if (closed) {
            return CompletableFuture.completedFuture(CommandResult.serviceError(503, "the service is closed"));
        }
        if (!status.isOnline(deviceId)) {
            LOG.info("Command " + Printable.quote(command) + " for device " + Printable.quote(deviceId)
                    + " answered 404: the device is not online");
            return CompletableFuture.completedFuture(
                    CommandResult.serviceError(404, "device " + deviceId + " is not online"));
        }
        String rid = ridPrefix + "-" + ridCounter.incrementAndGet();
        RequestId request = new RequestId(deviceId, rid);
        CompletableFuture<CommandResult> future = new CompletableFuture<>();
        AtomicReference<ScheduledFuture<?>> timeoutTask = new AtomicReference<>();
        pending.put(request, new Pending(future, command, timeoutMs, System.nanoTime(), timeoutTask));
        try {
            timeoutTask.set(timer.schedule(() -> complete(request, "timed out",
                    CommandResult.serviceError(504, "no reply from device " + deviceId + " within " + timeoutMs + " ms")),
                    timeoutMs, TimeUnit.MILLISECONDS));
        } catch (RejectedExecutionException e) {
            complete(request, "not sent", CommandResult.serviceError(503, "the service is closed"));
            return future;
        }
        // A caller that cancels its future gives up the request: forget it now, not at the timeout.
        future.whenComplete((r, e) -> {
            if (future.isCancelled()) {
                complete(request, "cancelled", null);
            }
        });
        if (!publisher.publish(topics.commandRequest(deviceId, command, rid, timeoutMs), payload)) {
            complete(request, "not sent", CommandResult.serviceError(503, "the service could not send the command"
                    + " (not connected to the broker)"));
        }
        return future;
    }

    /** A reply arrived on {@code commands/res/{status}/{rid}} of {@code deviceId}. */
    public void onResponse(String deviceId, String rid, int status, byte[] payload) {
        RequestId request = new RequestId(deviceId, rid);
        if (!complete(request, "answered", CommandResult.fromDevice(status, payload))) {
            ignored(request, "reply with status " + status);
        }
    }

    /** A reply arrived whose topic names a request but is otherwise malformed: answer the caller 502. */
    public void onMalformedResponse(String deviceId, String rid, String problem) {
        RequestId request = new RequestId(deviceId, rid);
        if (!complete(request, "answered malformed", CommandResult.serviceError(502,
                "device " + deviceId + " sent a malformed reply: " + problem))) {
            ignored(request, "malformed reply");
        }
    }

    /** Completes every pending request with 503 and refuses new ones. */
    public void close() {
        closed = true;
        for (RequestId request : pending.keySet()) {
            complete(request, "closed", CommandResult.serviceError(503, "the service was closed before the device replied"));
        }
    }

    private boolean complete(RequestId request, String outcome, CommandResult result) {
        Pending p = pending.remove(request);
        if (p == null) {
            return false;
        }
        synchronized (finished) {
            finished.put(request, outcome + " after " + elapsedMs(p) + " ms (timeout " + p.timeoutMs() + " ms)");
        }
        // Null if the timer fired before the task was stored: then this is the timer itself.
        ScheduledFuture<?> timeout = p.timeout().get();
        if (timeout != null) {
            timeout.cancel(false);
        }
        if (result == null) {
            return true;
        }
        LOG.debug("Command {} ({}) for device {} {}: {}", Printable.quote(p.command()), request.rid(),
                Printable.quote(request.deviceId()), outcome, result);
        try {
            completions.execute(() -> p.future().complete(result));
        } catch (RejectedExecutionException e) {
            p.future().complete(result); // closing: no executor left, and nobody else will complete it
        }
        return true;
    }

    private void ignored(RequestId request, String what) {
        String earlier;
        synchronized (finished) {
            earlier = finished.get(request);
        }
        LOG.info("Ignored " + what + " from device " + Printable.quote(request.deviceId()) + " for request "
                + request.rid() + ": " + (earlier != null ? "that request was already " + earlier
                        : "no request with that id is waiting (unknown or long finished)"));
    }

    private static long elapsedMs(Pending p) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - p.startNanos());
    }
}
