package io.dmkit.emulator.internal.cloud;

import io.dmkit.emulator.CommandResult;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Commands sent to devices and waiting for their reply, by request id. Each future completes exactly
 * once: with the reply, with 504 when the timeout passes first, or with what {@link #failAll} gives.
 * A reply after that is refused ({@link #complete} returns false) so the dialect can log it.
 */
public final class PendingCommands {

    private final ScheduledExecutorService timer;
    private final Map<String, Pending> pending = new ConcurrentHashMap<>();

    public PendingCommands(ScheduledExecutorService timer) {
        this.timer = timer;
    }

    /** Registers request {@code id} before its request is published. */
    public CompletableFuture<CommandResult> start(String id, String deviceId, Duration timeout) {
        CompletableFuture<CommandResult> future = new CompletableFuture<>();
        Pending entry = new Pending(deviceId, future);
        pending.put(id, entry);
        entry.timeout = timer.schedule(() -> complete(id, new CommandResult(504,
                Json.error("the device did not answer within " + timeout.toMillis() + " ms"))),
                timeout.toMillis(), TimeUnit.MILLISECONDS);
        return future;
    }

    /** Completes request {@code id}; false if it is unknown or already completed. */
    public boolean complete(String id, CommandResult result) {
        Pending entry = pending.remove(id);
        if (entry == null) {
            return false;
        }
        if (entry.timeout != null) {
            entry.timeout.cancel(false);
        }
        return entry.future.complete(result);
    }

    /** The device of request {@code id}, if it is pending (a reply must come from that device). */
    public java.util.Optional<String> deviceOf(String id) {
        return java.util.Optional.ofNullable(pending.get(id)).map(p -> p.deviceId);
    }

    /** Completes every request of {@code deviceId} with {@code result}. */
    public void failDevice(String deviceId, CommandResult result) {
        List<String> ids = pending.entrySet().stream().filter(e -> e.getValue().deviceId.equals(deviceId))
                .map(Map.Entry::getKey).toList();
        ids.forEach(id -> complete(id, result));
    }

    /** Completes every request with {@code result} (the emulator stops). */
    public void failAll(CommandResult result) {
        List.copyOf(pending.keySet()).forEach(id -> complete(id, result));
    }

    private static final class Pending {
        final String deviceId;
        final CompletableFuture<CommandResult> future;
        volatile ScheduledFuture<?> timeout;

        Pending(String deviceId, CompletableFuture<CommandResult> future) {
            this.deviceId = deviceId;
            this.future = future;
        }
    }
}
