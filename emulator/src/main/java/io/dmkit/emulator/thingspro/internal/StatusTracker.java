package io.dmkit.emulator.thingspro.internal;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.dmkit.emulator.thingspro.DeviceStatus;
import io.dmkit.wire.json.StrictJson;
import io.dmkit.wire.text.Printable;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Each device's online/offline state, from its retained status topic (spec §2), with a way to
 * wait for a state. A payload that is not a valid status counts as offline, with the reason.
 */
public final class StatusTracker {

    private static final Logger LOG = LoggerFactory.getLogger(StatusTracker.class);

    /** Status payloads are tiny; anything near this size is not one. */
    private static final int MAX_STATUS_BYTES = 4096;
    private static final int MAX_STATUS_DEPTH = 10;
    private static final Pattern PROTOCOL_VERSION = Pattern.compile("[0-9]{1,9}");

    private final Map<String, DeviceStatus> statuses = new HashMap<>();
    private final QueuedListeners<DeviceStatus> listeners;

    public StatusTracker(QueuedListeners<DeviceStatus> listeners) {
        this.listeners = listeners;
    }

    /** A status message of {@code deviceId} arrived (retained or live). */
    public void onStatus(String deviceId, byte[] payload, Instant receivedAt) {
        DeviceStatus status = interpret(deviceId, payload, receivedAt);
        synchronized (this) {
            statuses.put(deviceId, status);
            notifyAll();
        }
        LOG.debug("Status of device {}: {}", Printable.quote(deviceId), status);
        listeners.fire(status);
    }

    public synchronized Optional<DeviceStatus> status(String deviceId) {
        return Optional.ofNullable(statuses.get(deviceId));
    }

    public synchronized boolean isOnline(String deviceId) {
        DeviceStatus status = statuses.get(deviceId);
        return status != null && status.isOnline();
    }

    /** Waits until the device's status satisfies {@code condition}; false if it did not in time. */
    public boolean await(String deviceId, Predicate<Optional<DeviceStatus>> condition, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (this) {
            while (!condition.test(Optional.ofNullable(statuses.get(deviceId)))) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                long millis = Math.max(1, left / 1_000_000);
                wait(millis);
            }
            return true;
        }
    }

    private static DeviceStatus interpret(String deviceId, byte[] payload, Instant receivedAt) {
        if (payload.length == 0) {
            return new DeviceStatus(deviceId, false, "status cleared (empty retained message)", null, receivedAt);
        }
        JsonObject json;
        try {
            json = StrictJson.parseObject(payload, MAX_STATUS_BYTES, MAX_STATUS_DEPTH, true);
        } catch (StrictJson.Rejection r) {
            return invalid(deviceId, r.getMessage(), receivedAt);
        }
        String state = string(json.get("state"));
        String reason = string(json.get("reason"));
        if ("online".equals(state)) {
            return new DeviceStatus(deviceId, true, null, protocolVersion(json.get("protocol")), receivedAt);
        }
        if ("offline".equals(state)) {
            return new DeviceStatus(deviceId, false, reason, null, receivedAt);
        }
        return invalid(deviceId, "\"state\" is neither \"online\" nor \"offline\"", receivedAt);
    }

    private static DeviceStatus invalid(String deviceId, String problem, Instant receivedAt) {
        LOG.warn("Invalid status of device " + Printable.quote(deviceId) + " (" + problem
                + "); treating the device as offline");
        return new DeviceStatus(deviceId, false, "invalid status: " + problem, null, receivedAt);
    }

    /**
     * The protocol version if it is a small plain integer. Judged on the literal text: evaluating a
     * hostile number such as {@code 1e999999999} as an int would build a billion-digit integer.
     */
    private static Integer protocolVersion(JsonElement e) {
        if (e == null || !e.isJsonPrimitive() || !e.getAsJsonPrimitive().isNumber()) {
            return null;
        }
        String literal = e.getAsString();
        return PROTOCOL_VERSION.matcher(literal).matches() ? Integer.valueOf(literal) : null;
    }

    private static String string(JsonElement e) {
        return e != null && e.isJsonPrimitive() && e.getAsJsonPrimitive().isString() ? e.getAsString() : null;
    }
}
