package io.dmkit.emulator.internal.cloud;

import io.dmkit.emulator.TelemetryMessage;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The latest telemetry of each device, at most {@link #PER_DEVICE} messages each (older ones are
 * forgotten: the emulator is a bench, not a store). Thread-safe.
 */
public final class TelemetryLog {

    public static final int PER_DEVICE = 1000;

    private final Map<String, Deque<TelemetryMessage>> byDevice = new ConcurrentHashMap<>();

    public void record(String deviceId, TelemetryMessage message) {
        Deque<TelemetryMessage> messages = byDevice.computeIfAbsent(deviceId, id -> new ArrayDeque<>());
        synchronized (messages) {
            if (messages.size() == PER_DEVICE) {
                messages.removeFirst();
            }
            messages.addLast(message);
        }
    }

    /** The latest {@code limit} messages of the device, oldest first. */
    public List<TelemetryMessage> latest(String deviceId, int limit) {
        Deque<TelemetryMessage> messages = byDevice.get(deviceId);
        if (messages == null || limit <= 0) {
            return List.of();
        }
        synchronized (messages) {
            List<TelemetryMessage> all = new ArrayList<>(messages);
            return List.copyOf(all.subList(Math.max(0, all.size() - limit), all.size()));
        }
    }

    public void forget(String deviceId) {
        byDevice.remove(deviceId);
    }
}
