package io.dmkit.emulator.thingspro;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A device's status as last read from its retained {@code {root}/{id}/status} topic (spec §2).
 *
 * <p>A payload that is not a valid status (not JSON, no known {@code state}) and an empty payload
 * (the retained status was cleared) count as offline; {@link #reason()} then says why.
 */
public final class DeviceStatus {

    private final String deviceId;
    private final boolean online;
    private final String reason;
    private final Integer protocol;
    private final Instant receivedAt;

    public DeviceStatus(String deviceId, boolean online, String reason, Integer protocol, Instant receivedAt) {
        this.deviceId = Objects.requireNonNull(deviceId, "deviceId");
        this.online = online;
        this.reason = reason;
        this.protocol = protocol;
        this.receivedAt = Objects.requireNonNull(receivedAt, "receivedAt");
    }

    public String deviceId() {
        return deviceId;
    }

    public boolean isOnline() {
        return online;
    }

    /** The {@code reason} member of an offline status, or why the payload was not understood. */
    public Optional<String> reason() {
        return Optional.ofNullable(reason);
    }

    /** The {@code protocol} member of an online status. */
    public OptionalInt protocol() {
        return protocol == null ? OptionalInt.empty() : OptionalInt.of(protocol);
    }

    public Instant receivedAt() {
        return receivedAt;
    }

    @Override
    public String toString() {
        return "DeviceStatus[" + deviceId + ", " + (online ? "online" : "offline")
                + (reason == null ? "" : ", reason=" + reason) + ", at " + receivedAt + "]";
    }
}
