package io.dmkit.emulator.thingspro;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A telemetry message the service received (spec §6): the device, its decoded properties in order,
 * the raw payload and when it arrived.
 *
 * <p>A message whose topic could be attributed to a device but not decoded (a malformed property
 * bag, extra topic levels) is recorded too, as <em>invalid</em>: {@link #problem()} says why and
 * {@link #properties()} is empty.
 */
public final class ReceivedMessage {

    private final String deviceId;
    private final String topic;
    private final Map<String, String> properties;
    private final byte[] payload;
    private final Instant receivedAt;
    private final String problem;

    private ReceivedMessage(String deviceId, String topic, Map<String, String> properties, byte[] payload,
            Instant receivedAt, String problem) {
        this.deviceId = Objects.requireNonNull(deviceId, "deviceId");
        this.topic = Objects.requireNonNull(topic, "topic");
        this.properties = Collections.unmodifiableMap(new LinkedHashMap<>(properties));
        this.payload = payload.clone();
        this.receivedAt = Objects.requireNonNull(receivedAt, "receivedAt");
        this.problem = problem;
    }

    /** A message whose topic was decoded. */
    public static ReceivedMessage valid(String deviceId, String topic, Map<String, String> properties, byte[] payload,
            Instant receivedAt) {
        return new ReceivedMessage(deviceId, topic, properties, payload, receivedAt, null);
    }

    /** A message of {@code deviceId} whose topic could not be decoded, for the reason given. */
    public static ReceivedMessage invalid(String deviceId, String topic, byte[] payload, Instant receivedAt,
            String problem) {
        return new ReceivedMessage(deviceId, topic, Map.of(), payload, receivedAt,
                Objects.requireNonNull(problem, "problem"));
    }

    public String deviceId() {
        return deviceId;
    }

    /** The topic the message arrived on. */
    public String topic() {
        return topic;
    }

    /** The decoded properties in the order the device added them; unmodifiable, empty if invalid. */
    public Map<String, String> properties() {
        return properties;
    }

    /** A copy of the payload. */
    public byte[] payload() {
        return payload.clone();
    }

    /** The payload decoded as UTF-8 (malformed bytes become U+FFFD). */
    public String payloadAsString() {
        return new String(payload, StandardCharsets.UTF_8);
    }

    public Instant receivedAt() {
        return receivedAt;
    }

    public boolean isValid() {
        return problem == null;
    }

    /** Why the message is invalid; empty if it is valid. */
    public Optional<String> problem() {
        return Optional.ofNullable(problem);
    }

    @Override
    public String toString() {
        return "ReceivedMessage[" + deviceId + ", " + payload.length + " bytes, properties=" + properties.keySet()
                + (problem == null ? "" : ", invalid: " + problem) + "]";
    }
}
