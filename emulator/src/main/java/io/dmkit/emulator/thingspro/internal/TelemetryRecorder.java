package io.dmkit.emulator.thingspro.internal;

import io.dmkit.emulator.thingspro.ReceivedMessage;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Keeps the telemetry each device sent (spec §6), newest last, up to a bound per device (oldest
 * dropped first) so a chatty device cannot exhaust memory.
 */
public final class TelemetryRecorder {

    private final int historyPerDevice;
    private final Map<String, Deque<ReceivedMessage>> byDevice = new HashMap<>();
    private final QueuedListeners<ReceivedMessage> listeners;

    public TelemetryRecorder(int historyPerDevice, QueuedListeners<ReceivedMessage> listeners) {
        this.historyPerDevice = historyPerDevice;
        this.listeners = listeners;
    }

    public void record(ReceivedMessage message) {
        synchronized (this) {
            Deque<ReceivedMessage> history = byDevice.computeIfAbsent(message.deviceId(), id -> new ArrayDeque<>());
            if (history.size() == historyPerDevice) {
                history.removeFirst();
            }
            history.addLast(message);
        }
        listeners.fire(message);
    }

    /** The messages of {@code deviceId} kept so far, oldest first; a snapshot. */
    public synchronized List<ReceivedMessage> messages(String deviceId) {
        Deque<ReceivedMessage> history = byDevice.get(deviceId);
        return history == null ? List.of() : List.copyOf(history);
    }
}
